"""Disjoint sets over ``0..n-1``: how stories, copy families and claim groups are joined."""

from __future__ import annotations

import numpy as np

__all__ = ["UnionFind"]


class UnionFind:
    """Disjoint sets over ``0..n-1`` (union by size, path halving).

    Examples
    --------
    >>> uf = UnionFind(5)
    >>> _ = uf.union(0, 1), uf.union(3, 4), uf.union(1, 0)
    >>> uf.find(1) == uf.find(0), uf.find(2) == uf.find(3), uf.labels().tolist()
    (True, False, [0, 0, 1, 2, 2])
    """

    __slots__ = ("parent", "size")

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        """The representative of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Merge the sets of ``a`` and ``b``; return the representative of the merged set."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def labels(self) -> np.ndarray:
        """A component number per element, numbered in order of first appearance."""
        seen: dict[int, int] = {}
        return np.array([seen.setdefault(self.find(x), len(seen)) for x in range(len(self.parent))])
