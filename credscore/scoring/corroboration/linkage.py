"""Clustering a story's sources from pair probabilities: average link or single link.

:func:`cluster` takes ``n`` entities, the scored pairs ``(i, j)`` and each pair's probability of
being one source, and gives each entity a cluster label (the lowest entity index of its cluster).
Average link merges two clusters, best first, while the mean probability over their scored pairs
is at least the threshold; single link joins every pair at or above it. Which one, and at what
threshold, is chosen by grouped cross-validation on training stories
(:mod:`credscore.training.coreference_design`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from credscore.scoring.corroboration.unionfind import UnionFind

__all__ = ["LINKAGES", "average_link", "cluster", "single_link"]

LINKAGES = ("average", "single")


def average_link(
    n: int, pairs: Sequence[tuple[int, int]], proba: np.ndarray, threshold: float
) -> list[int]:
    """Average-link clusters: merge, best first, while the mean over scored pairs >= threshold.

    >>> average_link(3, [(0, 1), (0, 2), (1, 2)], np.array([0.9, 0.6, 0.2]), 0.5)
    [0, 0, 2]
    """
    total = np.zeros((n, n))
    count = np.zeros((n, n))
    for (i, j), p in zip(pairs, np.asarray(proba, dtype=np.float64).tolist(), strict=True):
        total[i, j] = total[j, i] = p
        count[i, j] = count[j, i] = 1.0
    active = np.ones(n, dtype=bool)
    label = list(range(n))
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    while active.sum() > 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            link = np.where(count > 0, total / np.maximum(count, 1.0), -1.0)
        link[~(upper & active[:, None] & active[None, :])] = -1.0
        a, b = np.unravel_index(int(np.argmax(link)), link.shape)
        if link[a, b] < threshold:
            break
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        count[a, :] += count[b, :]
        count[:, a] += count[:, b]
        total[a, a] = count[a, a] = 0.0
        active[b] = False
        for x in range(n):
            if label[x] == b:
                label[x] = int(a)
    return label


def single_link(
    n: int, pairs: Sequence[tuple[int, int]], proba: np.ndarray, threshold: float
) -> list[int]:
    """Single-link clusters: every pair at or above ``threshold`` is joined.

    >>> single_link(3, [(0, 1), (0, 2), (1, 2)], np.array([0.9, 0.2, 0.8]), 0.5)
    [0, 0, 0]
    """
    sets = UnionFind(n)
    for (i, j), p in zip(pairs, np.asarray(proba, dtype=np.float64).tolist(), strict=True):
        if p >= threshold:
            sets.union(i, j)
    lowest: dict[int, int] = {}
    for x in range(n):
        lowest.setdefault(sets.find(x), x)
    return [lowest[sets.find(x)] for x in range(n)]


def cluster(
    n: int,
    pairs: Sequence[tuple[int, int]],
    proba: np.ndarray,
    threshold: float,
    linkage: str = "average",
) -> list[int]:
    """Each entity's cluster label under ``linkage`` ("average" or "single") at ``threshold``."""
    if linkage == "average":
        return average_link(n, pairs, proba, threshold)
    if linkage == "single":
        return single_link(n, pairs, proba, threshold)
    raise ValueError(f"unknown linkage {linkage!r}: use one of {', '.join(LINKAGES)}")
