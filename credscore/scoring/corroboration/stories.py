"""Stories: articles joined by blocked, cosine-verified TF-IDF pairs (package doc, step 1)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from credscore.scoring.corroboration.unionfind import UnionFind
from credscore.scoring.corroboration.vectors import (
    MAX_POSTINGS,
    WINDOW,
    candidate_pairs,
    compact,
    pair_cosines,
    tfidf,
    top_terms,
)

__all__ = ["NEAR_DUPLICATE", "STORY_THRESHOLD", "TOP_TERMS", "Stories", "find_stories"]

STORY_THRESHOLD = 0.2  # cosine of two articles' word TF-IDF vectors to join them in a story
NEAR_DUPLICATE = 0.8  # cosine above which articles count once when blocking keys are chosen
TOP_TERMS = 12  # blocking keys per article

_STORY_TOKEN = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Stories:
    """Story label per article (numbered by first article), and the verified similar pairs."""

    labels: np.ndarray
    pairs: tuple[np.ndarray, np.ndarray]
    similarity: np.ndarray

    def groups(self) -> list[list[int]]:
        """Article indices of each story, in label order."""
        out: list[list[int]] = [
            [] for _ in range(int(self.labels.max()) + 1 if len(self.labels) else 0)
        ]
        for i, label in enumerate(self.labels):
            out[label].append(i)
        return out


def _story_tokens(text: str) -> list[str]:
    """Lowercase words of three letters or more, stop words dropped."""
    return [w for w in _STORY_TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def _projections(X: sp.csr_matrix, n: int, seed: int = 0) -> list[np.ndarray]:
    """``n`` random projections of the rows: similar rows sort near each other."""
    X = compact(sp.csr_matrix(X))
    rng = np.random.default_rng(seed)
    return [X @ rng.standard_normal(X.shape[1]).astype(np.float32) for _ in range(n)]


def _blocking_keys(X: sp.csr_matrix, k: int, groups: np.ndarray | None = None) -> sp.csr_matrix:
    """Each row's ``k`` highest-weighted terms among those another row (group) also has.

    A term of one article alone can pair nothing, and in a small batch it would crowd out the
    shared ones (its IDF is the highest). With ``groups`` (a label per row, e.g. clusters of
    near-duplicates), a term must occur in two groups: what a copy shares with its original
    alone says nothing about the story.
    """
    X = sp.csr_matrix(X, copy=True)
    if groups is None:
        df = np.bincount(X.indices, minlength=X.shape[1])
    else:
        owner = np.asarray(groups)[np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))]
        ones = np.ones(len(owner), dtype=np.float32)
        held = sp.csr_matrix((ones, (owner, X.indices)), shape=(int(owner.max()) + 1, X.shape[1]))
        df = np.bincount(held.indices, minlength=X.shape[1])
    X.data[df[X.indices] < 2] = 0.0
    return top_terms(X, k)


def find_stories(
    texts: Sequence[str],
    *,
    threshold: float = STORY_THRESHOLD,
    top_k: int = TOP_TERMS,
    max_postings: int = MAX_POSTINGS,
    window: int = WINDOW,
) -> Stories:
    """Group texts into stories: blocked candidate pairs, cosine-verified, connected components.

    Examples
    --------
    >>> found = find_stories([
    ...     "Freighter delivered rockets to the port of Vostochny, officials said.",
    ...     "Port director denies freighter delivered rockets to Vostochny.",
    ...     "Rail fares rise four percent in April across the Lakeshore network.",
    ... ])
    >>> found.labels.tolist()
    [0, 0, 1]
    """
    n = len(texts)
    if n == 0:
        return Stories(np.zeros(0, int), (np.zeros(0, int), np.zeros(0, int)), np.zeros(0))
    X = tfidf(texts, analyzer=_story_tokens)
    orders = _projections(X, 2)

    def candidates(keys: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        return candidate_pairs(
            keys, max_postings=max_postings, window=window, orders=orders, min_shared=min(2, top_k)
        )

    i, j = candidates(_blocking_keys(X, top_k))
    similarity = pair_cosines(X, i, j)
    near = similarity >= NEAR_DUPLICATE
    if near.any():  # block again with near-duplicates counted once
        copies = UnionFind(n)
        for a, b in zip(i[near].tolist(), j[near].tolist(), strict=True):
            copies.union(a, b)
        i2, j2 = candidates(_blocking_keys(X, top_k, copies.labels()))
        seen = i * n + j  # sorted: candidate_pairs returns unique sorted pairs
        fresh = np.setdiff1d(i2 * n + j2, seen)
        codes = np.concatenate([seen, fresh])
        i, j = codes // n, codes % n
        similarity = np.concatenate([similarity, pair_cosines(X, fresh // n, fresh % n)])
    keep = similarity >= threshold
    i, j, similarity = i[keep], j[keep], similarity[keep]
    uf = UnionFind(n)
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        uf.union(a, b)
    return Stories(uf.labels(), (i, j), similarity)
