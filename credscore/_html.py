"""Turn an HTML page into plain text, keeping for every character its place in the page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["HtmlText", "html_to_text", "looks_like_html"]

Range = tuple[int, int]

_SKIP = "script|style|noscript|template|svg|head|iframe|object"
_DROP = {"nav": "navigation", "aside": "related", "footer": "footer", "form": "form"}
_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header main blockquote "
    "figure figcaption pre hr dd dt dl address title body html".split()
)
_TOKEN = re.compile(
    rf"<!--.*?(?:-->|$)|<(?P<skip>{_SKIP})\b[^>]*>.*?(?:</(?P=skip)\s*>|$)"
    r"|<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<[!?][^>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?",
    re.S | re.I,
)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|body|p|div|article|head)\b", re.I)


@dataclass(frozen=True)
class HtmlText:
    """Visible text of a page, with each character's ``[start, end)`` in the page."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    title: str | None
    headline: Range | None  # the <h1> text's range in ``text``
    dropped: tuple[tuple[int, int, str], ...]  # page ranges of nav/aside/footer/form, with reason


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document or fragment rather than plain text."""
    return bool(_HTML_HINT.search(text[:2000]))


def _inline_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


class _Builder:
    """Accumulates visible characters and their page ranges, folding white space as browsers do."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def _push(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def text(self, page: str, start: int, end: int) -> None:
        for i in range(start, end):
            ch = page[i]
            if ch.isspace():
                if self.chars and not self.chars[-1].isspace():
                    self._push(" ", i, i + 1)
            else:
                self._push(ch, i, i + 1)

    def entity(self, value: str, start: int, end: int) -> None:
        for ch in value:
            if ch.isspace() or ch == "\u00a0":
                if self.chars and not self.chars[-1].isspace():
                    self._push(" ", start, end)
            else:
                self._push(ch, start, end)

    def trim(self) -> None:
        """Drop trailing white space."""
        while self.chars and self.chars[-1].isspace():
            for seq in (self.chars, self.starts, self.ends):
                seq.pop()

    def breaks(self, count: int, at: int) -> None:
        while self.chars and self.chars[-1] == " ":
            for seq in (self.chars, self.starts, self.ends):
                seq.pop()
        have = 0
        while have < len(self.chars) and self.chars[-1 - have] == "\n":
            have += 1
        if self.chars:
            for _ in range(max(0, count - have)):
                self._push("\n", at, at)


def html_to_text(page: str) -> HtmlText:
    """Visible text of ``page``: scripts and styles removed, blocks as paragraphs, entities decoded.

    Examples
    --------
    >>> t = html_to_text("<p>Tom &amp; Jerry</p><script>x()</script><p>Next</p>")
    >>> t.text
    'Tom & Jerry\\n\\nNext'
    >>> page = "<p>Tom &amp; Jerry</p>"
    >>> page[t.starts[4]:t.ends[4]]
    '&amp;'
    """
    out = _Builder()
    dropped: list[tuple[int, int, str]] = []
    headline: Range | None = None
    h1_start: int | None = None
    pos = 0
    for m in _TOKEN.finditer(page):
        if m.start() < pos:
            continue
        out.text(page, pos, m.start())
        pos = m.end()
        tag = (m.group("tag") or "").lower()
        if m.group(0).startswith("&"):
            out.entity(html.unescape(m.group(0)), m.start(), m.end())
        elif tag in _DROP and not m.group("close"):
            close = re.compile(rf"</{tag}\s*>", re.I).search(page, m.end())
            pos = close.end() if close else len(page)
            dropped.append((m.start(), pos, _DROP[tag]))
            out.breaks(2, m.start())
        elif tag in _BLOCK:
            if tag == "h1" and m.group("close") and h1_start is not None and headline is None:
                headline = (h1_start, len(out.chars))
            out.breaks(1 if tag == "br" else 2, m.start())
            if tag == "h1" and not m.group("close") and h1_start is None:
                h1_start = len(out.chars)
    out.text(page, pos, len(page))
    out.trim()
    title_match = _H1.search(page) or _TITLE.search(page)
    title = _inline_text(title_match.group(1)) if title_match else None
    return HtmlText(
        text="".join(out.chars),
        starts=tuple(out.starts),
        ends=tuple(out.ends),
        title=title or None,
        headline=headline if headline and headline[1] > headline[0] else None,
        dropped=tuple(dropped),
    )
