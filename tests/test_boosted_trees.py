import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from credscore.boosted_trees import BoostedTrees
from credscore.training.furniture import boosted_trees


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 5))
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int)
    return HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(x, y)


def test_numpy_trees_give_scikit_learns_probabilities(fitted):
    x = np.random.default_rng(1).normal(size=(300, 5))
    trees = boosted_trees(fitted)
    assert np.allclose(trees.proba(x), fitted.predict_proba(x)[:, 1], rtol=0, atol=1e-12)


def test_trees_survive_the_round_trip_through_arrays(fitted):
    trees = boosted_trees(fitted)
    again = BoostedTrees.from_arrays(trees.to_arrays("second"), "second")
    x = np.random.default_rng(2).normal(size=(50, 5))
    assert np.array_equal(again.proba(x), trees.proba(x))


def test_no_rows_give_no_probabilities(fitted):
    assert boosted_trees(fitted).proba(np.zeros((0, 5))).shape == (0,)
