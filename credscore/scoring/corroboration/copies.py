"""Copy families within stories: shingles, paragraphs, quotes and wire (package doc, step 2)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import combinations

import numpy as np

from credscore.scoring.corroboration.stories import Stories
from credscore.scoring.corroboration.unionfind import UnionFind
from credscore.text import Article

__all__ = ["COPY_CONTAINMENT", "WIRE_CONTAINMENT", "Copies", "article_body", "find_copies"]

COPY_CONTAINMENT = 0.8  # shingle containment that makes a copy on its own
WIRE_CONTAINMENT = 0.4  # ... when both articles credit the same wire service

_SHINGLE = 5
_SMALL_STORY = 64  # stories up to this size compare all their pairs for copies


@dataclass(frozen=True)
class Copies:
    """Copy families: ``root[i]`` is the original article ``i`` copies (itself for originals)."""

    root: np.ndarray
    similarity: np.ndarray  # containment of a copy against its original (1.0 for originals)
    wire: tuple[str | None, ...]  # the article's wire credit, else its family's


@dataclass(frozen=True, slots=True)
class _Print:
    """What copy detection compares: shingles, paragraphs and quotes of one article."""

    shingles: frozenset[int]
    paragraphs: frozenset[tuple[str, ...]]
    quotes: frozenset[tuple[str, ...]]


def article_body(article: Article) -> str:
    """The article's sentences joined by spaces (no headline)."""
    return " ".join(article.text[s.start : s.end] for s in article.sentences)


def _norm_words(text: str) -> tuple[str, ...]:
    """The lowercase runs of word characters in ``text``."""
    return tuple(re.findall(r"\w+", text.lower()))


def _fingerprint(article: Article) -> _Print:
    """Word 5-gram shingles, paragraphs of 8+ words and quotes of 5+ words of an article."""
    words = _norm_words(article_body(article))
    shingles = frozenset(hash(words[k : k + _SHINGLE]) for k in range(len(words) - _SHINGLE + 1))
    paras = (_norm_words(article.text[s:e]) for s, e in article.paragraphs)
    quotes = (_norm_words(article.text[s:e]) for s, e in article.quotes)
    return _Print(
        shingles or frozenset({hash(words)}),
        frozenset(p for p in paras if len(p) >= 8),
        frozenset(q for q in quotes if len(q) >= 5),
    )


def _containment(a: _Print, b: _Print) -> float:
    """Shared shingles over the smaller shingle set."""
    return len(a.shingles & b.shingles) / max(1, min(len(a.shingles), len(b.shingles)))


def _copy_similarity(a: _Print, b: _Print, wire_a: str | None, wire_b: str | None) -> float:
    """Shingle containment of the shorter in the longer when the two are copies, else 0."""
    containment = _containment(a, b)
    same_wire = wire_a is not None and wire_a == wire_b
    paragraphs = len(a.paragraphs & b.paragraphs)
    quotes = len(a.quotes & b.quotes)
    is_copy = (
        containment >= COPY_CONTAINMENT
        or (same_wire and (containment >= WIRE_CONTAINMENT or paragraphs >= 2 or quotes >= 2))
        or (paragraphs >= 3 and containment >= 0.5)
    )
    return containment if is_copy else 0.0


def _published_key(article: Article, index: int) -> tuple[int, float, int]:
    """Sort key: articles with a parseable ``published`` first, oldest first; then input order."""
    if article.published:
        try:
            when = datetime.fromisoformat(article.published.strip().replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            return (0, when.timestamp(), index)
    return (1, 0.0, index)


def _copy_candidates(stories: Stories) -> Iterable[tuple[int, int]]:
    """All pairs within a small story; the verified story pairs within a large one."""
    groups = stories.groups()
    large = {label for label, g in enumerate(groups) if len(g) > _SMALL_STORY}
    for label, members in enumerate(groups):
        if label not in large:
            yield from combinations(members, 2)
    if large:
        i, j = stories.pairs
        for a, b in zip(i.tolist(), j.tolist(), strict=True):
            if stories.labels[a] in large:
                yield (a, b)


def find_copies(articles: Sequence[Article], stories: Stories) -> Copies:
    """Copy families within each story (package doc, step 2)."""
    n = len(articles)
    uf = UnionFind(n)
    prints: dict[int, _Print] = {}

    def fingerprint(k: int) -> _Print:
        if k not in prints:
            prints[k] = _fingerprint(articles[k])
        return prints[k]

    sims: dict[tuple[int, int], float] = {}
    for pair in _copy_candidates(stories):
        a, b = pair
        s = _copy_similarity(fingerprint(a), fingerprint(b), articles[a].wire, articles[b].wire)
        if s > 0:
            sims[pair] = s
            uf.union(a, b)
    root = np.arange(n)
    similarity = np.ones(n)
    families: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        families[uf.find(k)].append(k)
    wire: list[str | None] = [a.wire for a in articles]
    for members in families.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda k: _published_key(articles[k], k))
        family_wire = next(
            (articles[k].wire for k in [original, *members] if articles[k].wire), None
        )
        for k in members:
            root[k] = original
            wire[k] = wire[k] or family_wire
            if k != original:
                pair = (min(k, original), max(k, original))
                similarity[k] = (
                    sims.get(pair)
                    or _copy_similarity(
                        fingerprint(k), fingerprint(original), articles[k].wire, wire[original]
                    )
                    or _containment(fingerprint(k), fingerprint(original))
                )
    return Copies(root, similarity, tuple(wire))
