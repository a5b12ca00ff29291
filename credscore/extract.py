"""The article in an HTML page: trafilatura's main text and metadata, and the page's headline.

trafilatura (Apache-2.0) has the best published scores on article-extraction benchmarks; it
drops menus, related links, comments and footers, and reads the page's metadata. credscore
lays its main text out as paragraphs (blank lines between blocks, a line per list item or
table cell) and picks the headline a reader sees: the ``<h1>`` (or ``<h2>``) that matches the
page's metadata titles, else the metadata title without the site's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from credscore.clean import (
    longest_title_part,
    normalize,
    site_only,
    title_parts,
    title_similarity,
)
from credscore.errors import InputError

__all__ = ["Page", "extract_page", "headline"]

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"\s+")
#: a heading is the headline when its words and a metadata title's overlap this much (Dice)
HEADLINE_MATCH = 0.6
#: an <h2> must beat an <h1> by this much (an <h1> is more often the headline)
H2_HANDICAP = 0.1
_META_TITLES = (
    '//meta[@property="og:title"]/@content',
    '//meta[@name="twitter:title"]/@content',
    "/html/head/title/text()",
)
#: a metadata title of fewer words than this is no headline ("Home", "National Rail -")
MIN_TITLE_WORDS = 3
#: a heading of this many words that opens the article's text is its headline ("Downloading
#: Python"); a one-word one is more often a section's name
OPENING_WORDS = 2
#: lines of the article's text where a heading opening it may sit (after a label: "Review of
#: gousto.co.uk")
LEAD_LINES = 3
#: characters of the article's first paragraph that locate it in the page
HEAD_CHARS = 40
#: a page whose main text has no line of this many words has no article ("Home", "Menu")
MIN_ARTICLE_WORDS = 4


@dataclass(frozen=True)
class Page:
    """An HTML page's article: main text (paragraphs apart by blank lines) and metadata."""

    text: str
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None
    url: str | None


def _clean(text: str) -> str:
    """``text`` with runs of white space made one space and soft hyphens (invisible) dropped."""
    return _SPACE.sub(" ", text.replace("\xad", "")).strip()


def _pieces(heading) -> Iterator[str]:
    """A heading's whole text, then each run of its text of two words or more (a heading can
    carry a kicker or a logo: "Politics | The headline")."""
    whole = _clean(heading.text_content())
    if whole:
        yield whole
    for text in heading.itertext():
        piece = _clean(text)
        if piece != whole and len(piece.split()) >= 2:
            yield piece


def _position_of(root, text: str) -> int | None:
    """Document order of the first element whose own text opens ``text``, or None."""
    prefix = normalize(text)[:HEAD_CHARS]
    if not prefix:
        return None
    for index, element in enumerate(root.iter()):
        if isinstance(element.tag, str) and element.text and prefix in normalize(element.text):
            return index
    return None


def _nearest_heading_before(root, headings: list, body_text: str | None):
    """The ``<h1>`` nearest above where the article's text starts, else the first ``<h1>``."""
    h1s = [h for h in headings if h.tag == "h1"]
    if not h1s:
        return None
    start = _position_of(root, body_text) if body_text else None
    if start is None:
        return h1s[0]
    order = {id(el): i for i, el in enumerate(root.iter())}
    above = [h for h in h1s if order[id(h)] < start]
    return above[-1] if above else h1s[0]


def _openings(heading) -> Iterator[str]:
    """The heading's text up to the end of each of its text nodes, normalized."""
    text = ""
    for piece in heading.itertext():
        text += piece
        yield normalize(text)


def _heading_opening_with(headings: list, titles: set[str]) -> str | None:
    """The longest metadata title that a heading's first text nodes spell out word for word:
    the heading then runs on into a dek or a teaser in an element of its own, so the heading's
    whole text is not the headline but that title is."""
    wanted = {normalize(t): t for t in titles if len(t.split()) >= MIN_TITLE_WORDS}
    opened = [wanted[o] for h in headings for o in _openings(h) if o in wanted]
    return max(opened, key=len, default=None)


def _site_parts(metas: list[str]) -> list[str]:
    """Parts after the first of one metadata title that the others leave out: "Headline |
    Site" as ``<title>`` beside "Headline" as ``og:title`` names the site (the first part is
    left alone: it is the headline that ``og:title`` rewrites for search engines)."""
    out = []
    for title in metas:
        parts = title_parts(title)
        if len(parts) < 2:
            continue
        others = [normalize(m) for m in metas if m != title]
        out += [p for p in parts[1:] if others and not any(normalize(p) in o for o in others)]
    return out


def _is_site(heading, sites: list[str]) -> bool:
    """Whether a heading is the site's name (a masthead)."""
    return any(normalize(heading.text_content()) == normalize(site) for site in sites)


def headline(root, body_text: str | None = None, lead: Sequence[str] = ()) -> str | None:
    """The headline of a parsed page: the ``<h1>`` or ``<h2>`` closest to its metadata titles;
    else the ``<h1>`` that opens the article (``body_text``: its first paragraph) or is nearest
    above it, since metadata titles are often rewritten for search engines; else a heading
    among the article text's first lines (``lead``); else the longest part of its first
    metadata title."""
    metas = [_clean(t) for xpath in _META_TITLES for t in root.xpath(xpath) if t.strip()]
    named = {m: site_only(m) for m in metas}
    metas = [m for m in metas if not named[m]]
    # the site's name: og:site_name and the parts only some metadata titles have; a title
    # that is a name and a dangling separator may also be a headline with one, so it names
    # the site for splitting titles, but no heading is dropped for it
    mastheads = [_clean(t) for t in root.xpath('//meta[@property="og:site_name"]/@content')]
    mastheads += _site_parts(metas)
    sites = mastheads + [site for site in named.values() if site]
    targets = {t for m in metas for t in (m, longest_title_part(m, sites))}
    headings = [h for h in root.xpath("//h1|//h2") if _clean(h.text_content())]
    # a heading that is the site's name is the masthead, unless there is no other heading
    headings = [h for h in headings if not _is_site(h, mastheads)] or headings
    opened = _heading_opening_with(headings, targets)
    if opened is not None:
        return opened
    best, best_score = None, 0.0
    for heading in headings:
        handicap = H2_HANDICAP if heading.tag == "h2" else 0.0
        for piece in _pieces(heading):
            score = max((title_similarity(piece, t) for t in targets), default=0.0) - handicap
            if score > best_score:
                best, best_score = piece, score
    if best is not None and best_score >= HEADLINE_MATCH:
        return best
    opening = [h for h in headings if h.tag == "h1" and body_text
               and normalize(h.text_content()) == normalize(body_text)]
    if opening:  # the article's text opens with its own headline
        return _clean(opening[0].text_content())
    nearest = _nearest_heading_before(root, headings, body_text)
    if nearest is not None and len(_clean(nearest.text_content()).split()) >= MIN_TITLE_WORDS:
        return _clean(nearest.text_content())
    leading = {normalize(x) for x in lead[:LEAD_LINES] if len(x.split()) >= OPENING_WORDS}
    opening = [h for h in headings if normalize(h.text_content()) in leading]
    if opening:  # an <h2> of two words or more among the article text's first lines
        return _clean(opening[0].text_content())
    longest = longest_title_part(metas[0], sites) if metas else ""
    return longest or (_clean(headings[0].text_content()) if headings else None)


_BLOCKS = frozenset({"p", "head", "quote", "code", "div", "list", "table"})


def _lines(element) -> list[str]:
    """The text of one block element, broken at its ``<lb/>`` line breaks."""
    parts: list[str] = []

    def walk(el) -> None:
        if el.tag == "lb":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return [line for line in map(_clean, "".join(parts).split("\n")) if line]


def _paragraphs(body) -> Iterator[list[str]]:
    """trafilatura's body as paragraphs of lines: a list's items and a table's cells are the
    lines of one paragraph; text outside any block is a paragraph of its own."""
    if body.text and body.text.strip():
        yield [_clean(body.text)]
    for el in body:
        if el.tag == "list":
            yield [line for item in el.iter("item") for line in _lines(item)]
        elif el.tag == "table":
            yield [line for cell in el.iter("cell") for line in _lines(cell)]
        elif el.tag in ("quote", "div") and any(child.tag in _BLOCKS for child in el):
            yield from _paragraphs(el)
        else:
            yield _lines(el)
        if el.tail and el.tail.strip():
            yield [_clean(el.tail)]


def extract_page(html: str) -> Page:
    """The article of an HTML page, or :class:`InputError` when it has no article text."""
    import lxml.html
    import trafilatura

    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html))
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(f"not a readable HTML page ({exc}); pass the page as saved") from exc
    doc = trafilatura.bare_extraction(
        root, with_metadata=True, include_comments=False, include_tables=True
    )
    paragraphs = list(_paragraphs(doc.body)) if doc is not None else []
    lead = [line for lines in paragraphs for line in lines][:LEAD_LINES]
    title = headline(root, lead[0] if lead else None, lead)
    text = "\n\n".join("\n".join(lines) for lines in paragraphs if lines)
    if not any(len(line.split()) >= MIN_ARTICLE_WORDS for line in text.splitlines()):
        raise InputError("no article text found in this HTML page; nothing to score")
    return Page(
        text=text,
        title=title or (_clean(doc.title) if doc.title else None),
        author=doc.author or None,
        published=doc.date or None,
        site_name=doc.sitename or None,
        url=doc.url or None,
    )
