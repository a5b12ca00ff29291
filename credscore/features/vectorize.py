"""scikit-learn transformers that turn sentences into feature matrices for the claim model."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.utils.validation import check_is_fitted

from credscore._segment import iter_words, quote_spans
from credscore.features._lexicon import load_lexicon
from credscore.features.hedging import HEDGE_KINDS, booster_cues, hedge_cues

__all__ = ["ClaimFeatures", "CueCounts", "cue_counts"]

_CUE_NAMES = (
    *(f"hedge_{kind}" for kind in HEDGE_KINDS),
    *(f"hedge_{kind}_in_quote" for kind in HEDGE_KINDS),
    "booster",
    "booster_in_quote",
    "negation",
    "quoted",
    "question",
    "first_person",
    "log_words",
)
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})
_QUESTION = re.compile(r"\?[\"”’')\]]*\s*$")


@cache
def _negations() -> frozenset[str]:
    return frozenset(load_lexicon("negation"))


def cue_counts(sentence: str) -> list[float]:
    """Counts of hedge cues by kind (outside and inside quotes), boosters, negations and shape.

    Examples
    --------
    >>> dict(zip(CueCounts().fit([]).get_feature_names_out(), cue_counts("It may rain.")))[
    ...     "hedge_modal"]
    1.0
    """
    quotes = quote_spans(sentence, 0, len(sentence))
    hedges = hedge_cues(sentence, quotes=quotes)
    boosters = booster_cues(sentence, quotes=quotes)
    words = [m.group(0).lower() for m in iter_words(sentence, 0, len(sentence))]
    row = [0.0] * len(_CUE_NAMES)
    for cue in hedges:
        offset = len(HEDGE_KINDS) if cue.in_quote else 0
        row[offset + HEDGE_KINDS.index(cue.kind)] += 1
    base = 2 * len(HEDGE_KINDS)
    row[base] = sum(not c.in_quote for c in boosters)
    row[base + 1] = sum(c.in_quote for c in boosters)
    row[base + 2] = sum(w in _negations() or w.endswith("n't") for w in words)
    row[base + 3] = float(bool(quotes))
    row[base + 4] = float(bool(_QUESTION.search(sentence)))
    row[base + 5] = float(any(w in _FIRST_PERSON for w in words))
    row[base + 6] = math.log1p(len(words))
    return row


class CueCounts(TransformerMixin, BaseEstimator):
    """Hedge, booster and negation counts of each sentence, as a dense matrix."""

    def fit(self, X: Iterable[str], y: object = None) -> CueCounts:
        """Nothing to learn; records the feature names."""
        self.feature_names_ = np.asarray(_CUE_NAMES, dtype=object)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of :func:`cue_counts` per sentence."""
        check_is_fitted(self, "feature_names_")
        rows = [cue_counts(sentence) for sentence in _as_texts(X)]
        return np.asarray(rows, dtype=np.float64).reshape(-1, len(_CUE_NAMES))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The cue feature names, such as ``hedge_modal`` and ``booster_in_quote``."""
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()


class ClaimFeatures(TransformerMixin, BaseEstimator):
    """Word and character n-grams plus cue counts of each sentence (a sparse matrix).

    The n-grams are hashed (no vocabulary to store, so model files stay small and load fast)
    and TF-IDF weighted.

    Parameters
    ----------
    word_ngrams, char_ngrams : tuple of int
        The n-gram ranges of the word and character (``char_wb``) parts.
    n_features : int
        Hash buckets of each n-gram part.
    cues : bool
        Whether to append :class:`CueCounts`.
    """

    def __init__(
        self,
        *,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        n_features: int = 2**18,
        cues: bool = True,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.n_features = n_features
        self.cues = cues

    def _union(self) -> FeatureUnion:
        parts = [
            ("word", self._hashed("word", self.word_ngrams)),
            ("char", self._hashed("char_wb", self.char_ngrams)),
        ]
        if self.cues:
            parts.append(("cue", _ScaledCues()))
        return FeatureUnion(parts)

    def _hashed(self, analyzer: str, ngrams: tuple[int, int]) -> Pipeline:
        hashing = HashingVectorizer(
            analyzer=analyzer,
            ngram_range=tuple(ngrams),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    def fit(self, X: Iterable[str], y: object = None) -> ClaimFeatures:
        """Learn the n-gram weights and cue scales from training sentences."""
        if not isinstance(self.n_features, int) or self.n_features < 1:
            raise ValueError(f"n_features must be a positive int, got {self.n_features!r}")
        texts = _as_texts(X)
        if not texts:
            raise ValueError("ClaimFeatures.fit needs at least one sentence; got none")
        self.union_ = self._union().fit(texts)
        return self

    def transform(self, X: Iterable[str]):
        """The feature matrix (scipy sparse, one row per sentence)."""
        check_is_fitted(self, "union_")
        return self.union_.transform(_as_texts(X))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Prefixed names: ``word__h17``, ``char__h5``, ``cue__hedge_modal`` ..."""
        check_is_fitted(self, "union_")
        names = [f"{part}__h{i}" for part in ("word", "char") for i in range(self.n_features)]
        if self.cues:
            names += [f"cue__{name}" for name in _CUE_NAMES]
        return np.asarray(names, dtype=object)


class _ScaledCues(TransformerMixin, BaseEstimator):
    """CueCounts scaled to [-1, 1] per column, so they weigh like the TF-IDF parts."""

    def fit(self, X: Iterable[str], y: object = None) -> _ScaledCues:
        self.counts_ = CueCounts().fit(X)
        self.scaler_ = MaxAbsScaler().fit(self.counts_.transform(X))
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        check_is_fitted(self, "scaler_")
        return self.scaler_.transform(self.counts_.transform(X))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return self.counts_.get_feature_names_out()


def _as_texts(X: Iterable[str]) -> list[str]:
    """The sentences of ``X`` as a list of str (accepts lists, arrays and pandas Series)."""
    texts = list(X)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"expected sentences as str; item {i} is {type(text).__name__}")
    return texts
