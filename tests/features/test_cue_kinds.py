"""Tests for credscore.features.cue_kinds: statements, acts and agentless passives."""

from __future__ import annotations

import doctest

import pytest

from credscore.features import cue_kinds
from credscore.features.cue_kinds import is_act, is_agentless_passive, is_statement


def _cue(text: str, cue: str) -> tuple[int, int]:
    start = text.index(cue)
    return start, start + len(cue)


# sentence, cue, whether it reports a statement
STATEMENTS = [
    ("Harlow said the talks failed.", "said", True),
    ("Ham made it clear he was angry.", "made it", True),
    ("Critics fear the deal will collapse.", "fear", True),
    ("Councillor Ama Boateng hinted that the ferry would be late.", "hinted", True),
    ("The ministry had one message: the bridge will reopen.", "had one message:", True),
    ("Cook declined to say whether it broke the rules.", "declined", False),
    ("She issued a statement that sought to address it.", "issued", True),
    ("Trump's decision not to release his returns.", "decision", False),
    ("Trump continues his adulation of Putin.", "continues", False),
    ("Kaine faces off against Pence.", "off", False),
    ("The state has refused to fall in line.", "refused", False),
    ("The company agreed to clean up the mines.", "agreed", False),
]


@pytest.mark.parametrize(("text", "cue", "statement"), STATEMENTS)
def test_is_statement(text, cue, statement):
    assert is_statement(text, _cue(text, cue)) is statement


# sentence, cue, whether it reports an act (no attribution)
ACTS = [
    ("The council voted to close the bridge.", "voted", True),
    ("Mayor Gloria Hadley defended the decision on Friday.", "defended", True),
    ("A judge ordered the city to release the video.", "ordered", True),
    ("He defended the decision, saying it was safe.", "defended", False),
    ("He defended the plan: “It is safe.”", "defended", False),
    ("The council voted that the bridge was unsafe.", "voted", False),
    ("Cook declined to say whether it broke the rules.", "declined", False),
    ("The state has refused to fall in line.", "refused", False),  # an act whose holder is kept
    ("Harlow said the talks failed.", "said", False),
]


@pytest.mark.parametrize(("text", "cue", "act"), ACTS)
def test_is_act(text, cue, act):
    assert is_act(text, _cue(text, cue)) is act


# sentence, source, cue, whether the cue is a passive with no agent (the source is none)
PASSIVES = [
    ("Anna Wintour is said to be disgusted.", "Anna Wintour", "said", True),
    ("Anna Wintour is said to be disgusted.", "Anna Wintour", "is said", True),
    ("Earnest was asked if it was terrorism.", "Earnest", "was asked", True),
    ("Lawmakers are expected to consider it.", "Lawmakers", "are expected", True),
    ("The aide had been told that it was over.", "The aide", "told", True),
    ("Kim was quoted as saying the talks failed.", "Kim", "was quoted as saying", False),
    ("The claim was denied by the ministry.", "The claim", "was denied", False),
    ("Harlow said the talks failed.", "Harlow", "said", False),
    ("Harlow has said the talks failed.", "Harlow", "said", False),
]


@pytest.mark.parametrize(("text", "source", "cue", "passive"), PASSIVES)
def test_is_agentless_passive(text, source, cue, passive):
    assert is_agentless_passive(text, _cue(text, cue), _cue(text, source)) is passive


def test_doctests():
    assert doctest.testmod(cue_kinds).failed == 0
