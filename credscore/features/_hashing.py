"""scikit-learn's ``char_wb`` HashingVectorizer counts, computed word by word from a cache.

``HashingVectorizer(analyzer="char_wb")`` builds and hashes every character n-gram of every
word in Python, so on news text it costs more than everything else the claim model does. The
n-grams of a word depend on the word alone, so each distinct word's hashed columns are computed
once (with scikit-learn's own n-gram code and MurmurHash3, exactly as it does) and cached; a
sentence's row is then the sum of its words' columns: the same matrix, several times faster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

__all__ = ["char_wb_counts", "supports"]

#: HashingVectorizer parameters under which :func:`char_wb_counts` equals its transform
_REQUIRED = {
    "analyzer": "char_wb",
    "input": "content",
    "lowercase": True,
    "preprocessor": None,
    "strip_accents": None,
    "binary": False,
    "norm": None,
    "alternate_sign": False,
}


def supports(vectorizer: object) -> bool:
    """Whether ``vectorizer`` is a plain char_wb HashingVectorizer that this module reproduces."""
    if type(vectorizer) is not HashingVectorizer:
        return False
    params = vectorizer.get_params()
    return all(params[key] == value for key, value in _REQUIRED.items())


@cache
def _word_ngrams(min_n: int, max_n: int) -> Callable[[str], list[str]]:
    """scikit-learn's char_wb analyzer: on one word, the n-grams of the word padded by spaces."""
    return HashingVectorizer(analyzer="char_wb", ngram_range=(min_n, max_n)).build_analyzer()


#: distinct words whose columns are kept: the frequent words are nearly all the hits (Zipf), and
#: 2**16 words held 37 MB, which took a stream of 100,000 articles past its 300 MB budget
_WORD_CACHE = 2**14


@lru_cache(maxsize=_WORD_CACHE)
def _word_columns(word: str, min_n: int, max_n: int, n_features: int) -> np.ndarray:
    """Hashed column of each char_wb n-gram of one (lowercased) word, as scikit-learn hashes."""
    grams = _word_ngrams(min_n, max_n)(word)
    columns = np.fromiter((_column(murmurhash3_32(g, seed=0), n_features) for g in grams), np.int64)
    columns.flags.writeable = False
    return columns


def _column(h: int, n_features: int) -> int:
    """scikit-learn's column of a signed 32-bit hash (abs, with -2**31 handled as it does)."""
    if h == -(2**31):
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def char_wb_counts(vectorizer: HashingVectorizer, texts: Sequence[str]) -> sparse.csr_matrix:
    """``vectorizer.transform(texts)`` for a vectorizer that :func:`supports` (same numbers).

    Examples
    --------
    >>> v = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2**10,
    ...                       alternate_sign=False, norm=None)
    >>> texts = ["It may  rain\\ttoday.", "", "Ça va"]
    >>> (char_wb_counts(v, texts) != v.transform(texts)).nnz
    0
    """
    min_n, max_n = vectorizer.ngram_range
    n_features = vectorizer.n_features
    rows, lengths = [], []
    for text in texts:
        words = [_word_columns(w, min_n, max_n, n_features) for w in text.lower().split()]
        row = np.concatenate(words) if words else np.zeros(0, dtype=np.int64)
        rows.append(row)
        lengths.append(len(row))
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = np.ones(len(indices), dtype=vectorizer.dtype)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(texts), n_features))
    matrix.sum_duplicates()
    return matrix
