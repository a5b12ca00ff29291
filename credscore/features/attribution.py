"""Attribution: who says what in an article, as source–cue–content relations (rule-based).

Direct quotes, reporting verbs (``lexicons/attribution_verbs.txt``), "according to X", "citing X",
statements and passives; sources resolve through :class:`~.sourcing.SourceResolver`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from credscore.features.attribution_resolve import Attribution, Found, resolve, sentence_quotes
from credscore.features.source_names import source_span
from credscore.features.sourcing import classify_source, head_noun
from credscore.lexicons import TOKEN, load_lexicon
from credscore.text import Article, Sentence

__all__ = ["Attribution", "Found", "find_attributions", "resolve", "rule_relations"]

Range = tuple[int, int]
_Cues = Sequence[re.Match[str]]

_OPEN, _CLOSE, _DASHES = "\"“‘'", "\"”’'“", "-—–"
_BREAK = frozenset(',;:()[]—–-"“”‘')
_THAT = re.compile(r"\s*,?\s*that\b")
_PREP_THAT = re.compile(r"\s*(?:[^\s,;:“”\"]+\s+){1,7}?that\b")
_TO_QUOTE = re.compile(r"\s*[,:]?\s*(?=[\"“‘])")
_POSTPOSED = re.compile(r"(?:[,—–]|[,?!]?\s?[\"”’'“]{1,2})$")
_JOIN = re.compile(  # what joins a second cue to the clause before it: ", and said", "; he added"
    r"(?:(?:,\s*(?:and|but)?|\s(?:and|but))|(?:,\s*(?:and|but)|;)\s+(?:he|she|they|it|the\s+\w+|"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}))\s*(?:(?:also|then|later)\s+)?$"
)
_STATEMENT_OF = re.compile(
    r"(.+?)['’]s\s+(?:\w+\s+)?statement$|[Aa]n?\s+statement\s+(?:from|by)\s+(.+)$"
)


@cache
def _grammar() -> dict[str, frozenset[str]]:
    """The function-word classes of ``lexicons/attribution_grammar.txt`` by name."""
    rows = (e.split("\t", 1) for e in load_lexicon("attribution_grammar"))
    return {name: frozenset(words.split()) for name, words in rows}


@cache
def _verbs() -> dict[str, str]:
    """Reporting-verb form -> tag ("", "tell", "that" or "evidence")."""
    entries = (e.partition("\t") for e in load_lexicon("attribution_verbs"))
    return {form.lower(): tag for form, _, tag in entries}


@cache
def _cues() -> tuple[re.Pattern[str], frozenset[str]]:
    """The cue pattern ("according to", "citing", passives, reporting verbs), its first words."""
    forms = sorted((re.escape(v).replace(r"\ ", r"\s+") for v in _verbs()), key=len, reverse=True)
    be = r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)"
    firsts = {"according", "citing", "quoted", "was", "were", "is", "are", "has", "have", "had"}
    pattern = re.compile(
        r"(?P<according>\b[Aa]ccording\s+to\b)|(?P<citing>\bciting\b)"
        rf"|(?P<passive>\b{be}\s+quoted\s+(?:by\s+[^,.;“”\"]{{1,60}}?\s+)?as\s+saying\b)"
        r"|(?P<quoted>\bquoted\s+(?P<qsrc>[^,.;“”\"]{1,80}?)\s+as\s+saying\b)"
        rf"|(?P<attributed>\b{be}\s+attributed\s+to\b)"
        rf"|(?P<verb>(?<![\w’'-])(?:{'|'.join(forms)})(?![\w-]))"
    )
    return pattern, frozenset(firsts | {v.split()[0] for v in _verbs()})


@cache
def _adverbial_re() -> re.Pattern[str]:
    """Adverbials between a verb and its content (``lexicons/attribution_adverbials.txt``)."""
    return re.compile(rf"\s*,?\s*(?:{'|'.join(load_lexicon('attribution_adverbials'))})(?!\w)")


@cache
def _heads(name: str = "") -> frozenset[str]:
    """Head nouns of ``source_<name>.txt`` (first column); of all five lexicons by default."""
    names = [name] if name else ["roles", "experts", "documents", "anonymous", "organizations"]
    rows = (e.partition("\t")[0].lower() for n in names for e in load_lexicon(f"source_{n}"))
    return frozenset(rows)


def _known(head: str) -> bool:
    """Whether a head noun (or its singular) is one a source phrase can have."""
    return head in _heads() or (head[-1:] == "s" and head[:-1] in _heads())


def _strip(text: str, start: int, end: int, chars: str = ",;:—–") -> Range:
    """``[start, end)`` without surrounding whitespace, nor ``chars`` at its end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def _adverb(token: str) -> bool:
    """A lowercase -ly adverb ("steadfastly"), not a noun like "family"."""
    return token.islower() and token[-2:] == "ly" and token not in _grammar()["not_adverbs"]


class _Ctx:
    """One sentence being read: its tokens, bounds, quotes, the sentence before it, and the
    quotation that opens the sentence after it (what "X said:" at a line's end introduces)."""

    __slots__ = ("following", "previous", "quotes", "s", "spans", "stop", "text")

    def __init__(
        self,
        text: str,
        sent: Sentence,
        quotes: Sequence[Range],
        previous: Range | None,
        following: Range | None = None,
    ):
        self.text, self.s, self.quotes, self.previous = text, sent.start, quotes, previous
        self.following = following
        self.stop = sent.start + len(text[sent.start : sent.end].rstrip(" .!?"))
        self.spans = [m.span() for m in TOKEN.finditer(text, sent.start, sent.end)]

    def tok(self, i: int) -> str:
        return self.text[self.spans[i][0] : self.spans[i][1]]


def _np_before(c: _Ctx, k: int) -> Range | None:
    """The noun phrase ending with token ``k`` (a subject before its verb), if it is one."""
    g, j = _grammar(), k
    while j >= 0 and k - j < 20:
        tok, low = c.tok(j), c.tok(j).lower()
        opener = (x for x in range(j - 1, max(j - 8, -1), -1) if c.tok(x) == "(")
        if tok == ")" and (opener := next(opener, None)) is not None:  # "Rep. Jim Jordan (R-Ohio)"
            j = opener - 1
            continue
        verb = tok.islower() and (low in g["finite"] or _verbs().get(low) in ("", "tell"))
        if tok in _BREAK or verb or (low in g["clause"] and (tok.islower() or j == 0)):
            capitals = 0 < j < k and c.tok(j - 1)[0].isupper() and c.tok(j + 1)[0].isupper()
            if low != "and" or not capitals:  # "Harlow and Kim said" is one subject
                break
        j -= 1
    first = j + 1
    if k - j >= 20 or first > k:
        return None
    if j > 0 and c.tok(j) == "who" and c.tok(first).lower() not in g["dets"] | g["subjects"]:
        if c.tok(first).islower():  # "officials who spoke with the Post said"
            head = _np_before(c, j - 1)
            return (head[0], c.spans[k][1]) if head else None
    pronouns = [x for x in range(first + 1, k + 1) if c.tok(x) in g["subjects"]]
    first = pronouns[-1] if pronouns else first  # "the ones he refused": "he"
    while first <= k and (c.tok(first).lower() in g["leaders"] or _adverb(c.tok(first))):
        first += 1
    if first <= k and c.tok(first).lower() in g["preps"]:  # "On Tuesday the ministry", "As Crane"
        dets = (x for x in range(first + 1, k + 1) if c.tok(x).lower() in g["dets"])
        first = next(dets, first + 1)
    last = c.tok(k).lower()
    empty = first > k or last in g["dets"] | g["preps"] or last in ("'", "’")
    return None if empty else (c.spans[first][0], c.spans[k][1])


def _np_after(text: str, pos: int, end: int, stops: frozenset[str]) -> Range | None:
    """The noun phrase starting at ``pos`` up to punctuation or a word in ``stops``."""
    first = last = None
    depth = 0
    for n, m in enumerate(TOKEN.finditer(text, pos, end)):
        tok = m.group()
        if first is not None and (tok == "(" and text[m.end() : m.end() + 1].isupper() or depth):
            depth += (tok == "(") - (tok == ")")  # "Rep. Jim Jordan (R-Ohio)"
        elif tok in _BREAK or (first is not None and tok.lower() in stops) or n >= 30:
            break
        first, last = first or m.start(), m.end()
    if first is None or last is None or text[first] in ".,":
        return None
    return _strip(text, first, last, ".")


def _subject(c: _Ctx) -> Range | None:
    """The subject opening the sentence ("He declined ..., but said ..."), after "In X, "."""
    g, n, i = _grammar(), len(c.spans), 0
    if n and c.tok(0).lower() in g["preps"] | g["clause"]:
        i = next((x + 1 for x in range(min(n, 12)) if c.tok(x) == ","), n)
    while i < n and c.tok(i).lower() in g["leaders"]:
        i += 1
    j = i
    stops = g["finite"] | g["skip"] | g["clause"] | g["links"]
    while j < n and j - i < 6:
        tok, low = c.tok(j), c.tok(j).lower()
        name = all(c.tok(x)[0].isupper() or c.tok(x) == "." for x in range(i, j))
        verb = tok.endswith("ed") or low in _verbs() or (name and c.tok(j - 1) not in g["dets"])
        if tok in _BREAK or low in stops or _adverb(tok) or (j > i and tok.islower() and verb):
            break  # "Mr. Trump struck ...": the subject ends before its verb
        j += 1
        if low in g["subjects"]:
            break
    empty = j == i or c.tok(j - 1).lower() in g["dets"]
    return None if empty else (c.spans[i][0], c.spans[j - 1][1])


def _skip_adverbials(text: str, pos: int, stop: int) -> int:
    """Position after the adverbials at ``pos`` ("on Tuesday", "in a statement")."""
    while m := _adverbial_re().match(text, pos, stop):
        pos = m.end()
    return pos


@cache
def _addressee_re() -> re.Pattern[str]:
    """The addressee of a "told"-like verb: "reporters", "The Washington Post", "the council"."""
    g = _grammar()
    follows = rf"(?=\s*(?:[,.;:“\"]|$)|\s+(?:{'|'.join(g['preps'] | {'that'})})\b)"
    name = rf"(?:(?:the|an?)\s+)?(?:[A-Z][\w’'.&-]*\s+){{0,3}}[A-Z][\w’'.&-]*{follows}"
    return re.compile(
        rf"\s+(?:(?:{'|'.join(g['objects'])})\b|{name}|(?:the|an?)(?:\s+[a-z]+){{1,2}}{follows})"
    )


def _complement(c: _Ctx, pos: int, tag: str) -> tuple[str, int]:
    """What follows a verb: ("that"|"quote"|"clause", start) or ("none"|"paren"|"prep", pos)."""
    text, end, preps = c.text, c.stop, _grammar()["preps"]
    if tag == "tell" and (addressee := _addressee_re().match(text, pos, end)):
        pos = addressee.end()
    pos = _skip_adverbials(text, pos, end)
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
            "none" if word in preps | {"citing", "according"} | _verbs().keys() else "paren"
        ), pos
    if word in preps:
        that = _PREP_THAT.match(text, pos, end)
        return ("that", that.end()) if that else ("prep", pos)
    return "clause", end - len(rest)


def _content_end(c: _Ctx, start: int, later: _Cues) -> int:
    """Where content starting at ``start`` ends: the sentence end or the next joined cue."""
    for m in later:
        if m.start() > start and (
            joined := _JOIN.search(c.text, max(start, m.start() - 48), m.start())
        ):
            return min(c.stop, joined.start())
    return c.stop


def _in_sentence(c: _Ctx) -> list[Found]:
    """The attributions whose cue lies in one sentence."""
    text, s, stop, g = c.text, c.s, c.stop, _grammar()
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
            src = _np_after(text, m.end(), stop, g["relative"])
            if src and m.group("citing"):
                citing.append((m.span(), src))
            elif src:
                found.append(_according(c, m, src, cues[n + 1 :]))
        elif m.group("attributed"):
            src = _np_after(text, m.end(), stop, g["clause"])
            found += [(m.span(), _strip(text, s, m.start()), src)] if src else []
        else:
            found += _verb_cue(c, m, cues[n + 1 :], found)
    for cue, cited in citing:
        phrase = text[cited[0] : cited[1]]  # a source, or a reason: "citing fears of terrorism"
        if classify_source(phrase)[1] == "anonymous" and not _known(head_noun(phrase)):
            subject = next((f[2] for f in found if f[2]), None) or _subject(c)
            found += [(cue, cited, subject)] if subject else []
            continue
        host = min(found, key=lambda f: abs(f[0][0] - cue[0]), default=None)
        found.append((cue, host[1] if host else _strip(text, s, cue[0]), cited))
    return [f for f in found if f[1][1] > f[1][0]]


def _according(c: _Ctx, m: re.Match[str], src: Range, later: _Cues) -> Found:
    """ "..., according to X" / "According to X, ...": the content is the rest of the clause."""
    before = _strip(c.text, c.s, m.start())
    rest = c.text[src[1] : c.stop]
    after = _strip(c.text, c.stop - len(rest.lstrip(" ,;:")), _content_end(c, src[1], later))
    relative = c.text[after[0] : after[1]].split(" ")[0] in _grammar()["relative"]
    if rest[:1] not in tuple(",;:") or relative:  # "according to a study that researchers say"
        after = (after[0], after[0])
    if before[1] <= before[0] or after[1] <= after[0]:  # one side only: the longer one
        before = after = max(before, after, key=lambda r: r[1] - r[0])
    return m.span(), (before[0], after[1]), src


def _source_like(phrase: str) -> bool:
    """Whether a phrase after an inverted verb can be its source ("the official", "Harlow")."""
    words = phrase.split()
    like = any(w[0].isupper() for w in words) or _known(head_noun(phrase))
    return 0 < len(words) <= 8 and phrase[0] not in _OPEN and like


def _tail(text: str, pos: int, stop: int) -> bool:
    """Whether only adverbials or appositives follow an inverted source ("..., said Harlow")."""
    rest = text[_skip_adverbials(text, pos, stop) : stop].strip()
    if not rest or rest.split(maxsplit=1)[0] in ("who", "which", "whose"):
        return True
    firsts = [(seg.split(maxsplit=1) or [""])[0] for seg in rest[1:].split(",")]
    verbs = (w in _grammar()["finite"] or w in _verbs() and w[-3:] != "ing" for w in firsts)
    return rest[0] == "," and not any(verbs)


def _apposed(c: _Ctx, k: int) -> tuple[Range | None, bool]:
    """The subject before "X, a fellow at Y, said" / "X, however, said"; whether it is one."""
    j = next((x for x in range(k - 1, max(k - 40, -1), -1) if c.tok(x) in ",-—–"), -1)
    while j > 0 and c.tok(j - 1) in _DASHES:
        j -= 1
    if j <= 0:
        return None, False
    first, g = c.tok(j + 1).lower(), _grammar()
    apposition = first in g["apposition"] | g["leaders"] or _known(first) or first[-3:] == "ing"
    return _np_before(c, j - 1), apposition or _adverb(first)


def _verb_cue(c: _Ctx, m: re.Match[str], later: _Cues, found: Sequence[Found]) -> list[Found]:
    """The relations a reporting verb (or a "quoted ... as saying" passive) heads, if any."""
    text, s, stop, g = c.text, c.s, c.stop, _grammar()
    i = bisect_left(c.spans, (m.start(),))
    k = i - 1
    while k >= 0 and (c.tok(k).lower() in g["skip"] or _adverb(c.tok(k))):
        k -= 1
    prev = c.tok(k).lower() if k >= 0 else ""
    verb = " ".join(m.group().lower().split()) if m.group("verb") else ""
    tag = _verbs().get(verb, "")
    if verb.endswith("ing") and prev in g["passive"]:  # "X is demanding"
        k -= 1
        prev = c.tok(k).lower() if k >= 0 else ""
    elif verb and (prev in g["passive"] or (i and c.tok(i - 1).lower() == "to")):
        return []
    kind, pos = _complement(c, m.end(), tag)
    if tag == "that" and kind not in ("that", "none") and ":" not in text[m.end() : pos]:
        return []  # "claims", "reports", "notes" are nouns too
    lead = src = None
    closing = k >= 0 and c.tok(k) in _CLOSE  # '"...," said X' or '"...," X said'
    span = next((q for q in c.quotes if q[1] == c.spans[k][1]), None) if closing else None
    inner = span is not None and span[0] > s  # the quote ends an appositive
    comma = prev == "," or prev in _DASHES or (closing and k > 0 and c.tok(k - 1) == ",")
    if m.group("quoted"):  # KCNA quoted the spokesperson as saying
        src, lead = _strip(text, *m.span("qsrc")), _np_before(c, k) if k >= 0 else None
    elif k < 0:
        return []
    elif prev in ("and", "but") or (prev in (",", "by", "after", "while") and verb[-3:] == "ing"):
        src = next((f[2] for f in found if f[2]), None) or _subject(c)  # "..., saying ..."
    elif prev in ("who", "which"):  # the antecedent of "X, who said ..."
        src = (_np_before(c, k - 2) if k > 1 and c.tok(k - 1) == "," else None) or c.spans[k]
    elif comma or closing:
        head, apposition = _apposed(c, k) if comma and (inner or not closing) else (None, False)
        start = _skip_adverbials(text, m.end(), stop)
        stops = g["clause"] | g["preps"] | g["finite"] | {"said", "says", "citing", "adding"}
        after = _np_after(text, start, stop, stops) if verb in g["inverted"] else None
        quoted = closing and not inner
        if after and not apposition and (quoted or _tail(text, after[1], stop)):
            if _source_like(text[after[0] : after[1]]) or (quoted and text[after[0]] not in _OPEN):
                return [(m.span(), _strip(text, s, c.spans[k][1]), after)]
        src = head
    else:
        src = _np_before(c, k)
    if src is None or (verb in ("say", "called") and _not_saying(text, verb, pos, stop, src)):
        return []
    documents = kind == "that" or head_noun(text[slice(*src)]) in _heads("documents")
    if tag == "evidence" and not documents:
        return []  # "the poll shows", not "the video shows"
    if (st := _STATEMENT_OF.match(text, *src)) and st.end() == src[1]:
        src = st.span(st.lastindex or 1)  # "the company's statement said"
    lead = lead or src
    before = text[s : lead[0]].rstrip()
    postposed = bool(_POSTPOSED.search(before))
    if kind in ("that", "quote", "clause") or (kind in ("prep", "paren") and not postposed):
        pos += text[pos : pos + 1] == ","
        out = [(m.span(), _strip(text, pos, _content_end(c, pos, later)), src)]
        if postposed and before[-1:] in _CLOSE:  # "A," he said, "B."
            out.append((m.span(), _strip(text, s, lead[0]), src))
        return out
    if kind == "paren":  # "That finding, she cautioned, was based on ..."
        return [(m.span(), _strip(text, s, stop), src)]
    if not before and c.previous and kind == "none":  # "Trump said." after the quote
        return [(m.span(), c.previous, src)]
    if kind == "none" and c.following and text[m.end() : stop].rstrip().endswith(":"):
        return [(m.span(), c.following, src)]  # "Hadley said:" and the quotation below
    return [(m.span(), _strip(text, s, lead[0]), src)] if postposed else []


def _not_saying(text: str, verb: str, pos: int, stop: int, src: Range) -> bool:
    """ "the final say", "a group called Ginbot 7", "what he called", "called Sanders to"."""
    words, subject = text[pos:stop].split()[:8], text[slice(*src)].split()
    if verb == "say":
        return len(subject) == 2 and subject[0] in _grammar()["dets"] and not _known(subject[1])
    if text[max(0, src[0] - 5) : src[0]].strip().lower() == "what" or not words:
        return True
    quote = any(w[0] in _OPEN for w in words) or words[0] in ("for", "on")
    article = (
        any(w in ("a", "an", "the") for w in words[1:3]) and words[1] not in _grammar()["preps"]
    )
    named = subject[0].lower() in ("a", "an") and words[0][0].isupper()
    return named or not (quote or article)


def _labelled(c: _Ctx) -> list[Found]:
    """A speaker named before a colon and a quotation: "Mayor Gloria Hadley: “...”", with the
    quotation on the same line or opening the next."""
    text, s = c.text, c.s
    colon = text.find(":", s, c.stop + 1)
    if colon < 0 or len(text[s:colon].split()) > 8:
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
    return [((colon, colon + 1), quote, speaker)]


def rule_relations(article: Article) -> list[list[Found]]:
    """Per sentence of ``article.sentences``, the (cue, content, source) ranges the rules find."""
    text, out = article.text, []
    opening = {q[0]: q for q in reversed(article.quotes) if text[q[0]] in "\"“"}
    starts = [s.start for s in article.sentences[1:]] + [-1] if article.sentences else []
    for (s, near, before), following in zip(sentence_quotes(article), starts, strict=True):
        c = _Ctx(text, s, near, before, opening.get(following))
        out.append(_in_sentence(c) or _labelled(c))
    return out


def find_attributions(article: Article) -> list[Attribution]:
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
