"""Tests for credscore.features.state_media and its alias tables: state media by every name."""

from __future__ import annotations

import doctest

import pytest

from credscore.features import alias_tables, state_media
from credscore.features.alias_tables import (
    demonyms,
    government_aliases,
    state_media_aliases,
    state_media_table,
)
from credscore.features.sourcing import classify_source, source_affiliation
from credscore.features.state_media import state_media_mentions, state_medium

# text, canonical name (None: a description naming no outlet), owner
MENTIONS = [
    # --- aliases, short and long
    ("KCNA said the report was false.", "KCNA", "North Korea"),
    ("the Korean Central News Agency said", "KCNA", "North Korea"),
    ("Xinhua reported", "Xinhua", "China"),
    ("the Xinhua News Agency", "Xinhua", "China"),
    ("TASS quoted an official", "TASS", "Russia"),
    ("RIA Novosti said", "RIA Novosti", "Russia"),
    ("Russia Today aired", "RT", "Russia"),
    ("Sputnik reported", "Sputnik", "Russia"),
    ("IRNA said", "IRNA", "Iran"),
    ("the Islamic Republic News Agency", "IRNA", "Iran"),
    ("the Syrian Arab News Agency (SANA)", "SANA", "Syria"),
    ("China Central Television showed", "CCTV", "China"),
    ("the Global Times wrote", "Global Times", "China"),
    ("Iran's Press TV said", "Press TV", "Iran"),
    ("Iran's semi-official Fars news agency", "Fars", "Iran"),
    ("the state-run Xinhua news agency", "Xinhua", "China"),
    # --- a government and its outlet named by its kind
    ("North Korea's Central News Agency said", "KCNA", "North Korea"),
    ("the country's official Korean Central News Agency", "KCNA", "North Korea"),
    ("North Korea's official KCNA news agency", "KCNA", "North Korea"),
    ("North Korea's state news agency", "KCNA", "North Korea"),
    ("Iran's state news agency", "IRNA", "Iran"),
    ("Syria's official news agency", "SANA", "Syria"),
    # --- descriptions: an owner when the text names one
    ("state media reported", None, None),
    ("a state-controlled media outlet said", None, None),
    ("the country's official news agency", None, None),
    ("North Korean state media", None, "North Korea"),
    ("Chinese state media", None, "China"),
    ("Russian state television", None, "Russia"),
    ("government-run television", None, None),
    ("the Communist Party's mouthpiece", None, None),
]


@pytest.mark.parametrize(("text", "name", "owner"), MENTIONS)
def test_state_media_by_every_name(text, name, owner):
    mention = state_media_mentions(text)[0]
    assert (mention.name, mention.owner) == (name, owner)


@pytest.mark.parametrize(
    "text",
    [
        "CCTV footage showed the suspect",  # a camera, not China Central Television
        "RT @reporter: the bridge is closed",  # a retweet
        "Russia's Interfax news agency said",  # a private agency of a country with state media
        "South Korea's Yonhap news agency said",  # a country with no state media listed
        "the Sputnik satellite",
        "The mayor said the report was false.",
        "Russian newspaper Life News reports that",  # a nationality and a kind name no outlet
        "a Chinese newspaper said",
        "Iranian television showed",
    ],
)
def test_no_state_media(text):
    assert state_media_mentions(text) == []


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("North Korea's Central News Agency", "KCNA"),
        ("the country's official Korean Central News Agency", "KCNA"),
        ("a state-controlled media outlet", "a state-controlled media outlet"),
        ("state media", "state media"),
        ("North Korean state media", "North Korean state media"),
        ("Iran's state news agency", "IRNA"),
    ],
)
def test_classify_source_names_state_media(phrase, name):
    assert classify_source(phrase) == (name, "state_media", None)


@pytest.mark.parametrize(
    ("name", "kind", "affiliation"),
    [
        ("KCNA", "state_media", "North Korea"),
        ("Global Times", "state_media", "China"),
        ("North Korean state media", "state_media", "North Korea"),
        ("state media", "state_media", None),
        ("Reuters", "news_agency", None),
        ("Daniel Harlow", "named_person", None),
    ],
)
def test_the_owning_government_is_the_affiliation(name, kind, affiliation):
    assert source_affiliation(name, kind) == affiliation


def test_every_owner_is_a_government_and_every_alias_is_one_outlet():
    governments = set(government_aliases().values())
    assert {m.owner for m in state_media_table()} <= governments
    assert sum(len(m.aliases) for m in state_media_table()) == len(state_media_aliases())
    assert {"KCNA", "Xinhua", "TASS", "RIA Novosti", "RT", "Sputnik", "IRNA", "SANA", "CCTV",
            "Global Times", "Press TV"} <= {m.name for m in state_media_table()}


def test_adjectives_name_their_government():
    assert demonyms()["North Korean"] == "North Korea"
    assert government_aliases()["Pyongyang"] == "North Korea"


def test_one_mention_per_outlet_named_twice_over():
    mentions = state_media_mentions("state-run Xinhua, and KCNA, North Korea's state news agency")
    assert [(m.name, m.owner) for m in mentions] == [
        ("Xinhua", "China"),
        ("KCNA", "North Korea"),
        ("KCNA", "North Korea"),
    ]


def test_state_medium_is_the_first_mention():
    assert state_medium("Xinhua and TASS").name == "Xinhua"
    assert state_medium("the mayor") is None


@pytest.mark.parametrize("module", [state_media, alias_tables])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0
