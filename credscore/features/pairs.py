"""Features of (claim, body) pairs for the stance model: similarity, overlap, cues and polarity.

The features follow the FNC-1 systems that worked: TF-IDF cosine between the claim and the
body (UCLMR), word overlap, claim n-gram hits in the body's opening and in the whole body,
refuting and hedging cues near the words the two texts share, and negation polarity (the
official baseline, Athene, SOLAT). They then read the body's best-matching sentences rather
than the whole body: their similarity to the claim, and the refuting, negation, hedging,
reporting, denying and distancing cues in the best sentence, in the top three weighed by
similarity, in all sentences weighed by similarity, and in the lede; and fact-check verdicts
("FALSE") in capitals. Optionally the claim's and the body's own term-frequency vectors are
appended, as UCLMR did (they help on statements; on article bodies they let the model learn
the topics of its training claims). All text vectors are hashed, so a fitted transformer
stores only IDF weights: no vocabulary, a small model file that loads fast.

Each distinct claim and body is analysed once per call, however many pairs share it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from credscore.features._pair_body import Claims, body_rows
from credscore.features._pair_text import (
    Text,
    analyse,
    content_terms,
    rate,
    stem,
    tf_stop_words,
)
from credscore.features.pair_feature_names import DENSE_FEATURES, LEGACY_DENSE_FEATURES
from credscore.features.pair_input import as_pairs, unique_texts

__all__ = ["DENSE_FEATURES", "LEGACY_DENSE_FEATURES", "PairFeatures", "stem"]


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def _binary_rows(sets: list[np.ndarray], width: int) -> sp.csr_matrix:
    """A CSR matrix with a 1 at each (row, id) of ``sets`` (arrays of distinct ids)."""
    indptr = np.cumsum([0] + [len(s) for s in sets])
    indices = np.concatenate(sets) if sets else np.zeros(0, dtype=np.int64)
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(sets), width))


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
        vectors appended to the output; 0 (the default) leaves them out. Stop words are left
        out of these, except the ones that are stance cues ("not", "never", "may", "seems" ...).
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
    >>> f = PairFeatures().fit(pairs)
    >>> row = dict(zip(f.get_feature_names_out(), f.transform(pairs)[0]))
    >>> bool(row["cue__body_refuting"] > 0), float(row["sim__word_cosine"])
    (True, 0.0)
    """

    def __init__(
        self,
        *,
        n_features: int = 2**17,
        tf_features: int = 0,
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
        pairs = as_pairs(X)
        if not pairs:
            raise ValueError("PairFeatures.fit needs at least one (claim, body) pair; got none")
        texts = sorted({t for pair in pairs for t in pair})
        analysed = [analyse(t, {}, self.intro_chars, cues=False) for t in texts]
        terms = [[t for s in a.sentence_terms for t in s] for a in analysed]
        self.word_idf_ = TfidfTransformer(sublinear_tf=True).fit(self._word().transform(terms))
        self.char_idf_ = TfidfTransformer(sublinear_tf=True).fit(self._char_counts(texts))
        self.dense_features_ = DENSE_FEATURES
        self.n_features_out_ = len(DENSE_FEATURES) + 2 * self.tf_features
        return self

    def _dense_names(self) -> tuple[str, ...]:
        """The dense columns this transformer was fitted with (older fits: the legacy set)."""
        return tuple(getattr(self, "dense_features_", LEGACY_DENSE_FEATURES))

    def _word(self) -> FeatureHasher:
        """Hashes lists of word unigrams and bigrams (stop words out, as ``_pair_text`` forms
        them) into ``n_features`` buckets."""
        return FeatureHasher(
            self.n_features, input_type="string", alternate_sign=False, dtype=np.float32
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
        pairs = as_pairs(X)
        as_dense = self.tf_features == 0 if self.dense is None else self.dense
        if not pairs:
            empty = np.zeros((0, self.n_features_out_), dtype=np.float32)
            return empty if as_dense else sp.csr_matrix(empty)
        claim_u, claim_of = unique_texts([c for c, _ in pairs])
        body_u, body_of = unique_texts([b for _, b in pairs])
        dense = self._dense(claim_u, claim_of, body_u, body_of)
        names = self._dense_names()
        if names != DENSE_FEATURES:
            index = {name: i for i, name in enumerate(DENSE_FEATURES)}
            dense = np.ascontiguousarray(dense[:, [index[name] for name in names]])
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
        """The DENSE_FEATURES columns."""
        out = np.zeros((len(claim_of), len(DENSE_FEATURES)), dtype=np.float32)
        col = {name: i for i, name in enumerate(DENSE_FEATURES)}
        vocab: dict[str, int] = {}
        claims = [analyse(t, vocab, self.intro_chars, self.cues) for t in claim_u]
        bodies = [analyse(t, vocab, self.intro_chars, self.cues) for t in body_u]
        self._vectors(out, col, (claim_u, claims, claim_of), (body_u, bodies, body_of))
        _per_text(out, col, claims, claim_of, bodies, body_of)
        _jaccard(out, col, claims, claim_of, bodies, body_of, len(vocab))
        return out

    def _vectors(
        self,
        out: np.ndarray,
        col: dict[str, int],
        claim_side: tuple[list[str], list[Text], np.ndarray],
        body_side: tuple[list[str], list[Text], np.ndarray],
    ) -> None:
        """TF-IDF cosines (whole body, opening, each sentence) and IDF-weighted coverage; the
        per-body features of :func:`~credscore.features._pair_body.body_rows`."""
        (claim_u, claims, claim_of), (body_u, bodies, body_of) = claim_side, body_side
        word, idf = self._word(), self.word_idf_
        # a body's counts are the sum of its sentences' (no bigram spans a sentence break)
        sentence_counts = word.transform([s for b in bodies for s in b.sentence_terms])
        bounds = np.cumsum([0] + [len(b.sentence_terms) for b in bodies])
        owner = np.repeat(np.arange(len(bodies)), np.diff(bounds))
        gather = sp.csr_matrix(
            (np.ones(len(owner), dtype=np.float32), (owner, np.arange(len(owner)))),
            shape=(len(bodies), len(owner)),
        )
        body_counts = sp.csr_matrix(gather @ sentence_counts)
        claim_counts = word.transform([[t for s in c.sentence_terms for t in s] for c in claims])
        intro_counts = word.transform([content_terms(b.words[: b.n_intro]) for b in bodies])
        order = np.argsort(body_of, kind="stable")
        # the claim side in body order, so each body's pairs are one contiguous block of rows
        by_body = claim_of[order]
        claim_vectors = sp.csr_matrix(idf.transform(claim_counts))[by_body]
        claim_chars = sp.csr_matrix(self.char_idf_.transform(self._char_counts(claim_u)))
        weights = sp.csr_matrix(
            sp.csr_matrix(claim_counts > 0, dtype=np.float32).multiply(idf.idf_)
        )
        total = np.asarray(weights.sum(axis=1)).ravel()[by_body]
        total[total == 0] = 1.0
        # per body, contiguous: its sentences' TF-IDF vectors, then its own, then its opening's
        n_sentences = len(owner)
        vectors = sp.vstack(
            [
                idf.transform(sentence_counts),
                idf.transform(body_counts),
                idf.transform(intro_counts),
            ],
            format="csr",
        )
        stacked = np.concatenate(
            [
                np.r_[bounds[b] : bounds[b + 1], n_sentences + b, n_sentences + len(bodies) + b]
                for b in range(len(bodies))
            ]
        )
        vectors = vectors[stacked]
        present = sp.vstack([body_counts > 0, intro_counts > 0], format="csr", dtype=np.float32)
        present = present[
            np.ravel(np.c_[np.arange(len(bodies)), len(bodies) + np.arange(len(bodies))])
        ]
        body_chars = sp.csr_matrix(self.char_idf_.transform(self._char_counts(body_u)))
        claim_sides = (claim_vectors, claim_chars[by_body], weights[by_body])
        claim_set = Claims(claims, _n_stems(claims, bodies))
        cuts = np.concatenate([[0], np.flatnonzero(np.diff(body_of[order])) + 1, [len(order)]])
        for start, end in zip(cuts[:-1], cuts[1:], strict=True):
            rows, b = order[start:end], int(body_of[order[start]])
            lo, hi = bounds[b] + 2 * b, bounds[b + 1] + 2 * b + 2
            words, chars, cover = (
                (side[start:end] @ target[a:z].T).toarray()
                for side, target, a, z in zip(
                    claim_sides,
                    (vectors, body_chars, present),
                    (lo, b, 2 * b),
                    (hi, b + 1, 2 * b + 2),
                    strict=True,
                )
            )
            out[rows, col["sim__word_cosine"]] = words[:, -2]
            out[rows, col["sim__word_cosine_intro"]] = words[:, -1]
            out[rows, col["sim__char_cosine"]] = chars[:, 0]
            out[rows, col["overlap__idf_coverage"]] = cover[:, 0] / total[start:end]
            out[rows, col["overlap__idf_coverage_intro"]] = cover[:, 1] / total[start:end]
            sims = words[:, :-2]
            body_rows(out, col, rows, claim_of, bodies[b], claim_set, sims, self.window)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``sim__word_cosine``, ``cue__body_refuting`` ..., then ``claim_tf__h0`` ... and
        ``body_tf__h0`` ... for the hashed TF buckets."""
        check_is_fitted(self, "word_idf_")
        names = list(self._dense_names())
        for part in ("claim_tf", "body_tf"):
            names += [f"{part}__h{i}" for i in range(self.tf_features)]
        return np.asarray(names, dtype=object)


def _n_stems(claims: list[Text], bodies: list[Text]) -> int:
    return 1 + max((int(t.stems.max()) for t in claims + bodies if len(t.stems)), default=0)


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
        "cue__claim_refuting": [len(c.positions("refuting")) for c in claims],
        "cue__claim_hedge": [len(c.positions("hedge")) for c in claims],
        "polarity__claim_negation_parity": [len(c.positions("negation")) % 2 for c in claims],
        "polarity__claim_question": [c.question for c in claims],
        "shape__claim_words": [math.log1p(len(c.words)) for c in claims],
    }
    per_body = {
        "cue__body_refuting": [math.log1p(len(b.positions("refuting"))) for b in bodies],
        "cue__body_refuting_rate": [rate(b.positions("refuting"), b) for b in bodies],
        "cue__body_refuting_intro": [_in_intro(b, "refuting") for b in bodies],
        "cue__body_hedge": [math.log1p(len(b.positions("hedge"))) for b in bodies],
        "cue__body_hedge_rate": [rate(b.positions("hedge"), b) for b in bodies],
        "cue__body_hedge_intro": [_in_intro(b, "hedge") for b in bodies],
        "cue__body_booster_rate": [rate(b.positions("booster"), b) for b in bodies],
        "cue__body_attribution_rate": [rate(b.positions("reporting"), b) for b in bodies],
        "cue__body_verdicts": [math.log1p(b.verdicts[0]) for b in bodies],
        "cue__body_verdicts_intro": [b.verdicts[1] for b in bodies],
        "polarity__body_negation_parity": [len(b.positions("negation")) % 2 for b in bodies],
        "polarity__body_question": [b.question for b in bodies],
        "shape__body_words": [math.log1p(len(b.words)) for b in bodies],
    }
    for table, of in ((per_claim, claim_of), (per_body, body_of)):
        for name, values in table.items():
            out[:, col[name]] = np.asarray(values, dtype=np.float32)[of]


def _in_intro(text: Text, kind: str) -> int:
    return int((text.positions(kind) < text.n_intro).sum())


def _jaccard(
    out: np.ndarray,
    col: dict[str, int],
    claims: list[Text],
    claim_of: np.ndarray,
    bodies: list[Text],
    body_of: np.ndarray,
    n_stems: int,
) -> None:
    """Jaccard overlap of the word sets and of the stem sets, from binary sparse rows."""
    words: dict[str, int] = {}
    word_sets = [
        np.unique(np.fromiter((words.setdefault(w, len(words)) for w in t.words), np.int64))
        for t in claims + bodies
    ]
    stem_sets = [np.unique(t.stems) for t in claims + bodies]
    n = len(claims)
    for name, sets, width in (
        ("overlap__jaccard_words", word_sets, len(words)),
        ("overlap__jaccard_stems", stem_sets, n_stems),
    ):
        rows = _binary_rows(sets, max(width, 1))
        a, b = rows[:n][claim_of], rows[n:][body_of]
        inter = _rowwise_dot(a, b)
        union = (
            np.asarray([len(s) for s in sets[:n]])[claim_of]
            + np.asarray([len(s) for s in sets[n:]])[body_of]
            - inter
        )
        out[:, col[name]] = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
