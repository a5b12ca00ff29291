"""Features of (claim, body) pairs for the stance model: similarity, overlap, cues and polarity.

The features follow the FNC-1 systems that worked: TF-IDF cosine between the claim and the
body (UCLMR), word overlap, claim n-gram hits in the body's opening and in the whole body,
refuting and hedging cues near the words the two texts share, and negation polarity (the
official baseline, Athene, SOLAT). Optionally the claim's and the body's own term-frequency
vectors are appended, as UCLMR did. All text vectors are hashed, so a fitted transformer stores
only IDF weights: no vocabulary, a small model file that loads fast.

Each distinct claim and body is analysed once per call, however many pairs share it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import (
    HashingVectorizer,
    TfidfTransformer,
)
from sklearn.utils.validation import check_is_fitted

from credscore.features._pair_text import (
    STOP_LIST,
    Text,
    analyse,
    body_sentences,
    hit_rate,
    jaccard,
    near,
    ngrams,
    rate,
    stem,
    tf_stop_words,
)

__all__ = ["DENSE_FEATURES", "PairFeatures", "stem"]

#: names of the dense pair features, in column order (prefixed by family)
DENSE_FEATURES = (
    "sim__word_cosine",
    "sim__word_cosine_intro",
    "sim__char_cosine",
    "sim__max_sentence_cosine",
    "sim__best_sentence_position",
    "sim__first_sentence_cosine",
    "overlap__jaccard_words",
    "overlap__jaccard_stems",
    "overlap__claim_coverage",
    "overlap__claim_coverage_intro",
    "overlap__bigram_hits",
    "overlap__bigram_hits_intro",
    "overlap__trigram_hits",
    "overlap__trigram_hits_intro",
    "overlap__idf_coverage",
    "overlap__idf_coverage_intro",
    "overlap__shared_terms",
    "overlap__first_shared_position",
    "overlap__shared_density",
    "cue__claim_refuting",
    "cue__body_refuting",
    "cue__body_refuting_rate",
    "cue__body_refuting_near",
    "cue__body_refuting_intro",
    "cue__claim_hedge",
    "cue__body_hedge",
    "cue__body_hedge_rate",
    "cue__body_hedge_near",
    "cue__body_hedge_intro",
    "cue__body_booster_rate",
    "cue__body_booster_near",
    "cue__body_attribution_rate",
    "cue__body_attribution_near",
    "polarity__claim_negation_parity",
    "polarity__body_negation_parity",
    "polarity__body_negation_near",
    "polarity__claim_question",
    "polarity__body_question",
    "shape__claim_words",
    "shape__body_words",
)


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


class PairFeatures(TransformerMixin, BaseEstimator):
    """Stance features of (claim, body) pairs: similarity, overlap, cues, polarity, TF vectors.

    Input is a sequence of ``(claim, body)`` 2-tuples of str, or a 2-column array or
    DataFrame (claim first). The output (float32) has the dense features of
    ``DENSE_FEATURES`` first, then, when ``tf_features`` > 0, the hashed term frequencies of
    the claim and of the body.

    Parameters
    ----------
    n_features : int
        Hash buckets of the word (1-2 gram) and character (``char_wb`` 2-4 gram) TF-IDF
        vectors behind the cosine and coverage features; only their IDF weights are stored.
    tf_features : int
        Hash buckets of each of the claim's and the body's own (L2-normalised) term-frequency
        vectors appended to the output; 0 leaves them out. Stop words are left out of these,
        except the ones that are stance cues ("not", "never", "may", "seems" ...).
    intro_chars : int
        How many leading characters of the body count as its opening (FNC-1 baseline: 255).
    window : int
        A cue is "near" the claim when it lies within this many tokens of a body word whose
        stem is a claim content stem.
    cues : bool
        Whether to look for hedge and booster cues (regex passes over every body); without
        them their columns are 0.
    dense : bool or None
        Output type: True, a dense array; False, a CSR matrix; None (default), dense exactly
        when ``tf_features`` is 0.

    Examples
    --------
    >>> pairs = [("Pope denies dying", "The Vatican said the rumour of his death is a hoax.")]
    >>> f = PairFeatures(tf_features=0).fit(pairs)
    >>> row = dict(zip(f.get_feature_names_out(), f.transform(pairs)[0]))
    >>> bool(row["cue__body_refuting"] > 0), float(row["sim__word_cosine"])
    (True, 0.0)
    """

    def __init__(
        self,
        *,
        n_features: int = 2**17,
        tf_features: int = 2**11,
        intro_chars: int = 255,
        window: int = 10,
        cues: bool = True,
        dense: bool | None = None,
    ) -> None:
        self.n_features = n_features
        self.tf_features = tf_features
        self.intro_chars = intro_chars
        self.window = window
        self.cues = cues
        self.dense = dense

    def fit(self, X: Any, y: object = None) -> PairFeatures:
        """Learn IDF weights from the distinct claims and bodies of the training pairs."""
        for name, low in (("n_features", 1), ("tf_features", 0), ("intro_chars", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
        if not isinstance(self.window, int) or isinstance(self.window, bool) or self.window < 0:
            raise ValueError(f"window must be an int >= 0, got {self.window!r}")
        pairs = _as_pairs(X)
        if not pairs:
            raise ValueError("PairFeatures.fit needs at least one (claim, body) pair; got none")
        texts = sorted({t for pair in pairs for t in pair})
        self.word_idf_ = TfidfTransformer(sublinear_tf=True).fit(self._word().transform(texts))
        self.char_idf_ = TfidfTransformer(sublinear_tf=True).fit(self._char_counts(texts))
        self.n_features_out_ = len(DENSE_FEATURES) + 2 * self.tf_features
        return self

    def _word(self) -> HashingVectorizer:
        return HashingVectorizer(
            ngram_range=(1, 2),
            stop_words=STOP_LIST,
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )

    def _char(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )

    def _char_counts(self, texts: list[str]) -> sp.csr_matrix:
        """Hashed ``char_wb`` n-gram counts of ``texts``, as ``self._char().transform`` gives
        them, but with each distinct word's n-grams hashed once: ``char_wb`` n-grams never
        cross the whitespace between words, so a text's counts are the sum of its words'."""
        vocab: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for i, text in enumerate(texts):
            for word, count in Counter(text.lower().split()).items():
                rows.append(i)
                cols.append(vocab.setdefault(word, len(vocab)))
                counts.append(count)
        words = sp.csr_matrix(
            (np.asarray(counts, dtype=np.float32), (rows, cols)), shape=(len(texts), len(vocab))
        )
        return sp.csr_matrix(words @ self._char().transform(list(vocab)))

    def _tf(self) -> HashingVectorizer:
        return HashingVectorizer(
            stop_words=tf_stop_words(),
            n_features=self.tf_features,
            alternate_sign=False,
            norm="l2",
            dtype=np.float32,
        )

    def transform(self, X: Any) -> np.ndarray | sp.csr_matrix:
        """One row per pair: the dense features, then the claim's and body's TF vectors."""
        check_is_fitted(self, "word_idf_")
        pairs = _as_pairs(X)
        as_dense = self.tf_features == 0 if self.dense is None else self.dense
        if not pairs:
            empty = np.zeros((0, self.n_features_out_), dtype=np.float32)
            return empty if as_dense else sp.csr_matrix(empty)
        claim_u, claim_of = _unique([c for c, _ in pairs])
        body_u, body_of = _unique([b for _, b in pairs])
        dense = self._dense(claim_u, claim_of, body_u, body_of)
        if self.tf_features == 0:
            return dense if as_dense else sp.csr_matrix(dense)
        tf = self._tf()
        parts = [
            sp.csr_matrix(dense),
            tf.transform(claim_u)[claim_of],
            tf.transform(body_u)[body_of],
        ]
        out = sp.hstack(parts, format="csr", dtype=np.float32)
        return out.toarray() if as_dense else out

    def _dense(
        self, claim_u: list[str], claim_of: np.ndarray, body_u: list[str], body_of: np.ndarray
    ) -> np.ndarray:
        """The DENSE_FEATURES columns: vector features first, then the token-level ones."""
        out = np.zeros((len(claim_of), len(DENSE_FEATURES)), dtype=np.float32)
        col = {name: i for i, name in enumerate(DENSE_FEATURES)}
        self._similarity(out, col, claim_u, claim_of, body_u, body_of)
        vocab: dict[str, int] = {}
        claims = [analyse(t, vocab, self.intro_chars, self.cues) for t in claim_u]
        bodies = [analyse(t, vocab, self.intro_chars, self.cues) for t in body_u]
        self._per_text(out, col, claims, claim_of, bodies, body_of)
        self._per_pair(out, col, claims, claim_of, bodies, body_of)
        return out

    def _similarity(
        self,
        out: np.ndarray,
        col: dict[str, int],
        claim_u: list[str],
        claim_of: np.ndarray,
        body_u: list[str],
        body_of: np.ndarray,
    ) -> None:
        """TF-IDF cosines (whole body, opening, best sentence) and IDF-weighted coverage."""
        word, idf = self._word(), self.word_idf_
        # a body's counts are the sum of its sentences' (no bigram spans a sentence break)
        sentences = [body_sentences(body) for body in body_u]
        bounds = np.cumsum([0] + [len(s) for s in sentences])
        sentence_counts = word.transform([s for ss in sentences for s in ss])
        owner = np.repeat(np.arange(len(body_u)), np.diff(bounds))
        gather = sp.csr_matrix(
            (np.ones(len(owner), dtype=np.float32), (owner, np.arange(len(owner)))),
            shape=(len(body_u), len(owner)),
        )
        body_counts = sp.csr_matrix(gather @ sentence_counts)
        claim_counts = word.transform(claim_u)
        intro_counts = word.transform([b[: self.intro_chars] for b in body_u])
        claim_vectors = sp.csr_matrix(idf.transform(claim_counts))[claim_of]
        out[:, col["sim__word_cosine"]] = _rowwise_dot(
            claim_vectors, idf.transform(body_counts)[body_of]
        )
        out[:, col["sim__word_cosine_intro"]] = _rowwise_dot(
            claim_vectors, idf.transform(intro_counts)[body_of]
        )
        out[:, col["sim__char_cosine"]] = _rowwise_dot(
            self.char_idf_.transform(self._char_counts(claim_u))[claim_of],
            self.char_idf_.transform(self._char_counts(body_u))[body_of],
        )
        weights = sp.csr_matrix(claim_counts > 0, dtype=np.float32).multiply(idf.idf_)
        weights = sp.csr_matrix(weights)[claim_of]
        total = np.asarray(weights.sum(axis=1)).ravel()
        total[total == 0] = 1.0
        for name, counts in (("", body_counts), ("_intro", intro_counts)):
            present = sp.csr_matrix(counts > 0, dtype=np.float32)[body_of]
            out[:, col[f"overlap__idf_coverage{name}"]] = _rowwise_dot(weights, present) / total
        sentence_vectors = sp.csr_matrix(idf.transform(sentence_counts))
        order = np.argsort(body_of, kind="stable")
        for rows in np.split(order, np.flatnonzero(np.diff(body_of[order])) + 1):
            b = int(body_of[rows[0]])
            sims = (claim_vectors[rows] @ sentence_vectors[bounds[b] : bounds[b + 1]].T).toarray()
            out[rows, col["sim__max_sentence_cosine"]] = sims.max(axis=1)
            out[rows, col["sim__best_sentence_position"]] = sims.argmax(axis=1) / max(
                sims.shape[1] - 1, 1
            )
            out[rows, col["sim__first_sentence_cosine"]] = sims[:, 0]

    @staticmethod
    def _per_text(
        out: np.ndarray,
        col: dict[str, int],
        claims: list[Text],
        claim_of: np.ndarray,
        bodies: list[Text],
        body_of: np.ndarray,
    ) -> None:
        """Features of the claim alone or the body alone, computed once per distinct text."""
        per_claim = {
            "cue__claim_refuting": [len(c.refuting) for c in claims],
            "cue__claim_hedge": [len(c.hedges) for c in claims],
            "polarity__claim_negation_parity": [len(c.negations) % 2 for c in claims],
            "polarity__claim_question": [c.question for c in claims],
            "shape__claim_words": [math.log1p(len(c.words)) for c in claims],
        }
        per_body = {
            "cue__body_refuting": [math.log1p(len(b.refuting)) for b in bodies],
            "cue__body_refuting_rate": [rate(b.refuting, b) for b in bodies],
            "cue__body_refuting_intro": [int((b.refuting < b.n_intro).sum()) for b in bodies],
            "cue__body_hedge": [math.log1p(len(b.hedges)) for b in bodies],
            "cue__body_hedge_rate": [rate(b.hedges, b) for b in bodies],
            "cue__body_hedge_intro": [int((b.hedges < b.n_intro).sum()) for b in bodies],
            "cue__body_booster_rate": [rate(b.boosters, b) for b in bodies],
            "cue__body_attribution_rate": [rate(b.reporting, b) for b in bodies],
            "polarity__body_negation_parity": [len(b.negations) % 2 for b in bodies],
            "polarity__body_question": [b.question for b in bodies],
            "shape__body_words": [math.log1p(len(b.words)) for b in bodies],
        }
        for table, of in ((per_claim, claim_of), (per_body, body_of)):
            for name, values in table.items():
                out[:, col[name]] = np.asarray(values, dtype=np.float32)[of]

    def _per_pair(
        self,
        out: np.ndarray,
        col: dict[str, int],
        claims: list[Text],
        claim_of: np.ndarray,
        bodies: list[Text],
        body_of: np.ndarray,
    ) -> None:
        """Overlap, n-gram hits and cues near shared words: one pass over the pairs."""
        body_grams = [
            {n: (ngrams(b.stems, n), ngrams(b.stems[: b.n_intro], n)) for n in (2, 3)}
            for b in bodies
        ]
        claim_grams = [{n: ngrams(c.stems, n, c.content) for n in (2, 3)} for c in claims]
        body_words = [frozenset(b.words) for b in bodies]
        body_stems = [frozenset(b.stems.tolist()) for b in bodies]
        body_intro = [frozenset(b.stems[: b.n_intro].tolist()) for b in bodies]
        claim_words = [frozenset(c.words) for c in claims]
        claim_stems = [frozenset(c.stems.tolist()) for c in claims]
        w = self.window
        for row, (ci, bi) in enumerate(zip(claim_of.tolist(), body_of.tolist(), strict=True)):
            c, b, r = claims[ci], bodies[bi], out[row]
            r[col["overlap__jaccard_words"]] = jaccard(claim_words[ci], body_words[bi])
            r[col["overlap__jaccard_stems"]] = jaccard(claim_stems[ci], body_stems[bi])
            shared_terms = c.content & body_stems[bi]
            r[col["overlap__shared_terms"]] = math.log1p(len(shared_terms))
            if c.content:
                r[col["overlap__claim_coverage"]] = len(shared_terms) / len(c.content)
                intro = c.content & body_intro[bi]
                r[col["overlap__claim_coverage_intro"]] = len(intro) / len(c.content)
            for n, name in ((2, "bigram"), (3, "trigram")):
                whole, opening = body_grams[bi][n]
                r[col[f"overlap__{name}_hits"]] = hit_rate(claim_grams[ci][n], whole)
                r[col[f"overlap__{name}_hits_intro"]] = hit_rate(claim_grams[ci][n], opening)
            n_b = len(b.words)
            if shared_terms:
                shared = np.flatnonzero(np.isin(b.stems, list(shared_terms)))
                r[col["overlap__first_shared_position"]] = shared[0] / n_b
                r[col["overlap__shared_density"]] = len(shared) / n_b
                for name, positions in (
                    ("cue__body_refuting_near", b.refuting),
                    ("cue__body_hedge_near", b.hedges),
                    ("cue__body_booster_near", b.boosters),
                    ("cue__body_attribution_near", b.reporting),
                    ("polarity__body_negation_near", b.negations),
                ):
                    r[col[name]] = math.log1p(near(positions, shared, w))
            else:
                r[col["overlap__first_shared_position"]] = 1.0

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``sim__word_cosine``, ``cue__body_refuting`` ..., then ``claim_tf__h0`` ... and
        ``body_tf__h0`` ... for the hashed TF buckets."""
        check_is_fitted(self, "word_idf_")
        names = list(DENSE_FEATURES)
        for part in ("claim_tf", "body_tf"):
            names += [f"{part}__h{i}" for i in range(self.tf_features)]
        return np.asarray(names, dtype=object)


def _unique(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts (first-seen order) and, per input, the index of its text."""
    index: dict[str, int] = {}
    of = np.fromiter((index.setdefault(t, len(index)) for t in texts), np.int64, len(texts))
    return list(index), of


def _as_pairs(X: Any) -> list[tuple[str, str]]:
    """``X`` as a list of (claim, body) str pairs; anything else is a clear error."""
    if isinstance(X, str):
        raise TypeError("expected (claim, body) pairs, got a single str")
    if hasattr(X, "to_numpy"):  # pandas DataFrame
        X = X.to_numpy(dtype=object)
    rows: Iterable[Sequence[Any]] = X
    pairs = []
    for i, row in enumerate(rows):
        if isinstance(row, str) or not hasattr(row, "__len__") or len(row) != 2:
            raise ValueError(
                f"expected (claim, body) pairs: 2-tuples or a 2-column array; item {i} is "
                f"{_short(row)}"
            )
        claim, body = row[0], row[1]
        if not isinstance(claim, str) or not isinstance(body, str):
            bad = claim if not isinstance(claim, str) else body
            raise TypeError(
                f"expected (claim, body) pairs of str; item {i} holds {type(bad).__name__}"
            )
        pairs.append((claim, body))
    return pairs


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
