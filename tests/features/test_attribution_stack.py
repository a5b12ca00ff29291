"""Tests for credscore.features.attribution_stack: the second cue pass's features."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from credscore.features import attribution_stack
from credscore.features.attribution_columns import cue_columns
from credscore.features.attribution_stack import (
    FIRST,
    OTHERS,
    STACK_TEMPLATES,
    first_pass_tokens,
    others_best,
)
from credscore.features.attribution_tokens import article_tokens

TEXT = "Lee said it rained. Kim agreed."
SENTENCES = [(0, 19), (20, 31)]
P = np.array([0.1, 0.9, 0.0, 0.3, 0.0, 0.02, 0.6, 0.0])  # Lee said it rained . Kim agreed .


@pytest.mark.parametrize(
    "p, bounds, expected",
    [
        (P.tolist(), [0, 5, 8], [0.9, 0.3, 0.9, 0.9, 0.9, 0.6, 0.02, 0.6]),
        ([0.5, 0.5], [0, 2], [0.5, 0.5]),  # a tie: the other one counts
        ([0.4], [0, 0, 1, 1], [0.0]),  # empty sentences; alone in its own
        ([], [0, 0], []),
    ],
)
def test_others_best(p, bounds, expected):
    assert others_best(np.array(p), np.array(bounds)).tolist() == expected


def test_first_pass_tokens_add_two_bucketed_attributes():
    t = article_tokens(TEXT, SENTENCES, [])
    stacked = first_pass_tokens(t, P)
    assert stacked.codes.shape == (8, t.codes.shape[1] + 2)
    assert (stacked.codes[:, : t.codes.shape[1]] == t.codes).all()
    first = stacked.codes[:, FIRST].tolist()
    assert first[0] == first[2] != first[1]  # 0.1 and 0.0 share the lowest bucket
    assert stacked.codes[0, OTHERS] == stacked.codes[2, OTHERS] != stacked.codes[1, OTHERS]


def test_stack_columns_see_the_first_pass():
    t = article_tokens(TEXT, SENTENCES, [])
    columns = cue_columns(first_pass_tokens(t, P), 2**12, STACK_TEMPLATES)
    other = cue_columns(first_pass_tokens(t, P[::-1].copy()), 2**12, STACK_TEMPLATES)
    assert columns.shape == (8, len(STACK_TEMPLATES))
    assert (columns != other).any(axis=1).all()


def test_doctests():
    assert doctest.testmod(attribution_stack).failed == 0
