"""Stance pairs grouped by the claim they are about, and splits that hold out whole claims.

FNC-1 pairs each of its headlines with many bodies: the bodies of its own Emergent claim
(agree, disagree, discuss) and bodies of other claims (unrelated). The headlines and bodies
joined by related pairs form one claim each (its articles and their headlines), so a dev split
that holds out claims holds out their headlines *and* their bodies, as FNC-1's competition
test does. A pair joining a held-out side to a training side (an unrelated headline-body pair
across the two) belongs to neither and is dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from credscore.training.datasets import StanceExample, carve_dev

__all__ = ["ClaimGroups", "ClaimSplit", "claim_disjoint_split", "claim_groups", "pairs_within"]


@dataclass(frozen=True)
class ClaimGroups:
    """The claim of each pair's headline and of its body (ints, 0 ..), and of each body key.

    A body's key is its ``body_id``, or its text when the pair has none. For a related pair
    ``headline[i] == body[i]``; an unrelated pair joins two claims.
    """

    headline: np.ndarray
    body: np.ndarray
    of_body: dict[str, int]
    n_claims: int


@dataclass(frozen=True)
class ClaimSplit:
    """Indices of the training and dev pairs, the pairs dropped between them, and the claims."""

    train: np.ndarray
    dev: np.ndarray
    dropped: np.ndarray
    dev_claims: frozenset[int]


def _body_key(example: StanceExample) -> str:
    return example.body_id if example.body_id is not None else example.body


def claim_groups(examples: Sequence[StanceExample]) -> ClaimGroups:
    """Group headlines and bodies into claims: the connected parts of the graph whose edges are
    the related (not unrelated) pairs. A headline or body in no related pair is a claim alone.

    Examples
    --------
    >>> pairs = [StanceExample("Pope dies", "b1", "agree", "1"),
    ...          StanceExample("Pope has died", "b1", "discuss", "1"),
    ...          StanceExample("Pope has died", "b2", "agree", "2"),
    ...          StanceExample("Pope dies", "b3", "unrelated", "3"),
    ...          StanceExample("Cat elected mayor", "b3", "agree", "3")]
    >>> groups = claim_groups(pairs)
    >>> groups.headline.tolist(), groups.body.tolist(), groups.n_claims
    ([0, 0, 0, 0, 1], [0, 0, 0, 1, 1], 2)
    """
    heads: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for e in examples:
        heads.setdefault(e.claim, len(heads))
        bodies.setdefault(_body_key(e), len(bodies))
    n = len(heads) + len(bodies)
    related = [e for e in examples if e.stance != "unrelated"]
    edges = coo_matrix(
        (
            np.ones(len(related)),
            (
                [heads[e.claim] for e in related],
                [len(heads) + bodies[_body_key(e)] for e in related],
            ),
        ),
        shape=(n, n),
    )
    _, labels = connected_components(edges, directed=False)
    # number the claims in the order their first pair appears
    order: dict[int, int] = {}
    for e in examples:
        order.setdefault(int(labels[heads[e.claim]]), len(order))
        order.setdefault(int(labels[len(heads) + bodies[_body_key(e)]]), len(order))
    headline = np.asarray([order[int(labels[heads[e.claim]])] for e in examples], dtype=np.int64)
    body_of = {key: order[int(labels[len(heads) + i])] for key, i in bodies.items()}
    body = np.asarray([body_of[_body_key(e)] for e in examples], dtype=np.int64)
    return ClaimGroups(headline, body, body_of, len(order))


def pairs_within(groups: ClaimGroups, claims: Collection[int]) -> np.ndarray:
    """Indices of the pairs whose headline and body both belong to ``claims``."""
    keep = np.zeros(groups.n_claims, dtype=bool)
    keep[np.asarray(list(claims), dtype=np.int64)] = True
    return np.flatnonzero(keep[groups.headline] & keep[groups.body])


def claim_disjoint_split(
    groups: ClaimGroups, *, fraction: float = 0.2, seed: int = 0
) -> ClaimSplit:
    """Hold out a seeded ``fraction`` of the claims with their headlines and bodies: dev pairs
    have both sides in held-out claims, training pairs neither; the rest are dropped."""
    claims = np.arange(groups.n_claims)
    _, dev_rows = carve_dev(groups.n_claims, fraction=fraction, groups=claims, seed=seed)
    dev_claims = frozenset(int(c) for c in claims[dev_rows])
    train = pairs_within(groups, set(range(groups.n_claims)) - dev_claims)
    dev = pairs_within(groups, dev_claims)
    dropped = np.setdiff1d(np.arange(len(groups.headline)), np.union1d(train, dev))
    return ClaimSplit(train, dev, dropped, dev_claims)
