"""Highlighted text for the HTML report: paragraphs of the article text, markup from boundaries.

Spans may nest or overlap (a hedge inside a claim inside a quote, a claim that starts inside an
attribution's source). :func:`highlight` cuts the text at every span boundary, and for each
stretch between two cuts opens exactly the spans that cover it, outermost first; a span that
crosses another is closed and reopened, so the markup stays well formed and every fragment of a
span carries the same ``data-span`` key.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape

from credscore.text import Article

__all__ = ["LAYERS", "Mark", "Piece", "highlight", "highlight_pieces", "pieces"]

#: Nesting order for spans with the same extent: lower is outer.
LAYERS = {"dropped": 0, "claim": 1, "source": 2, "cue": 3, "hedge": 4, "booster": 4}


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to highlight, in source offsets, with its tooltip and markup at its two ends."""

    kind: str
    start: int
    end: int
    title: str
    before: str = ""
    after: str = ""
    anchor: str | None = None

    @property
    def key(self) -> str:
        """The span's key, the same on every fragment of it."""
        return f"{self.kind}-{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Piece:
    """A paragraph to show: its text and the source offset of each of its characters."""

    text: str
    starts: Sequence[int]

    def local(self, offset: int) -> int:
        """The index in ``text`` of the first character at or after source ``offset``."""
        return bisect.bisect_left(self.starts, offset)


def pieces(article: Article) -> list[Piece]:
    """The article's paragraphs as shown to a reader, the headline left out (it is the title).

    A paragraph is a slice of the article text (for HTML, of the page's extracted main text).

    Examples
    --------
    >>> from credscore.text import parse
    >>> [p.text for p in pieces(parse("Bridge shut\\n\\nThe bridge may close.", id="a"))]
    ['The bridge may close.']
    """
    out = []
    for start, end in article.paragraphs:
        if article.headline == (start, end) or start == end:
            continue
        out.append(Piece(article.text[start:end], range(start, end)))
    return out


@dataclass(frozen=True, slots=True)
class _Local:
    """A mark clipped to a piece: local bounds, and whether it opens or closes in the piece."""

    start: int
    end: int
    mark: Mark
    opens: bool
    closes: bool


def _clip(piece: Piece, marks: Sequence[Mark]) -> list[_Local]:
    """The marks that cover some of ``piece``, outermost first."""
    if not piece.text:
        return []
    first, last = piece.starts[0], piece.starts[-1]
    out = []
    for m in marks:
        s, e = piece.local(m.start), piece.local(m.end)
        if s < e:
            out.append(_Local(s, e, m, m.start >= first, m.end <= last + 1))
    return sorted(out, key=lambda t: (t.start, -t.end, LAYERS.get(t.mark.kind, 9)))


def _open(t: _Local, at: int) -> str:
    """The opening tag of a fragment of ``t`` starting at ``at`` (plus its lead-in if first)."""
    first = t.opens and t.start == at
    m = t.mark
    anchor = f' id="{escape(m.anchor)}"' if first and m.anchor else ""
    cls = f"hl hl-{m.kind}" + ("" if first else " cont")
    tag = (
        f'<span class="{cls}"{anchor} data-span="{m.key}" data-start="{m.start}"'
        f' data-end="{m.end}" title="{escape(m.title)}">'
    )
    return tag + (m.before if first else "")


def _close(t: _Local, at: int) -> str:
    """The closing tag of a fragment of ``t`` ending at ``at`` (after its tail if last)."""
    return (t.mark.after if t.closes and t.end == at else "") + "</span>"


def highlight(piece: Piece, marks: Sequence[Mark]) -> str:
    """The piece's text as escaped HTML with every mark wrapped in well-nested spans.

    Examples
    --------
    >>> p = Piece("He said <it> may & can.", range(0, 23))
    >>> marks = [Mark("claim", 0, 23, "claim"), Mark("hedge", 13, 16, "hedge")]
    >>> html = highlight(p, marks)
    >>> html.count("<span"), "&lt;it&gt;" in html, "&amp;" in html
    (2, True, True)
    """
    spans = _clip(piece, marks)
    cuts = sorted({0, len(piece.text), *(t.start for t in spans), *(t.end for t in spans)})
    out: list[str] = []
    stack: list[_Local] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [t for t in spans if t.start <= a and t.end >= b]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out += [_close(t, a) for t in reversed(stack[keep:])]
        out += [_open(t, a) for t in active[keep:]]
        stack = active
        out.append(escape(piece.text[a:b], quote=False))
    out += [_close(t, len(piece.text)) for t in reversed(stack)]
    return "".join(out)


def highlight_pieces(shown: Sequence[Piece], marks: Sequence[Mark]) -> Iterator[str]:
    """:func:`highlight` for each piece in source order, handing each only the marks it meets.

    One sweep over the marks sorted by start, so a long article costs about its length, not
    paragraphs times marks.
    """
    order = sorted(marks, key=lambda m: m.start)
    at, live = 0, []
    for piece in shown:
        if not piece.text:
            yield ""
            continue
        first, end = piece.starts[0], piece.starts[-1] + 1
        while at < len(order) and order[at].start < end:
            live.append(order[at])
            at += 1
        live = [m for m in live if m.end > first]
        yield highlight(piece, [m for m in live if m.start < end])
