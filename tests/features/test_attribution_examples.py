"""Tests for credscore.features.attribution on the bundled examples, on long articles and on any
text (spans in bounds, trimmed, in text order)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore.features.attribution import ResolvedAttribution, find_attributions
from credscore.features.sourcing import SOURCE_KINDS
from credscore.text import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _span(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def _check_spans(text: str, found: list[ResolvedAttribution]) -> None:
    for rel in found:
        for span in (rel.cue, rel.content, rel.source):
            if span is None:
                continue
            start, end = span
            assert 0 <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()
        assert rel.source_kind is None or rel.source_kind in SOURCE_KINDS
    assert [a.content for a in found] == sorted(a.content for a in found)


EXPECTED_IN_EXAMPLES = {
    "north_korea_arms.txt": [
        ("Daniel Harlow", "named_person"),
        ("KCNA", "state_media"),
        ("a senior U.S. defense official", "anonymous"),
        ("an unnamed Foreign Ministry spokesperson", "anonymous"),
        ("Choi Yoon-seo", "expert"),
        ("South Korea's Defence Ministry", "organization"),
        ("United States", "organization"),
    ],
    "port_strike.txt": [
        ("Xinhua", "state_media"),
        ("Héctor Villanueva", "named_person"),
        ("Harbor Pacific Terminals", "organization"),
        ("Rodrigo Salinas", "named_person"),
        ("two sources familiar with the matter", "anonymous"),
        ("Liu Wenbo", "named_person"),
    ],
    "vaccine_study.txt": [
        ("Helena Marsh", "expert"),
        ("Samuel Okafor", "expert"),
        ("a preliminary study", "document"),
        ("two people familiar with the review", "anonymous"),
    ],
    "city_council_budget.txt": [
        ("Gloria Hadley", "named_person"),
        ("Raymond Oduya", "named_person"),
        ("Marcus Bell", "named_person"),
        ("the city's budget report", "document"),
        ("Riverton Public Utilities Department", "organization"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_IN_EXAMPLES))
def test_examples(name):
    article = parse((EXAMPLES / name).read_text(encoding="utf-8"), id=name)
    found = find_attributions(article)
    _check_spans(article.text, found)
    sources = {(a.source_name, a.source_kind) for a in found}
    for expected in EXPECTED_IN_EXAMPLES[name]:
        assert expected in sources


# example, source text, cue, content, source_name
EXAMPLE_RELATIONS = [
    (
        "north_korea_arms.txt",
        "the spokesperson",
        "quoted the spokesperson as saying",
        'Pyongyang "has never exported weapons or ammunition to Russia and has no plans to do so,"',
        "an unnamed Foreign Ministry spokesperson",
    ),
    (
        "north_korea_arms.txt",
        "Harlow",
        "said",
        '"This is not a one-off delivery. It is a supply line."',
        "Daniel Harlow",
    ),
    (
        "north_korea_arms.txt",
        "he",
        "said",
        '"We will not stay quiet while sanctions are ignored,"',
        "Daniel Harlow",
    ),
    (
        "north_korea_arms.txt",
        "She",
        "told",
        "the bigger concern for Seoul was what North Korea might ask for in exchange, such as "
        "help with satellite launches or submarine propulsion",
        "Choi Yoon-seo",
    ),
    (
        "port_strike.txt",
        "Mr. Villanueva",
        "told",
        "“They sat across the table from us and said, ‘Take the offer or take the door,’ "
        "and we chose neither,”",
        "Héctor Villanueva",
    ),
    (
        "port_strike.txt",
        "one of the sources",
        "said",
        "The union’s negotiating committee had not yet responded",
        "two sources familiar with the matter",
    ),
    (
        "vaccine_study.txt",
        "she",
        "cautioned",
        "That finding, she cautioned, was based on a relatively small number of infections and "
        "could shrink in a larger trial",
        "Helena Marsh",
    ),
    (
        "city_council_budget.txt",
        "The department",
        "said",
        "the increase will pay for replacing 11 miles of cast-iron water mains installed "
        "before 1950",
        "Riverton Public Utilities Department",
    ),
]


@pytest.mark.parametrize(("name", "source", "cue", "content", "source_name"), EXAMPLE_RELATIONS)
def test_example_relations(name, source, cue, content, source_name):
    article = parse((EXAMPLES / name).read_text(encoding="utf-8"), id=name)
    text = article.text
    triples = {
        (_span(text, a.source), _span(text, a.cue), _span(text, a.content), a.source_name)
        for a in find_attributions(article)
    }
    assert (source, cue, content, source_name) in triples


def test_scales_linearly_on_long_articles():
    body = (EXAMPLES / "north_korea_arms.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    article = parse("Headline\n\n" + "\n\n".join([body] * 60), id="long")
    start = time.perf_counter()
    found = find_attributions(article)
    assert time.perf_counter() - start < 5
    assert len(found) > 60 * 20


FRAGMENTS = st.sampled_from(
    [
        '"We will win," ',
        "“It is over,” ",
        "''Fine,'' ",
        "he said",
        "said Harlow",
        ", officials said",
        " told reporters that ",
        "according to ",
        ", citing ",
        " was quoted as saying ",
        " quoted the spokesperson as saying ",
        "was attributed to ",
        "Rep. Jim Jordan (R-Ohio), a member, ",
        "The company's statement said",
        "In a statement, ",
        " and said",
        ", saying",
        "the ministry",
        "HPT (HPT)",
        "Mr. ",
        "called",
        ". ",
        ".",
        ",",
        "\n\n",
        "“",
        "”",
        "(",
    ]
)
ARTICLES = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(ARTICLES)
def test_spans_stay_in_bounds_on_any_text(text):
    article = parse(text, id="fuzz", html=False)
    _check_spans(article.text, find_attributions(article))
