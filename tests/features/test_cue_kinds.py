"""Tests for credscore.features.cue_kinds: statements, acts and agentless passives."""

from __future__ import annotations

import doctest

import pytest

from credscore.features import cue_kinds
from credscore.features.cue_kinds import is_act, is_agentless_passive, is_statement, speaks_at


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
    # an -ed word that modifies a noun is no statement
    ("The singer's alleged death was a hoax.", "alleged", False),
    ("The governor’s highly criticized speech ran long.", "criticized", False),
    ("Critics want to investigate alleged kickbacks.", "alleged", False),
    ("the reported attack", "reported", False),
    ("He alleged that she lied.", "alleged", True),
    ("He's claimed that she lied.", "claimed", True),
    # a name given to something is no statement; "called" with an object is
    ("In a post called “Star Found Dead,” the hoaxer lied.", "called", False),
    ("Harman called it the least bad option.", "called", True),
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


# sentence, source, cue, whether the source is who speaks at the cue
SPEAKERS = [
    ('Cruz said Trump is "city values," stating it twice.', "city values", "stating", False),
    ("Kasper, informed of the report, said he stood by it.", "Kasper", "informed", False),
    ("He defended the decision, saying it was safe.", "He", "saying", True),
    ("Ali Binici, a deputy, told Reuters it was so.", "Ali Binici, a deputy", "told", True),
    ("Officials, speaking on condition of anonymity, said so.", "Officials", "speaking", True),
]


@pytest.mark.parametrize(("text", "source", "cue", "speaks"), SPEAKERS)
def test_speaks_at(text, source, cue, speaks):
    assert speaks_at(text, _cue(text, cue), _cue(text, source)) is speaks


def test_doctests():
    assert doctest.testmod(cue_kinds).failed == 0
