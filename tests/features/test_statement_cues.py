"""Tests for credscore.features.statement_cues: hand-written (claim, statement) pairs and the
transformer contract of StatementCues."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from credscore.features.statement_cues import (
    STATEMENT_FEATURES,
    StatementCues,
    claim_coverage,
    cue_positions,
    negated_terms,
    negation_mismatch,
    opens_with_source,
    read,
    statement_row,
)

NELSON = "Judd Nelson is dead"
WATCH = "Apple Watch will ship in March"

# (claim, statement, feature, expected value): each row one behaviour the model relies on
CASES = [
    # a question
    ("Kim Jong Un is ill", "Is Kim Jong Un ill?", "statement__question", 1.0),
    ("Kim Jong Un is ill", "Is Kim Jong Un ill?", "statement__question_opening", 1.0),
    ("Kim Jong Un is ill", "Kim Jong Un is ill", "statement__question", 0.0),
    ("Kim Jong Un is ill", "Kim Jong Un is ill", "statement__question_opening", 0.0),
    # a label and a colon in front
    (
        "Brokaw wants Williams fired",
        "Source: Brokaw wants Williams fired",
        "statement__source_prefix",
        1.0,
    ),
    (
        "Brokaw wants Williams fired",
        "Brokaw wants Williams fired: source",
        "statement__source_prefix",
        0.0,
    ),
    # hedges, and where they stand relative to the shared words
    (WATCH, "Reportedly, Apple Watch ships in March", "statement__hedge_before_shared", 1.0),
    (WATCH, "Reportedly, Apple Watch ships in March", "statement__hedge_after_shared", 0.0),
    (WATCH, "Apple Watch to ship in March, claims analyst", "statement__hedge_after_shared", 1.0),
    (WATCH, "Apple Watch to ship in March, claims analyst", "statement__hedge_before_shared", 0.0),
    (
        WATCH,
        "Apple Watch to ship in March, claims analyst",
        "statement__reporting_after_shared",
        1.0,
    ),
    (WATCH, "Apple Watch ships in March", "statement__hedges", 0.0),
    (
        "Analysts claim Apple Watch will ship",
        "Apple Watch will ship, claims analyst",
        "statement__hedges_new",
        0.0,
    ),
    # refuting and debunking words the statement has and the claim lacks, and the reverse
    (NELSON, "Judd Nelson death report is a hoax", "statement__debunking", np.log1p(1)),
    (NELSON, "Judd Nelson death report is a hoax", "statement__refuting_new", np.log1p(1)),
    (NELSON, "Judd Nelson death story is made up", "statement__debunking", np.log1p(1)),
    (NELSON, "Judd Nelson death story is made up", "statement__refuting_new", 0.0),
    (
        "Nelson death report is a hoax",
        "Nelson is dead",
        "statement__refuting_claim_only",
        np.log1p(1),
    ),
    (
        "Nelson death report is a hoax",
        "Nelson death report is a hoax",
        "statement__refuting_new",
        0.0,
    ),
    (NELSON, "Judd Nelson is dead", "statement__debunking", 0.0),
    # negation in one text only; a negated shared word
    (NELSON, "Judd Nelson isn't dead", "statement__negation_new", np.log1p(1)),
    (NELSON, "Judd Nelson isn't dead", "align__negation_mismatch", 1.0),
    (
        "Judd Nelson is not dead",
        "Judd Nelson is dead",
        "statement__negation_claim_only",
        np.log1p(1),
    ),
    ("Judd Nelson is not dead", "Judd Nelson is dead", "align__negation_mismatch", 1.0),
    ("Judd Nelson is not dead", "Judd Nelson is not dead", "align__negation_mismatch", 0.0),
    ("Judd Nelson is not dead", "Judd Nelson is not dead", "statement__negation_new", 0.0),
    (
        "NHL will expand to Las Vegas",
        "No, NHL will expand to Las Vegas",
        "align__negation_mismatch",
        0.0,
    ),
    (
        "NHL will expand to Las Vegas",
        "NHL will not expand to Las Vegas",
        "align__negation_mismatch",
        1.0,
    ),
    # alignment of the claim's content words, through stems and synonyms
    ("Pope dies", "The pope is dead", "align__claim_coverage", 1.0),
    ("Rebels exported weapons", "Rebels shipped arms", "align__claim_coverage", 1.0),
    ("Rebels exported weapons", "Rebels bought bread", "align__claim_coverage", 1 / 3),
    ("Rebels exported weapons", "Rebels bought bread", "align__statement_coverage", 1 / 3),
    ("Pope dies", "Weather stays mild", "align__shared_terms", 0.0),
    ("Pope dies", "Weather stays mild", "align__first_shared_position", 1.0),
    ("Pope dies", "Rome: the pope is dead", "align__first_shared_position", 0.4),
    # an empty statement
    ("Pope dies", "", "statement__words", 0.0),
    ("Pope dies", "", "align__claim_coverage", 0.0),
]


@pytest.mark.parametrize(("claim", "statement", "feature", "expected"), CASES)
def test_feature_on_hand_written_pair(claim, statement, feature, expected):
    row = dict(zip(STATEMENT_FEATURES, statement_row(claim, statement), strict=True))
    assert row[feature] == pytest.approx(expected)


def test_row_has_one_value_per_name():
    assert len(statement_row(NELSON, "Judd Nelson isn't dead")) == len(STATEMENT_FEATURES)
    assert len(set(STATEMENT_FEATURES)) == len(STATEMENT_FEATURES)


@pytest.mark.parametrize(
    ("words", "phrases", "expected"),
    [
        (["it", "is", "made", "up"], [("made", "up"), ("fake",)], [2]),
        (["made", "it", "up"], [("made", "up")], []),
        (["he", "isn't", "dead"], [("n't",)], [1]),
        (["he", "isn't", "dead"], [("not",)], []),
        ([], [("fake",)], []),
    ],
)
def test_cue_positions(words, phrases, expected):
    assert cue_positions(words, phrases) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nelson is not dead", {"kill"}),  # 'dead' is in the kill~dead synonym set
        ("Nelson is not dead, aides say", {"kill"}),
        ("No, Nelson is dead", set()),
        ("Nelson is dead", set()),
        ("They never shipped weapons", {"export", "arm"}),
    ],
)
def test_negated_terms(text, expected):
    assert negated_terms(read(text)) == expected


@pytest.mark.parametrize(
    ("claim", "statement", "expected"),
    [
        (NELSON, "Judd Nelson is not dead", True),
        (NELSON, "Judd Nelson is dead, not missing", False),
        ("Nelson is not dead", "Nelson is not dead", False),
    ],
)
def test_negation_mismatch(claim, statement, expected):
    assert negation_mismatch(read(claim), read(statement)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source: Tom Brokaw wants Brian Williams fired", True),
        ("Hoax Alert: Father O'Neal is made up", True),
        ("Jordan Vs ISIS: Reports say the king could lead strikes", True),
        ("Tom Brokaw wants Brian Williams fired: source", False),
        ("Time 10:30 is when it happened", False),
    ],
)
def test_opens_with_source(text, expected):
    assert opens_with_source(text) is expected


def test_claim_without_content_is_covered():
    assert claim_coverage(read("It is"), read("Anything")) == 1.0


PAIRS = [(NELSON, "Judd Nelson death is a hoax"), (WATCH, "Apple Watch to ship in March?")]


def test_transform_dense_without_ngrams():
    f = StatementCues().fit(PAIRS)
    out = f.transform(PAIRS)
    assert isinstance(out, np.ndarray) and out.dtype == np.float32
    assert out.shape == (2, len(STATEMENT_FEATURES))
    assert list(f.get_feature_names_out()) == list(STATEMENT_FEATURES)


def test_transform_appends_statement_ngrams():
    f = StatementCues(ngram_features=16).fit(PAIRS)
    out = f.transform(PAIRS)
    assert sp.issparse(out) and out.shape == (2, len(STATEMENT_FEATURES) + 16)
    assert len(f.get_feature_names_out()) == out.shape[1]
    ngrams = out[:, len(STATEMENT_FEATURES) :].toarray()
    assert np.allclose(np.linalg.norm(ngrams, axis=1), 1.0)
    # the claim does not enter the n-grams: same statement, other claim, same n-grams
    other = f.transform([("Something else entirely", PAIRS[0][1])])
    assert np.allclose(other[:, len(STATEMENT_FEATURES) :].toarray(), ngrams[:1])


def test_transform_empty_input():
    assert StatementCues().fit(PAIRS).transform([]).shape == (0, len(STATEMENT_FEATURES))


@pytest.mark.parametrize("value", [-1, 1.5, True, "8"])
def test_bad_ngram_features_is_a_clear_error(value):
    with pytest.raises(ValueError, match="ngram_features must be an int >= 0"):
        StatementCues(ngram_features=value).fit(PAIRS)


def test_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        StatementCues().transform(PAIRS)


def test_bad_pairs_are_a_clear_error():
    with pytest.raises(TypeError, match="single str"):
        StatementCues().fit(PAIRS).transform("a claim")


def test_clone_and_pickle_round_trip():
    f = StatementCues(ngram_features=8).fit(PAIRS)
    assert clone(f).get_params() == {"ngram_features": 8}
    again = pickle.loads(pickle.dumps(f))
    assert (again.transform(PAIRS) != f.transform(PAIRS)).nnz == 0
