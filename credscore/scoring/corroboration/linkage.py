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
    n: int,
    pairs: Sequence[tuple[int, int]],
    proba: np.ndarray,
    threshold: float,
    conflicts: np.ndarray | None = None,
) -> list[int]:
    """Single-link clusters: every pair at or above ``threshold`` is joined, best first, unless
    the join would put a conflicting pair (``conflicts[k]`` true for ``pairs[k]``: two sources
    named apart) in one cluster, so a chain of likely pairs cannot join "Guardian" to "Yonhap".

    >>> single_link(3, [(0, 1), (0, 2), (1, 2)], np.array([0.9, 0.2, 0.8]), 0.5)
    [0, 0, 0]
    >>> single_link(3, [(0, 1), (0, 2), (1, 2)], np.array([0.9, 0.0, 0.8]), 0.5,
    ...             np.array([False, True, False]))
    [0, 0, 2]
    """
    proba = np.asarray(proba, dtype=np.float64)
    blocked = np.zeros(len(pairs), dtype=bool) if conflicts is None else np.asarray(conflicts)
    sets = UnionFind(n)
    members = {x: {x} for x in range(n)}
    apart: dict[int, set[int]] = {x: set() for x in range(n)}
    for (i, j), no in zip(pairs, blocked.tolist(), strict=True):
        if no:
            apart[i].add(j)
            apart[j].add(i)
    for k in np.argsort(-proba, kind="stable").tolist():
        if proba[k] < threshold:
            break
        a, b = sets.find(pairs[k][0]), sets.find(pairs[k][1])
        if a == b or apart[a] & members[b]:
            continue
        root = sets.union(a, b)
        other = b if root == a else a
        members[root] |= members.pop(other)
        apart[root] |= apart.pop(other)
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
    conflicts: np.ndarray | None = None,
) -> list[int]:
    """Each entity's cluster label under ``linkage`` ("average" or "single") at ``threshold``;
    ``conflicts`` marks the pairs single link never puts in one cluster (average link already
    reads their probability, 0)."""
    if linkage == "average":
        return average_link(n, pairs, proba, threshold)
    if linkage == "single":
        return single_link(n, pairs, proba, threshold, conflicts)
    raise ValueError(f"unknown linkage {linkage!r}: use one of {', '.join(LINKAGES)}")
