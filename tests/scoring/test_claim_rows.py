"""The claim model's training rows: the F1 cut and folds by row content."""

import numpy as np
import pytest
from scipy import sparse

from credscore.scoring.claim_rows import f1_threshold, row_folds


@pytest.mark.parametrize(
    ("firm", "expected"),
    [
        # calling the three lowest uncertain catches both uncertain rows: F1 0.8
        ([0.9, 0.8, 0.7, 0.6, 0.3, 0.2], 0.65),
        # both uncertain rows lowest: cut between them and the firm ones
        ([0.9, 0.8, 0.7, 0.1, 0.2, 0.6], 0.4),
        # the uncertain rows are the firmest: calling everything uncertain is best (F1 0.5)
        ([0.1, 0.2, 0.3, 0.9, 0.8, 0.4], 1.0),
    ],
)
def test_the_cut_maximises_f1_of_the_uncertain_class(firm, expected):
    y = np.array([1, 1, 1, 0, 0, 1])
    assert f1_threshold(y, np.array(firm), np.ones(6)) == pytest.approx(expected)


def test_identical_rows_share_a_fold():
    X = sparse.csr_matrix(np.array([[1, 0], [0, 1], [1, 0], [2, 0]], dtype=float))
    folds = row_folds(X, 3)
    assert folds[0] == folds[2]
    assert set(folds) <= {0, 1, 2}
