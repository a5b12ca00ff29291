"""Claim groups of a story: claim similarity and average-link clustering (package doc, step 3)."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from credscore.scoring.corroboration.origins import Origin
from credscore.scoring.corroboration.terms import Terms
from credscore.scoring.corroboration.unionfind import UnionFind
from credscore.scoring.corroboration.vectors import (
    MAX_POSTINGS,
    WINDOW,
    candidate_pairs,
    compact,
    pair_cosines,
    tfidf,
)
from credscore.scoring.report import ArticleReport, Claim

__all__ = [
    "CLAIM_THRESHOLD",
    "MAX_RELATED",
    "RELATED_THRESHOLD",
    "SIMILARITY_WEIGHTS",
    "ClaimGroup",
    "ClaimRecord",
    "claim_similarity",
    "clean_text",
    "match_claims",
    "match_text",
]

CLAIM_THRESHOLD = 0.45  # claim similarity to put two claims in one group
RELATED_THRESHOLD = 0.3  # claim similarity to count a claim as evidence about a group
MAX_RELATED = 3  # related claims taken as evidence per article and group
SIMILARITY_WEIGHTS = {"terms": 0.30, "word": 0.25, "char": 0.20, "entities": 0.15, "speaker": 0.10}

_MAX_LINKS = 4096  # cross pairs averaged exactly; larger merges average a fixed sample
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim of a story, ready for matching."""

    article: int  # index into the batch
    position: int  # index of the claim in its report
    family: int  # index of its copy family's original
    claim: Claim
    text: str  # the claim without tags, for stance
    match: str  # ... also without its source and cue, for matching
    terms: Terms
    origin: Origin


@dataclass
class ClaimGroup:
    """A cluster of claims, its representative and the evidence each article holds about it."""

    members: list[int]  # rec indices
    rep: int  # rec index of the member nearest the centroid
    evidence: dict[int, dict[int, float]] = field(  # article -> rec -> score (members 1.0)
        default_factory=lambda: defaultdict(dict)
    )


@dataclass(frozen=True)
class _Vectors:
    """What claim similarity reads, one row per claim."""

    terms: sp.csr_matrix  # binary content terms
    entities: sp.csr_matrix  # binary names and numbers
    word: sp.csr_matrix  # word TF-IDF
    char: sp.csr_matrix  # character 3-5-gram TF-IDF
    negated: np.ndarray


def clean_text(text: str) -> str:
    """``text`` without tags or entities, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def match_text(claim: Claim, report: ArticleReport) -> str:
    """The claim's text without its source span (what is said, not who says it).

    The cue stays: reporting verbs are stop words anyway, and a cue such as "denied" carries
    the claim's polarity.
    """
    if claim.attribution is None:
        return clean_text(claim.text)
    source = report.attributions[claim.attribution].source
    if source is None or not (claim.start <= source.start and source.end <= claim.end):
        return clean_text(claim.text)
    before = claim.text[: source.start - claim.start]
    after = claim.text[source.end - claim.start :]
    return clean_text(f"{before} {after}")


def _vectors(terms: Sequence[Terms], match_texts: Sequence[str]) -> _Vectors:
    """The term, entity, word and character rows of claims."""
    vocab: dict[str, int] = {}
    rows, cols, erows, ecols = [], [], [], []
    for r, t in enumerate(terms):
        for term in set(t.terms):
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
        for e in t.entities:
            erows.append(r)
            ecols.append(vocab.setdefault("\x00" + e, len(vocab)))
    shape = (len(terms), max(1, len(vocab)))
    return _Vectors(
        terms=sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape),
        entities=sp.csr_matrix((np.ones(len(erows)), (erows, ecols)), shape=shape),
        word=tfidf([" ".join(t.terms) for t in terms], analyzer=str.split),
        char=tfidf([m.lower() for m in match_texts], analyzer="char_wb", ngram_range=(3, 5)),
        negated=np.array([t.negated for t in terms], dtype=bool),
    )


def _similarity(
    v: _Vectors, speakers: Sequence[str | None], i: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, grouping similarity) of the pairs ``(i[k], j[k])``."""
    shared = pair_cosines(v.terms, i, j)
    sizes = np.asarray(v.terms.sum(axis=1)).ravel()
    overlap = 0.5 * (
        shared / np.sqrt(np.maximum(sizes[i] * sizes[j], 1.0))
        + shared / np.maximum(np.minimum(sizes[i], sizes[j]), 1.0)
    )
    eshared = pair_cosines(v.entities, i, j)
    esizes = np.asarray(v.entities.sum(axis=1)).ravel()
    union = esizes[i] + esizes[j] - eshared
    entities = np.where(union > 0, eshared / np.maximum(union, 1.0), 0.0)
    speaker = np.array(
        [speakers[a] is not None and speakers[a] == speakers[b] for a, b in zip(i, j, strict=True)],
        dtype=np.float64,
    )
    w = SIMILARITY_WEIGHTS
    similarity = (
        w["terms"] * overlap
        + w["word"] * pair_cosines(v.word, i, j)
        + w["char"] * pair_cosines(v.char, i, j)
        + w["entities"] * entities
        + w["speaker"] * speaker
    )
    enough = (shared > 0) & (shared >= np.minimum(2, np.minimum(sizes[i], sizes[j])))
    similarity = np.where(enough, similarity, 0.0)
    return similarity, np.where(v.negated[i] != v.negated[j], 0.0, similarity)


def claim_similarity(
    terms: Sequence[Terms],
    match_texts: Sequence[str],
    speakers: Sequence[str | None],
    i: np.ndarray,
    j: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, grouping similarity) of claim pairs ``(i[k], j[k])`` (package doc, step 3).

    ``terms`` are :func:`claim_terms` of the claims, ``match_texts`` their texts, ``speakers``
    a key per claim for its named source (None when it has none). IDFs come from the claims
    given, so compare the claims of a story together. The grouping similarity is 0 when exactly
    one of the two claims is negated or refuted (a claim and its denial are never one group).
    """
    return _similarity(_vectors(terms, match_texts), speakers, i, j)


def _average_link(
    a: list[int], b: list[int], weight: np.ndarray, pair: dict[tuple[int, int], float]
) -> float:
    """Weighted mean grouping similarity over the cross pairs of two groups (uncompared: 0)."""
    if len(a) * len(b) <= _MAX_LINKS:
        links = [(x, y) for x in a for y in b]
    else:
        rng = np.random.default_rng(len(a) * 7919 + len(b))
        picks = (rng.choice(a, _MAX_LINKS).tolist(), rng.choice(b, _MAX_LINKS).tolist())
        links = list(zip(*picks, strict=True))
    total = sum(weight[x] * weight[y] for x, y in links)
    linked = sum(weight[x] * weight[y] * pair.get((min(x, y), max(x, y)), 0.0) for x, y in links)
    return linked / total


def _cluster(
    n: int, weight: np.ndarray, i: np.ndarray, j: np.ndarray, grouping: np.ndarray
) -> list[list[int]]:
    """Merge best pair first while the groups' weighted average link stays related."""
    uf = UnionFind(n)
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    pair = dict(zip(zip(i.tolist(), j.tolist(), strict=True), grouping.tolist(), strict=True))
    order = np.lexsort((j, i, -grouping))
    for k in order[grouping[order] >= CLAIM_THRESHOLD].tolist():
        ra, rb = uf.find(int(i[k])), uf.find(int(j[k]))
        if ra == rb:
            continue
        if _average_link(members[ra], members[rb], weight, pair) < RELATED_THRESHOLD:
            continue
        root = uf.union(ra, rb)
        other = rb if root == ra else ra
        members[root] = members[root] + members.pop(other)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _central(members: Sequence[int], weight: np.ndarray, v: _Vectors) -> int:
    """The member nearest the group's weighted centroid (word + character TF-IDF)."""
    if len(members) == 1:
        return members[0]
    w = weight[members]
    score = np.zeros(len(members))
    for X in (v.word[members], v.char[members]):
        X = compact(X)
        score += X @ np.asarray(X.T @ w).ravel()
    return members[int(np.argmax(score))]


def _add_related(
    groups: list[ClaimGroup],
    recs: Sequence[ClaimRecord],
    carriers: list[list[int]],
    clusters: list[list[int]],
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Add each related claim of another group to a group's evidence, ``MAX_RELATED`` at most."""
    label = np.empty(len(carriers), dtype=np.int64)
    for n, members in enumerate(clusters):
        label[members] = n
    i, j, similarity = pairs
    related = similarity >= RELATED_THRESHOLD
    for a, b, s in zip(
        i[related].tolist(), j[related].tolist(), similarity[related].tolist(), strict=True
    ):
        if label[a] != label[b]:
            for g, other in ((label[a], b), (label[b], a)):
                for k in carriers[other]:
                    ev = groups[g].evidence[recs[k].article]
                    ev[k] = max(ev.get(k, 0.0), s)
    for g in groups:
        members_set = set(g.members)
        for ev in g.evidence.values():
            extra = sorted((k for k in ev if k not in members_set), key=lambda k: (-ev[k], k))
            for k in extra[MAX_RELATED:]:
                del ev[k]


def match_claims(recs: Sequence[ClaimRecord]) -> list[ClaimGroup]:
    """Claim groups of a story (all clusters, singletons included) with their evidence.

    Identical claim texts (copies) are matched once: clusters form over the unique texts, an
    average link weighing each text by how many claims carry it.
    """
    index: dict[str, int] = {}
    unique = [index.setdefault(r.match, len(index)) for r in recs]
    carriers: list[list[int]] = [[] for _ in index]
    for k, u in enumerate(unique):
        carriers[u].append(k)
    first = [c[0] for c in carriers]
    weight = np.array([len(c) for c in carriers], dtype=np.float64)
    v = _vectors([recs[k].terms for k in first], [recs[k].match for k in first])
    speakers = [recs[k].origin.key if recs[k].origin.speaker else None for k in first]
    i, j = candidate_pairs(v.terms, max_postings=4 * MAX_POSTINGS, window=2 * WINDOW)
    similarity, grouping = _similarity(v, speakers, i, j)
    clusters = _cluster(len(first), weight, i, j, grouping)
    groups = []
    for members in clusters:
        rec_members = sorted(k for u in members for k in carriers[u])
        g = ClaimGroup(rec_members, rep=first[_central(members, weight, v)])
        for k in rec_members:
            g.evidence[recs[k].article][k] = 1.0
        groups.append(g)
    _add_related(groups, recs, carriers, clusters, (i, j, similarity))
    return groups
