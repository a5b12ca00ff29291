"""The article of an HTML page (credscore.extract)."""

import lxml.html
import pytest

from credscore.errors import InputError
from credscore.extract import extract_page, headline

BODY = "".join(
    f"<p>The council voted on the {n} item of the budget on Monday, and the mayor said the city "
    "would publish the results.</p>"
    for n in ("first", "second", "third")
)


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


HEADLINES = [
    # the <h1> that matches the metadata title, not the masthead or the site's name
    (
        "<title>Council passes budget | The Courier</title>",
        "<h1>The Courier</h1><h1>Council passes budget</h1>",
        "Council passes budget",
    ),
    # the visible headline when the metadata title is the SEO rewrite
    (
        '<meta property="og:title" content="Council passes the budget after long debate">',
        "<h1>Council passes budget after a long debate</h1>",
        "Council passes budget after a long debate",
    ),
    # no heading: the metadata title without the site's name
    ("<title>Council passes budget - The Courier</title>", "", "Council passes budget"),
    # a site-name <h1> and the article's headline in an <h2>
    (
        "<title>The Courier » Council passes budget</title>",
        "<h1>The Courier</h1><h2>Council passes budget</h2>",
        "Council passes budget",
    ),
    # an <svg><title> in the body is not the page's title
    (
        "<title>Council passes budget</title>",
        "<svg><title>Search</title></svg><h2>Search</h2><h1>Council passes budget</h1>",
        "Council passes budget",
    ),
    # a heading that runs on into its dek: the metadata title its first text spells
    (
        "<title>Council passes budget after a long debate</title>",
        "<h1>Council passes budget <em>after</em> a long debate <span>What it means</span></h1>",
        "Council passes budget after a long debate",
    ),
    # a metadata title cut off inside the heading's text is not taken for the headline
    (
        '<meta property="og:title" content="Council passes budget after a long">',
        "<h1>Council passes budget after a long debate</h1>",
        "Council passes budget after a long debate",
    ),
    # the part of the <title> that og:title leaves out is the site's name: its <h1> is the
    # masthead, though it is the title's longest part (marktplatz.die-besserwisser.org)
    (
        '<title>Budget passes | The Harbor Courier Daily News</title>'
        '<meta property="og:title" content="Budget passes">',
        "<h1>The Harbor Courier Daily News</h1><h2>Budget passes</h2>",
        "Budget passes",
    ),
    # an og:title rewritten for search engines does not make the headline the site's name
    (
        "<title>Coronavirus: fine for false reports of a contact | The Independent</title>"
        '<meta property="og:title" content="False reports of a contact will be fined">',
        "<h1>Coronavirus: fine for false reports of a contact</h1>",
        "Coronavirus: fine for false reports of a contact",
    ),
    # a page whose only heading is the site's name keeps it
    (
        '<title>History | Sounds of Silence</title><meta property="og:site_name" '
        'content="Sounds of Silence">',
        "<h2>Sounds of Silence</h2>",
        "Sounds of Silence",
    ),
    # soft hyphens (invisible break hints) are not part of the headline's text (bka.de)
    (
        "<title>Messengerdienste sind kein rechtsfreier Raum | BKA</title>",
        "<h1>Mes&shy;sen&shy;ger&shy;diens&shy;te sind kein rechts&shy;frei&shy;er Raum</h1>",
        "Messengerdienste sind kein rechtsfreier Raum",
    ),
    # a title that is the site's name and a dangling separator names no headline
    (
        "<title>The Courier Enquiries -</title>",
        "<h1></h1><h2>Council passes budget</h2><h2>Contact us</h2>",
        "Council passes budget",
    ),
]


@pytest.mark.parametrize(("head", "body", "expected"), HEADLINES)
def test_headline_is_the_heading_a_reader_sees(head, body, expected):
    assert headline(lxml.html.document_fromstring(page(head, body))) == expected


def test_the_heading_that_opens_the_article_beats_a_site_name_above_it():
    html = page(
        "<title>What are leadership styles? Definition and meaning - Jargons</title>",
        "<h1>Jargons A Business Encyclopedia</h1><div><h1>Leadership Styles</h1>" + BODY + "</div>",
    )
    assert headline(lxml.html.document_fromstring(html), "Leadership Styles") == (
        "Leadership Styles"
    )


OPENING_HEADINGS = [
    # menu <h1>s too short to be a headline; the <h2> that opens the text is (wiki.python.org)
    (
        "<title>BeginnersGuide/Download - Python Wiki</title>",
        "<h1>Page</h1><h1>User</h1><h2>Downloading Python</h2>",
        "Downloading Python",
        "Downloading Python",
    ),
    # a one-word <h2> opening the text is a section's name: the metadata title's longest part
    (
        "<title>Council passes budget - The Courier</title>",
        "<h2>Politics</h2>",
        "Politics",
        "Council passes budget",
    ),
    # an <h1> of three words or more nearest above the text still beats an opening <h2>
    (
        "<title>Winter care - Garden Journal</title>",
        "<h1>How to care for witch hazel in winter</h1><h2>When does it flower?</h2>",
        "When does it flower?",
        "How to care for witch hazel in winter",
    ),
]


@pytest.mark.parametrize(("head", "body", "opening", "expected"), OPENING_HEADINGS)
def test_a_heading_that_opens_the_text_is_the_headline_when_no_h1_is(
    head, body, opening, expected
):
    root = lxml.html.document_fromstring(page(head, body + BODY))
    assert headline(root, opening, [opening]) == expected


def test_a_heading_under_a_label_at_the_top_of_the_text_is_the_headline():
    # uk.trustpilot.com: the metadata titles are blurbs; the review's title is an <h2>
    html = page(
        '<title>gousto.co.uk reviewed by Mrs H Pyke</title><meta property="og:title" '
        'content="Mrs H Pyke gave gousto.co.uk 5 stars. Check out the full review...">',
        "<p>Review of gousto.co.uk</p><h2>Gousto has changed my life</h2>" + BODY,
    )
    lead = ["Review of gousto.co.uk", "Gousto has changed my life", "The council voted."]
    assert headline(lxml.html.document_fromstring(html), lead[0], lead) == (
        "Gousto has changed my life"
    )


def test_main_text_is_paragraphs_and_list_items_are_lines():
    html = page(
        "<title>Council passes budget</title>",
        f"<nav><a href='/'>Home</a></nav><article><h1>Council passes budget</h1>{BODY}"
        "<ul><li>Libraries get more money for weekend opening hours.</li>"
        "<li>Roads get less money for repairs this year.</li></ul></article>",
    )
    extracted = extract_page(html)
    assert extracted.title == "Council passes budget"
    assert "Home" not in extracted.text
    assert ("Libraries get more money for weekend opening hours.\n"
            "Roads get less money for repairs this year.") in extracted.text
    assert extracted.text.count("\n\n") >= 3


def test_metadata_is_read():
    html = page(
        '<title>Council passes budget</title><meta name="author" content="Ana Ruiz">'
        '<meta property="og:site_name" content="The Courier">'
        '<meta property="article:published_time" content="2023-03-14T10:00:00Z">'
        '<link rel="canonical" href="https://courier.example.com/budget">',
        f"<article><h1>Council passes budget</h1>{BODY}</article>",
    )
    extracted = extract_page(html)
    assert extracted.author == "Ana Ruiz"
    assert extracted.site_name == "The Courier"
    assert extracted.published == "2023-03-14"
    assert extracted.url == "https://courier.example.com/budget"


def test_no_article_text_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        extract_page(page("<title>Menu</title>", "<nav><a href='/'>Home</a></nav>"))
