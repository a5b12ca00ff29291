"""Page furniture in scraped text: which lines are not the article, and why.

A learned line classifier (a logistic-regression pass, then boosted trees, trained by
:mod:`credscore.training.pages` on real pages; weights in ``models/furniture.npz``) gives each
line its probability of being furniture: menus, related headlines, captions, prompts, comments,
legal lines. The first pass reads the line, its neighbours' shapes and where it sits on the page;
the second also reads the first pass's verdicts on the lines around it, since an article is one
run of prose. Scoring is plain numpy, so parsing needs no scikit-learn.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from credscore import clean
from credscore.boosted_trees import BoostedTrees
from credscore.lexicons import load_lexicon

__all__ = [
    "LineModel",
    "LinearPass",
    "above_headline_reason",
    "best_block",
    "context_features",
    "furniture_proba",
    "hashed_tokens",
    "is_page",
    "line_features",
    "line_model",
    "line_reasons",
    "rule_reasons",
]

#: hash buckets for the words of a line
N_HASH = 2**14
#: lines either side whose shapes a line's features include
NEIGHBOURS = (-2, -1, 1, 2)
#: a line of at least this many words ending a sentence is "long": the stuff articles are made of
LONG_WORDS = 20
#: rule reasons that mark where an article has ended (what follows is seldom article)
_END_REASONS = frozenset(
    "related comment_prompt comment_policy share_prompt follow_prompt subscribe_prompt footer"
    " copyright references".split()
)
#: half-widths of the windows over which the second pass averages the first pass's verdicts
CONTEXT_WINDOWS = (1, 3, 10)

_WORD = re.compile(r"[^\W_]+")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b|\b\d{1,2}:\d{2}\b",
    re.I,
)
_LINK = re.compile(r"https?://|www\.|\.(?:com|org|net|de|co\.uk)\b|@\w|#\w|©")
_SEPARATORS = re.compile(r"[|›»>/•·]")


@cache
def _function_words() -> frozenset[str]:
    return frozenset(load_lexicon("function_words"))


@cache
def _reasons() -> tuple[str, ...]:
    """The reasons of the boilerplate rules, in a fixed order (one feature each)."""
    return tuple(sorted({entry.split("\t", 1)[0] for entry in load_lexicon("boilerplate")}))


_DIGIT = re.compile(r"\d")


#: words whose bucket is kept: crc32 is cheap, so a small cache of the frequent words does (a
#: full cache of 2**18 words held 51 MB, a sixth of the streaming memory budget)
_BUCKET_CACHE = 2**14


@lru_cache(maxsize=_BUCKET_CACHE)
def _bucket(key: str) -> int:
    """The hash bucket of a word (crc32: the same in every process and on every platform)."""
    return zlib.crc32(key.encode()) % N_HASH


#: dates and links are looked for in the first this many characters of a line
SHAPE_PREFIX = 300


def _shape(line: str) -> list[float]:
    """What a line looks like on its own: size, punctuation, case, digits, dates, links."""
    words = _WORD.findall(line)
    head = line[:SHAPE_PREFIX]
    n = len(words)
    function = sum(map(_function_words().__contains__, _WORD.findall(line.lower()))) / max(1, n)
    return [
        np.log1p(len(line)),
        np.log1p(n),
        float(bool(_TERMINAL.search(line, max(0, len(line) - 8)))),
        float(line.endswith(":")),
        line.count(",") / max(1, n),
        sum(map(str.isupper, [w[0] for w in words])) / max(1, n),
        float(line.isupper()),
        float(line[:1].islower()),
        len(_DIGIT.findall(line)) / max(1, len(line)),
        float(bool(_DATE.search(head))),
        float(bool(_LINK.search(head))),
        len(_SEPARATORS.findall(line)) / max(1, n),
        function,
        min(n, 30) * function / 30,
    ]


N_SHAPE = len(_shape(""))


def line_features(
    lines: Sequence[str], rules: Sequence[str | None] | None = None
) -> np.ndarray:
    """Dense features of each line: its shape, the boilerplate rule it matches, where it sits
    on the page relative to the runs of prose and to the last line above that marks an
    article's end (related links, prompts, footer), and its neighbours' shapes."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, N_SHAPE * (1 + len(NEIGHBOURS)) + len(_reasons()) + 10))
    shapes = np.array([_shape(line) for line in lines])
    long_ = np.array([len(_WORD.findall(line)) >= LONG_WORDS for line in lines]) & (
        shapes[:, 2] > 0
    )
    prose = np.flatnonzero(long_)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    reasons = _reasons()
    rules = [clean.boilerplate_reason(line) for line in lines] if rules is None else rules
    padded = np.vstack([np.zeros((2, N_SHAPE)), shapes, np.zeros((2, N_SHAPE))])
    index = np.arange(n)
    near = np.abs(prose[None, :] - index[:, None]).min(axis=1) if len(prose) else np.full(n, n)
    cumulative = np.concatenate([[0], np.cumsum(long_)])
    window = (cumulative[np.minimum(n, index + 6)] - cumulative[np.maximum(0, index - 5)]) / (
        np.minimum(n, index + 6) - np.maximum(0, index - 5)
    )
    rule = np.array([[r == reason for r in reasons] for reason in rules], dtype=float)
    ends = np.array([r in _END_REASONS for r in rules])
    last_end = np.maximum.accumulate(np.where(ends, index, -1))
    since_end = np.where(last_end >= 0, index - last_end, n + 1)
    prose_since_end = cumulative[index] - cumulative[np.maximum(0, last_end)]
    place = np.column_stack(
        [
            index / max(1, n - 1),
            index < 3,
            [counts[line] > 1 for line in lines],
            window,
            np.log1p(near),
            (index < prose[0]) if len(prose) else np.zeros(n),
            (index > prose[-1]) if len(prose) else np.zeros(n),
            np.log1p(since_end),
            (last_end >= 0) & (prose_since_end == 0),
            (last_end > prose[0]) if len(prose) else np.zeros(n),
        ]
    ).astype(float)
    neighbours = [padded[index + 2 + k] for k in NEIGHBOURS]
    return np.hstack([shapes, rule, place, *neighbours])


def hashed_tokens(lines: Sequence[str]) -> list[np.ndarray]:
    """The hash buckets of each line's lowercased words and of its first word (a stable hash,
    the same in every process and on every platform)."""
    out = []
    for line in lines:
        words = _WORD.findall(line.lower())
        keys = {*words, *(f"^{w}" for w in words[:1])}
        out.append(np.array(sorted({_bucket(k) for k in keys}), dtype=np.int64))
    return out


def best_block(score: np.ndarray) -> tuple[int, int]:
    """The run of lines ``[start, end)`` with the largest sum of ``score`` (Kadane): where the
    article sits when article lines score above zero and furniture below.

    >>> best_block(np.array([-1.0, 2.0, -0.5, 1.0, -3.0, 1.0]))
    (1, 4)
    """
    best, best_span, total, start = -np.inf, (0, 0), 0.0, 0
    for i, s in enumerate(score):
        if total <= 0:
            total, start = 0.0, i
        total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _content_words(line: str) -> set[str]:
    return {w for w in _WORD.findall(line.lower()) if len(w) > 2} - _function_words()


def _block_features(proba: np.ndarray, lines: Sequence[str], weight: np.ndarray) -> np.ndarray:
    """Whether each line lies in the page's best article block (the run of lines with the
    largest sum of ``weight * (0.5 - proba)``), how far from it, and how much of its vocabulary
    the block's other article-like lines share."""
    n = len(proba)
    start, end = best_block(weight * (0.5 - proba))
    index = np.arange(n)
    inside = (index >= start) & (index < end)
    distance = np.where(index < start, start - index, np.where(index >= end, index - end + 1, 0))
    words = [_content_words(line) for line in lines]
    counts: dict[str, int] = {}
    for i in range(start, end):
        if proba[i] < 0.5:
            for w in words[i]:
                counts[w] = counts.get(w, 0) + 1
    own = (index >= start) & (index < end) & (proba < 0.5)
    shared = np.array(
        [
            sum(counts.get(w, 0) - int(own[i]) > 0 for w in words[i]) / len(words[i])
            if words[i]
            else 0.0
            for i in range(n)
        ]
    )
    return np.column_stack([inside, np.log1p(distance), shared]).astype(float)


def context_features(proba: np.ndarray, lines: Sequence[str]) -> np.ndarray:
    """A line's first-pass probability, its mean over windows of lines around it and over the
    page, and where it sits relative to the page's best article block (by lines and by words)."""
    n = len(proba)
    if n == 0:
        return np.zeros((0, 2 + len(CONTEXT_WINDOWS) + 6))
    cumulative = np.concatenate([[0.0], np.cumsum(proba)])
    index = np.arange(n)
    columns = [proba]
    for half in CONTEXT_WINDOWS:
        lo, hi = np.maximum(0, index - half), np.minimum(n, index + half + 1)
        columns.append((cumulative[hi] - cumulative[lo]) / (hi - lo))
    columns.append(np.full(n, proba.mean()))
    n_words = np.log1p([len(_WORD.findall(line)) for line in lines])
    blocks = [_block_features(proba, lines, w) for w in (np.ones(n), n_words)]
    return np.column_stack([*columns, *blocks])


@dataclass(frozen=True)
class LinearPass:
    """A logistic regression over standardised dense features and hashed words."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    hash_coef: np.ndarray
    intercept: float

    def proba(self, dense: np.ndarray, tokens: Sequence[np.ndarray]) -> np.ndarray:
        """P(furniture) of each row."""
        z = ((dense - self.mean) / self.scale) @ self.coef + self.intercept
        z += np.array([self.hash_coef[t].sum() for t in tokens])
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class LineModel:
    """The two passes of the line classifier and the cut above which a line is furniture. The
    second pass is boosted trees (a line's own shape weighs differently after the article has
    ended than inside it, which a linear pass cannot say); older models had a linear one."""

    first: LinearPass
    second: LinearPass | BoostedTrees
    threshold: float

    def proba(
        self, lines: Sequence[str], rules: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """P(furniture) of each line of one page, in order (``rules``: each line's boilerplate
        rule reason, when already known)."""
        if not lines:
            return np.zeros(0)
        dense, tokens = line_features(lines, rules), hashed_tokens(lines)
        first = self.first.proba(dense, tokens)
        return self.second.proba(np.hstack([dense, context_features(first, lines)]), tokens)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The model as named arrays, for ``np.savez``."""
        out = {"threshold": np.array(self.threshold), **_linear_arrays(self.first, "first")}
        if isinstance(self.second, BoostedTrees):
            return {**out, **self.second.to_arrays("second")}
        return {**out, **_linear_arrays(self.second, "second")}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> LineModel:
        """The inverse of :meth:`to_arrays`."""
        second = (
            BoostedTrees.from_arrays(arrays, "second")
            if "second_roots" in arrays
            else _linear_pass(arrays, "second")
        )
        return cls(_linear_pass(arrays, "first"), second, float(arrays["threshold"]))


def _linear_arrays(part: LinearPass, name: str) -> dict[str, np.ndarray]:
    fields = ("mean", "scale", "coef", "hash_coef")
    out = {f"{name}_{field}": getattr(part, field) for field in fields}
    out[f"{name}_intercept"] = np.array(part.intercept)
    return out


def _linear_pass(arrays: dict[str, np.ndarray], name: str) -> LinearPass:
    return LinearPass(
        mean=arrays[f"{name}_mean"],
        scale=arrays[f"{name}_scale"],
        coef=arrays[f"{name}_coef"],
        hash_coef=arrays[f"{name}_hash_coef"],
        intercept=float(arrays[f"{name}_intercept"]),
    )


@cache
def line_model() -> LineModel:
    """The shipped line classifier (``credscore/models/furniture.npz``)."""
    path = resources.files("credscore.models") / "furniture.npz"
    with path.open("rb") as f, np.load(f, allow_pickle=False) as arrays:
        return LineModel.from_arrays({k: arrays[k] for k in arrays.files})


def furniture_proba(lines: Sequence[str], model: LineModel | None = None) -> np.ndarray:
    """P(furniture) of each line of one page (the shipped model unless ``model`` is given)."""
    return (model or line_model()).proba(lines)


#: a page has menus: at least this many fragments (lines of at most FRAGMENT_WORDS words that
#: end no sentence). Real pages have 27 or more (5th percentile of the training pages); clean
#: articles rarely any (95th percentile: 2 in FNC-1's bodies, 1 in PolNeAR's texts). Only a
#: page is read by the classifier, which learnt from pages and reads a pasted article's lines
#: as a page's stray ones.
PAGE_FRAGMENTS = 5
FRAGMENT_WORDS = 4
#: rule reasons that head a list whose items share the reason ("Related:", "Key points")
_LIST_HEADINGS = frozenset({"related", "summary"})
#: a line the model drops with no rule to name why: the reason its shape suggests
_SHORT_WORDS = 2


def _shape_reason(line: str) -> str:
    """Why the model drops a line no rule names: a date, a menu item, a linked headline, or
    just furniture."""
    words = _WORD.findall(line)
    if _DATE.search(line) and len(words) <= 8:
        return "timestamp"
    if len(words) <= _SHORT_WORDS:
        return "navigation"
    if clean.is_list_item(line):
        return "related"
    return "furniture"


def is_page(lines: Sequence[str]) -> bool:
    """Whether a text's lines are a scraped page's (it has menus) rather than an article's.

    >>> is_page(["Home", "World", "Sport", "Weather", "Sign in", "The council met on Monday."])
    True
    >>> is_page(["Budget passes", "The council passed the budget on Monday."])
    False
    """
    fragments = 0
    for line in lines:
        if len(line.split()) <= FRAGMENT_WORDS and not _TERMINAL.search(line):
            fragments += 1
            if fragments >= PAGE_FRAGMENTS:
                return True
    return False


def above_headline_reason(line: str) -> str:
    """Why a line above the article's headline is furniture: a menu item, or the masthead."""
    return "navigation" if len(_WORD.findall(line)) <= _SHORT_WORDS else "masthead"


def rule_reasons(lines: Sequence[str]) -> list[str | None]:
    """The boilerplate rule's reason for each line of a page, or None; the items of a list
    under a "Related" or "Key points" heading take the heading's reason.

    >>> rule_reasons(["Related stories", "Fire chief warns of gaps", "The council met."])
    ['related', 'related', None]
    """
    reasons: list[str | None] = []
    after = None
    for line in lines:
        reason = clean.boilerplate_reason(line)
        if reason is None and after in _LIST_HEADINGS and clean.is_list_item(line):
            reason = after
        reasons.append(reason)
        after = reason
    return reasons


def line_reasons(
    lines: Sequence[str],
    model: LineModel | None = None,
    *,
    rules: Sequence[str | None] | None = None,
    learned: bool = True,
) -> list[str | None]:
    """Why each line of a text is furniture (a boilerplate rule's reason, else, when
    ``learned`` and the text :func:`is_page`, the line classifier's call), or None for the
    article's lines. ``rules``: the lines' :func:`rule_reasons`, when already known.

    >>> line_reasons(["Subscribe to our newsletter", "The council passed the budget on Monday."])
    ['subscribe_prompt', None]
    """
    rules = rule_reasons(lines) if rules is None else list(rules)
    if not learned or not is_page(lines):
        return rules
    model = model or line_model()
    proba = model.proba(lines, rules)
    return [
        rule or (_shape_reason(line) if p >= model.threshold else None)
        for line, rule, p in zip(lines, rules, proba, strict=True)
    ]
