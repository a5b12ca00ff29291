"""Tests for credscore.features.hedging: hedge and booster cues in news sentences."""

from __future__ import annotations

from importlib import resources
from itertools import pairwise

import pytest

from credscore.features.hedging import (
    HEDGE_KINDS,
    CueMatch,
    booster_cues,
    hedge_cues,
    sentence_cues,
)
from credscore.lexicons import load_lexicon

HEDGE_CASES = [
    # --- modal
    ("Officials may resign if the audit finds fraud.", [("may", "modal"), ("if", "conditional")]),
    ("The missile may or may not have been a Hwasong-17.", [("may or may not", "modal")]),
    ("Pyongyang might well test another rocket.", [("might well", "modal")]),
    ("The ruling could delay the election by months.", [("could", "modal")]),
    ("The Pentagon said it would respond to any provocation.", [("would", "modal")]),
    ("May the court overturn the verdict, prosecutors asked.", [("May", "modal")]),
    # --- evidential
    ("The strike appears to have hit a school in Gaza.", [("appears", "evidential")]),
    ("Satellite images suggest the reactor restarted.", [("suggest", "evidential")]),
    ("Kim reportedly oversaw the launch.", [("reportedly", "evidential")]),
    (
        "The senator allegedly took bribes, and apparently lied.",
        [
            ("allegedly", "evidential"),
            ("apparently", "evidential"),
        ],
    ),
    ("The general is said to have fled to China.", [("is said to", "evidential")]),
    (
        "The data seemed to indicate a slowdown.",
        [
            ("seemed", "evidential"),
            ("indicate", "evidential"),
        ],
    ),
    # --- speculative adjectives and adverbs
    ("The Pentagon is weighing a possible strike.", [("possible", "speculative_adjective")]),
    (
        "The Fed is likely to raise rates, perhaps in June.",
        [
            ("likely", "speculative_adjective"),
            ("perhaps", "speculative_adjective"),
        ],
    ),
    (
        "Police detained an alleged accomplice after an apparent suicide.",
        [
            ("alleged", "speculative_adjective"),
            ("apparent", "speculative_adjective"),
        ],
    ),
    (
        "Unconfirmed reports said suspected militants crossed the border.",
        [
            ("Unconfirmed", "speculative_adjective"),
            ("suspected", "speculative_adjective"),
        ],
    ),
    # --- approximators
    ("About 300 troops were deployed to the border.", [("About", "approximator")]),
    ("Some 2,000 people fled the shelling.", [("Some", "approximator")]),
    ("As many as 40 people died in the floods.", [("As many as", "approximator")]),
    (
        "The index fell roughly 3 percent, wiping out nearly $2 billion.",
        [
            ("roughly", "approximator"),
            ("nearly", "approximator"),
        ],
    ),
    (
        "An estimated 5,000 protesters marched on the capitol.",
        [
            ("An estimated", "approximator"),
        ],
    ),
    ("The trial could last a week or so.", [("could", "modal"), ("or so", "approximator")]),
    # --- doxastic
    ("U.S. officials believe the test failed.", [("believe", "doxastic")]),
    ("Analysts expect the central bank to hold rates.", [("expect", "doxastic")]),
    ("Police suspect the fire was set deliberately.", [("suspect", "doxastic")]),
    ("The leader is thought to be in poor health.", [("is thought to", "doxastic")]),
    # --- conditional
    ("Troops will withdraw unless talks collapse.", [("unless", "conditional")]),
    ("Seoul will retaliate if the North fires again.", [("if", "conditional")]),
    ("The deal holds provided that Iran complies.", [("provided that", "conditional")]),
    # --- apostrophes, curly and straight
    ("He said a deal wouldn’t happen.", [("wouldn’t", "modal")]),
    ("He said a deal wouldn't happen.", [("wouldn't", "modal")]),
]

FALSE_POSITIVE_TRAPS = [
    ("The talks collapsed in May.", []),
    ("The vote is set for May 5.", []),
    ("On May 3, the court adjourned.", []),
    ("May Day rallies drew thousands in Seoul.", []),
    ("Theresa May met the Japanese premier.", []),
    ("Kim could not be reached for comment.", []),
    ("A spokesman couldn’t say whether the strike was lawful.", []),
    ("The Pentagon would not comment on the report.", []),
    ("We might as well admit defeat, the senator said.", []),
    ("North Korea’s military might was on display.", []),
    ("A Washington think tank published the report.", []),
    ("The two leaders talked about the deal for hours.", []),
    ("Some officials said the vote was rigged.", []),
    ("Reporters asked if the court had ruled.", []),
    ("The defendant appeared in court on Tuesday.", []),
    ("The suspect was arrested at the airport.", []),
    ("Earnings rose faster than expected, as expected by traders.", []),
    ("Judges found no probable cause; likely voters shrugged.", []),
    ("Twice as many as last year, officials said.", []),
    ("Troops will leave as soon as possible.", []),
    ("The would-be assassin was detained.", []),
    ("The crowd cheered as if the war had ended.", []),
    ("Stocks rose around the world and nearly doubled.", []),
]

BOOSTER_CASES = [
    ("The Pentagon confirmed the strike on Tuesday.", [("confirmed", "booster")]),
    ("The video clearly shows troops firing.", [("clearly", "booster")]),
    ("The court undoubtedly erred, the appeal says.", [("undoubtedly", "booster")]),
    (
        "The defendant was proven guilty beyond a reasonable doubt.",
        [
            ("proven", "booster"),
            ("beyond a reasonable doubt", "booster"),
        ],
    ),
    ("There is no doubt the launch was a success.", [("no doubt", "booster")]),
    (
        "Of course markets will recover; they certainly did in fact.",
        [
            ("Of course", "booster"),
            ("certainly", "booster"),
            ("in fact", "booster"),
        ],
    ),
    (
        "The claims proved false, and the plan definitely failed.",
        [
            ("proved", "booster"),
            ("definitely", "booster"),
        ],
    ),
    ("The Kremlin unequivocally denied the report.", [("unequivocally", "booster")]),
    # traps
    ("The report has not been confirmed.", []),
    ("Reuters could not confirm the report.", []),
    ("The ministry neither confirmed nor denied the account.", []),
    ("Unconfirmed reports spoke of a coup.", []),
]

SHIPPED = [f"hedge_{kind}" for kind in HEDGE_KINDS] + ["boosters", "hedge_exclusions"]


def pairs(cues: list[CueMatch]) -> list[tuple[str, str]]:
    """(text, kind) of each cue, in order."""
    return [(cue.text, cue.kind) for cue in cues]


@pytest.mark.parametrize(("text", "expected"), HEDGE_CASES + FALSE_POSITIVE_TRAPS)
def test_hedge_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(hedge_cues(text)) == expected


@pytest.mark.parametrize(("text", "expected"), BOOSTER_CASES)
def test_booster_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(booster_cues(text)) == expected


@pytest.mark.parametrize("text", [text for text, _ in HEDGE_CASES + BOOSTER_CASES])
def test_offsets_index_the_text(text: str) -> None:
    cues = hedge_cues(text) + booster_cues(text)
    assert all(text[cue.start : cue.end] == cue.text for cue in cues)


def test_cues_are_sorted_and_non_overlapping() -> None:
    text = "As many as 40 people may have died, perhaps more, officials believe."
    cues = hedge_cues(text)
    assert [(cue.start, cue.end) for cue in cues] == [(0, 10), (21, 24), (36, 43), (60, 67)]
    assert all(a.end <= b.start for a, b in pairwise(cues))


def test_in_quote_marks_cues_inside_quote_spans() -> None:
    text = 'Kim "may strike Guam," an aide said, and the Pentagon may respond.'
    quote = (text.index('"'), text.index(",") + 2)
    cues = hedge_cues(text, quotes=[quote])
    assert [(cue.start, cue.in_quote) for cue in cues] == [(5, True), (54, False)]
    assert [cue.in_quote for cue in hedge_cues(text)] == [False, False]


def test_region_restricts_search_and_offsets_stay_global() -> None:
    text = "Seoul may retaliate. The court could rule in May. Markets clearly fell."
    second = (text.index("The"), text.index("Markets"))
    cues = hedge_cues(text, *second)
    assert cues == [CueMatch(31, 36, "could", "modal", False)]
    assert pairs(hedge_cues(text, second[1])) == []
    assert pairs(booster_cues(text, second[1])) == [("clearly", "booster")]
    assert pairs(hedge_cues(text, 0, second[0])) == [("may", "modal")]


def test_region_word_boundaries_use_the_whole_text() -> None:
    text = "The dismay grew."
    assert hedge_cues(text, text.index("may")) == []


def test_capitalised_may_is_modal_only_sentence_initially_before_a_verb() -> None:
    text = "Talks ended in May. May the court rule soon? The May vote looms."
    month = text.index("May.")
    assert hedge_cues(text, month, month + 4) == []
    assert [(cue.start, cue.text) for cue in hedge_cues(text)] == [(20, "May")]


def test_lexicon_override_replaces_shipped_lists() -> None:
    text = "Officials might resign, sources say, about 300 of them."
    lexicon = {"evidential": ["sources say"], "approximator": ["about <num>"]}
    assert pairs(hedge_cues(text, lexicon=lexicon)) == [
        ("sources say", "evidential"),
        ("about", "approximator"),
    ]
    assert pairs(hedge_cues("Kim could not be reached.", lexicon={"modal": ["could"]})) == []


def test_lexicon_override_rejects_unknown_kinds_and_bare_strings() -> None:
    with pytest.raises(ValueError, match="unknown hedge kinds"):
        hedge_cues("It may rain.", lexicon={"modals": ["may"]})
    with pytest.raises(TypeError, match="sequence of entries"):
        hedge_cues("It may rain.", lexicon={"modal": "may"})


def test_boosters_override() -> None:
    text = "The Pentagon confirmed it; officials say it was verified."
    assert pairs(booster_cues(text, boosters=["verified"])) == [("verified", "booster")]


def test_matching_is_case_insensitive_and_whitespace_tolerant() -> None:
    assert pairs(hedge_cues("AS  MANY\nAS 40 died, ALLEGEDLY.")) == [
        ("AS  MANY\nAS", "approximator"),
        ("ALLEGEDLY", "evidential"),
    ]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_lexicon_has_header_and_entries(name: str) -> None:
    path = resources.files("credscore.lexicons") / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    entries = load_lexicon(name)
    assert 10 <= len(entries) <= 100
    assert all(entry == entry.lower().strip() for entry in entries)
    assert len(set(entries)) == len(entries)


SENTENCE_CUE_CASES = [
    ("Before. Officials may clearly resign, \"probably soon,\" she said. After.", 8, 65),
    ("half-probably it rains", 5, 22),  # a hyphen before the region: looked behind
    ("It was May. May Officials x", 12, 15),  # "May" ends the region: looked ahead
    ("It was May. May officials resign", 12, 15),
    ("About 300 people left, reportedly. Definitely.", 0, 34),
]


@pytest.mark.parametrize(("text", "start", "end"), SENTENCE_CUE_CASES)
def test_sentence_cues_equal_the_region_searches(text, start, end):
    quotes = [(38, 54)] if len(text) > 54 else []
    hedges, boosters = sentence_cues(text, start, end, quotes=quotes)
    assert hedges == hedge_cues(text, start, end, quotes=quotes)
    assert boosters == booster_cues(text, start, end, quotes=quotes)
    again = sentence_cues(text, start, end, quotes=quotes)  # from the cache
    assert again == (hedges, boosters)
