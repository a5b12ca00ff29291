"""From found (cue, content, source) ranges to attributions a reader can use.

Both extractors, the rules (:mod:`~.attribution`) and the learned model, hand their ranges to
:func:`resolve`, which:

- drops acts that are no attribution ("the council voted to ...", :func:`~.cue_kinds.is_act`);
- cuts each source to the words that hold it, or drops it (:func:`~.source_names.source_span`;
  a passive without an agent has no source: "X is said to ...");
- names the source (resolved through :class:`~.sourcing.SourceResolver`, in text order, a
  pronoun only to what came before it) when its words name someone
  (:func:`~.source_names.names_source`: not "we", "many", "74 percent of likely voters") and the
  cue reports a statement (:func:`~.cue_kinds.is_statement`); otherwise the source keeps its
  span, as the text gives it, without a name;
- keeps a cue and its source out of the content ('"…," she said.'), and marks quoted content
  direct;
- continues a quotation: a sentence that is only a quotation carries on the attribution before
  it, and the paragraphs of a quotation that runs over several, each opening with a quote mark
  and only the last closing, belong to the speaker named at its end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import takewhile
from typing import NamedTuple

from credscore.features.cue_kinds import is_act, is_agentless_passive, is_statement, speaks_at
from credscore.features.source_names import inside_name, names_source, source_span
from credscore.features.source_resolver import SourceResolver
from credscore.text import Article, Sentence

__all__ = ["Found", "ResolvedAttribution", "resolve", "sentence_quotes"]

Range = tuple[int, int]


class Found(NamedTuple):
    """One relation as an extractor finds it: cue, content and source (None: none) ranges."""

    cue: Range
    content: Range
    source: Range | None


OPEN, CLOSE = "\"“‘'", "\"”’'“"
_ATTRIBUTED_TO = re.compile(  # "attributed [to the jihadists] states"
    r"\s+to\s+([^,.;:\"“”()]{2,80}?)(?=\s+(?:states?|says?|said|reads?|in|on)\b|[,.;:\"“”()]|$)"
)


@dataclass(frozen=True, slots=True)
class ResolvedAttribution:
    """A source–cue–content relation an extractor found and resolved, in analysis offsets (the
    report's :class:`~credscore.scoring.report.Attribution` is its record in source offsets)."""

    cue: Range
    content: Range
    source: Range | None
    direct: bool  # content is a direct quotation
    source_name: str | None  # canonical name of the source, resolved ("he" -> "Daniel Harlow")
    source_kind: str | None  # one of sourcing.SOURCE_KINDS


def sentence_quotes(article: Article) -> Iterator[tuple[Sentence, list[Range], Range | None]]:
    """Each sentence, the quotes that reach into it, and the sentence before it in its paragraph."""
    quotes, j, previous = article.quotes, 0, None
    for sent in article.sentences:
        while j < len(quotes) and quotes[j][1] <= sent.start:
            j += 1
        ahead = (quotes[x] for x in range(j, len(quotes)))  # sorted by start
        near = list(takewhile(lambda q, end=sent.end: q[0] < end, ahead))
        same = previous is not None and previous.paragraph == sent.paragraph
        yield sent, near, (previous.start, previous.end) if previous and same else None
        previous = sent


def _source(text: str, sent: Sentence, cue: Range, src: Range | None) -> Range | None:
    """The usable part of a source span, or None (no name in it; an agentless passive)."""
    if src is None or is_agentless_passive(text, cue, src):
        return None
    attributed = text[cue[0] : cue[1]].lower() == "attributed"
    if attributed and (to := _ATTRIBUTED_TO.match(text, cue[1])):
        src = to.span(1)  # "a statement attributed to the jihadists": the jihadists speak
    if src[0] < cue[0] < src[1]:
        src = (src[0], cue[0])  # "Paul Ryan [Thinks]": the cue is no part of its source
    elif cue[0] <= src[0] < cue[1] < src[1]:
        src = (cue[1], src[1])
    return source_span(text, *src, sentence_start=sent.start)


def _without(text: str, content: Range, cut: Sequence[Range | None]) -> Range:
    """``content`` without the cue and source inside it: its longest piece, stripped.

    A parenthetical cue set off by commas or dashes stays ("That finding, she cautioned, was
    based on ..."): the content runs on both sides of it and a span cannot skip it.
    """
    inside = [r for r in cut if r and content[0] < r[1] and r[0] < content[1]]
    if inside:
        first, last = min(r[0] for r in inside), max(r[1] for r in inside)
        before, after = text[content[0] : first].rstrip(), text[last : content[1]].lstrip()
        if before[-1:] in (",", "—", "–") and after[:1] in (",", "—", "–") and after[1:].strip():
            if before[:-1].strip(" \"“”") and len(after[1:].split()) > 1:
                return content
    pieces = [content]
    for r in sorted(c for c in cut if c):
        last = pieces.pop()
        if not (last[0] < r[1] and r[0] < last[1]):
            pieces.append(last)
            continue
        pieces += [(last[0], max(last[0], r[0])), (min(last[1], r[1]), last[1])]
    start, end = max(pieces, key=lambda p: len(text[p[0] : p[1]].strip(" ,.;:—–")))
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return (start, end) if end > start else content


def _direct(text: str, content: Range, quotes: Sequence[Range]) -> bool:
    """Whether the content is a quotation: in quote marks, or inside a double-quoted span."""
    if text[content[0]] in OPEN and text[content[1] - 1] in CLOSE:
        return True
    inner = text[content[0] : content[1]].strip(" ,.")
    return bool(inner) and any(
        q[0] <= content[0] and content[1] <= q[1] + 1 and text[q[0]] in "\"“" for q in quotes
    )


def _here(
    text: str, sent: Sentence, near: Sequence[Range], found: Sequence[Found], resolver
) -> list[ResolvedAttribution]:
    """One sentence's attributions, its sources resolved in text order."""
    kept = [
        Found(cue, content, _source(text, sent, cue, src))
        for cue, content, src in found
        if not is_act(text, cue)
    ]
    out, pos = [], sent.start
    resolver.open_sentence(text, sent.start, sent.end)
    for cue, content, src in sorted(kept, key=lambda f: f.source or f.cue):
        if src and src[0] > pos:  # a pronoun refers to what came before it, not after
            _observe(resolver, text, pos, src[0], near)
            pos = src[0]
        content = _without(text, content, (cue, src))
        direct = _direct(text, content, near)
        named = src is not None and names_source(text[src[0] : src[1]])
        named = named and not inside_name(text, src[0]) and speaks_at(text, cue, src, sent.start)
        name, kind = resolver.resolve(text, *src, speaker=direct) if named else (None, None)
        if not is_statement(text, cue):
            name = kind = None  # "Trump's decision": the holder of an act is no source
        out.append(ResolvedAttribution(cue, content, src, direct, name, kind))
    _observe(resolver, text, pos, sent.end, near)
    quoted = any(q[0] <= sent.start and sent.end <= q[1] + 1 for q in near)
    resolver.settle(advance=not quoted)  # a quotation's sentences keep its speaker recent
    return out


def _observe(resolver, text: str, start: int, end: int, quotes: Sequence[Range]) -> None:
    """Let the resolver see ``text[start:end]`` outside quotations: a name a speaker says is no
    antecedent for the reporter's "he"."""
    for q in sorted(quotes):
        if q[0] >= end:
            break
        if q[1] > start:
            if q[0] > start:
                resolver.observe(text, start, q[0])
            start = max(start, q[1])
    if start < end:
        resolver.observe(text, start, end)


def resolve(article: Article, found: Sequence[Sequence[Found]]) -> list[ResolvedAttribution]:
    """Attributions from per-sentence (cue, content, source) ranges, in text order."""
    text, resolver = article.text, SourceResolver()
    out: list[ResolvedAttribution] = []
    last: list[ResolvedAttribution] = []
    previous: Sentence | None = None
    for (sent, near, _), here_found in zip(sentence_quotes(article), found, strict=True):
        here = _here(text, sent, near, here_found, resolver)
        whole = [q for q in near if q[0] == sent.start and q[1] >= sent.end - 1]
        if not here_found and whole and text[sent.start] in "\"“" and last and previous:
            a, quote = last[-1], whole[0]
            same = sent.paragraph == previous.paragraph
            if same or (a.direct and sent.paragraph == previous.paragraph + 1):
                here.append(
                    ResolvedAttribution(a.cue, quote, a.source, True, a.source_name, a.source_kind)
                )
        out += here
        last, previous = here, sent
    out += _opened_before(article, out)
    return sorted(dict.fromkeys(out), key=lambda a: (a.content, a.cue))


def _opened_before(
    article: Article, found: Sequence[ResolvedAttribution]
) -> list[ResolvedAttribution]:
    """The earlier paragraphs of a quotation that runs over several, given to its speaker.

    News copy opens each paragraph of a long quotation with a quote mark and closes only the
    last; the speaker is named at the end ('..." Hadley said.'). Each earlier paragraph that opens
    with a quote mark left open, with no attribution in it, gets the last paragraph's.
    """
    text, paragraphs = article.text, article.paragraphs
    starts = [p[0] for p in paragraphs]

    def paragraph(pos: int) -> int | None:
        n = bisect_right(starts, pos) - 1
        return n if n >= 0 and pos < paragraphs[n][1] else None

    open_to_end = {q[0]: q for q in article.quotes if text[q[0]] in "\"“"}
    taken = {paragraph(a.cue[0]) for a in found} | {paragraph(a.content[0]) for a in found}
    out = []
    for a in found:
        if not a.direct or a.source is None:
            continue
        n = paragraph(a.content[0])
        if n is None or a.content[0] > paragraphs[n][0] + 1:
            continue  # the quotation must open its paragraph
        while n > 0:
            n -= 1
            quote = open_to_end.get(paragraphs[n][0])
            closed = quote is None or quote[1] < paragraphs[n][1] or text[quote[1] - 1] in "”\""
            if closed or n in taken:
                break
            out.append(
                ResolvedAttribution(a.cue, quote, a.source, True, a.source_name, a.source_kind)
            )
            taken.add(n)
    return out
