"""Ingestion, cleaning and segmentation of articles (credscore.text)."""

import html
from pathlib import Path

import pytest

from credscore.errors import InputError
from credscore.text import decode, parse

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def sentences(text: str) -> list[str]:
    article = parse(text, id="t", title="given")
    return [article.text[s.start : s.end] for s in article.sentences]


SEGMENTATION_TRAPS = [
    (
        "The U.S. ambassador met U.N. officials on Sept. 5 in Geneva. The talks ended.",
        ["The U.S. ambassador met U.N. officials on Sept. 5 in Geneva.", "The talks ended."],
    ),
    (
        "Gen. Park and Mr. Lee arrived. Sen. Warren left.",
        ["Gen. Park and Mr. Lee arrived.", "Sen. Warren left."],
    ),
    (
        "Sanctions were imposed by the U.S. The ministry objected.",
        ["Sanctions were imposed by the U.S.", "The ministry objected."],
    ),
    (
        "SEOUL — North Korea fired a missile on Tuesday. Japan protested.",
        ["North Korea fired a missile on Tuesday.", "Japan protested."],
    ),
    (
        "WASHINGTON (Reuters) - The Pentagon said it was aware. It gave no details.",
        ["The Pentagon said it was aware.", "It gave no details."],
    ),
    (
        '"We will not stop. We cannot stop," the minister said. Talks resume Monday.',
        ['"We will not stop. We cannot stop," the minister said.', "Talks resume Monday."],
    ),
    (
        "“This is a supply line. It is not a one-off,” Harlow said. He declined to elaborate.",
        ["“This is a supply line. It is not a one-off,” Harlow said.", "He declined to elaborate."],
    ),
    (
        "Acme Corp. said profits rose. Shares fell 3 p.m. Friday.",
        ["Acme Corp. said profits rose.", "Shares fell 3 p.m. Friday."],
    ),
    (
        "J. Edgar Hoover ran the bureau. It grew.",
        ["J. Edgar Hoover ran the bureau.", "It grew."],
    ),
    (
        'He asked, "Why now?" and left. Nobody answered.',
        ['He asked, "Why now?" and left.', "Nobody answered."],
    ),
    (
        "Prices rose 2.5 percent. Analysts were surprised!",
        ["Prices rose 2.5 percent.", "Analysts were surprised!"],
    ),
    (
        "BEIJING, Sept. 5 (Xinhua) -- China's exports rose. Imports fell.",
        ["China's exports rose.", "Imports fell."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEGMENTATION_TRAPS)
def test_sentence_segmentation_survives_news_traps(text, expected):
    assert sentences(text) == expected


QUOTES = [
    ('She said "it is over" today.', ['"it is over"']),
    ("She said “it is over” today.", ["“it is over”"]),
    (
        "“They told us, ‘Take the offer,’ and we refused,” he said.",
        [
            "“They told us, ‘Take the offer,’ and we refused,”",
            "‘Take the offer,’",
        ],
    ),
    ("O’Malley’s campaign didn’t comment.", []),
    ("“It is over,“ he said. “We won.”", ["“It is over,“", "“We won.”"]),
    (
        "“The quote runs on into the next paragraph\n\nand this is another.",
        [
            "“The quote runs on into the next paragraph",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), QUOTES)
def test_quote_spans_curly_straight_and_nested(text, expected):
    article = parse(text, id="q", title="given")
    assert [article.text[s:e] for s, e in article.quotes] == expected


BOILERPLATE = [
    ("Subscribe to our newsletter for daily updates", "subscribe_prompt"),
    ("Your browser does not support the video tag.", "browser_warning"),
    ("You may also like", "related"),
    ("Join the conversation: leave a comment below", "comment_prompt"),
    ("© 2026 Reuters. All rights reserved.", "copyright"),
    ("Copyright 2026 The Riverton Ledger", "copyright"),
    ("Write to Ana Ruiz at ana.ruiz@example.com", "contact"),
    ("The reporter can be reached at 555-0100.", "contact"),
    ("Reporting by Kim Min-ji; Editing by Sarah Collins", "credit"),
    ("The Associated Press contributed to this report.", "credit"),
    ("Firefighters work near Bend on Sunday. (Photo: Jane Doe/AP)", "caption"),
    ("The Riverton Ledger | Local news since 1898", "masthead"),
    ("By Alicia Moreno, Ledger staff writer", "byline"),
]


@pytest.mark.parametrize(("line", "reason"), BOILERPLATE)
def test_boilerplate_lines_are_dropped_with_reason(line, reason):
    text = f"Budget passes\n\nThe council passed the budget.\n\n{line}\n\nIt starts in July."
    article = parse(text, id="b")
    assert [(article.source[d.start : d.end], d.reason) for d in article.dropped] == [
        (line, reason)
    ]
    assert all(line not in article.text[s.start : s.end] for s in article.sentences)


def test_related_block_drops_its_linked_headlines():
    text = (
        "Budget passes\n\nThe council passed the budget.\n\n"
        "Related:\nFire chief warns of gaps\nLibrary site chosen after search"
    )
    article = parse(text, id="r")
    assert [d.reason for d in article.dropped] == ["related"] * 3
    assert len(article.sentences) == 1


BODY_LINES_KEPT = [
    "By Tuesday, the fire had burned 11,000 acres.",
    "Officials said the photo showed the launch site.",
    "The company reported record profits for the quarter.",
]


@pytest.mark.parametrize("line", BODY_LINES_KEPT)
def test_story_sentences_are_not_mistaken_for_boilerplate(line):
    article = parse(f"Headline here\n\n{line}", id="k")
    assert article.dropped == ()


WIRE = [
    ("SEOUL (Reuters) - North Korea fired a missile.", "Reuters"),
    ("DALLAS (AP) — The campaign is shifting staff.", "AP"),
    ("The talks failed. / Source: Reuters", "Reuters"),
    ("The talks failed.\n\n— AP", "AP"),
    ("The talks failed. AFP contributed to this report.", "AFP"),
    ("The Associated Press contributed to this report.", "AP"),
    ("The ministry said talks failed.", None),
    ("Reuters reported that talks failed.", None),
]


@pytest.mark.parametrize(("text", "wire"), WIRE)
def test_wire_credit(text, wire):
    assert parse(text, id="w", title="t").wire == wire


def test_plain_text_headline_is_title_and_not_a_sentence():
    article = parse("Storm hits coast\n\nThe storm hit the coast on Monday.", id="h")
    assert article.title == "Storm hits coast"
    assert [article.text[s.start : s.end] for s in article.sentences] == [
        "The storm hit the coast on Monday."
    ]


def test_decode_utf8_cp1252_and_binary():
    raw = (FIXTURES / "legacy_cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = decode(raw)
    assert "José Martínez" in text and "“" in text and "—" in text
    assert decode("naïve “quote”".encode()) == "naïve “quote”"
    assert decode("\ufeffBOM".encode()) == "BOM"
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_html_is_stripped_and_offsets_point_into_the_page():
    page = (FIXTURES / "wire_copy.html").read_text(encoding="utf-8")
    article = parse(page, id="html")
    assert article.title and "Wildfire" in article.title
    assert article.wire == "AP"
    body = " ".join(article.text[s.start : s.end] for s in article.sentences)
    assert "dataLayer" not in body and "{" not in body and "<" not in body
    assert "&amp;" not in article.text
    assert {d.reason for d in article.dropped} >= {"navigation", "related", "footer"}
    for s in article.sentences:
        span = article.span(s.start, s.end)
        assert span.text == page[span.start : span.end]
        assert html.unescape(span.text)[0] == article.text[s.start]


def test_html_entity_maps_to_its_whole_source_text():
    article = parse("<p>Smith &amp; Jones said it rained heavily.</p>", id="e")
    i = article.text.index("&")
    assert article.span(i, i + 1).text == "&amp;"
