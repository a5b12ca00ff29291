"""Tests for credscore.features.attribution_resolve: quotes as news writes them, usable sources.

Each shape runs through the rules alone and through the shipped model merged with them.
"""

from __future__ import annotations

import pytest

from credscore.features.attribution import find_attributions
from credscore.scoring.attribution import extract_attributions
from credscore.scoring.bundle import load_bundle
from credscore.text import parse

HEAD = "Bridge to reopen\n\n"


@pytest.fixture(scope="module")
def model():
    return load_bundle(None).model("attribution")


EXTRACTORS = ["rules", "model"]


def _found(body: str, extractor: str, model) -> tuple[str, list]:
    """The analysed text and the relations the rules, or the model and the rules, find."""
    article = parse(HEAD + body, id="t")
    if extractor == "rules":
        return article.text, find_attributions(article)
    return article.text, extract_attributions(article, model)


def _run(body: str, extractor: str, model) -> list[tuple]:
    """(source, cue, content, direct, source_name) of every relation of a one-line-headed body."""
    t, found = _found(body, extractor, model)

    def span(r):
        return None if r is None else t[r[0] : r[1]]

    return [(span(a.source), span(a.cue), span(a.content), a.direct, a.source_name) for a in found]


MULTI_PARAGRAPH = (
    "The mayor spoke at the town hall.\n\n"
    "“We have cut the deficit in half. Nobody thought we could.\n\n"
    "“We did it without raising taxes.\n\n"
    "“And we will do it again next year,” Mayor Gloria Hadley said."
)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_a_quotation_over_several_paragraphs_belongs_to_the_speaker_at_its_end(extractor, model):
    quoted = [r for r in _run(MULTI_PARAGRAPH, extractor, model) if r[4] == "Gloria Hadley"]
    contents = sorted(r[2] for r in quoted)
    assert contents == [
        "“And we will do it again next year,”",
        "“We did it without raising taxes.",
        "“We have cut the deficit in half. Nobody thought we could.",
    ]
    assert all(r[3] for r in quoted)  # direct


# body, source, content: the quoted content is direct and never holds its own cue
QUOTED = [
    ("“The budget is balanced,” she said. “Taxes stay.”", "she", "“The budget is balanced,”"),
    ("“The budget is balanced,” Mayor Gloria Hadley said on Friday.", "Mayor Gloria Hadley",
     "“The budget is balanced,”"),
    ('"The offer stands," said Daniel Harlow.', "Daniel Harlow", '"The offer stands,"'),
]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize(("body", "source", "content"), QUOTED)
def test_quoted_content_is_direct_and_holds_no_cue(body, source, content, extractor, model):
    found = [r for r in _run(body, extractor, model) if r[2] == content]
    assert found and all(r[0] == source and r[3] for r in found)
    assert not any(r[1] in r[2] for r in _run(body, extractor, model) if r[3])


ACTIONS = [
    "The council voted to close the bridge on Friday.",
    "Mayor Gloria Hadley defended the decision on Friday.",
    "A judge ordered the city to release the video.",
]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("body", ACTIONS)
def test_actions_are_not_attributions(body, extractor, model):
    assert _run(body, extractor, model) == []


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_a_memo_seen_by_a_paper_is_a_document(extractor, model):
    body = "A memo seen by the Gazette said the bridge would close."
    _, found = _found(body, extractor, model)
    assert [(a.source_name, a.source_kind) for a in found] == [
        ("a memo seen by the Gazette", "document")
    ]


# body: the speaker named on the line before the quotation, or before a colon
SPEAKER_BEFORE = [
    "Mayor Gloria Hadley said:\n\n“The bridge will reopen in May.”",
    "Mayor Gloria Hadley said:\n“The bridge will reopen in May.”",
    "Mayor Gloria Hadley:\n“The bridge will reopen in May.”",
    "Mayor Gloria Hadley: “The bridge will reopen in May.”",
]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("body", SPEAKER_BEFORE)
def test_a_speaker_on_the_line_before_or_before_a_colon_is_found(body, extractor, model):
    found = [r for r in _run(body, extractor, model) if r[2] == "“The bridge will reopen in May.”"]
    assert found and all(r[4] == "Gloria Hadley" and r[3] for r in found)


# body, source span, source name: names cut to what a reader can use
NAMES = [
    ("SEOUL — North Korea said on Friday it never sold arms.", "North Korea", "North Korea"),
    ("The Biden administration on Friday said the shipments had begun.",
     "The Biden administration", "Biden administration"),
    ("The White House and State Department early this month said it was false.",
     "The White House and State Department", "White House and State Department"),
    ("Victor Cha of the U.S.-based Center for Strategic and International Studies said it was a "
     "warning.", "Victor Cha of the U.S.-based Center for Strategic and International Studies",
     "Victor Cha"),
    ("North Korea's Central News Agency said the report was false.",
     "North Korea's Central News Agency", "KCNA"),
    ("Putin, in a nationally televised speech, said the West was to blame.", "Putin", "Putin"),
    ("The U.S. said the report was false.", "The U.S.", "United States"),
]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize(("body", "source", "name"), NAMES)
def test_source_names_a_reader_can_use(body, source, name, extractor, model):
    found = [r for r in _run(body, extractor, model) if r[4] is not None]
    assert [(r[0], r[4]) for r in found] == [(source, name)]


# body: the source is no source, or names no one
NO_NAME = [
    "Anna Wintour is said to be disgusted by the rats.",  # a passive with no agent
    "Trump's decision not to release his returns raises questions.",  # an act
    "About 74 percent of likely voters said he should release his returns.",  # a quantity
]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("body", NO_NAME)
def test_when_in_doubt_no_source_name(body, extractor, model):
    assert all(r[4] is None for r in _run(body, extractor, model))
