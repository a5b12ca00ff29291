"""Tests for credscore.features.attribution: quotations continued across sentences, and sources
resolved to a name and a kind (pronouns, titles, organisations)."""

from __future__ import annotations

import pytest

from credscore.features.attribution import ResolvedAttribution, find_attributions
from credscore.text import parse


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


# text, cue, nth relation with that cue, source, content, source_name
CONTINUED_AND_RESOLVED = [
    (  # a quote continued in the next sentence keeps the source
        '"We assess that it matters," Harlow said. "This is not a one-off delivery."',
        "said",
        1,
        "Harlow",
        '"This is not a one-off delivery."',
        "Harlow",
    ),
    (
        "Daniel Harlow said the shipments moved by rail. He said the volume was large.",
        "said",
        1,
        "He",
        "the volume was large",
        "Daniel Harlow",
    ),
    (
        "Mayor Gloria Hadley spoke first. “It is balanced,” Hadley said.",
        "said",
        0,
        "Hadley",
        "“It is balanced,”",
        "Gloria Hadley",
    ),
    (  # a surname resolves to a titled name seen before it is cited
        "Council member Raymond Oduya cast the only vote against it. Oduya said that it "
        "relied on reserves.",
        "said",
        0,
        "Oduya",
        "it relied on reserves",
        "Raymond Oduya",
    ),
    (
        "A senior defense official said the rounds were old. The official said more would come.",
        "said",
        1,
        "The official",
        "more would come",
        "a senior defense official",
    ),
    (
        "South Korea's Defence Ministry confirmed the traffic. The ministry said it would "
        "respond firmly.",
        "said",
        0,
        "The ministry",
        "it would respond firmly",
        "South Korea's Defence Ministry",
    ),
    (
        "The port is run by Harbor Pacific Terminals (HPT), a subsidiary of Donghai Holdings. "
        "In a statement, the company said it had offered a raise.",
        "said",
        0,
        "the company",
        "it had offered a raise",
        "Harbor Pacific Terminals",
    ),
    (
        "The port is run by Harbor Pacific Terminals (HPT), a subsidiary of Donghai Holdings. "
        "HPT denied that it planned layoffs.",
        "denied",
        0,
        "HPT",
        "it planned layoffs",
        "Harbor Pacific Terminals",
    ),
    (
        "Regulators began a review, according to two people familiar with the review. The "
        "people said it would take years.",
        "said",
        0,
        "The people",
        "it would take years",
        "two people familiar with the review",
    ),
    (
        "The vaccine works better, according to a preliminary study. The effect was large, "
        "the report says.",
        "says",
        0,
        "the report",
        "The effect was large",
        "a preliminary study",
    ),
    (
        "Officials said the port would reopen. They said talks would resume on Thursday.",
        "said",
        1,
        "They",
        "talks would resume on Thursday",
        "officials",
    ),
    (
        "The Kremlin said it was not involved. It said the claims were baseless.",
        "said",
        1,
        "It",
        "the claims were baseless",
        "Russia",  # source_governments.txt: the Kremlin speaks for Russia
    ),
    (  # an unresolvable pronoun keeps its span and no name
        "She said the plan was dead.",
        "said",
        0,
        "She",
        "the plan was dead",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "cue", "nth", "source", "content", "name"), CONTINUED_AND_RESOLVED
)
def test_continuation_and_resolution(text, cue, nth, source, content, name):
    analysed, rel = _one(text, cue, nth)
    assert _span(analysed, rel.source) == source
    assert _span(analysed, rel.content) == content
    assert rel.source_name == name
    assert (rel.source_kind is None) is (name is None)


def test_unresolved_pronoun_has_no_kind():
    _, rel = _one("She said the plan was dead.", "said")
    assert (rel.source_name, rel.source_kind) == (None, None)
