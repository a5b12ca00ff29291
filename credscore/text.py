"""Articles: decode, take the article out of an HTML page, drop page furniture, find the
headline, dateline, paragraphs, sentences and quotes.

Every offset an :class:`Article` hands out points into ``Article.text``: the decoded input as
given for plain text, the extracted main text for an HTML page (which the report then carries).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass

from credscore import clean, furniture, segment
from credscore.errors import InputError

__all__ = ["Article", "Dropped", "Sentence", "Span", "decode", "looks_like_html", "parse"]

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article text: ``text[start:end] == span.text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """The JSON form: ``{"text", "start", "end"}``."""
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Dropped:
    """A line of page furniture removed from analysis, with the reason (``"copyright"``, ...)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A body sentence and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, eq=False)
class Article:
    """A decoded, cleaned and segmented news article; build one with :func:`parse`."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    paragraphs: tuple[Range, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Range, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    headline: Range | None = None
    dateline: Range | None = None
    wire: str | None = None
    html: bool = False  # text is the main text extracted from an HTML page

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of ``[start, end)``."""
        return Span(start, end, self.text[start:end])


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, *, name: str = "input") -> str:
    """Decode bytes as UTF-8 (BOM honoured), falling back to cp1252 and then latin-1.

    Examples
    --------
    >>> decode("Café “quoted”".encode("cp1252"))
    'Café “quoted”'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise InputError(
            f"{name}: looks like a binary file, not text; pass a .txt, .html or .jsonl"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|body|p|div|article|head)\b", re.I)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document or fragment rather than plain text."""
    return bool(_HTML_HINT.search(text[:2000]))


#: the longest line that can be a headline, in words
HEADLINE_WORDS = 30
#: a kept line of at least this many words that ends a sentence opens the body
BODY_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def _is_headline_like(line: str) -> bool:
    """A line shaped like a headline: a few words with capitals, no full stop at its end."""
    words = line.split()
    ends_statement = line.endswith((".", ":", ";", ","))
    return 2 <= len(words) <= HEADLINE_WORDS and not ends_statement and not line.islower()


def _is_prose(line: str) -> bool:
    return len(line.split()) >= BODY_WORDS and bool(_SENTENCE_END.search(line))


#: a later line is the page's headline when it is this like the page's first line (Dice)
TITLE_MATCH = 0.6
#: a line that opens with the title's first parts (of three words or more) and runs on by
#: three words or more is almost as like it as one that is them
OPENS_TITLE_MATCH = 0.99
#: above the body, a headline-shaped line this like the first line beats the last one (a byline
#: or a date sits between headline and body)
WEAK_TITLE_MATCH = 0.3
#: parts of the first line ("Headline | Site Name") this long may match by word overlap; a
#: shorter part ("Penny - Stardew Valley Wiki") only by equality
MIN_TITLE_PART_WORDS = 3


def _title_match(line: str, title: str) -> float:
    """How like a headline line is to the page's first line (its ``<title>``): 1 when it is
    its first part or its first parts ("Headline | Site", "Penny - Stardew Valley Wiki",
    "Orga your life - organising your days | Site"), or the whole title when that has no
    parts; else the best Dice overlap with the title, a part of three words or more but the
    last (later parts are more often a section or the site's name: "Headline - Politics -
    Site"), or the longest part ("Site » Blog Archive » Headline"), or ``OPENS_TITLE_MATCH``
    when the line opens with the first parts and runs on, as titles shorten headlines."""
    parts = clean.title_parts(title)
    words = clean.title_words(line)
    heads = [" ".join(parts[:k]) for k in range(1, max(2, len(parts)))]
    if words and any(words == clean.title_words(head) for head in heads):
        return 1.0
    opens = any(  # "How to Care for Hydrangeas | Real Simple"
        len(head) >= MIN_TITLE_PART_WORDS
        and len(words) - len(head) >= MIN_TITLE_PART_WORDS
        and words[: len(head)] == head
        for head in map(clean.title_words, heads)
    )
    targets = [
        title,
        *(p for p in parts[:-1] if len(p.split()) >= MIN_TITLE_PART_WORDS),
        clean.longest_title_part(title),
    ]
    overlap = max(clean.title_similarity(line, t) for t in targets)
    return max(overlap, OPENS_TITLE_MATCH) if opens else overlap


def _headline(
    text: str,
    units: Sequence[Range],
    reasons: Sequence[str | None],
    rules: Sequence[str | None],
    title: str | None,
) -> int | None:
    """Index of the headline among the page's lines, or None.

    The line that equals a given title. Else, as scrapers save a page's ``<title>`` ("Headline
    | Site", "Site » Headline") first, the line most like it (:func:`_title_match`); among
    equals one above the body (the first line of prose kept) and nearest to it, as the site's
    name sits higher, in the masthead, and a copy below the body is a related link. Else, of
    the headline-shaped lines above the body that no rule names as furniture, the one most
    like the title if one is ``WEAK_TITLE_MATCH`` like it, else the last, one the line
    classifier keeps if there is one (``reasons``: every line's verdict; ``rules``: the rules'
    alone. The classifier's calls on headlines are not trusted alone: it learnt them from
    pages where the headline sits among linked headlines).
    """
    lines = [text[s:e] for s, e in units]
    if title is not None:
        wanted = clean.normalize(title)
        return next((i for i, line in enumerate(lines) if clean.normalize(line) == wanted), None)
    if not lines:
        return None
    shaped = [i for i, line in enumerate(lines) if "\n" not in line and _is_headline_like(line)]
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    body = next((i for i in kept if _is_prose(lines[i])), None)
    if body is None:  # no sentence ends a line: the first kept line that is no headline
        body = next((i for i in kept if i not in shaped), None)
    above = len(lines) if body is None else body
    # on a scraped page (one with menus), a title-like line may also end in a full stop ("...
    # Alert Tues.") or be one word ("Penny"), unless a rule names it ("© 2023 The Courier. All
    # rights reserved."); in an article's text such a line is a sentence of the story
    page = furniture.is_page(lines)
    short = [
        i for i, line in enumerate(lines)
        if 0 < i and "\n" not in line and len(line.split()) <= HEADLINE_WORDS
        and (i in shaped or (page and rules[i] is None))
    ]
    # the <title>'s own line (a scraper's soft break may have joined the next to it), unless
    # it is only the site's name: a few words and a dangling separator ("National Rail
    # Enquiries -"; a headline may have one too)
    page_title = lines[0].split("\n")[0]
    site = clean.site_only(page_title)
    named = site is not None and len(site.split()) <= MIN_TITLE_PART_WORDS
    scores = {} if named else {i: _title_match(lines[i], page_title) for i in short}
    matched = {i: score for i, score in scores.items() if score >= TITLE_MATCH}
    if matched:
        return max(matched, key=lambda i: (matched[i], i < above, i if i < above else -i))
    candidates = [i for i in shaped if i < above and rules[i] is None]
    if body is None:
        return None
    like = [i for i in candidates if scores.get(i, 0.0) >= WEAK_TITLE_MATCH]
    if like:
        return max(like, key=lambda i: (scores[i], i))
    unflagged = [i for i in candidates if reasons[i] is None]
    return (unflagged or candidates or [None])[-1]


def _layout(text: str) -> tuple[list[Range], list[Range], list[int]]:
    """Paragraphs, lines and each line's paragraph, with soft line breaks joined: a sentence
    broken over lines (or blank lines) is one line of one paragraph."""
    runs = segment.join_soft_breaks(text, segment.paragraphs(text))
    paragraphs = [(run[0][0], run[-1][1]) for run in runs]
    units, unit_paragraph = [], []
    for index, (ps, pe) in enumerate(paragraphs):
        for run in segment.join_soft_breaks(text, segment.lines(text, ps, pe)):
            units.append((run[0][0], run[-1][1]))
            unit_paragraph.append(index)
    return paragraphs, units, unit_paragraph


def _drop_masthead(
    lines: Sequence[str], reasons: list[str | None], rules: Sequence[str | None], head: int
) -> None:
    """A scraped page's article starts at its headline when no prose comes before it: what the
    page puts above (site name, slogan, menus) is furniture, for the rules' reasons or as
    masthead and navigation (the classifier's guesses from a line's shape are not kept)."""
    above = zip(reasons[:head], lines[:head], strict=True)
    if not any(reason is None and _is_prose(line) for reason, line in above):
        for i in range(head):
            reasons[i] = rules[i] or furniture.above_headline_reason(lines[i])


def _body_blocks(
    units: Sequence[Range],
    unit_paragraph: Sequence[int],
    reasons: Sequence[str | None],
    head: int | None,
) -> list[tuple[int, Range]]:
    """Runs of kept lines of one paragraph (the headline left out), with their paragraph."""
    blocks: list[tuple[int, Range, int]] = []  # paragraph, range, index of its last line
    for i, ((s, e), reason) in enumerate(zip(units, reasons, strict=True)):
        if reason or i == head:
            continue
        if blocks and blocks[-1][0] == unit_paragraph[i] and blocks[-1][2] == i - 1:
            blocks[-1] = (unit_paragraph[i], (blocks[-1][1][0], e), i)
        else:
            blocks.append((unit_paragraph[i], (s, e), i))
    return [(paragraph, span) for paragraph, span, _ in blocks]


def _sentences(
    text: str, blocks: Sequence[tuple[int, Range]], quotes: Sequence[Range]
) -> tuple[list[Sentence], Range | None]:
    """The body's sentences, the first block's dateline cut off (and returned)."""
    sentences, dateline = [], None
    for n, (paragraph, (bs, be)) in enumerate(blocks):
        if n == 0:
            start = clean.dateline_end(text, bs, be)
            dateline = (bs, start) if start > bs else None
            bs = start
        spans = segment.sentence_spans(text, bs, be, quotes=quotes)
        sentences += [Sentence(s, e, paragraph) for s, e in spans]
    return sentences, dateline


def parse(
    text: str,
    *,
    id: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    html: bool | None = None,
) -> Article:
    """Clean and segment ``text`` (plain text, or HTML when ``html`` or when it looks like HTML).

    Examples
    --------
    >>> text = "Talks stall\\n\\nSEOUL (Reuters) - Talks stalled. Both blamed U.S. envoys."
    >>> a = parse(text, id="a1")
    >>> a.title, a.wire, a.text[slice(*a.dateline)], [a.text[s.start:s.end] for s in a.sentences]
    ('Talks stall', 'Reuters', 'SEOUL (Reuters) - ', ['Talks stalled.', 'Both blamed U.S. envoys.'])
    """
    from_html = html if html is not None else looks_like_html(text)
    if from_html:
        from credscore.extract import extract_page

        page = extract_page(text)
        text = page.text
        title = title or page.title
        outlet = outlet or page.site_name
        url = url or page.url
        published = published or page.published
    paragraphs, units, unit_paragraph = _layout(text)
    lines = [text[s:e] for s, e in units]
    rules = furniture.rule_reasons(lines)
    # trafilatura has already taken the page's furniture out; on its main text the line
    # classifier drops more article than furniture (benchmarks/RESULTS.md, "Real pages")
    reasons = furniture.line_reasons(lines, rules=rules, learned=not from_html)
    head = _headline(text, units, reasons, rules, title)
    if head is not None:
        reasons[head] = None
        if not from_html:  # trafilatura's main text has no masthead
            _drop_masthead(lines, reasons, rules, head)
        title = title if title is not None else lines[head]
    dropped = [Dropped(s, e, r) for (s, e), r in zip(units, reasons, strict=True) if r]
    blocks = _body_blocks(units, unit_paragraph, reasons, head)
    quotes = tuple(q for ps, pe in paragraphs for q in segment.quote_spans(text, ps, pe))
    sentences, dateline = _sentences(text, blocks, quotes)
    wire = clean.wire_credit(text)
    return Article(
        id=id,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        quotes=quotes,
        dropped=tuple(dropped),
        headline=units[head] if head is not None else None,
        dateline=dateline,
        wire=wire[0] if wire else None,
        html=from_html,
    )
