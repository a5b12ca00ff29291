"""The scikit-learn contract of every public transformer of credscore.features.

scikit-learn's common checks skip raw-text estimators, so this runs the same contract by hand
over ArticleFeatures, ClaimFeatures and PairFeatures: parameters keyword-only and stored
untouched, clone/get_params round trip, fit returns self, one name per column, pickle round
trip with identical output, and pandas output whose columns are the feature names.
"""

from __future__ import annotations

import inspect
import pickle

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import credscore.features
from credscore.features import ArticleFeatures, ClaimFeatures, PairFeatures

ARTICLES = [
    "Port reopens\n\nThe port may reopen next week, officials said. \"It is clearly over,\" "
    "director Ana Ruiz told reporters.\n\nAbout 300 workers returned, according to the union.",
    "KCNA said the reports were false. Analysts believe the shipments probably continued.",
    "<html><body><p>The ministry confirmed the figures on Monday.</p></body></html>",
]
SENTENCES = [
    "The ministry confirmed the shipments on Wednesday.",
    "Some critics say the deal may collapse.",
    '"It is clearly a supply line," Harlow said.',
]
PAIRS = [
    ("Pope denies dying", "The Vatican said the rumour of his death is a hoax."),
    ("Ships carried arms", "Officials may have confirmed that ships carried arms to the port."),
    ("Bridge reopened", "The bridge reopened on Friday, the city said."),
]

# (factory, training data, factory of a variant whose output pandas accepts)
CASES = {
    "ArticleFeatures": (ArticleFeatures, ARTICLES, ArticleFeatures),
    "ClaimFeatures": (
        lambda: ClaimFeatures(n_features=2**8),
        SENTENCES,
        lambda: ClaimFeatures(n_features=2**8, dense=True),
    ),
    "PairFeatures": (
        lambda: PairFeatures(n_features=2**8, tf_features=2**4),
        PAIRS,
        lambda: PairFeatures(n_features=2**8, tf_features=2**4, dense=True),
    ),
}
PARAMS = [pytest.param(*case, id=name) for name, case in CASES.items()]


def _dense(matrix) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)


def test_the_package_exports_exactly_the_three_transformers():
    assert credscore.features.__all__ == ["ArticleFeatures", "ClaimFeatures", "PairFeatures"]
    assert {name: getattr(credscore.features, name) for name in credscore.features.__all__} == {
        "ArticleFeatures": ArticleFeatures,
        "ClaimFeatures": ClaimFeatures,
        "PairFeatures": PairFeatures,
    }
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        credscore.features.Nope  # noqa: B018


@pytest.mark.parametrize(("make", "data", "make_dense"), PARAMS)
def test_init_takes_keyword_only_params_and_stores_them(make, data, make_dense):
    estimator = make()
    signature = inspect.signature(type(estimator).__init__)
    for name, param in signature.parameters.items():
        if name != "self":
            assert param.kind is param.KEYWORD_ONLY, name
            assert getattr(estimator, name) is estimator.get_params()[name]


@pytest.mark.parametrize(("make", "data", "make_dense"), PARAMS)
def test_clone_and_get_params_round_trip(make, data, make_dense):
    estimator = make()
    params = estimator.get_params()
    copy = clone(estimator)
    assert copy is not estimator
    assert copy.get_params() == params
    assert type(estimator)(**params).get_params() == params


@pytest.mark.parametrize(("make", "data", "make_dense"), PARAMS)
def test_fit_returns_self_and_transform_needs_fit(make, data, make_dense):
    estimator = make()
    with pytest.raises(NotFittedError):
        estimator.transform(data)
    params = estimator.get_params()
    assert estimator.fit(data) is estimator
    assert estimator.get_params() == params


@pytest.mark.parametrize(("make", "data", "make_dense"), PARAMS)
def test_feature_names_match_the_columns(make, data, make_dense):
    estimator = make().fit(data)
    names = estimator.get_feature_names_out()
    matrix = estimator.transform(data)
    assert matrix.shape == (len(data), len(names))
    assert len(set(names)) == len(names)
    assert all("__" in name for name in names)  # prefixed by family, for FeatureUnion


@pytest.mark.parametrize(("make", "data", "make_dense"), PARAMS)
def test_pickle_round_trip_gives_identical_output(make, data, make_dense):
    estimator = make().fit(data)
    restored = pickle.loads(pickle.dumps(estimator))
    expected = _dense(estimator.transform(data))
    np.testing.assert_array_equal(_dense(restored.transform(data)), expected)


@pytest.mark.parametrize(("make", "data", "make_dense"), PARAMS)
def test_pandas_output_columns_are_the_feature_names(make, data, make_dense):
    pd = pytest.importorskip("pandas")
    estimator = make_dense().fit(data).set_output(transform="pandas")
    frame = estimator.transform(data)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(estimator.get_feature_names_out())
    plain = make_dense().fit(data).transform(data)
    np.testing.assert_array_equal(frame.to_numpy(), _dense(plain))


@pytest.mark.parametrize("make", [CASES["ClaimFeatures"][0], CASES["PairFeatures"][0]])
def test_sparse_output_refuses_pandas_with_sklearns_error(make):
    pytest.importorskip("pandas")
    data = SENTENCES if isinstance(make(), ClaimFeatures) else PAIRS
    estimator = make().fit(data).set_output(transform="pandas")
    assert sparse.issparse(make().fit(data).transform(data))
    with pytest.raises(ValueError, match="sparse matrix"):
        estimator.transform(data)


def test_claim_features_dense_equals_sparse():
    sparse_out = ClaimFeatures(n_features=2**8).fit(SENTENCES).transform(SENTENCES)
    dense_out = ClaimFeatures(n_features=2**8, dense=True).fit(SENTENCES).transform(SENTENCES)
    assert isinstance(dense_out, np.ndarray)
    np.testing.assert_array_equal(dense_out, sparse_out.toarray())
    assert ClaimFeatures(n_features=2**8, dense=True).fit(SENTENCES).transform([]).shape[0] == 0
