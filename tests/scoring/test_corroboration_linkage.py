"""Clustering a story's sources from pair probabilities
(credscore/scoring/corroboration/linkage.py)."""

import numpy as np
import pytest

from credscore.scoring.corroboration.linkage import average_link, cluster, single_link

TRIANGLE = [(0, 1), (0, 2), (1, 2)]


def _groups(labels):
    first = {}
    return [first.setdefault(x, i) for i, x in enumerate(labels)]


@pytest.mark.parametrize(
    ("linkage", "proba", "threshold", "expected"),
    [
        ("single", [0.9, 0.1, 0.2], 0.5, [0, 0, 2]),
        ("single", [0.9, 0.1, 0.8], 0.5, [0, 0, 0]),  # a chain joins 0 and 2 through 1
        ("average", [0.9, 0.1, 0.8], 0.4, [0, 0, 0]),  # 2 to {0, 1}: mean 0.45 >= 0.4 ...
        ("average", [0.9, 0.1, 0.8], 0.5, [0, 0, 2]),  # ... < 0.5
        ("single", [0.5, 0.5, 0.5], 0.5, [0, 0, 0]),  # the threshold itself joins
        ("single", [0.4, 0.4, 0.4], 0.5, [0, 1, 2]),
    ],
)
def test_cluster_by_linkage_table(linkage, proba, threshold, expected):
    assert _groups(cluster(3, TRIANGLE, np.array(proba), threshold, linkage)) == expected


def test_labels_are_the_lowest_member_of_each_cluster():
    pairs = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]
    proba = np.array([0.1, 0.1, 0.1, 0.1, 0.9, 0.1])
    assert single_link(4, pairs, proba, 0.5) == [0, 1, 2, 1]
    assert average_link(4, pairs, proba, 0.5) == [0, 1, 2, 1]


def test_an_unknown_linkage_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="unknown linkage 'complete': use one of average, single"):
        cluster(2, [(0, 1)], np.array([0.9]), 0.5, "complete")


CHAIN = [(0, 1), (0, 2), (1, 2)]  # 0 "Guardian", 1 "the leaked document", 2 "Yonhap"


@pytest.mark.parametrize(
    ("proba", "conflicts", "expected"),
    [
        ([0.9, 0.0, 0.8], None, [0, 0, 0]),  # no conflicts given: the chain joins all three
        ([0.9, 0.0, 0.8], [False, True, False], [0, 0, 2]),  # 1 goes to its best pair only
        ([0.8, 0.0, 0.9], [False, True, False], [0, 1, 1]),
        ([0.9, 0.9, 0.9], [False, True, False], [0, 0, 2]),  # a likely conflict is still apart
        ([0.9, 0.9, 0.9], [False, False, False], [0, 0, 0]),
        ([0.4, 0.0, 0.9], [False, True, False], [0, 1, 1]),  # below the threshold: apart anyway
    ],
)
def test_single_link_never_joins_two_sources_named_apart(proba, conflicts, expected):
    blocked = None if conflicts is None else np.array(conflicts)
    assert _groups(cluster(3, CHAIN, np.array(proba), 0.5, "single", blocked)) == expected


def test_a_conflict_blocks_the_chain_through_larger_clusters():
    # 0-1-2-3 is a chain of likely pairs; 0 and 3 are named apart, so the weakest link breaks
    pairs = [(0, 1), (1, 2), (2, 3), (0, 3)]
    proba = np.array([0.95, 0.7, 0.9, 0.0])
    assert single_link(4, pairs, proba, 0.5, np.array([False, False, False, True])) == [0, 0, 2, 2]
    assert single_link(4, pairs, proba, 0.5) == [0, 0, 0, 0]
