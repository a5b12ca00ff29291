"""The claim model's training rows: folds by row content, balanced cells and the F1 cut."""

from __future__ import annotations

import hashlib

import numpy as np
from scipy import sparse

__all__ = ["balance", "f1_threshold", "row_folds", "row_groups"]


def balance(names: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Row weights giving every (corpus, class) cell the same total, so the gate learns which
    corpus a sentence is like, not which corpus has more uncertain sentences."""
    out = np.ones(len(y))
    cells = [(name, label) for name in np.unique(names) for label in (0, 1)]
    for name, label in cells:
        rows = (names == name) & (y == label)
        if rows.any():
            out[rows] = w.sum() / (len(cells) * w[rows].sum())
    return out


def f1_threshold(y: np.ndarray, firm: np.ndarray, w: np.ndarray) -> float:
    """The cut t maximising the weighted F1 of the uncertain class (0) when firm < t is called
    uncertain; candidates are the midpoints between sorted distinct probabilities."""
    order = np.argsort(firm)
    p, uncertain = firm[order], np.where(y[order] == 0, w[order], 0.0)
    caught = np.cumsum(uncertain)  # weight of true uncertain among the k lowest
    called = np.cumsum(w[order])
    f1 = 2 * caught / (called + uncertain.sum())
    last = np.r_[p[1:] != p[:-1], True]  # cut only between distinct values
    k = int(np.argmax(np.where(last, f1, -1.0)))
    return float((p[k] + p[k + 1]) / 2) if k + 1 < len(p) else 1.0


def _row_keys(X: sparse.csr_matrix) -> list[bytes]:
    """A hash of each row's content, equal for identical rows."""
    return [
        hashlib.blake2b(X.indices[s:e].tobytes() + X.data[s:e].tobytes(), digest_size=8).digest()
        for s, e in zip(X.indptr[:-1], X.indptr[1:], strict=True)
    ]


def row_groups(X: sparse.csr_matrix) -> np.ndarray:
    """A group id per row, equal for identical rows (the soft-label copies of one sentence)."""
    return np.unique(_row_keys(X), return_inverse=True)[1]


def row_folds(X: sparse.csr_matrix, k: int) -> np.ndarray:
    """A fold in ``range(k)`` per row from its content, so identical rows share a fold."""
    return np.array([int.from_bytes(key, "little") % k for key in _row_keys(X)], dtype=np.int64)
