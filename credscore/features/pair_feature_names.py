"""The names of the dense (claim, body) pair features, in column order, and the older set."""

from __future__ import annotations

from credscore.features._pair_text import CUE_KINDS

__all__ = ["DENSE_FEATURES", "LEGACY_DENSE_FEATURES"]

#: names of the dense pair features, in column order (prefixed by family)
DENSE_FEATURES = (
    "sim__word_cosine",
    "sim__word_cosine_intro",
    "sim__char_cosine",
    "sim__max_sentence_cosine",
    "sim__second_sentence_cosine",
    "sim__third_sentence_cosine",
    "sim__best_sentence_position",
    "sim__first_sentence_cosine",
    "sim__mean_sentence_cosine",
    "sim__related_sentence_share",
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
    "cue__body_verdicts",
    "cue__body_verdicts_intro",
    "polarity__claim_negation_parity",
    "polarity__body_negation_parity",
    "polarity__body_negation_near",
    "polarity__claim_question",
    "polarity__body_question",
    "polarity__best_negation_mismatch",
    "polarity__best_refuting_mismatch",
    *(f"{where}__{kind}" for where in ("best", "top3", "simw", "lede") for kind in CUE_KINDS),
    "shape__claim_words",
    "shape__body_words",
    "shape__body_sentences",
)
#: the dense features of PairFeatures fitted before credscore 0.3 (a subset of DENSE_FEATURES)
LEGACY_DENSE_FEATURES = tuple(
    name
    for name in DENSE_FEATURES
    if name.split("__")[0] in ("sim", "overlap", "cue", "polarity", "shape")
    and name
    not in (
        "sim__second_sentence_cosine",
        "sim__third_sentence_cosine",
        "sim__mean_sentence_cosine",
        "sim__related_sentence_share",
        "cue__body_verdicts",
        "cue__body_verdicts_intro",
        "polarity__best_negation_mismatch",
        "polarity__best_refuting_mismatch",
        "shape__body_sentences",
    )
)
