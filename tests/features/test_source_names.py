"""Tests for credscore.features.source_names: source names a reader can use, or none."""

from __future__ import annotations

import doctest

import pytest

from credscore.features import source_names
from credscore.features.source_names import names_source, source_span, trim_phrase

# source phrase as an extractor hands it over, what is left of it (None: no source at all)
TRIM = [
    # --- time and place adverbials
    ("the Biden administration on Friday", "the Biden administration"),
    ("White House and State Department early this month", "White House and State Department"),
    ("officials at the time", "officials"),
    ("the ministry earlier", "the ministry"),
    ("officials in Seoul", "officials"),
    ("Tuesday Mark Olberholtzer", "Mark Olberholtzer"),
    ("2014) Navarro County officials Tuesday", "Navarro County officials"),
    ("Putin, in a nationally televised speech", "Putin"),
    ("the Observatory for Human Rights in London", "the Observatory for Human Rights"),
    ("the company last week", "the company"),
    ("lawyer Jim Dunham in an interview with the Globe", "lawyer Jim Dunham"),
    ("the court in its ruling", "the court"),
    ("the agency in its report", "the agency"),
    ("the company in a statement to reporters", "the company"),
    # --- auxiliaries, adverbs and verbs left at the end
    ("the government of North Korea has", "the government of North Korea"),
    ("a British military expert has", "a British military expert"),
    ("The North Korean leader has been", "The North Korean leader"),
    ("The Comcast agent then", "The Comcast agent"),
    ("Ahmadu didn’t", "Ahmadu"),
    ("they did", "they"),
    ("reporters heaped praise", "reporters"),
    ("Clinton leaned", "Clinton"),
    ("the girls are seeking advice from experts", "the girls"),
    # --- possessive endings, open parentheses, ages, dashes
    ("North Korea's", "North Korea"),
    ("the officials’s", "the officials"),
    ("Oversight Chairman Jason Chaffetz (R-Utah", "Oversight Chairman Jason Chaffetz"),
    ("Rep. Jim Jordan (R-Ohio)", "Rep. Jim Jordan (R-Ohio)"),
    ("Schiff, 56", "Schiff"),
    ("The transcript of the debate–published by The Post", "The transcript of the debate"),
    # --- words before the source
    ("Watch Sorkin", "Sorkin"),
    ("Everything Trump", "Trump"),
    ("according to U.N.", "U.N."),
    ("But officials", "officials"),
    ("Is Sanders", "Sanders"),  # a headline's question
    ("Why the council", "the council"),
    ("the the city report", "the city report"),
    # --- a verb and its object before the source; two sentences run together
    ("confirm the claim and the State Department", "the State Department"),
    ("the first nine months.Figure 10", "Figure 10"),
    # --- what stays as it is
    ("Theresa May", "Theresa May"),
    ("First Lady Michelle Obama", "First Lady Michelle Obama"),
    ("a nationally televised speech by Putin", "Putin"),
    ("sources familiar with the matter", "sources familiar with the matter"),
    ("The 26-year-old", "The 26-year-old"),
    ("declassified intelligence", "declassified intelligence"),
    ("officials involved in the talks", "officials involved in the talks"),
    # --- no source at all
    ("us", None),
    ("them", None),
    ("were", None),
    ("had", None),
    ("a nationally televised speech", None),
    ("a rebuttal of an earlier U.S.", None),
    ("of the U.S.-based Center for Strategic and International Studies", None),
    ("through his campaign theme of", None),
    ("explored the environmental changes that wiped", None),
    ("the door", None),
    ("the guest list", None),
    ("Early signs", None),
    ("his", None),
]


@pytest.mark.parametrize(("phrase", "kept"), TRIM)
def test_trim_phrase(phrase, kept):
    found = trim_phrase(phrase)
    assert (phrase[found[0] : found[1]] if found else None) == kept


# a source phrase, whether it names someone (False: a holder without a usable name)
NAMES = [
    ("Victor Cha", True),
    ("the officials", True),
    ("Hospital staff", True),
    ("one Republican", True),
    ("a state-controlled media outlet", True),
    ("Kurdish forces", True),
    ("he", True),
    ("they", True),
    ("we", False),
    ("I", False),
    ("74 percent of likely voters", False),
    ("a majority of Democratic statements", False),
    ("56", False),
    ("many", False),
    ("some", False),
    ("a third", False),
    ("fascinating", False),
    ("no statement", False),  # nobody
    ("no officials", False),
    ("Hundreds of the party", False),  # a quantity
    ("thousands of protesters", False),
    ("made a public statement", False),  # a verb and its object: the span stays, unnamed
    ("took the stage", False),
    ("intense", False),
    ("depressed", False),
]


@pytest.mark.parametrize(("phrase", "named"), NAMES)
def test_names_source(phrase, named):
    assert names_source(phrase) is named


def _span(text: str, words: str) -> str | None:
    """``source_span`` of the first occurrence of ``words`` in ``text``, as text."""
    start = text.index(words)
    found = source_span(text, start, start + len(words))
    return text[found[0] : found[1]] if found else None


# text, the source span an extractor found in it, the source left
SPANS = [
    ("SEOUL — North Korea said on Friday it fired.", "SEOUL — North Korea", "North Korea"),
    (
        "SEOUL, South Korea — North Korea said so.",
        "SEOUL, South Korea — North Korea",
        "North Korea",
    ),
    (
        "Victor Cha of the U.S.-based Center for Strategic and International Studies said so.",
        "of the U.S.-based Center for Strategic and International Studies",
        "Victor Cha of the U.S.-based Center for Strategic and International Studies",
    ),
    (
        "Victor Cha of the U.S.-based Center for Strategic and International Studies said so.",
        "based Center for Strategic and International Studies",
        "Victor Cha of the U.S.-based Center for Strategic and International Studies",
    ),
    ("The head of the agency said so.", "the agency", "the agency"),
    ("The U.S. said so.", "The U.S", "The U.S."),
    ("Officials in the U.S. said so.", "Officials in the U", "Officials"),
    ('"No foul play," said Det. Aldeson. Then he left.', "Det", "Det. Aldeson"),
    ("Islamic State (ISIS) fighters claim it.", "ISIS) fighters", "Islamic State (ISIS) fighters"),
    ("Up to 2,000 protesters said so.", "000 protesters", "2,000 protesters"),
    # a role set off after a person's name: the name
    (
        "“We are concerned,” said Maria Lopez, spokeswoman for the city council said.",
        "spokeswoman for the city council",
        "Maria Lopez",
    ),
    (
        "Tom Baxter, the Democratic attorney general of Vermont, disagreed.",
        "Democratic attorney general of Vermont",
        "Tom Baxter",
    ),
    ("In Harbor City, the aide insisted.", "the aide", "the aide"),  # a place, no person
    ("Mrs. Cole, these people said, would run.", "these people", "these people"),  # not one
    ("With hosts Ann Bell and Joe Moss, the candidate agreed.", "the candidate", "the candidate"),
    ("But Tom Fitton, the president of Harbor Watch, said so.", "the president of Harbor Watch",
     "Tom Fitton"),
    ("Josh Earnest, White House spokesman, said so.", "White House spokesman",
     "White House spokesman"),  # a name of its own
    # a span that stops at a given name: the surname after it, unless it is the surname
    ("Senate aide Jamal Ortiz said so.", "Senate aide Jamal", "Senate aide Jamal Ortiz"),
    ("Prime Minister Theresa May said so.", "Prime Minister Theresa", "Prime Minister Theresa May"),
    ("How Paul Ryan Sees Trump.", "Paul Ryan", "Paul Ryan"),
    # a medium and its name: the name
    ("According to the website “Quiet Stories,” a woman did.", "the website", "Quiet Stories"),
    ("as the blog CornerGossip.com reported", "the blog CornerGossip.com", "CornerGossip.com"),
    # a dateline in capitals without its dash
    ("MIDLAND Harris County deputies said so.", "MIDLAND Harris County deputies",
     "Harris County deputies"),
    # --- a caption's label is no name; a name written mid-sentence elsewhere is
    ("Remembered: A flag flies at half staff over the memorial.", "Remembered", None),
    ("Correction: An earlier version misstated the date.", "Correction", None),
    ("Putin, in a nationally televised speech, said so.", "Putin", "Putin"),
    ("Daniel Harlow spoke. Harlow: the ship left.", "Harlow", "Harlow"),
    ("Reuters: the ship left port.", "Reuters", "Reuters"),
]


@pytest.mark.parametrize(("text", "found", "kept"), SPANS)
def test_source_span_in_context(text, found, kept):
    assert _span(text, found) == kept


def test_doctests():
    assert doctest.testmod(source_names).failed == 0
