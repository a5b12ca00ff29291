"""Word clusters: distributional word classes learned from text (PPMI, truncated SVD, k-means).

Words that occur in like contexts ("hinted", "signaled", "suggested") share a cluster, so a
tagger that saw one of them generalises to the others. Words are keyed by :func:`word_code`, a
32-bit murmur hash, and looked up with :func:`cluster_of` in numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

__all__ = ["cluster_of", "word_clusters", "word_code"]


def word_code(word: str) -> int:
    """A 32-bit murmur code of a string.

    Examples
    --------
    >>> word_code("said") == word_code("said") != word_code("says")
    True
    """
    return murmurhash3_32(word, seed=0, positive=True)


def cluster_of(codes: np.ndarray, clusters: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The cluster number plus one of each word code (uint64); 0 for a word without a cluster."""
    known, numbers = clusters
    if not len(known):
        return np.zeros(len(codes), dtype=np.uint64)
    at = np.minimum(np.searchsorted(known, codes), len(known) - 1)
    return np.where(known[at] == codes, numbers[at].astype(np.uint64) + 1, 0).astype(np.uint64)


def word_clusters(
    documents: Iterable[Sequence[str]],
    *,
    n_clusters: int = 256,
    min_count: int = 5,
    n_contexts: int = 2000,
    n_components: int = 64,
    random_state: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Distributional word classes of tokenized ``documents``: words of like contexts share one.

    Each word seen ``min_count`` times is described by the counts of the ``n_contexts`` most
    frequent words one and two tokens either side of it (positive PMI), reduced by truncated
    SVD and grouped by k-means.

    Returns
    -------
    codes, numbers : ndarray
        The words' codes (:func:`word_code`, sorted, uint32) and their cluster numbers (uint16).
    """
    counts: Counter[str] = Counter()
    docs = [list(words) for words in documents]
    for words in docs:
        counts.update(words)
    vocab = sorted(w for w, c in counts.items() if c >= min_count)
    if len(vocab) <= n_clusters:
        raise ValueError(
            f"{len(vocab)} words occur {min_count}+ times, not more than n_clusters="
            f"{n_clusters}; give more text or fewer clusters"
        )
    index = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, (w, _) in enumerate(counts.most_common(n_contexts))}
    rows, cols = [], []
    for words in docs:
        ids = [index.get(w, -1) for w in words]
        ctx = [contexts.get(w, -1) for w in words]
        for slot, off in enumerate((-2, -1, 1, 2)):
            for i in range(max(0, -off), len(words) - max(0, off)):
                if ids[i] >= 0 and ctx[i + off] >= 0:
                    rows.append(ids[i])
                    cols.append(slot * len(contexts) + ctx[i + off])
    shape = (len(vocab), 4 * len(contexts))
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    vectors = normalize(
        TruncatedSVD(n_components, random_state=random_state).fit_transform(_ppmi(matrix))
    )
    numbers = KMeans(n_clusters, n_init=1, random_state=random_state).fit_predict(vectors)
    codes = np.array([word_code(w) for w in vocab], dtype=np.uint32)
    order = np.argsort(codes)
    return codes[order], numbers[order].astype(np.uint16)


def _ppmi(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Positive pointwise mutual information of a word-by-context count matrix."""
    total = counts.sum()
    rows = np.asarray(counts.sum(axis=1)).ravel()
    cols = np.asarray(counts.sum(axis=0)).ravel()
    coo = counts.tocoo()
    pmi = np.log(coo.data * total / (rows[coo.row] * cols[coo.col]))
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)
