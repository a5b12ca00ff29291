"""Tests for credscore.features.pairs: the PairFeatures contract and hand-checked feature values."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone

from credscore.features.pairs import DENSE_FEATURES, LEGACY_DENSE_FEATURES, PairFeatures, stem

PAIRS = [
    (
        "Kim Jong-un has died, reports say",
        "North Korean state media said on Monday that Kim Jong-un had died of a heart attack.",
    ),
    (
        "Pope Francis endorses Trump",
        "The story that Pope Francis endorsed Trump is a hoax. The Vatican denied it.",
    ),
    (
        "Man buys island for his cat",
        "Shares fell sharply on Tuesday as investors weighed the central bank's next move.",
    ),
    (
        "Apple to release a gold watch",
        "Apple may release a gold edition of its watch, according to people familiar with it.",
    ),
]
SMALL = {"tf_features": 8, "n_features": 2**10}


def features(pairs=PAIRS, **params) -> dict[str, np.ndarray]:
    """The dense features of ``pairs`` by name (a column per name)."""
    f = PairFeatures(**{**SMALL, "tf_features": 0, **params}).fit(PAIRS)
    out = f.transform(pairs)
    return dict(zip(f.get_feature_names_out(), out.T, strict=True))


# --- the scikit-learn contract --------------------------------------------------------------


def test_params_are_keyword_only_and_stored_untouched():
    with pytest.raises(TypeError):
        PairFeatures(2**10)  # type: ignore[misc]
    f = PairFeatures(n_features=7, tf_features=3, intro_chars=9, window=2, cues=False, dense=True)
    assert f.get_params() == {
        "n_features": 7,
        "tf_features": 3,
        "intro_chars": 9,
        "window": 2,
        "cues": False,
        "dense": True,
    }


def test_clone_and_get_params_round_trip():
    f = PairFeatures(**SMALL, window=4)
    g = clone(f)
    assert g is not f and g.get_params() == f.get_params()
    assert PairFeatures(**f.get_params()).get_params() == f.get_params()


def test_fit_returns_self_and_learns_state_with_trailing_underscore():
    f = PairFeatures(**SMALL)
    assert f.fit(PAIRS) is f
    assert hasattr(f, "word_idf_") and hasattr(f, "char_idf_")
    assert f.n_features_out_ == len(DENSE_FEATURES) + 2 * 8


def test_transform_before_fit_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        PairFeatures().transform(PAIRS)


@pytest.mark.parametrize("tf_features", [0, 8])
def test_names_match_columns_and_are_prefixed(tf_features):
    f = PairFeatures(**{**SMALL, "tf_features": tf_features}).fit(PAIRS)
    out = f.transform(PAIRS)
    names = f.get_feature_names_out()
    assert out.shape == (len(PAIRS), len(names)) == (len(PAIRS), f.n_features_out_)
    assert len(set(names)) == len(names)
    assert all("__" in name for name in names)
    assert list(names[: len(DENSE_FEATURES)]) == list(DENSE_FEATURES)
    if tf_features:
        assert names[len(DENSE_FEATURES)] == "claim_tf__h0" and names[-1] == "body_tf__h7"


def test_output_type_follows_dense_and_is_float32():
    assert isinstance(PairFeatures(**SMALL).fit(PAIRS).transform(PAIRS), sp.csr_matrix)
    dense = PairFeatures(**SMALL, dense=True).fit(PAIRS).transform(PAIRS)
    assert isinstance(dense, np.ndarray) and dense.dtype == np.float32
    assert isinstance(
        PairFeatures(**{**SMALL, "tf_features": 0}).fit(PAIRS).transform(PAIRS), np.ndarray
    )
    sparse = PairFeatures(**{**SMALL, "tf_features": 0}, dense=False).fit(PAIRS).transform(PAIRS)
    assert sp.issparse(sparse)


def test_pickle_round_trip_gives_the_same_output():
    f = PairFeatures(**SMALL).fit(PAIRS)
    g = pickle.loads(pickle.dumps(f))
    np.testing.assert_array_equal(f.transform(PAIRS).toarray(), g.transform(PAIRS).toarray())


def test_each_row_depends_only_on_its_pair():
    f = PairFeatures(**SMALL).fit(PAIRS)
    together = f.transform(PAIRS).toarray()
    alone = np.vstack([f.transform([pair]).toarray() for pair in PAIRS])
    np.testing.assert_allclose(together, alone, rtol=1e-6, atol=1e-7)


def test_array_input_equals_tuple_input_and_empty_input_gives_no_rows():
    f = PairFeatures(**SMALL).fit(PAIRS)
    as_array = np.asarray(PAIRS, dtype=object)
    np.testing.assert_array_equal(f.transform(as_array).toarray(), f.transform(PAIRS).toarray())
    assert f.transform([]).shape == (0, f.n_features_out_)


@pytest.mark.parametrize(
    ("bad", "error", "match"),
    [
        ("a claim", TypeError, "got a single str"),
        ([("only a claim",)], ValueError, r"expected \(claim, body\) pairs.*item 0 is"),
        ([("a", "b", "c")], ValueError, "2-tuples or a 2-column array"),
        (["claim and body"], ValueError, "item 0 is 'claim and body'"),
        ([("a", "b"), ("claim", 3)], TypeError, "item 1 holds int"),
        ([(None, "body")], TypeError, "item 0 holds NoneType"),
    ],
)
def test_bad_input_raises_a_clear_error(bad, error, match):
    f = PairFeatures(**SMALL).fit(PAIRS)
    with pytest.raises(error, match=match):
        f.transform(bad)
    with pytest.raises(error, match=match):
        PairFeatures(**SMALL).fit(bad)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"n_features": 0}, "n_features must be an int >= 1"),
        ({"tf_features": -1}, "tf_features must be an int >= 0"),
        ({"intro_chars": 2.5}, "intro_chars must be an int >= 1"),
        ({"window": -3}, "window must be an int >= 0"),
    ],
)
def test_bad_params_raise_in_fit(params, match):
    f = PairFeatures(**params)  # stored untouched, checked in fit
    with pytest.raises(ValueError, match=match):
        f.fit(PAIRS)


def test_fit_needs_a_pair():
    with pytest.raises(ValueError, match="at least one"):
        PairFeatures().fit([])


# --- feature values on hand-made pairs --------------------------------------------------


def test_identical_texts_are_maximally_similar():
    text = "The minister resigned on Friday after the audit found missing funds."
    row = {k: v[0] for k, v in features([(text, text)]).items()}
    for name in ("sim__word_cosine", "sim__char_cosine", "sim__max_sentence_cosine"):
        assert row[name] == pytest.approx(1.0, abs=1e-5), name
    for name in (
        "overlap__jaccard_words",
        "overlap__claim_coverage",
        "overlap__idf_coverage",
        "overlap__bigram_hits",
        "overlap__trigram_hits",
    ):
        assert row[name] == pytest.approx(1.0), name
    # the first shared content word ("minister") is the second of 11 words
    assert row["overlap__first_shared_position"] == pytest.approx(1 / 11)


def test_unrelated_texts_share_nothing():
    row = {k: v[2] for k, v in features().items()}
    for name in (
        "sim__word_cosine",
        "overlap__jaccard_words",
        "overlap__claim_coverage",
        "overlap__bigram_hits",
        "overlap__idf_coverage",
    ):
        assert row[name] == 0.0, name
    assert row["overlap__first_shared_position"] == 1.0


def test_refuting_cues_are_counted_in_the_body_and_near_shared_words():
    body = "The photo of the shark is fake. It is a hoax, a fraud; the agency denies it."
    row = {k: v[0] for k, v in features([("Shark photo from the flooded highway", body)]).items()}
    assert row["cue__body_refuting"] == pytest.approx(np.log1p(4))  # fake, hoax, fraud, denies
    assert row["cue__body_refuting_intro"] == 4
    assert row["cue__body_refuting_near"] > 0
    assert row["cue__claim_refuting"] == 0


def test_hedges_and_negation_polarity():
    rows = features(
        [
            ("Troops did not cross the border", "Troops reportedly may have crossed the border."),
            ("Troops crossed the border", "Troops never crossed the border, officials said."),
        ]
    )
    assert rows["cue__body_hedge"][0] > 0 and rows["cue__body_hedge"][1] == 0
    assert rows["cue__body_hedge_near"][0] > 0
    assert list(rows["polarity__claim_negation_parity"]) == [1, 0]
    assert list(rows["polarity__body_negation_parity"]) == [0, 1]
    assert rows["polarity__body_negation_near"][1] > 0
    # without cue search the hedge columns stay 0
    assert features([("a b", "Troops may have crossed.")], cues=False)["cue__body_hedge"][0] == 0


def test_opening_counts_only_the_first_characters():
    body = "Nothing about it here. " * 20 + "The mayor resigned."
    row = {k: v[0] for k, v in features([("Mayor resigned", body)]).items()}
    assert row["overlap__claim_coverage"] == 1.0
    assert row["overlap__claim_coverage_intro"] == 0.0
    assert row["sim__best_sentence_position"] == 1.0


def test_char_counts_equal_sklearn_char_wb_hashing():
    f = PairFeatures(n_features=2**12)
    texts = [b for _, b in PAIRS] + ["Ünïcode  ТЕСТ\ttabs\nand  a  A a", "x", ""]
    expected = f._char().transform(texts).toarray()
    np.testing.assert_array_equal(f._char_counts(texts).toarray(), expected)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("denies", "deni"),
        ("denied", "deni"),
        ("hoaxes", "hoax"),
        ("Obama's", "obama"),
        ("class", "class"),
        ("status", "status"),
        ("cats", "cat"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_the_best_matching_sentence_carries_its_own_cues():
    body = (
        "Markets were calm on Monday. Traders waited for data. "
        "The ministry denied that the central bank will raise rates. "
        '"Is that so?" one trader asked.'
    )
    row = {k: v[0] for k, v in features([("Central bank will raise rates", body)]).items()}
    assert row["sim__best_sentence_position"] == pytest.approx(2 / 3)
    assert row["best__denying"] == 1 and row["best__reporting"] == 1  # "denied" reports too
    assert row["best__question"] == 0 and row["lede__denying"] == 0  # lede: first two sentences
    assert row["top3__denying"] == pytest.approx(row["sim__max_sentence_cosine"], rel=1e-5)
    assert 0 < row["simw__denying"] <= 1
    assert row["polarity__best_negation_mismatch"] == 1  # "denied" negates, the claim does not
    assert row["shape__body_sentences"] == pytest.approx(np.log1p(4))


def test_no_shared_word_means_no_best_sentence():
    row = {k: v[0] for k, v in features([("Cat elected mayor", "Rates were denied.")]).items()}
    assert row["best__denying"] == 0 and row["top3__denying"] == 0
    assert row["lede__denying"] == 1


@pytest.mark.parametrize(
    ("body", "verdicts", "in_opening"),
    [
        ("Claim: a shark swam down the highway. Rating: FALSE", 1, 1),
        ("Claim: a shark swam down the highway. Rating: false", 0, 0),
        ("MOSTLY TRUE. " + "Filler words here. " * 20 + "HOAX", 2, 1),
    ],
)
def test_fact_check_verdicts_count_in_capitals_only(body, verdicts, in_opening):
    row = {k: v[0] for k, v in features([("Shark on highway", body)]).items()}
    assert row["cue__body_verdicts"] == pytest.approx(np.log1p(verdicts))
    assert row["cue__body_verdicts_intro"] == in_opening


def test_a_transformer_fitted_before_the_new_features_gives_its_old_columns():
    f = PairFeatures(**SMALL).fit(PAIRS)
    full = f.transform(PAIRS).toarray()
    del f.dense_features_  # as a PairFeatures saved by credscore 0.2 loads
    old = f.transform(PAIRS).toarray()
    names = list(f.get_feature_names_out())
    assert names[: len(LEGACY_DENSE_FEATURES)] == list(LEGACY_DENSE_FEATURES)
    assert old.shape[1] == len(LEGACY_DENSE_FEATURES) + 2 * SMALL["tf_features"]
    index = [list(DENSE_FEATURES).index(n) for n in LEGACY_DENSE_FEATURES]
    np.testing.assert_array_equal(old[:, : len(index)], full[:, index])
