"""scikit-learn transformers that turn sentences into feature matrices for the claim model."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.utils.validation import check_is_fitted

from credscore.features._hashing import char_wb_counts, supports
from credscore.features._texts import as_texts
from credscore.features.hedging import HEDGE_KINDS, sentence_cues
from credscore.lexicons import load_lexicon, negations
from credscore.segment import quote_spans, words

__all__ = ["WEASEL_KINDS", "ClaimFeatures", "CueCounts", "cue_counts"]

#: Kinds of weasel words, each a lexicon ``weasel_<kind>.txt`` (Wikipedia's "Words to watch":
#: the class of cue the CoNLL-2010 Wikipedia annotators marked as uncertain).
WEASEL_KINDS = ("quantifier", "frequency", "attribution", "peacock")
_SHAPES = ("title_case", "all_caps", "digits", "ends_period", "punctuation", "percent")
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
    *(f"weasel_{kind}{suffix}" for kind in WEASEL_KINDS for suffix in ("", "_rate")),
    *(f"shape_{name}" for name in _SHAPES),
)
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})
_QUESTION = re.compile(r"\?[\"”’')\]]*\s*$")
_PUNCTUATION = ",;:()[]"  # each counted in the shape columns
_HEDGE_COLUMN = {kind: i for i, kind in enumerate(HEDGE_KINDS)}
_RUN = re.compile(r"[\w-]+")
#: The characters whose casefold changes whether they are word characters (İ and Greek letters
#: with combining marks), and dotless ı, which a case-insensitive "i" matches but casefold keeps:
#: in a sentence holding one, :func:`_word_runs` could miss a word the pattern matches.
#: (tests/features/test_vectorize.py recomputes this set over all of Unicode.)
_CASEFOLD_UNSAFE = re.compile(
    "[\u0130\u0131\u01f0\u0345\u0390\u03b0\u1e96-\u1e99\u1f50\u1f52\u1f54\u1f56\u1fb6\u1fb7"
    "\u1fc6\u1fc7\u1fd2\u1fd3\u1fd6\u1fd7\u1fe2-\u1fe4\u1fe6\u1fe7\u1ff6\u1ff7]"
)


@cache
def _weasel_patterns() -> tuple[re.Pattern[str], ...]:
    """One whole-word, case-insensitive regex per kind of :data:`WEASEL_KINDS` (trie-shaped, so
    a position is tried against the entries in one pass; the longest entry wins)."""
    return tuple(
        re.compile(r"(?<![\w-])" + _trie_regex(_trie(load_lexicon(f"weasel_{kind}"))), re.I)
        for kind in WEASEL_KINDS
    )


@cache
def _weasel_keys() -> tuple[frozenset[str] | None, ...]:
    """Per kind of :data:`WEASEL_KINDS`, the longest word of each entry: a text whose word runs
    (:data:`_RUN`) hold none of them cannot match the kind's pattern, so it is not searched.
    None for a kind with an entry word that is not one run (always searched)."""
    out = []
    for kind in WEASEL_KINDS:
        keys = {max(e.casefold().split(), key=len) for e in load_lexicon(f"weasel_{kind}")}
        out.append(frozenset(keys) if all(_RUN.fullmatch(k) for k in keys) else None)
    return tuple(out)


def _word_runs(sentence: str) -> set[str] | None:
    r"""The casefolded ``[\w-]`` runs of ``sentence``: every whole word a weasel pattern can match
    is one of them. None when the sentence holds a character for which that fails (see
    :data:`_CASEFOLD_UNSAFE`)."""
    if _CASEFOLD_UNSAFE.search(sentence):
        return None
    return set(_RUN.findall(sentence.casefold()))


def _trie(entries: Iterable[str]) -> dict:
    """A character trie of lowercased, single-spaced entries; ``""`` marks an entry's end."""
    root: dict = {}
    for entry in entries:
        node = root
        for char in " ".join(entry.lower().split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _trie_regex(node: dict) -> str:
    """Regex of a trie node: longer continuations first, then a whole-word end here."""
    alts = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in node.items()
        if char
    ]
    if "" in node:
        alts.append(r"(?![\w-])")
    return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"


def cue_counts(sentence: str) -> list[float]:
    """Counts of hedge cues by kind (outside and inside quotes), boosters, negations, weasel
    words by kind (present, and count per square root of length) and the sentence's shape
    (share of capitalised and all-caps words, of words with digits, of punctuation marks; a
    final full stop; a percent sign), which tells a headline from an encyclopedia sentence.

    Examples
    --------
    >>> dict(zip(CueCounts().fit([]).get_feature_names_out(), cue_counts("It may rain.")))[
    ...     "hedge_modal"]
    1.0
    """
    quotes = quote_spans(sentence, 0, len(sentence))
    hedges, boosters = sentence_cues(sentence, 0, len(sentence), quotes=quotes)
    tokens = [w.lower() for w in words(sentence)]
    row = [0.0] * len(_CUE_NAMES)
    for cue in hedges:
        row[(len(HEDGE_KINDS) if cue.in_quote else 0) + _HEDGE_COLUMN[cue.kind]] += 1
    base = 2 * len(HEDGE_KINDS)
    quoted_boosters = sum(c.in_quote for c in boosters)
    row[base] = len(boosters) - quoted_boosters
    row[base + 1] = quoted_boosters
    negated = negations()
    row[base + 2] = sum(1 for w in tokens if w in negated or w.endswith("n't"))
    row[base + 3] = float(bool(quotes))
    row[base + 4] = float(bool(_QUESTION.search(sentence)))
    row[base + 5] = float(not _FIRST_PERSON.isdisjoint(tokens))
    row[base + 6] = math.log1p(len(tokens))
    base += 7
    root = math.sqrt(max(1, len(tokens)))
    runs = _word_runs(sentence)
    for i, (pattern, keys) in enumerate(zip(_weasel_patterns(), _weasel_keys(), strict=True)):
        found = 0
        if runs is None or keys is None or not runs.isdisjoint(keys):
            found = len(pattern.findall(sentence))
        row[base + 2 * i] = float(found > 0)
        row[base + 2 * i + 1] = found / root
    row[base + 2 * len(WEASEL_KINDS) :] = _shape(sentence, tokens)
    return row


def _shape(sentence: str, words: list[str]) -> list[float]:
    """The shape columns of :func:`cue_counts` (``words`` lowercased)."""
    n = max(1, len(words))
    alpha = [w for w in sentence.split() if w[:1].isalpha()]
    n_alpha = max(1, len(alpha))
    return [
        sum(1 for w in alpha if w[0].isupper()) / n_alpha,
        sum(1 for w in alpha if len(w) > 1 and w.isupper()) / n_alpha,
        sum(1 for w in words if not w.isalpha() and any(map(str.isdigit, w))) / n,
        float(sentence.rstrip().endswith(".")),
        sum(map(sentence.count, _PUNCTUATION)) / n,
        float("%" in sentence),
    ]


class CueCounts(TransformerMixin, BaseEstimator):
    """Hedge, booster, negation and weasel-word counts and the shape of each sentence (dense).

    A fitted instance keeps the columns it was fitted with, so a model saved before columns
    were added still gets the matrix it was trained on.
    """

    def fit(self, X: Iterable[str], y: object = None) -> CueCounts:
        """Nothing to learn; checks the sentences are str and records the feature names."""
        as_texts(X, "sentences")
        self.feature_names_ = np.asarray(_CUE_NAMES, dtype=object)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of :func:`cue_counts` per sentence (the fitted columns)."""
        check_is_fitted(self, "feature_names_")
        rows = [cue_counts(sentence) for sentence in as_texts(X, "sentences")]
        matrix = np.asarray(rows, dtype=np.float64).reshape(-1, len(_CUE_NAMES))
        if len(self.feature_names_) == len(_CUE_NAMES):
            return matrix
        return matrix[:, [_CUE_NAMES.index(name) for name in self.feature_names_]]

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
        Hash buckets of each n-gram part. 2**16 scores as well as 2**18 on the claim corpora
        (within 0.005 F1 and r by cross-validation) and keeps the model file under 5 MB.
    cues : bool
        Whether to append :class:`CueCounts`.
    dense : bool
        Output a dense array instead of a CSR matrix. scikit-learn's
        ``set_output(transform="pandas")`` refuses sparse output (a ValueError naming the
        sparse matrix), so pandas output needs ``dense=True``: mind the width, ``2 *
        n_features`` columns plus the cues (a small ``n_features`` keeps it manageable).
    """

    #: class-level default, so bundles saved before the parameter existed load unchanged
    dense = False

    def __init__(
        self,
        *,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        n_features: int = 2**16,
        cues: bool = True,
        dense: bool = False,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.n_features = n_features
        self.cues = cues
        self.dense = dense

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
        texts = as_texts(X, "sentences")
        if not texts:
            raise ValueError("ClaimFeatures.fit needs at least one sentence; got none")
        self.union_ = self._union().fit(texts)
        return self

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix | np.ndarray:
        """The feature matrix, one row per sentence (CSR, or an ndarray with ``dense``)."""
        check_is_fitted(self, "union_")
        texts = as_texts(X, "sentences")
        if not texts:
            width = 2 * self.n_features + (len(_CUE_NAMES) if self.cues else 0)
            matrix = sparse.csr_matrix((0, width), dtype=np.float64)
        else:
            matrix = _union_transform(self.union_, texts)
        return matrix.toarray() if self.dense else matrix

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Prefixed names: ``word__h17``, ``char__h5``, ``cue__hedge_modal`` ..."""
        check_is_fitted(self, "union_")
        names = [f"{part}__h{i}" for part in ("word", "char") for i in range(self.n_features)]
        if self.cues:
            names += [f"cue__{name}" for name in _CUE_NAMES]
        return np.asarray(names, dtype=object)


def _union_transform(union: FeatureUnion, texts: list[str]) -> sparse.csr_matrix:
    """``union.transform(texts)``, with plain char_wb hashing parts counted word by word from a
    cache (:mod:`credscore.features._hashing`: the same matrix, several times faster)."""
    parts = union.transformer_list
    if union.transformer_weights is not None or any(isinstance(p, str) for _, p in parts):
        return union.transform(texts)
    return sparse.hstack([_part_transform(part, texts) for _, part in parts]).tocsr()


def _part_transform(part: object, texts: list[str]):
    """One part's output: a hashing-then-TF-IDF pipeline's hashing done by ``char_wb_counts``."""
    if isinstance(part, Pipeline) and len(part.steps) == 2 and supports(part.steps[0][1]):
        return part.steps[1][1].transform(char_wb_counts(part.steps[0][1], texts))
    return part.transform(texts)


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
