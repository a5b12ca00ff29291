"""Stance pairs grouped into claims, and the claim-disjoint split of FNC-1."""

import numpy as np
import pytest

from credscore.errors import TrainingDataError
from credscore.training.datasets import StanceExample
from credscore.training.stance import fnc1_split
from credscore.training.stance_claims import claim_disjoint_split, claim_groups, pairs_within


def pair(headline, body_id, stance):
    return StanceExample(headline, f"body {body_id}", stance, body_id)


# three claims: pope (headlines P1, P2; bodies 1, 2), cat (C1; 3), rain (R1; 4)
PAIRS = [
    pair("P1", "1", "agree"),
    pair("P2", "1", "discuss"),
    pair("P2", "2", "disagree"),
    pair("P1", "3", "unrelated"),
    pair("C1", "3", "agree"),
    pair("C1", "4", "unrelated"),
    pair("R1", "4", "discuss"),
    pair("R1", "2", "unrelated"),
]


def test_related_pairs_join_headlines_and_bodies_into_claims():
    groups = claim_groups(PAIRS)
    assert groups.n_claims == 3
    assert groups.headline.tolist() == [0, 0, 0, 0, 1, 1, 2, 2]
    assert groups.body.tolist() == [0, 0, 0, 1, 1, 2, 2, 0]
    assert groups.of_body == {"1": 0, "2": 0, "3": 1, "4": 2}


def test_a_headline_or_body_without_related_pairs_is_a_claim_alone():
    groups = claim_groups([pair("A", "1", "unrelated"), pair("B", "2", "agree")])
    assert groups.n_claims == 3 and groups.headline[0] != groups.body[0]


def test_bodies_without_ids_are_keyed_by_text():
    pairs = [StanceExample("A", "same text", "agree"), StanceExample("B", "same text", "agree")]
    groups = claim_groups(pairs)
    assert groups.headline.tolist() == [0, 0] and groups.n_claims == 1


@pytest.mark.parametrize(
    ("claims", "rows"),
    [
        ({0}, [0, 1, 2]),
        ({1}, [4]),
        ({0, 1}, [0, 1, 2, 3, 4]),
        ({0, 2}, [0, 1, 2, 6, 7]),
        (set(), []),
    ],
)
def test_pairs_within_keep_both_sides_inside(claims, rows):
    assert pairs_within(claim_groups(PAIRS), claims).tolist() == rows


def test_the_split_drops_pairs_across_and_keeps_no_side_on_both():
    groups = claim_groups(PAIRS)
    split = claim_disjoint_split(groups, fraction=0.3, seed=0)
    assert len(split.dev_claims) == 1
    everything = np.concatenate([split.train, split.dev, split.dropped])
    assert sorted(everything.tolist()) == list(range(len(PAIRS)))
    sides = [set(groups.headline[i]) | set(groups.body[i]) for i in (split.train, split.dev)]
    assert not sides[0] & sides[1] and sides[1] == set(split.dev_claims)
    assert all(PAIRS[i].stance == "unrelated" for i in split.dropped)


def test_fnc1_split_shares_no_claim_headline_or_body():
    try:
        split = fnc1_split()
    except TrainingDataError:
        pytest.skip("no data folder (../shared/data or CREDSCORE_DATA)")
    for attribute in ("claim", "body_id"):
        train = {getattr(e, attribute) for e in split.train}
        assert not train & {getattr(e, attribute) for e in split.dev}, attribute
    n_claims = split.groups.n_claims
    assert 0.15 < len(split.dev_claims) / n_claims < 0.25
    assert len(split.train) + len(split.dev) + split.dropped == len(split.groups.headline)
