"""Tests for credscore.features.attribution: source–cue–content relations in news text."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from credscore.features import attribution
from credscore.features.attribution import ResolvedAttribution, find_attributions
from credscore.features.sourcing import SOURCE_KINDS
from credscore.text import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _relations(text: str) -> tuple[str, list[ResolvedAttribution]]:
    article = parse(text, id="t")
    return article.text, find_attributions(article)


def _span(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def _one(text: str, cue: str, nth: int = 0) -> tuple[str, ResolvedAttribution]:
    """The ``nth`` relation (in text order) whose cue reads ``cue``."""
    analysed, found = _relations(text)
    matching = [a for a in found if _span(analysed, a.cue) == cue]
    assert len(matching) > nth, [(_span(analysed, a.cue), _span(analysed, a.source)) for a in found]
    return analysed, matching[nth]


# text, cue, source, content, direct, source_name
CASES = [
    # --- direct quotes, speaker after
    (
        '"We will not back down," Harlow said.',
        "said",
        "Harlow",
        '"We will not back down,"',
        True,
        "Harlow",
    ),
    (
        '"The offer stands," said Daniel Harlow.',
        "said",
        "Daniel Harlow",
        '"The offer stands,"',
        True,
        "Daniel Harlow",
    ),
    (
        "“The line held overnight,” the commander told reporters.",
        "told",
        "the commander",
        "“The line held overnight,”",
        True,
        "the commander",
    ),
    (
        '"Everything is on the table," Rep. Jim Jordan (R-Ohio) said on Tuesday.',
        "said",
        "Rep. Jim Jordan (R-Ohio)",
        '"Everything is on the table,"',
        True,
        "Jim Jordan",
    ),
    # --- direct quotes, speaker before
    (
        'Mayor Gloria Hadley said: "The budget is balanced."',
        "said",
        "Mayor Gloria Hadley",
        '"The budget is balanced."',
        True,
        "Gloria Hadley",
    ),
    (
        "The labor minister said, “We are ready to mediate.”",
        "said",
        "The labor minister",
        "“We are ready to mediate.”",
        True,
        "the labor minister",
    ),
    # --- indirect speech
    (
        "Oduya said that the budget relied too heavily on reserves.",
        "said",
        "Oduya",
        "the budget relied too heavily on reserves",
        False,
        "Oduya",
    ),
    (
        "The ministry says the talks will resume next week.",
        "says",
        "The ministry",
        "the talks will resume next week",
        False,
        "the ministry",
    ),
    (
        "Fire Chief Marcus Bell told the council that Station 4 needs six more firefighters.",
        "told",
        "Fire Chief Marcus Bell",
        "Station 4 needs six more firefighters",
        False,
        "Marcus Bell",
    ),
    (
        "Regional police denied the accusation.",
        "denied",
        "Regional police",
        "the accusation",
        False,
        "Regional police",
    ),
    (
        "Gen. Rodrigo Salinas warned on Monday that troops could be deployed.",
        "warned",
        "Gen. Rodrigo Salinas",
        "troops could be deployed",
        False,
        "Rodrigo Salinas",
    ),
    (
        "The union accused the company of cutting overtime pay.",
        "accused",
        "The union",
        "the company of cutting overtime pay",
        False,
        "the union",
    ),
    (
        "Dr. Samuel Okafor called the results “intriguing but early.”",
        "called",
        "Dr. Samuel Okafor",
        "the results “intriguing but early.”",
        False,
        "Samuel Okafor",
    ),
    (
        "The senator insisted that the vote would go ahead.",
        "insisted",
        "The senator",
        "the vote would go ahead",
        False,
        "the senator",
    ),
    (
        "Critics argued that the bill would raise costs for families.",
        "argued",
        "Critics",
        "the bill would raise costs for families",
        False,
        "critics",
    ),
    (
        "Xinhua claimed that the strike had delayed copper exports.",
        "claimed",
        "Xinhua",
        "the strike had delayed copper exports",
        False,
        "Xinhua",
    ),
    (
        "Avalen Biologics announced that it would cut 200 jobs.",
        "announced",
        "Avalen Biologics",
        "it would cut 200 jobs",
        False,
        "Avalen Biologics",
    ),
    (
        "South Korea's Defence Ministry confirmed on Wednesday that it had detected more traffic.",
        "confirmed",
        "South Korea's Defence Ministry",
        "it had detected more traffic",
        False,
        "South Korea's Defence Ministry",
    ),
    (
        "The researchers added that the trial was small.",
        "added",
        "The researchers",
        "the trial was small",
        False,
        "the researchers",
    ),
    (
        "The auditor noted that three contracts lacked signatures.",
        "noted",
        "The auditor",
        "three contracts lacked signatures",
        False,
        "the auditor",
    ),
    (
        "Economists estimated that losses would reach $2 billion.",
        "estimated",
        "Economists",
        "losses would reach $2 billion",
        False,
        "economists",
    ),
    (
        "The mayor acknowledged that the deadline had slipped.",
        "acknowledged",
        "The mayor",
        "the deadline had slipped",
        False,
        "the mayor",
    ),
    # --- post-posed and inverted
    (
        "The talks collapsed on Monday, officials said.",
        "said",
        "officials",
        "The talks collapsed on Monday",
        False,
        "officials",
    ),
    (
        "The reserve will still hold $38 million, said Finance Director Thomas Becker.",
        "said",
        "Finance Director Thomas Becker",
        "The reserve will still hold $38 million",
        False,
        "Thomas Becker",
    ),
    (
        "The ministry said in a statement that it was sharing information with Japan.",
        "said",
        "The ministry",
        "it was sharing information with Japan",
        False,
        "the ministry",
    ),
    # --- according to, citing
    (
        "Side effects were generally mild, according to the study.",
        "according to",
        "the study",
        "Side effects were generally mild",
        False,
        "the study",
    ),
    (
        "According to two people familiar with the review, regulators have begun a review.",
        "According to",
        "two people familiar with the review",
        "regulators have begun a review",
        False,
        "two people familiar with the review",
    ),
    (
        "North Korea is supplying shells, the United States said, citing declassified "
        "intelligence.",
        "citing",
        "declassified intelligence",
        "North Korea is supplying shells",
        False,
        "declassified intelligence",
    ),
    # --- statements
    (
        "The company's statement said the plant would reopen in May.",
        "said",
        "The company",
        "the plant would reopen in May",
        False,
        "the company",
    ),
    (
        "A statement from the embassy said the ambassador had been recalled.",
        "said",
        "the embassy",
        "the ambassador had been recalled",
        False,
        "the embassy",
    ),
    (
        "In a statement, the company said it had offered a 7 percent raise.",
        "said",
        "the company",
        "it had offered a 7 percent raise",
        False,
        "the company",
    ),
    # --- passives
    (
        "The trade minister was quoted as saying that exports would recover.",
        "was quoted as saying",
        "The trade minister",
        "exports would recover",
        False,
        "the trade minister",
    ),
    (
        "The remark about the ceasefire was attributed to a senior aide.",
        "was attributed to",
        "a senior aide",
        "The remark about the ceasefire",
        False,
        "a senior aide",
    ),
    (
        'Pyongyang "has never exported weapons," KCNA quoted the spokesperson as saying.',
        "quoted the spokesperson as saying",
        "the spokesperson",
        'Pyongyang "has never exported weapons,"',
        False,
        "the spokesperson",
    ),
    # --- the source span: descriptors kept, appositives skipped
    (
        "A senior U.S. defense official, speaking on condition of anonymity, said the shells "
        "were decades old.",
        "said",
        "A senior U.S. defense official",
        "the shells were decades old",
        False,
        "a senior U.S. defense official",
    ),
    (
        "Choi Yoon-seo, a senior fellow at the Korea Institute, said the deal may give "
        "Pyongyang cash.",
        "said",
        "Choi Yoon-seo",
        "the deal may give Pyongyang cash",
        False,
        "Choi Yoon-seo",
    ),
    (
        "White House National Security Council spokesperson Rear Admiral Daniel Harlow told "
        "reporters that Washington had tracked the shipments.",
        "told",
        "White House National Security Council spokesperson Rear Admiral Daniel Harlow",
        "Washington had tracked the shipments",
        False,
        "Daniel Harlow",
    ),
    (
        "North Korea's official KCNA news agency said the claims were a fabrication.",
        "said",
        "North Korea's official KCNA news agency",
        "the claims were a fabrication",
        False,
        "KCNA",
    ),
    (
        "Two people familiar with the review said it would take several years.",
        "said",
        "Two people familiar with the review",
        "it would take several years",
        False,
        "two people familiar with the review",
    ),
    (
        "Scott's relatives, who watched the video on Thursday, said the officers lied.",
        "said",
        "Scott's relatives",
        "the officers lied",
        False,
        "Scott's relatives",
    ),
]


@pytest.mark.parametrize(("text", "cue", "source", "content", "direct", "name"), CASES)
def test_attribution_patterns(text, cue, source, content, direct, name):
    analysed, rel = _one(text, cue)
    assert _span(analysed, rel.source) == source
    assert _span(analysed, rel.content) == content
    assert rel.direct is direct
    assert rel.source_name == name
    assert rel.source_kind in SOURCE_KINDS


def test_quotes_inside_quotes_are_not_cues():
    text, found = _relations('"We said we would win, and they told us no," Kim said.')
    assert [_span(text, a.cue) for a in found] == ["said"]


@pytest.mark.parametrize(
    "text",
    [
        "A group called Ginbot 7 fought on the Eritrean side.",
        "She called Sanders after the primary to congratulate him.",
        "Lynch still has the final say on the case.",
        "The laboratory-confirmed cases rose in May.",
        "The trial was funded in part by the company.",
    ],
)
def test_no_attribution(text):
    assert _relations(text)[1] == []


def test_doctests():
    assert doctest.testmod(attribution).failed == 0
