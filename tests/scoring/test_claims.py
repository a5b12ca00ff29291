"""Which sentences are claims, and the soft labels behind graded training targets."""

import numpy as np
import pytest

from credscore.scoring.claims import fit_claims, is_claim, soft_labels

CLAIMS = [
    ("The ministry confirmed the shipments on Wednesday.", True),
    ('"This is a supply line," Harlow said.', True),
    ("Prices may rise next year.", True),
    ("Why does this matter?", False),
    ('"Why now?" she asked?', False),
    ("Photos: the scene", False),
    ("Related coverage:", False),
    ("UPDATED AT NOON", False),
    ("Three dead.", False),
    ("Officials said the following:", False),
]


@pytest.mark.parametrize(("sentence", "expected"), CLAIMS)
def test_is_claim(sentence, expected):
    assert is_claim(sentence) is expected


def test_soft_labels_split_graded_targets_into_weighted_rows():
    X, y, w = soft_labels(["firm", "hedged", "graded"], [1.0, 0.0, 0.8])
    assert X == ["firm", "hedged", "graded", "graded"]
    assert list(y) == [1, 0, 1, 0]
    np.testing.assert_allclose(w, [1.0, 1.0, 0.8, 0.2])


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="one class"):
        fit_claims(["a firm claim here", "another firm one"], [1.0, 1.0])
