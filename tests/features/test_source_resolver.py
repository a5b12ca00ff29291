"""Tests for credscore.features.source_resolver: who "he", "she" and "the official" are."""

from __future__ import annotations

import pytest

from credscore.features.attribution import find_attributions
from credscore.text import parse


def _names(body: str) -> list[tuple[str, str | None]]:
    """(source span, source name) of each relation with a source, in text order."""
    article = parse("Talks\n\n" + body, id="t")
    t = article.text
    found = sorted(find_attributions(article), key=lambda a: a.cue)
    return [(t[a.source[0] : a.source[1]], a.source_name) for a in found if a.source]


# body, the pronoun's source name: he and she refer to a person of their gender
CASES = [
    (
        "Gill Rosenberg left for Syria. Emmanuel Nachshon, a spokesman, distanced the "
        "government from Ms. Rosenberg. “She is her own person,” he said.",
        "Emmanuel Nachshon",
    ),
    (
        "Mary Smith said the bridge was safe. Her husband, John Smith, said it was not. "
        "She said the inspectors agreed with her.",
        "Mary Smith",
    ),
    (  # a "he" means what came before it, never a person named after it in its sentence
        "Spokesman Lim Byeong Cheol said Kim was in charge. He said a delegation had greeted "
        "President Park Geun-hye.",
        "Lim Byeong Cheol",
    ),
    (  # the person a sentence opens with is who the next "he" means
        "Officials met on Monday. Emmanuel Nachshon, spokesman for the ministry, rejected the "
        "claims of Rosenberg's family. “It is not our business,” he said.",
        "Emmanuel Nachshon",
    ),
]


@pytest.mark.parametrize(("body", "name"), CASES)
def test_pronouns_refer_to_the_right_person(body, name):
    pronoun = [n for span, n in _names(body) if span.lower() in ("he", "she")]
    assert pronoun[-1] == name


def test_a_pronoun_far_from_any_name_stays_unnamed():
    body = (
        "Lee Harlow said the bridge was safe. The river rose on Monday. Traffic stopped. "
        "Crews worked overnight. He said the repairs would take a week."
    )
    assert [n for span, n in _names(body) if span == "He"] == [None]


def test_a_place_is_never_he():
    body = (
        "Dan Tripp runs the campaign in the state. “We will fight,” Tripp said. "
        "South Carolina, he said, was where they could win."
    )
    assert [n for span, n in _names(body) if span == "he"] == ["Dan Tripp"]


def test_a_title_case_headline_names_no_one():
    body = "Ann Cole Blasts Drudge for Mocking Her Plan. Cole joked that she would win."
    assert [n for span, n in _names(body) if span == "Cole"] == ["Cole"]


# body, the names of its sources in text order: a one-word news agency that is the surname of
# a person the text names anywhere is that person
AGENCY_OR_PERSON = [
    ("“I will win,” Bloomberg said. Michael R. Bloomberg is running.", ["Michael R. Bloomberg"]),
    ("Michael Bloomberg ran. Prices rose, Bloomberg News reported.", ["Bloomberg"]),
    ("Prices rose, Bloomberg reported.", ["Bloomberg"]),
]


@pytest.mark.parametrize(("body", "names"), AGENCY_OR_PERSON)
def test_an_agency_named_like_a_person_of_the_text_is_that_person(body, names):
    assert [name for _, name in _names(body)] == names
