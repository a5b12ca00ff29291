"""Attribution: who says what in an article, as source–cue–content relations (rule-based).

Direct quotes, reporting verbs (``lexicons/attribution_verbs.txt``), "according to X", "citing X",
statements and passives; sources resolve through :class:`~.sourcing.SourceResolver`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from credscore.features.attribution_phrases import (
    CLOSE_QUOTES,
    DASHES,
    OPEN_QUOTES,
    SOURCE_WORDS,
    SentenceReading,
    apposed_subject,
    grammar,
    is_adverb,
    known_head,
    noun_phrase_after,
    noun_phrase_before,
    only_tail,
    reporting_verbs,
    sentence_subject,
    skip_adverbials,
    source_heads,
    source_like,
    strip_range,
)
from credscore.features.attribution_resolve import (
    Found,
    ResolvedAttribution,
    resolve,
    sentence_quotes,
)
from credscore.features.source_names import source_span
from credscore.features.sourcing import classify_source, head_noun
from credscore.text import Article

__all__ = ["Found", "ResolvedAttribution", "find_attributions", "resolve", "rule_relations"]

Range = tuple[int, int]
_Cues = Sequence[re.Match[str]]

_THAT = re.compile(r"\s*,?\s*that\b")
_PREP_THAT = re.compile(r"\s*(?:[^\s,;:“”\"]+\s+){1,7}?that\b")
_TO_QUOTE = re.compile(r"\s*[,:]?\s*(?=[\"“‘])")
_POSTPOSED = re.compile(r"(?:[,—–]|[,?!]?\s?[\"”’'“]{1,2})$")
_JOIN = re.compile(  # what joins a second cue to the clause before it: ", and said", "; he added"
    r"(?:(?:,\s*(?:and|but)?|\s(?:and|but))|(?:,\s*(?:and|but)|;)\s+(?:he|she|they|it|the\s+\w+|"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}))\s*(?:(?:also|then|later)\s+)?$"
)
#: characters before a second cue that can hold what joins it to the clause before
#: (", and he also added"): enough for a name of four words, not a clause
_JOIN_CHARS = 48
#: words after "say" / "called" that tell a noun ("the final say") or a name ("a group called
#: Ginbot 7") from a verb of saying
_NOT_SAYING_WORDS = 8
_STATEMENT_OF = re.compile(
    r"(.+?)['’]s\s+(?:\w+\s+)?statement$|[Aa]n?\s+statement\s+(?:from|by)\s+(.+)$"
)


@cache
def _cues() -> tuple[re.Pattern[str], frozenset[str]]:
    """The cue pattern ("according to", "citing", passives, reporting verbs), its first words."""
    forms = sorted(
        (re.escape(v).replace(r"\ ", r"\s+") for v in reporting_verbs()), key=len, reverse=True
    )
    be = r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)"
    firsts = {"according", "citing", "quoted", "was", "were", "is", "are", "has", "have", "had"}
    pattern = re.compile(
        r"(?P<according>\b[Aa]ccording\s+to\b)|(?P<citing>\bciting\b)"
        rf"|(?P<passive>\b{be}\s+quoted\s+(?:by\s+[^,.;“”\"]{{1,60}}?\s+)?as\s+saying\b)"
        r"|(?P<quoted>\bquoted\s+(?P<qsrc>[^,.;“”\"]{1,80}?)\s+as\s+saying\b)"
        rf"|(?P<attributed>\b{be}\s+attributed\s+to\b)"
        rf"|(?P<verb>(?<![\w’'-])(?:{'|'.join(forms)})(?![\w-]))"
    )
    return pattern, frozenset(firsts | {v.split()[0] for v in reporting_verbs()})


@cache
def _addressee_re() -> re.Pattern[str]:
    """The addressee of a "told"-like verb: "reporters", "The Washington Post", "the council"."""
    g = grammar()
    follows = rf"(?=\s*(?:[,.;:“\"]|$)|\s+(?:{'|'.join(g['preps'] | {'that'})})\b)"
    name = rf"(?:(?:the|an?)\s+)?(?:[A-Z][\w’'.&-]*\s+){{0,3}}[A-Z][\w’'.&-]*{follows}"
    return re.compile(
        rf"\s+(?:(?:{'|'.join(g['objects'])})\b|{name}|(?:the|an?)(?:\s+[a-z]+){{1,2}}{follows})"
    )


def _complement(c: SentenceReading, pos: int, tag: str) -> tuple[str, int]:
    """What follows a verb: ("that"|"quote"|"clause", start) or ("none"|"paren"|"prep", pos)."""
    text, end, preps = c.text, c.stop, grammar()["preps"]
    if tag == "tell" and (addressee := _addressee_re().match(text, pos, end)):
        pos = addressee.end()
    pos = skip_adverbials(text, pos, end)
    if m := _THAT.match(text, pos, end):
        return "that", m.end()
    if m := _TO_QUOTE.match(text, pos, end):
        return "quote", m.end()
    rest = text[pos:end].lstrip()
    if not rest.strip(".,;:!? "):
        return "none", pos
    word = rest.lstrip(",:; ").split(maxsplit=1)[0].lower()
    if rest[0] == ",":
        return (
            "none"
            if word in preps | {"citing", "according"} | reporting_verbs().keys()
            else "paren"
        ), pos
    if word in preps:
        that = _PREP_THAT.match(text, pos, end)
        return ("that", that.end()) if that else ("prep", pos)
    return "clause", end - len(rest)


def _content_end(c: SentenceReading, start: int, later: _Cues) -> int:
    """Where content starting at ``start`` ends: the sentence end or the next joined cue."""
    for m in later:
        if m.start() > start and (
            joined := _JOIN.search(c.text, max(start, m.start() - _JOIN_CHARS), m.start())
        ):
            return min(c.stop, joined.start())
    return c.stop


def _in_sentence(c: SentenceReading) -> list[Found]:
    """The attributions whose cue lies in one sentence."""
    text, s, stop, g = c.text, c.s, c.stop, grammar()
    cues: list[re.Match[str]] = []
    pattern, firsts = _cues()
    for a, b in c.spans:  # try the cue pattern only where a cue word starts
        if (not cues or a >= cues[-1].end()) and text[a:b].lower() in firsts:
            m = pattern.match(text, a, stop + 1)
            cues += [m] if m and not any(q < a and m.end() <= e for q, e in c.quotes) else []
    found: list[Found] = []
    citing: list[tuple[Range, Range]] = []
    for n, m in enumerate(cues):
        if m.group("according") or m.group("citing"):
            src = noun_phrase_after(text, m.end(), stop, g["relative"])
            if src and m.group("citing"):
                citing.append((m.span(), src))
            elif src:
                found.append(_according(c, m, src, cues[n + 1 :]))
        elif m.group("attributed"):
            src = noun_phrase_after(text, m.end(), stop, g["clause"])
            found += [Found(m.span(), strip_range(text, s, m.start()), src)] if src else []
        else:
            found += _verb_cue(c, m, cues[n + 1 :], found)
    for cue, cited in citing:
        phrase = text[cited[0] : cited[1]]  # a source, or a reason: "citing fears of terrorism"
        if classify_source(phrase)[1] == "anonymous" and not known_head(head_noun(phrase)):
            subject = _first_source(found) or sentence_subject(c)
            found += [Found(cue, cited, subject)] if subject else []
            continue
        host = min(found, key=lambda f: abs(f.cue[0] - cue[0]), default=None)
        found.append(Found(cue, host.content if host else strip_range(text, s, cue[0]), cited))
    return [f for f in found if f.content[1] > f.content[0]]


def _first_source(found: Sequence[Found]) -> Range | None:
    """The source of the first relation found so far that has one."""
    return next((f.source for f in found if f.source), None)


def _according(c: SentenceReading, m: re.Match[str], src: Range, later: _Cues) -> Found:
    """ "..., according to X" / "According to X, ...": the content is the rest of the clause."""
    before = strip_range(c.text, c.s, m.start())
    rest = c.text[src[1] : c.stop]
    after = strip_range(c.text, c.stop - len(rest.lstrip(" ,;:")), _content_end(c, src[1], later))
    relative = c.text[after[0] : after[1]].split(" ")[0] in grammar()["relative"]
    if rest[:1] not in tuple(",;:") or relative:  # "according to a study that researchers say"
        after = (after[0], after[0])
    if before[1] <= before[0] or after[1] <= after[0]:  # one side only: the longer one
        before = after = max(before, after, key=lambda r: r[1] - r[0])
    return Found(m.span(), (before[0], after[1]), src)


def _verb_cue(
    c: SentenceReading, m: re.Match[str], later: _Cues, found: Sequence[Found]
) -> list[Found]:
    """The relations a reporting verb (or a "quoted ... as saying" passive) heads, if any."""
    text, s, stop, g = c.text, c.s, c.stop, grammar()
    i = bisect_left(c.spans, (m.start(),))
    k = i - 1
    while k >= 0 and (c.tok(k).lower() in g["skip"] or is_adverb(c.tok(k))):
        k -= 1
    prev = c.tok(k).lower() if k >= 0 else ""
    verb = " ".join(m.group().lower().split()) if m.group("verb") else ""
    tag = reporting_verbs().get(verb, "")
    if verb.endswith("ing") and prev in g["passive"]:  # "X is demanding"
        k -= 1
        prev = c.tok(k).lower() if k >= 0 else ""
    elif verb and (prev in g["passive"] or (i and c.tok(i - 1).lower() == "to")):
        return []
    kind, pos = _complement(c, m.end(), tag)
    if tag == "that" and kind not in ("that", "none") and ":" not in text[m.end() : pos]:
        return []  # "claims", "reports", "notes" are nouns too
    lead = src = None
    closing = k >= 0 and c.tok(k) in CLOSE_QUOTES  # '"...," said X' or '"...," X said'
    span = next((q for q in c.quotes if q[1] == c.spans[k][1]), None) if closing else None
    inner = span is not None and span[0] > s  # the quote ends an appositive
    comma = prev == "," or prev in DASHES or (closing and k > 0 and c.tok(k - 1) == ",")
    if m.group("quoted"):  # KCNA quoted the spokesperson as saying
        src, lead = strip_range(text, *m.span("qsrc")), noun_phrase_before(c, k) if k >= 0 else None
    elif k < 0:
        return []
    elif prev in ("and", "but") or (prev in (",", "by", "after", "while") and verb[-3:] == "ing"):
        src = _first_source(found) or sentence_subject(c)  # "..., saying ..."
    elif prev in ("who", "which"):  # the antecedent of "X, who said ..."
        src = (noun_phrase_before(c, k - 2) if k > 1 and c.tok(k - 1) == "," else None) or c.spans[
            k
        ]
    elif comma or closing:
        head, apposition = (
            apposed_subject(c, k) if comma and (inner or not closing) else (None, False)
        )
        start = skip_adverbials(text, m.end(), stop)
        stops = g["clause"] | g["preps"] | g["finite"] | {"said", "says", "citing", "adding"}
        after = noun_phrase_after(text, start, stop, stops) if verb in g["inverted"] else None
        quoted = closing and not inner
        if after and not apposition and (quoted or only_tail(text, after[1], stop)):
            if source_like(text[after[0] : after[1]]) or (
                quoted and text[after[0]] not in OPEN_QUOTES
            ):
                return [Found(m.span(), strip_range(text, s, c.spans[k][1]), after)]
        src = head
    else:
        src = noun_phrase_before(c, k)
    if src is None or (verb in ("say", "called") and _not_saying(text, verb, pos, stop, src)):
        return []
    documents = kind == "that" or head_noun(text[slice(*src)]) in source_heads("documents")
    if tag == "evidence" and not documents:
        return []  # "the poll shows", not "the video shows"
    if (st := _STATEMENT_OF.match(text, *src)) and st.end() == src[1]:
        src = st.span(st.lastindex or 1)  # "the company's statement said"
    lead = lead or src
    before = text[s : lead[0]].rstrip()
    postposed = bool(_POSTPOSED.search(before))
    if kind in ("that", "quote", "clause") or (kind in ("prep", "paren") and not postposed):
        pos += text[pos : pos + 1] == ","
        out = [Found(m.span(), strip_range(text, pos, _content_end(c, pos, later)), src)]
        if postposed and before[-1:] in CLOSE_QUOTES:  # "A," he said, "B."
            out.append(Found(m.span(), strip_range(text, s, lead[0]), src))
        return out
    if kind == "paren":  # "That finding, she cautioned, was based on ..."
        return [Found(m.span(), strip_range(text, s, stop), src)]
    if not before and c.previous and kind == "none":  # "Trump said." after the quote
        return [Found(m.span(), c.previous, src)]
    if kind == "none" and c.following and text[m.end() : stop].rstrip().endswith(":"):
        return [Found(m.span(), c.following, src)]  # "Hadley said:" and the quotation below
    return [Found(m.span(), strip_range(text, s, lead[0]), src)] if postposed else []


def _not_saying(text: str, verb: str, pos: int, stop: int, src: Range) -> bool:
    """ "the final say", "a group called Ginbot 7", "what he called", "called Sanders to"."""
    words, subject = text[pos:stop].split()[:_NOT_SAYING_WORDS], text[slice(*src)].split()
    if verb == "say":
        return len(subject) == 2 and subject[0] in grammar()["dets"] and not known_head(subject[1])
    if text[max(0, src[0] - 5) : src[0]].strip().lower() == "what" or not words:
        return True
    quote = any(w[0] in OPEN_QUOTES for w in words) or words[0] in ("for", "on")
    article = (
        any(w in ("a", "an", "the") for w in words[1:3]) and words[1] not in grammar()["preps"]
    )
    named = subject[0].lower() in ("a", "an") and words[0][0].isupper()
    return named or not (quote or article)


def _labelled(c: SentenceReading) -> list[Found]:
    """A speaker named before a colon and a quotation: "Mayor Gloria Hadley: “...”", with the
    quotation on the same line or opening the next."""
    text, s = c.text, c.s
    colon = text.find(":", s, c.stop + 1)
    if colon < 0 or len(text[s:colon].split()) > SOURCE_WORDS:
        return []
    quote = next((q for q in c.quotes if q[0] > colon and not text[colon + 1 : q[0]].strip()), None)
    if quote is None and not text[colon + 1 : c.stop + 1].strip():
        quote = c.following
    speaker = source_span(text, s, colon, sentence_start=s)
    if quote is None or speaker is None:
        return []
    name, kind, _ = classify_source(text[speaker[0] : speaker[1]])
    words = text[speaker[0] : speaker[1]].split()
    if kind in ("document", "organization") or (kind == "named_person" and len(words) < 2):
        return []  # "Photo: ...", "Related: ...": a label, not a speaker
    return [Found((colon, colon + 1), quote, speaker)]


def rule_relations(article: Article) -> list[list[Found]]:
    """Per sentence of ``article.sentences``, the (cue, content, source) ranges the rules find."""
    text, out = article.text, []
    opening = {q[0]: q for q in reversed(article.quotes) if text[q[0]] in '"“'}
    starts = [s.start for s in article.sentences[1:]] + [-1] if article.sentences else []
    for (s, near, before), following in zip(sentence_quotes(article), starts, strict=True):
        c = SentenceReading(text, s, near, before, opening.get(following))
        out.append(_in_sentence(c) or _labelled(c))
    return out


def find_attributions(article: Article) -> list[ResolvedAttribution]:
    """Every attribution relation in ``article``, in text order (by content start).

    A sentence that is only a quotation continues the attribution of the sentence before it.

    Examples
    --------
    >>> from credscore.text import parse
    >>> a = parse('Talks\\n\\n"We will win," Harlow said. "It is final."', id="x")
    >>> [(a.text[r.source[0]:r.source[1]], a.text[r.content[0]:r.content[1]]) for r in
    ...  find_attributions(a)]
    [('Harlow', '"We will win,"'), ('Harlow', '"It is final."')]
    """
    return resolve(article, rule_relations(article))
