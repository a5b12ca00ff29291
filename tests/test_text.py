"""Ingestion, cleaning and segmentation of articles (credscore.text)."""

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
        "“The quote runs on into the next paragraph\n\nAnd this is another.",
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
    assert [(article.text[d.start : d.end], d.reason) for d in article.dropped] == [
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


BODY = "The council passed the budget on Monday after a debate that lasted six hours."
MENU = "Home\n\nNews\n\nSport\n\nWeather\n\nSign in\n\n"

SCRAPED_HEADLINES = [
    # "Site » Section » Headline": the site's name also matches, but sits higher (fouryears.eu)
    (
        "Four Years Remaining » Blog Archive » Interning of Small Integers in Python\n\n"
        "Four Years Remaining\n\nPreparing the consequences\n\n"
        "Interning of Small Integers in Python\n\nPosted by Konstantin 21.10.2019\n\n" + BODY,
        "Interning of Small Integers in Python",
    ),
    # a one-word headline that is the title's first part; the site's name is its longest
    (
        "Penny - Stardew Valley Wiki\n\n" + MENU + "Penny\n\nFrom Stardew Valley Wiki\n\n"
        + BODY,
        "Penny",
    ),
    # a headline that ends in an abbreviation's full stop (world.kbs.co.kr)
    (
        "Colder Temperatures Forecast for Wed. after Cold Wave Alert Tues. | KBS WORLD\n\n"
        + MENU
        + "KBS WORLD\n\nColder Temperatures Forecast for Wed. after Cold Wave Alert Tues.\n\n"
        + BODY,
        "Colder Temperatures Forecast for Wed. after Cold Wave Alert Tues.",
    ),
    # a section name that is a middle part of the title is no headline (elpais.com)
    (
        "Has Antarctica really reached 20 degrees? | Science | The Daily\n\nScience\n\n"
        "Has Antarctica really reached 20 degrees?\n\n" + BODY,
        "Has Antarctica really reached 20 degrees?",
    ),
    # the title's first parts, not only its first, may be the headline (ordnungsrausch.com)
    (
        "Orga your life - organising your days | Ordnungsrausch\n\nOrga your life\n\n"
        "Orga your life - organising your days\n\n" + BODY,
        "Orga your life - organising your days",
    ),
    # the title shortens the headline; a subheading that opens the same way is below the body
    (
        "How to Care for Hydrangeas | Real Simple\n\nGardening\n\n"
        "How to Care for Hydrangeas to Get the Most Beautiful Blooms on the Block\n\n" + BODY
        + "\n\nHow to Care for Hydrangeas in Vases\n\n" + BODY,
        "How to Care for Hydrangeas to Get the Most Beautiful Blooms on the Block",
    ),
    # a line a little like the title beats a byline between it and the body
    # (sciencesetavenir.fr: "Par Nicolas Gutierrez C. le 14.09.2020 à 11h46")
    (
        "Flood relief: what the council pays for - The Courier\n\n"
        "Flood relief: how the council helps homeowners\n\nAnne Martin Weather Desk\n\n" + BODY,
        "Flood relief: how the council helps homeowners",
    ),
    # a title that is only the site's name and a dangling separator names no headline; the
    # site's name below the body is no headline either (nationalrail.co.uk)
    (
        "National Rail Enquiries -\n\nSkip to content\n\nRail Replacement\n\n"
        "Rail Replacement Services Travel Advice\n\n" + BODY + "\n\nManaged by:\n\nNational Rail",
        "Rail Replacement Services Travel Advice",
    ),
    # the title's words in a copyright line make no headline of it
    (
        "The Harbor Courier\n\nCouncil passes budget\n\n" + BODY
        + "\n\n© 2023 The Harbor Courier. All rights reserved.",
        "Council passes budget",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SCRAPED_HEADLINES)
def test_scraped_page_headline_is_the_line_like_its_title(text, expected):
    article = parse(text, id="s", html=False)
    assert article.title == expected
    assert article.text[slice(*article.headline)] == expected


def test_in_an_articles_text_a_sentence_like_the_headline_stays_a_sentence():
    article = parse("Storm hits coast\n\nStorm hits coast again.\n\n" + BODY, id="a", html=False)
    assert article.title == "Storm hits coast"
    assert len(article.sentences) == 2


def test_a_title_copy_below_the_body_is_not_the_headline():
    text = (
        "Council passes budget | The Courier\n\nCouncil passes budget\n\n" + BODY
        + "\n\nMore stories\n\nCouncil passes budget"
    )
    article = parse(text, id="s", html=False)
    assert article.headline[0] == text.index("Council passes budget\n\nThe council")


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


def test_html_page_becomes_its_main_text_with_offsets_into_it():
    page = (FIXTURES / "wire_copy.html").read_text(encoding="utf-8")
    article = parse(page, id="html")
    assert article.html
    assert article.title == "Wildfire forces evacuation of 4,000 near Redmond & Sisters"
    assert article.wire == "AP"
    assert article.text[slice(*article.headline)] == article.title
    assert article.text[article.headline[1] :].lstrip().startswith(
        "BEND, Ore. (AP) — A fast-moving wildfire"
    )
    for junk in ("dataLayer", "<", "&amp;", "&mdash;", "Related stories", "Opinion", "©"):
        assert junk not in article.text, junk
    assert article.text[slice(*article.dateline)] == "BEND, Ore. (AP) — "
    for s in article.sentences:
        assert article.span(s.start, s.end).text == article.text[s.start : s.end]


def test_html_entities_are_decoded_in_the_text():
    article = parse("<html><body><p>Smith &amp; Jones said it rained heavily on the "
                    "coast &mdash; again.</p></body></html>", id="e")
    assert article.text == "Smith & Jones said it rained heavily on the coast — again."


def test_a_page_wrapped_in_one_form_keeps_its_article():
    body = "".join(
        f"<p>The council voted on the {n} budget item after a long debate about costs, and the "
        "mayor said the city would publish the results.</p>"
        for n in ("first", "second", "third")
    )
    page = f"<html><body><form action='/x'><h1>Council votes</h1>{body}</form></body></html>"
    article = parse(page, id="form")
    assert len(article.sentences) == 3


def test_a_page_without_article_text_is_an_input_error():
    with pytest.raises(InputError, match="no article text found in this HTML page"):
        parse("<html><body><nav><a href='/'>Home</a></nav></body></html>", id="empty")


SCRAPED_CLAIMS = [
    "North Korea on Tuesday denied that it had supplied artillery shells to Russia, calling a "
    "U.S. accusation a fabrication meant to tarnish its image.",
    '"We have never exported weapons or ammunition to Russia and we do not plan to do so," a '
    "vice defense minister said in a statement carried by the state news agency KCNA.",
    "The denial came a week after a U.S. spokesperson said Pyongyang appeared to be covertly "
    "supplying shells, routing them through countries in the Middle East and North Africa.",
    "Analysts said the shipments, if confirmed, would be a sign of how badly Russia needs "
    "ammunition.",
]


def test_a_scraped_page_gives_only_the_articles_sentences():
    text = (FIXTURES / "scraped_page.txt").read_text(encoding="utf-8")
    article = parse(text, id="scraped")
    assert article.title == "North Korea denies supplying artillery shells to Russia"
    assert article.wire == "Reuters"
    assert article.text[slice(*article.dateline)] == "SEOUL — "
    assert [article.text[s.start : s.end] for s in article.sentences] == SCRAPED_CLAIMS
    reasons = {article.text[d.start : d.end]: d.reason for d in article.dropped}
    assert reasons["The Harbor Courier"] == "masthead"
    assert reasons["IE 11 is not supported. For an optimal experience visit our site on "
                   "another browser."] == "browser_warning"
    assert reasons["By Dana Whitfield"] == "byline"
    assert reasons["Published 10:32 AM EST, Tue March 14, 2023"] == "timestamp"
    assert reasons["/ Source: Reuters"] == "credit"
    assert reasons["What you need to know"] == "summary"
    assert reasons["- North Korea says the report is a fabrication"] == "summary"
    assert reasons["Share on Facebook"] == "share_prompt"
    assert reasons["© 2023 The Harbor Courier. All rights reserved."] == "copyright"


DATELINES = [
    ("SEOUL — North Korea fired a missile on Tuesday.", "SEOUL — "),
    ("SEOUL, South Korea — North Korea fired a missile on Tuesday.", "SEOUL, South Korea — "),
    ("SEOUL—North Korea fired a missile on Tuesday.", "SEOUL—"),
    ("SEOUL (Reuters) - North Korea fired a missile on Tuesday.", "SEOUL (Reuters) - "),
    ("BEIJING, Sept. 22 (AP) — China said the talks were over.", "BEIJING, Sept. 22 (AP) — "),
    ("Washington (CNN) — The Senate voted on the bill on Friday.", "Washington (CNN) — "),
    ("SEOUL —\n\nNorth Korea fired a missile on Tuesday.", "SEOUL —\n\n"),
    ("SEOUL-based firms said exports fell in March.", None),
    ("U.S. — China talks resumed in Geneva on Monday.", None),
    ("Kim — a former general — said the talks were over.", None),
]


@pytest.mark.parametrize(("text", "dateline"), DATELINES)
def test_datelines_open_no_claim_and_are_reported(text, dateline):
    article = parse(text, id="d", title="given")
    found = article.text[slice(*article.dateline)] if article.dateline else None
    assert found == dateline
    first = article.sentences[0]
    assert article.text[first.start : first.end] == text[len(dateline or "") :]


def test_a_dateline_is_never_a_source(scorer):
    report = scorer.score("Talks fail\n\nSEOUL — North Korea said on Tuesday that the talks "
                          "had failed.", id="d")
    assert [s.name for s in report.sources] == ["North Korea"]
    assert report.dateline.text == "SEOUL — "


HARD_BREAKS = [
    (
        "Talks fail\n\nRussian President\n\nVladimir Putin,\n\nin a nationally televised "
        "speech, said the talks had failed.",
        ["Russian President\n\nVladimir Putin,\n\nin a nationally televised speech, said the "
         "talks had failed."],
    ),
    (
        "Talks fail\n\nThe minister said the\ntalks had failed and would not\nresume.",
        ["The minister said the\ntalks had failed and would not\nresume."],
    ),
    (
        "Talks fail\n\nThe minister spoke on Monday.\n\nThe talks had failed.",
        ["The minister spoke on Monday.", "The talks had failed."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), HARD_BREAKS)
def test_hard_line_breaks_inside_a_sentence_are_joined(text, expected):
    article = parse(text, id="b")
    assert article.title == "Talks fail"
    assert [article.text[s.start : s.end] for s in article.sentences] == expected
