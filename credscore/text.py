"""Articles: decode, HTML to text, drop boilerplate, find paragraphs, sentences and quotes.

Every offset an :class:`Article` hands out points into ``Article.source``, the decoded input as
given, so a span can be highlighted where the reader saw it. For plain text the analysis text and
the source are the same string; for HTML the analysis runs on the page's visible text and
:meth:`Article.span` maps each range back into the page.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field

from credscore import _clean, _html, _segment
from credscore.errors import InputError

__all__ = ["Article", "Dropped", "Sentence", "Span", "decode", "parse"]

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the input: ``source[start:end] == text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """The JSON form: ``{"text", "start", "end"}``."""
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Dropped:
    """A stretch of boilerplate removed from analysis, with the reason (``"copyright"``, ...)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A body sentence (analysis offsets) and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, eq=False)
class Article:
    """A decoded, cleaned and segmented news article; build one with :func:`parse`."""

    id: str
    source: str
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
    wire: str | None = None
    _starts: tuple[int, ...] | None = field(default=None, repr=False)
    _ends: tuple[int, ...] | None = field(default=None, repr=False)

    def source_range(self, start: int, end: int) -> Range:
        """Map an analysis range to the matching range of ``source``."""
        if self._starts is None or self._ends is None:
            return start, end
        if end <= start:
            at = self._starts[start] if start < len(self._starts) else len(self.source)
            return at, at
        return self._starts[start], self._ends[end - 1]

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of the analysis range ``[start, end)``, in source offsets."""
        s, e = self.source_range(start, end)
        return Span(s, e, self.source[s:e])


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


def _line_reasons(text: str, line_ranges: Sequence[Range], in_related: bool) -> list[str | None]:
    """Boilerplate reason of each line; list items after a "related" heading are related too."""
    reasons: list[str | None] = []
    for s, e in line_ranges:
        line = text[s:e]
        reason = _clean.boilerplate_reason(line)
        if reason is None and in_related and _clean.is_list_item(line):
            reason = "related"
        in_related = reason == "related"
        reasons.append(reason)
    return reasons


def _headline(text: str, paragraphs: Sequence[Range]) -> Range | None:
    """The first paragraph when it reads as a headline: one short line, with more text below."""
    if len(paragraphs) < 2:
        return None
    s, e = paragraphs[0]
    first = text[s:e]
    if "\n" in first or len(first.split()) > 20 or _clean.dateline_end(text, s, e) != s:
        return None
    return s, e


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
    >>> a.wire, [a.text[s.start:s.end] for s in a.sentences]
    ('Reuters', ['Talks stalled.', 'Both blamed U.S. envoys.'])
    """
    source, starts, ends, headline = text, None, None, None
    dropped: list[Dropped] = []
    if html if html is not None else _html.looks_like_html(text):
        page = _html.html_to_text(text)
        text, starts, ends, headline = page.text, page.starts, page.ends, page.headline
        title = title or page.title
        dropped += [Dropped(s, e, reason) for s, e, reason in page.dropped]
    paras = _segment.paragraphs(text)
    headline = headline or (_headline(text, paras) if not title else None)
    body_blocks: list[tuple[int, Range]] = []
    in_related = False
    for index, (ps, pe) in enumerate(paras):
        if headline and ps < headline[1] and headline[0] < pe:
            continue
        line_ranges = _segment.lines(text, ps, pe)
        reasons = _line_reasons(text, line_ranges, in_related)
        in_related = reasons[-1] == "related"
        dropped += [
            Dropped(*_map(starts, ends, s, e), r)
            for (s, e), r in zip(line_ranges, reasons, strict=True)
            if r
        ]
        kept = [r is None for r in reasons]
        body_blocks += [(index, block) for block in _segment.blocks(line_ranges, kept)]
    quotes = tuple(q for ps, pe in paras for q in _segment.quote_spans(text, ps, pe))
    sentences = []
    for n, (index, (bs, be)) in enumerate(body_blocks):
        if n == 0:
            bs = _clean.dateline_end(text, bs, be)
        spans = _segment.sentence_spans(text, bs, be, quotes=quotes)
        sentences += [Sentence(s, e, index) for s, e in spans]
    wire = _clean.wire_credit(text)
    if title is None and headline:
        title = text[headline[0] : headline[1]]
    return Article(
        id=id,
        source=source,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        paragraphs=tuple(paras),
        sentences=tuple(sentences),
        quotes=quotes,
        dropped=tuple(sorted(dropped, key=lambda d: d.start)),
        headline=headline,
        wire=wire[0] if wire else None,
        _starts=starts,
        _ends=ends,
    )


def _map(starts: Sequence[int] | None, ends: Sequence[int] | None, s: int, e: int) -> Range:
    """Map an analysis range to the source (identity for plain text)."""
    return (s, e) if starts is None or ends is None else (starts[s], ends[e - 1])
