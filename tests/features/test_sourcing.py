"""Tests for credscore.features.sourcing: source kinds, canonical names, roles, the inventory."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from credscore.features import sourcing
from credscore.features.attribution import ResolvedAttribution, find_attributions
from credscore.features.source_resolver import SourceResolver
from credscore.features.sourcing import (
    SOURCE_KINDS,
    Source,
    classify_source,
    head_noun,
    source_descriptor,
    source_inventory,
)
from credscore.text import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# phrase, canonical name, kind, role
CLASSIFY = [
    # --- named people: honorifics out of the name, descriptor words as the role
    (
        "White House National Security Council spokesperson Rear Admiral Daniel Harlow",
        "Daniel Harlow",
        "named_person",
        "White House National Security Council spokesperson",
    ),
    ("Union leader Héctor Villanueva", "Héctor Villanueva", "named_person", "Union leader"),
    ("Labor Minister Carolina Espejo", "Carolina Espejo", "named_person", "Labor Minister"),
    ("Mr. Villanueva", "Villanueva", "named_person", None),
    ("Lucía", "Lucía", "named_person", None),
    (
        "Gen. Rodrigo Salinas, the regional army commander responsible for public order",
        "Rodrigo Salinas",
        "named_person",
        "regional army commander",
    ),
    ("Donghai’s chairman, Liu Wenbo", "Liu Wenbo", "named_person", "Donghai’s chairman"),
    ("Rep. Jim Jordan (R-Ohio)", "Jim Jordan", "named_person", None),
    # --- experts
    (
        "Choi Yoon-seo, a senior fellow at the Seoul-based Korea Institute for Strategic Futures",
        "Choi Yoon-seo",
        "expert",
        "senior fellow",
    ),
    ("Dr. Helena Marsh, an immunologist", "Helena Marsh", "expert", "immunologist"),
    ("an analyst at Capital Economics", "an analyst at Capital Economics", "expert", "analyst"),
    ("Professor Ana Ruiz", "Ana Ruiz", "expert", "Professor"),
    # --- anonymous
    ("An unnamed official", "an unnamed official", "anonymous", "official"),
    ("officials", "officials", "anonymous", None),
    ("sources familiar with the matter", "sources familiar with the matter", "anonymous", None),
    (
        "A senior U.S. defense official",
        "a senior U.S. defense official",
        "anonymous",
        "senior U.S. defense official",
    ),
    (
        "two people familiar with the review",
        "two people familiar with the review",
        "anonymous",
        None,
    ),
    ("one of the sources", "one of the sources", "anonymous", None),
    # --- organizations
    ("the State Department", "State Department", "organization", None),
    ("the White House", "White House", "organization", None),
    ("South Korea's Defence Ministry", "South Korea's Defence Ministry", "organization", None),
    ("Harbor Pacific Terminals", "Harbor Pacific Terminals", "organization", None),
    ("the United States", "United States", "organization", None),
    ("The New York Post", "New York Post", "organization", None),
    # --- state media (canonical from state_media.txt when an alias is there)
    ("KCNA", "KCNA", "state_media", None),
    ("Xinhua", "Xinhua", "state_media", None),
    ("North Korea's official KCNA news agency", "KCNA", "state_media", None),
    ("Korean Central News Agency", "KCNA", "state_media", None),
    ("state media", "state media", "state_media", None),
    ("state television", "state television", "state_media", None),
    ("Iran's state news agency", "IRNA", "state_media", None),
    # --- news agencies (canonical from news_agencies.txt)
    ("Reuters", "Reuters", "news_agency", None),
    ("The Associated Press", "AP", "news_agency", None),
    ("AFP", "AFP", "news_agency", None),
    ("Bloomberg News", "Bloomberg", "news_agency", None),
    ("Michael R. Bloomberg", "Michael R. Bloomberg", "named_person", None),  # the man, not the wire
    # --- documents
    ("the study", "the study", "document", None),
    ("a report", "a report", "document", None),
    ("the city's budget report", "the city's budget report", "document", None),
    ("a statement", "a statement", "document", None),
    ("court filings", "court filings", "document", None),
    ("intelligence findings", "intelligence findings", "document", None),
]


@pytest.mark.parametrize(("phrase", "name", "kind", "role"), CLASSIFY)
def test_classify_source(phrase, name, kind, role):
    assert classify_source(phrase) == (name, kind, role)


def test_every_kind_is_covered():
    assert {kind for _, _, kind, _ in CLASSIFY} == set(SOURCE_KINDS)


@pytest.mark.parametrize("phrase", ["", "   ", " , "])
def test_classify_source_rejects_empty_phrases(phrase):
    with pytest.raises(ValueError, match="empty source phrase"):
        classify_source(phrase)


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("two people familiar with the review", "people"),
        ("one of the sources", "sources"),
        ("a subsidiary of Donghai Maritime Holdings", "company"),
        ("the company developing the spray", "company"),
        ("the ruling", "ruling"),
    ],
)
def test_head_noun(phrase, head):
    assert head_noun(phrase) == head


def test_source_descriptor_adds_the_appositive():
    text = "Choi Yoon-seo, a senior fellow at KIS, said it was late."
    assert source_descriptor(text, 0, 13) == "Choi Yoon-seo, a senior fellow at KIS"
    assert source_descriptor("Harlow said so.", 0, 6) == "Harlow"


def _resolve_all(text: str, phrases: list[str]) -> list[tuple[str | None, str | None]]:
    """Resolve each phrase at its next occurrence, observing sentences as a reader would."""
    resolver, out, pos = SourceResolver(), [], 0
    resolver.observe(text, 0, len(text))
    for phrase in phrases:
        start = text.index(phrase, pos)
        pos = start + len(phrase)
        out.append(resolver.resolve(text, start, pos))
    return out


def test_resolver_pronouns_descriptors_and_aliases():
    text = (
        "Harbor Pacific Terminals (HPT), a subsidiary of Donghai, runs the port. "
        "Union leader Héctor Villanueva spoke. A senior official spoke. "
        "Villanueva spoke. He spoke. The official spoke. The company spoke. HPT spoke. "
        "It spoke. They spoke."
    )
    phrases = ["Union leader Héctor Villanueva", "A senior official", "Villanueva", "He"]
    phrases += ["The official", "The company", "HPT", "It", "They"]
    assert _resolve_all(text, phrases) == [
        ("Héctor Villanueva", "named_person"),
        ("a senior official", "anonymous"),
        ("Héctor Villanueva", "named_person"),
        ("Héctor Villanueva", "named_person"),
        ("a senior official", "anonymous"),
        ("Harbor Pacific Terminals", "organization"),
        ("Harbor Pacific Terminals", "organization"),
        ("Harbor Pacific Terminals", "organization"),
        ("Harbor Pacific Terminals", "organization"),  # "they": the last cited group or body
    ]
    assert _resolve_all("They spoke. It spoke.", ["They", "It"]) == [(None, None), (None, None)]


def test_resolver_documents_and_unresolved_pronouns():
    text = "She spoke. The survey found it. The report says so."
    assert _resolve_all(text, ["She", "The survey", "The report"]) == [
        (None, None),
        ("the survey", "document"),
        ("the survey", "document"),
    ]


def _attribution(source: tuple[int, int] | None, name: str | None, kind: str | None):
    return ResolvedAttribution((0, 1), (2, 3), source, False, name, kind)


def test_inventory_merges_case_insensitively_in_order_of_first_mention():
    article = parse("Officials said it. Reuters said it. The officials said it.", id="x")
    rels = [
        _attribution((19, 26), "Reuters", "news_agency"),
        _attribution((0, 9), "Officials", "anonymous"),
        _attribution((36, 49), "officials", "anonymous"),
        _attribution((36, 49), "officials", "anonymous"),  # a continued quote: same span
        _attribution(None, None, None),
        _attribution((5, 9), None, None),  # an unresolved pronoun
    ]
    assert source_inventory(article, rels) == [
        Source("Officials", "anonymous", None, 2),
        Source("Reuters", "news_agency", None, 1),
    ]


EXPECTED_SOURCES = {
    "north_korea_arms.txt": [
        Source(
            "Daniel Harlow",
            "named_person",
            "White House National Security Council spokesperson",
            6,
        ),
        Source("a senior U.S. defense official", "anonymous", "senior U.S. defense official", 3),
        Source("KCNA", "state_media", None, 2, "North Korea"),
        Source("Choi Yoon-seo", "expert", "senior fellow", 4),
        Source("South Korea's Defence Ministry", "organization", None, 2),
    ],
    "port_strike.txt": [
        Source("Héctor Villanueva", "named_person", "Union leader", 7),
        Source("Xinhua", "state_media", None, 2, "China"),
        Source("Harbor Pacific Terminals", "organization", None, 2),
        Source("Rodrigo Salinas", "named_person", "regional army commander", 2),
        Source("two sources familiar with the matter", "anonymous", None, 2),
    ],
    "vaccine_study.txt": [
        Source("Helena Marsh", "expert", "immunologist", 6),
        Source("Samuel Okafor", "expert", "infectious disease specialist", 4),
        Source("a preliminary study", "document", None, 4),
        Source("two people familiar with the review", "anonymous", None, 2),
    ],
    "city_council_budget.txt": [
        Source("Gloria Hadley", "named_person", "Mayor", 2),
        Source("Marcus Bell", "named_person", "Fire Chief", 2),
        Source("the city's budget report", "document", None, 1),
        Source("Riverton Public Utilities Department", "organization", None, 2),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SOURCES))
def test_inventory_of_examples(name):
    article = parse((EXAMPLES / name).read_text(encoding="utf-8"), id=name)
    sources = source_inventory(article, find_attributions(article))
    for expected in EXPECTED_SOURCES[name]:
        assert expected in sources
    assert len({s.name.casefold() for s in sources}) == len(sources)
    assert all(s.kind in SOURCE_KINDS and s.mentions >= 1 for s in sources)


def test_inventory_order_follows_first_mention():
    article = parse((EXAMPLES / "north_korea_arms.txt").read_text(encoding="utf-8"), id="nk")
    names = [s.name for s in source_inventory(article, find_attributions(article))]
    assert names.index("United States") < names.index("Daniel Harlow") < names.index("KCNA")


def test_doctests():
    assert doctest.testmod(sourcing).failed == 0
