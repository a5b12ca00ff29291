"""Sparse rows: hashed TF-IDF, top terms, pair dot products and blocked candidate pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

__all__ = [
    "MAX_POSTINGS",
    "WINDOW",
    "candidate_pairs",
    "compact",
    "pair_cosines",
    "sorted_unique",
    "tfidf",
    "top_terms",
    "unique_inverse",
]

MAX_POSTINGS = 32  # a posting list this long or shorter yields its pairs sharing two keys
WINDOW = 8  # neighbours compared in a longer posting list, per sort order

_N_FEATURES = 2**20


def tfidf(
    docs: Sequence[str] | Sequence[list[str]],
    *,
    analyzer: str | Callable[[Any], list[str]] = "word",
    ngram_range: tuple[int, int] = (1, 1),
    n_features: int = _N_FEATURES,
) -> sp.csr_matrix:
    """Hashed TF-IDF rows (sublinear tf, IDF from ``docs`` themselves), L2-normalised.

    No vocabulary is stored: features are hashed, and the IDF is that of the batch at hand.

    Examples
    --------
    >>> X = tfidf(["ships carry rockets", "ships carry grain", "fares rise"])
    >>> cosines = (X @ X.T).toarray()
    >>> bool(cosines[0, 1] > 0), bool(cosines[0, 2] == 0)
    (True, True)
    """
    vectorizer = HashingVectorizer(
        n_features=n_features,
        analyzer=analyzer,
        ngram_range=ngram_range,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        dtype=np.float32,
    )
    counts = vectorizer.transform(docs).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    if counts.nnz > n_features // 8:  # large batch: a full document-frequency table
        df = np.bincount(counts.indices, minlength=n_features)[counts.indices]
    else:  # small batch: count only the columns present
        _, inverse = unique_inverse(counts.indices)
        df = np.bincount(inverse)[inverse]
    counts.data *= (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)
    return normalize(counts, copy=False)


def top_terms(X: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Binary matrix of each row's ``k`` highest-weighted columns (ties: lower column first).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[0.1, 0.9, 0.5], [0.7, 0.0, 0.2]]))
    >>> top_terms(X, 1).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 0]]
    """
    X = sp.csr_matrix(X, dtype=np.float64)
    X.eliminate_zeros()
    X.sort_indices()
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    top = np.abs(X.data).max() if X.nnz else 1.0
    order = np.argsort(2.0 * rows + (1.0 - X.data / (2.0 * top)), kind="stable")
    rank = np.arange(len(order)) - X.indptr[rows[order]]
    keep = order[rank < k]
    data = np.ones(len(keep), dtype=np.float32)
    return sp.csr_matrix((data, (rows[keep], X.indices[keep])), shape=X.shape)


def pair_cosines(X: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20000) -> np.ndarray:
    """Row-wise dot products ``X[i[k]] · X[j[k]]``, in chunks to bound memory."""
    out = np.zeros(len(i), dtype=np.float64)
    for s in range(0, len(i), chunk):
        a, b = X[i[s : s + chunk]], X[j[s : s + chunk]]
        out[s : s + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: ``np.unique`` by a sort, which numpy 2's hash-based
    ``np.unique`` trails about twentyfold on the tens of millions of pair codes of a large batch.

    >>> sorted_unique(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def unique_inverse(values: np.ndarray) -> tuple[int, np.ndarray]:
    """How many distinct values, and each value's rank among them (``return_inverse``).

    >>> n, inverse = unique_inverse(np.array([30, 10, 30, 20]))
    >>> n, inverse.tolist()
    (3, [2, 0, 2, 1])
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return int(first.sum()), inverse


def compact(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` without its empty columns (same dot products, far fewer columns)."""
    n_columns, indices = unique_inverse(X.indices)
    return sp.csr_matrix((X.data, indices, X.indptr), shape=(X.shape[0], n_columns))


def candidate_pairs(
    keys: sp.spmatrix,
    *,
    max_postings: int = MAX_POSTINGS,
    window: int = WINDOW,
    orders: Sequence[np.ndarray] = (),
    min_shared: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, of rows sharing a blocking key — never all pairs.

    Keys held by at most ``max_postings`` rows pair the rows sharing ``min_shared`` keys; a key
    held by more rows pairs each row only with the ``window`` rows after it in each of
    ``orders`` (arrays of one sort value per row; row order when none), again if they share
    ``min_shared`` keys. The work is ``O(rows · keys · max(max_postings, window))``.

    Examples
    --------
    >>> keys = sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1], [0, 0]]))
    >>> [list(map(int, a)) for a in candidate_pairs(keys)]
    [[0, 1], [1, 2]]
    """
    keys = sp.csr_matrix(keys, dtype=np.float32)
    keys.data[:] = 1.0
    n = keys.shape[0]
    csc = keys.tocsc()
    df = np.diff(csc.indptr)
    rows_i: list[np.ndarray] = []
    rows_j: list[np.ndarray] = []
    short = np.flatnonzero((df >= 2) & (df <= max_postings))
    if len(short):
        sub = csc[:, short].tocsr()
        product = sp.triu(sub @ sub.T, k=1).tocoo()
        enough = product.data >= min_shared
        rows_i.append(product.row[enough].astype(np.int64))
        rows_j.append(product.col[enough].astype(np.int64))
    long = np.flatnonzero(df > max_postings)
    if len(long):
        starts, ends = csc.indptr[long], csc.indptr[long + 1]
        term = np.repeat(np.arange(len(long)), ends - starts)
        members = np.concatenate([csc.indices[s:e] for s, e in zip(starts, ends, strict=True)])
        for order in orders or (np.arange(n, dtype=np.float64),):
            ranked = np.lexsort((members, order[members], term))
            t, m = term[ranked], members[ranked]
            for d in range(1, window + 1):
                same = t[d:] == t[:-d]
                rows_i.append(m[:-d][same].astype(np.int64))
                rows_j.append(m[d:][same].astype(np.int64))
    if not rows_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b = np.concatenate(rows_i), np.concatenate(rows_j)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    codes = sorted_unique(lo[lo != hi] * n + hi[lo != hi])
    i, j = codes // n, codes % n
    if min_shared > 1 and len(long):  # windowed pairs must share keys too
        enough = pair_cosines(keys, i, j) >= min_shared
        i, j = i[enough], j[enough]
    return i, j
