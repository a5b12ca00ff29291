"""Contract tests for the claim-model transformers: ClaimFeatures and CueCounts.

scikit-learn's common estimator checks skip raw-text estimators, so this file checks the same
contract by hand: parameters stored untouched, clone/get_params round trip, fit returns self,
one row per sentence, a name per column, identical output after pickling, clear input errors.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import HashingVectorizer

from credscore.features._hashing import char_wb_counts, supports
from credscore.features.vectorize import (
    _CASEFOLD_UNSAFE,
    WEASEL_KINDS,
    ClaimFeatures,
    CueCounts,
    _weasel_patterns,
    cue_counts,
)
from credscore.segment import words

SENTENCES = [
    "The ministry confirmed the shipments on Wednesday.",
    "Some critics say the deal may collapse.",
    '"It is clearly a supply line," Harlow said.',
    "Apple Watch Sales Could Hit 24M, Analyst Says",
    "Prices rose about 3% in May, it is believed.",
]


def _small_features(**params):
    return ClaimFeatures(n_features=2**10, **params)


ESTIMATORS = [
    pytest.param(_small_features, id="ClaimFeatures"),
    pytest.param(lambda: _small_features(cues=False, char_ngrams=(3, 4)), id="ClaimFeatures-nocue"),
    pytest.param(CueCounts, id="CueCounts"),
]


def _dense(matrix):
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)


@pytest.mark.parametrize("make", ESTIMATORS)
def test_clone_and_get_params_round_trip(make):
    estimator = make()
    params = estimator.get_params()
    copy = clone(estimator)
    assert copy.get_params() == params
    assert type(copy)(**params).get_params() == params


@pytest.mark.parametrize("make", ESTIMATORS)
def test_fit_returns_self_and_leaves_params_untouched(make):
    estimator = make()
    params = estimator.get_params()
    assert estimator.fit(SENTENCES) is estimator
    assert estimator.get_params() == params


@pytest.mark.parametrize("make", ESTIMATORS)
def test_one_row_per_sentence_and_a_name_per_column(make):
    estimator = make().fit(SENTENCES)
    matrix = estimator.transform(SENTENCES[:3])
    names = estimator.get_feature_names_out()
    assert matrix.shape == (3, len(names))
    assert len(set(names)) == len(names)
    assert estimator.transform([]).shape == (0, len(names))


@pytest.mark.parametrize("make", ESTIMATORS)
def test_pickle_round_trip_gives_identical_output(make):
    estimator = make().fit(SENTENCES)
    restored = pickle.loads(pickle.dumps(estimator))
    np.testing.assert_array_equal(
        _dense(restored.transform(SENTENCES)), _dense(estimator.transform(SENTENCES))
    )


@pytest.mark.parametrize("make", ESTIMATORS)
def test_transform_before_fit_is_refused(make):
    with pytest.raises(NotFittedError):
        make().transform(SENTENCES)


@pytest.mark.parametrize("make", ESTIMATORS)
@pytest.mark.parametrize("bad", [3, None, b"bytes"])
def test_non_str_input_is_a_type_error(make, bad):
    estimator = make().fit(SENTENCES)
    with pytest.raises(TypeError, match=r"expected sentences as str; item 1 is \w+"):
        estimator.transform(["A sentence.", bad])
    with pytest.raises(TypeError, match="expected sentences as str"):
        make().fit(["A sentence.", bad])


@pytest.mark.parametrize("make", ESTIMATORS)
def test_a_bare_string_is_refused_as_scikit_learn_refuses_it(make):
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        make().fit("It may rain.")
    with pytest.raises(ValueError, match="string object received; wrap one text in a list"):
        make().fit(SENTENCES).transform("It may rain.")


def test_claim_feature_names_are_prefixed_by_part():
    features = _small_features().fit(SENTENCES)
    names = features.get_feature_names_out()
    assert names[0] == "word__h0"
    assert names[2**10] == "char__h0"
    assert names[-1].startswith("cue__shape_")
    assert len(names) == 2 * 2**10 + len(CueCounts().fit([]).get_feature_names_out())


@pytest.mark.parametrize(
    ("params", "message"),
    [({"n_features": 0}, "n_features must be a positive int"), ({}, "at least one sentence")],
)
def test_claim_features_fit_errors(params, message):
    with pytest.raises(ValueError, match=message):
        ClaimFeatures(**params).fit([] if not params else SENTENCES)


CUE_CASES = [
    ("Some critics say the deal may collapse.", {"weasel_quantifier": 1.0, "hedge_modal": 1.0}),
    ("It is widely considered one of the most famous films.", {"weasel_peacock": 1.0}),
    ("It is believed the ship sank.", {"weasel_attribution": 1.0, "hedge_doxastic": 1.0}),
    ("Apple Watch Sales Could Hit 24M", {"shape_title_case": 1.0, "shape_ends_period": 0.0}),
    ("Prices rose 3%.", {"shape_percent": 1.0, "shape_ends_period": 1.0, "weasel_peacock": 0.0}),
]


@pytest.mark.parametrize(("sentence", "expected"), CUE_CASES)
def test_cue_counts(sentence, expected):
    names = CueCounts().fit([]).get_feature_names_out()
    row = dict(zip(names, cue_counts(sentence), strict=True))
    assert {name: row[name] for name in expected} == expected


def test_every_weasel_kind_has_a_column_and_a_rate():
    names = set(CueCounts().fit([]).get_feature_names_out())
    for kind in WEASEL_KINDS:
        assert {f"weasel_{kind}", f"weasel_{kind}_rate"} <= names


def test_cue_counts_fitted_with_fewer_columns_keep_them():
    """A model saved before the weasel and shape columns existed still loads and predicts."""
    old = CueCounts().fit(SENTENCES)
    old.feature_names_ = old.feature_names_[:19]
    full = CueCounts().fit(SENTENCES).transform(SENTENCES)
    np.testing.assert_array_equal(old.transform(SENTENCES), full[:, :19])


HASHING_TEXTS = [
    "The ministry confirmed the shipments on Wednesday.",
    "",
    "   \t ",
    "a",
    "İstanbul  ÇA\u00a0va x\u2003y\x1cz — “quoted” O’Neill's",
    "\tLeading\nand trailing \r\n",
    "Well-known U.S. officials said 3.5% of 1,200 e-mails were lost.",
]


@pytest.mark.parametrize("ngrams", [(2, 5), (1, 1), (3, 4)])
@pytest.mark.parametrize("n_features", [2**4, 2**10])
def test_cached_char_wb_hashing_equals_sklearn(ngrams, n_features):
    vectorizer = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=ngrams,
        n_features=n_features,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )
    assert supports(vectorizer)
    ours = char_wb_counts(vectorizer, HASHING_TEXTS)
    theirs = vectorizer.transform(HASHING_TEXTS)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    np.testing.assert_array_equal(ours.data, theirs.data)


@pytest.mark.parametrize(
    "params",
    [
        {"analyzer": "char"},
        {"analyzer": "word"},
        {"lowercase": False},
        {"binary": True},
        {"norm": "l2"},
        {"alternate_sign": True},
        {"strip_accents": "unicode"},
    ],
)
def test_hashing_shortcut_refuses_other_vectorizers(params):
    defaults = {"analyzer": "char_wb", "alternate_sign": False, "norm": None}
    assert not supports(HashingVectorizer(**{**defaults, **params}))
    assert supports(HashingVectorizer(**defaults))


def test_claim_features_transform_equals_its_feature_union():
    features = _small_features().fit(SENTENCES)
    texts = SENTENCES + HASHING_TEXTS
    ours, theirs = features.transform(texts), features.union_.transform(texts)
    assert (ours != theirs).nnz == 0


def test_the_casefold_unsafe_characters_are_all_of_them():
    """The set depends on Python's Unicode database: when an upgrade changes it, this fails and
    says which characters to add to or drop from _CASEFOLD_UNSAFE."""
    word = re.compile(r"[\w-]")
    expected = set()
    for char in map(chr, range(sys.maxunicode + 1)):
        folded = char.casefold()
        changes_wordness = any(bool(word.match(x)) != bool(word.match(char)) for x in folded)
        i_like = re.fullmatch("i", char, re.I) and folded != "i"  # "ı" matches "i", folds alone
        if not folded or changes_wordness or i_like:
            expected.add(char)
    unsafe = {c for c in map(chr, range(sys.maxunicode + 1)) if _CASEFOLD_UNSAFE.match(c)}
    assert unsafe == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "SOME critics say it is BELIEVED to be legendary.",
        "İt is said that ſome people often argue.",  # casefold-unsafe İ: searched in full
        "The ſcholars (long s) and \u212aelvin-sign experts weighed in.",
        "It was seen as world-class, not world-classic.",
        "Experts.Many observers, x-some, some-x and one of the most famous.",
        "The two sides met on Tuesday.",
    ],
)
def test_weasel_counts_with_the_word_prefilter_equal_a_full_search(sentence):
    names = CueCounts().fit([]).get_feature_names_out()
    row = dict(zip(names, cue_counts(sentence), strict=True))
    full = [len(p.findall(sentence)) for p in _weasel_patterns()]
    root = math.sqrt(max(1, len(words(sentence))))
    assert [row[f"weasel_{kind}_rate"] for kind in WEASEL_KINDS] == [n / root for n in full]
    assert any(full) == (sentence != "The two sides met on Tuesday.")


#: the first hashed char n-gram columns of one sentence in the claim model's space: a change
#: here changes every claim feature, and the shipped bundle would need retraining
PINNED_CHAR_COLUMNS = [162, 2860, 4169, 4329, 5460, 6175, 6321, 6716]
_CHAR_COLUMNS = """
from sklearn.feature_extraction.text import HashingVectorizer
from credscore.features._hashing import char_wb_counts
v = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**16,
                      alternate_sign=False, norm=None)
print(char_wb_counts(v, ["Officials may resign."]).indices[:8].tolist())
"""


def test_char_ngram_columns_are_the_same_in_every_process():
    for seed in ("0", "12345"):  # str hashes differ between these processes; columns must not
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", _CHAR_COLUMNS]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == PINNED_CHAR_COLUMNS
