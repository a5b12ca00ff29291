"""The pair features that read one body against each of its claims: overlap, cues near the
shared words, and the body's best-matching sentences.

:func:`body_rows` fills the rows of every pair that shares one body with numpy operations over
that body's tokens, so the cost per extra claim of a body is a few array operations, not a pass
over its words.
"""

from __future__ import annotations

import math

import numpy as np

from credscore.features._pair_text import CUE_KINDS, Text

__all__ = [
    "LEDE_SENTENCES",
    "NEAR_KINDS",
    "TOP_SENTENCES",
    "Claims",
    "Ragged",
    "body_rows",
    "gram_codes",
]

TOP_SENTENCES = 3  # best-matching sentences whose cues are weighed by their similarity
LEDE_SENTENCES = 2  # sentences that make a body's lede
RELATED_SENTENCE = 0.1  # TF-IDF cosine from which a sentence counts as about the claim
#: cue kinds counted near the shared words, with their column names
NEAR_KINDS = {
    "refuting": "cue__body_refuting_near",
    "hedge": "cue__body_hedge_near",
    "booster": "cue__body_booster_near",
    "reporting": "cue__body_attribution_near",
    "negation": "polarity__body_negation_near",
}
_REFUTING, _NEGATION = CUE_KINDS.index("refuting"), CUE_KINDS.index("negation")


def gram_codes(ids: np.ndarray, n: int, size: int) -> np.ndarray:
    """Each stem n-gram of ``ids`` as one int (stems numbered below ``size``)."""
    if len(ids) < n:
        return np.zeros(0, dtype=np.int64)
    codes = ids[: len(ids) - n + 1].astype(np.int64)
    for k in range(1, n):
        codes = codes * size + ids[k : len(ids) - n + 1 + k]
    return codes


class Ragged:
    """Rows of int codes of different lengths, concatenated (``values``) with row offsets."""

    def __init__(self, rows: list[np.ndarray]) -> None:
        self.offsets = np.cumsum([0] + [len(r) for r in rows])
        self.values = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        self.lengths = np.diff(self.offsets)

    def gather(self, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The codes of rows ``which`` concatenated, and for each the position in ``which``
        it belongs to."""
        lengths = self.lengths[which]
        owner = np.repeat(np.arange(len(which)), lengths)
        starts = np.repeat(self.offsets[which] - np.cumsum(lengths) + lengths, lengths)
        return self.values[starts + np.arange(len(owner))], owner


def _found(codes: np.ndarray, sorted_target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each code is in ``sorted_target`` (distinct, sorted), and where."""
    if not len(sorted_target):
        return np.zeros(len(codes), dtype=bool), np.zeros(len(codes), dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_target, codes), len(sorted_target) - 1)
    return sorted_target[at] == codes, at


class Claims:
    """The distinct claims of a call, in the forms :func:`body_rows` reads."""

    def __init__(self, claims: list[Text], n_stems: int) -> None:
        self.n_stems = n_stems
        self.content = Ragged(
            [np.fromiter(sorted(c.content), np.int64, len(c.content)) for c in claims]
        )
        self.grams = {n: Ragged([_content_grams(c, n, n_stems) for c in claims]) for n in (2, 3)}
        self.negation_parity = np.asarray(
            [len(c.positions("negation")) % 2 for c in claims], dtype=np.float32
        )
        self.refuting = np.asarray([len(c.positions("refuting")) > 0 for c in claims])


def _content_grams(claim: Text, n: int, n_stems: int) -> np.ndarray:
    """The distinct codes of the claim's stem n-grams that hold a content stem."""
    codes = gram_codes(claim.stems, n, n_stems)
    if not len(codes):
        return codes
    content = np.isin(claim.stems, np.fromiter(claim.content, np.int64, len(claim.content)))
    has_content = np.any([content[k : len(content) - n + 1 + k] for k in range(n)], axis=0)
    return np.unique(codes[has_content])


def _near(shared: np.ndarray, positions: np.ndarray, window: int) -> np.ndarray:
    """Per claim (row of ``shared``, tokens flagged as shared words), how many ``positions``
    lie within ``window`` tokens of a shared word."""
    if len(positions) == 0:
        return np.zeros(shared.shape[0])
    n = shared.shape[1]
    running = np.zeros((shared.shape[0], n + 1), dtype=np.int32)
    np.cumsum(shared, axis=1, out=running[:, 1:])
    hi = np.minimum(positions + window + 1, n)
    lo = np.maximum(positions - window, 0)
    return ((running[:, hi] - running[:, lo]) > 0).sum(axis=1)


def body_rows(
    out: np.ndarray,
    col: dict[str, int],
    rows: np.ndarray,
    claim_of: np.ndarray,
    body: Text,
    claims: Claims,
    sims: np.ndarray,
    window: int,
) -> None:
    """Fill the overlap, near-cue and best-sentence columns of ``rows``, the pairs of ``body``
    with the claims ``claim_of[rows]``; ``sims`` holds each pair's cosine with each sentence."""
    which = claim_of[rows]
    n = len(which)
    uniq, inverse = np.unique(body.stems, return_inverse=True)
    content, owner = claims.content.gather(which)
    hit, at = _found(content, uniq)
    in_claim = np.zeros((n, len(uniq)), dtype=bool)  # (pairs, distinct body stems)
    in_claim[owner[hit], at[hit]] = True
    shared = in_claim[:, inverse]  # (pairs, body tokens)
    n_words = max(len(body.words), 1)
    n_content = np.maximum(claims.content.lengths[which], 1)
    r = out[rows]
    shared_terms = np.bincount(owner, hit, minlength=n)
    r[:, col["overlap__shared_terms"]] = np.log1p(shared_terms)
    r[:, col["overlap__claim_coverage"]] = shared_terms / n_content
    in_intro, _ = _found(content, np.unique(body.stems[: body.n_intro]))
    r[:, col["overlap__claim_coverage_intro"]] = np.bincount(owner, in_intro, n) / n_content
    for size, name in ((2, "bigram"), (3, "trigram")):
        grams, of = claims.grams[size].gather(which)
        n_grams = np.maximum(claims.grams[size].lengths[which], 1)
        whole = np.unique(gram_codes(body.stems, size, claims.n_stems))
        opening = np.unique(gram_codes(body.stems[: body.n_intro], size, claims.n_stems))
        for target, suffix in ((whole, ""), (opening, "_intro")):
            found, _ = _found(grams, target)
            r[:, col[f"overlap__{name}_hits{suffix}"]] = np.bincount(of, found, n) / n_grams
    any_shared = shared.any(axis=1)
    r[:, col["overlap__first_shared_position"]] = np.where(
        any_shared, shared.argmax(axis=1) / n_words, 1.0
    )
    r[:, col["overlap__shared_density"]] = shared.sum(axis=1) / n_words
    for kind, name in NEAR_KINDS.items():
        r[:, col[name]] = np.log1p(_near(shared, body.positions(kind), window))
    _sentence_columns(r, col, body, claims, which, sims)
    out[rows] = r


def _sentence_columns(
    r: np.ndarray,
    col: dict[str, int],
    body: Text,
    claims: Claims,
    which: np.ndarray,
    sims: np.ndarray,
) -> None:
    """Similarity of the best sentences, and the cues of the best, the top three (weighed by
    similarity), the lede and all sentences (weighed by similarity)."""
    cues = body.sentence_cues
    n = sims.shape[1]
    order = np.argsort(-sims, axis=1, kind="stable")[:, :TOP_SENTENCES]
    top = np.take_along_axis(sims, order, axis=1)
    ranked = np.zeros((len(sims), TOP_SENTENCES), dtype=np.float32)
    ranked[:, : top.shape[1]] = top
    r[:, col["sim__max_sentence_cosine"]] = ranked[:, 0]
    r[:, col["sim__second_sentence_cosine"]] = ranked[:, 1]
    r[:, col["sim__third_sentence_cosine"]] = ranked[:, 2]
    r[:, col["sim__best_sentence_position"]] = order[:, 0] / max(n - 1, 1)
    r[:, col["sim__first_sentence_cosine"]] = sims[:, 0]
    r[:, col["sim__mean_sentence_cosine"]] = sims.mean(axis=1)
    r[:, col["sim__related_sentence_share"]] = (sims > RELATED_SENTENCE).mean(axis=1)
    best = cues[order[:, 0]] * (ranked[:, :1] > 0)  # no best sentence without a shared word
    weighted = np.einsum("pk,pkc->pc", np.maximum(top, 0), cues[order])
    positive = np.maximum(sims, 0)
    total = positive.sum(axis=1, keepdims=True)
    spread = (positive @ cues) / np.where(total > 0, total, 1.0)
    lede = cues[:LEDE_SENTENCES].sum(axis=0)
    for k, kind in enumerate(CUE_KINDS):
        r[:, col[f"best__{kind}"]] = best[:, k]
        r[:, col[f"top3__{kind}"]] = weighted[:, k]
        r[:, col[f"simw__{kind}"]] = spread[:, k]
        r[:, col[f"lede__{kind}"]] = lede[k]
    r[:, col["polarity__best_negation_mismatch"]] = claims.negation_parity[which] != (
        best[:, _NEGATION] % 2
    )
    r[:, col["polarity__best_refuting_mismatch"]] = claims.refuting[which] != (
        best[:, _REFUTING] > 0
    )
    r[:, col["shape__body_sentences"]] = math.log1p(n)
