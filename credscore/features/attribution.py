"""Attribution: who said what in an article, as source–cue–content relations (rule-based).

Covers direct quotes with the speaker before or after them and quotes continued in the next
sentence; indirect speech after a reporting verb (``lexicons/attribution_verbs.txt``), also
post-posed ("..., X said."); "according to X", "citing X", statements ("in a statement, X said",
"X's statement said"); passives ("X was quoted as saying", "KCNA quoted the spokesperson as
saying", "... was attributed to X"). Pronouns, descriptors ("the official", "the ministry") and
surnames resolve to the earlier full mention. Offsets are into ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from credscore.features._lexicon import load_lexicon
from credscore.features.sourcing import (
    classify_source,
    head_noun,
    person_name,
    source_descriptor,
)
from credscore.text import Article, Sentence

__all__ = ["Attribution", "find_attributions"]

Range = tuple[int, int]
_Found = tuple[Range, Range, Range | None]  # cue, content, source

_TOKEN = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*|[^\w\s]")
_OPEN, _CLOSE = "\"“‘'", "\"”’'"
_BREAK = frozenset(",;:()[]—–-\"“”‘")
_SKIP_LEFT = frozenset(
    "also later previously repeatedly publicly privately earlier then again recently once flatly "
    "strongly has have had will would could can may might should must did does do not never "
    "further subsequently immediately simply often always soon already even still just "
    "explicitly openly separately quickly reportedly".split()
)
_PASSIVE = frozenset("was were is are be been being".split())
_CLAUSE = frozenset(
    "that and but or because while as when after before since although though if where so "
    "whether than who which whom whose unless until nor what how why".split()
)
_FINITE = _PASSIVE | frozenset(
    "has have had having will would can could may might must should did does do not never yet "
    "didn't doesn't don't isn't wasn't won't can't couldn't wouldn't hasn't haven't hadn't aren't "
    "weren't shouldn't didn’t doesn’t don’t isn’t wasn’t won’t can’t couldn’t wouldn’t hasn’t "
    "haven’t hadn’t aren’t weren’t shouldn’t".split()
)
_SUBJECTS = frozenset("he she they we i it".split())
_LINKS = frozenset("of for with at in on from by to about near and or".split())
_NOT_ADVERBS = frozenset("family ally assembly supply rally daily weekly monthly quarterly reply".split())
_APPOSITION = frozenset("who which whose a an the now also speaking then once formerly one".split())
_LEADERS = frozenset("but and so yet still meanwhile however also then later separately".split())
_PREPS = frozenset(
    "on in at after before during outside inside from to with via over while as for amid near "
    "following despite by last this earlier late".split()
)
_DETS = frozenset("a an the his her its their our this that these those".split())
_OBJECTS = frozenset(
    "him her them us me you reporters journalists lawmakers supporters voters listeners viewers "
    "congress parliament".split()
)
_PARTICIPLE_STOP = frozenset("citing according".split())
_INVERTIBLE = frozenset(
    "said says added adds wrote writes asked asks noted explained recalled continued replied "
    "responded countered tweeted concluded insisted argued warned".split()
)
_JOIN = re.compile(
    r"(?:(?:,\s*(?:and|but)?|\s(?:and|but))|(?:,\s*(?:and|but)|;)\s+(?:he|she|they|it|the\s+\w+|"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}))\s*(?:(?:also|then|later)\s+)?$"
)
_COMMA_END = re.compile(r",\s*$")
_END = re.compile(r"[\s.!?]*$")
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ADVERBIAL = re.compile(
    r"\s*,?\s*(?:(?:on|late|early|last|this|earlier|later)\s+(?:on\s+)?"
    rf"(?:{_DAY}|night|week|month|year|morning|afternoon|evening|weekend)"
    r"(?:\s+(?:night|morning|afternoon|evening))?"
    r"|(?:on|in)\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2})?"
    rf"|{_DAY}(?:\s+(?:night|morning|afternoon|evening))?|today|yesterday|recently|also|again"
    r"|repeatedly|publicly|privately|separately"
    r"|(?:in|during|at|on|via)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:statement|interview|speech|letter|post|tweet|e-?mail|release|briefing|address|op-ed|"
    r"video|message|filing|memo|appearance|conference|call|hearing|rally|event|meeting|session|"
    r"debate|broadcast|podcast|editorial|column|essay|radio|television)s?"
    r"(?:\s+(?:with|to|on|for)\s+(?:the\s+)?(?:[A-Z][\w’'.&-]*\s?){1,4})?"
    r"|on\s+(?:Twitter|X|Facebook|Instagram|social\s+media|television|TV|radio|[A-Z][\w.]*\s+News)"
    r"|(?:to|at)\s+(?:reporters|journalists)|on\s+condition\s+of\s+anonymity)(?![\w])"
)
_POSTPOSED = re.compile(r"(?:[,—–]|[,?!][\"”’']{1,2})$")
_THAT = re.compile(r"\s*,?\s*that\b")
_PREP_THAT = re.compile(r"\s*(?:[^\s,;:“”\"]+\s+){1,7}?that\b")
_TO_QUOTE = re.compile(r"\s*[,:]?\s*(?=[\"“‘])")
_DEFINITE = re.compile(r"(?:[Tt]he|[Oo]ne\s+of\s+the|[Ss]ome\s+of\s+the|[Tt]h[io]se?)\s+([a-z][\w-]*)")
_ANTECEDENT = re.compile(r"([^,;:()“”\"]{1,80}?)\s*,\s*$")
_STATEMENT_OF = re.compile(r"(.+?)['’]s\s+(?:\w+\s+)?statement$|an?\s+statement\s+(?:from|by)\s+(.+)$")
_CAP = r"[A-Z][\w’'&.-]*"
_ABBR_DEF = re.compile(rf"((?:{_CAP}\s+){{0,5}}{_CAP})\s+\(([A-Z][A-Z0-9&.]{{1,7}})\)")
_APPOS_DEF = re.compile(rf"((?:{_CAP}\s+){{0,4}}{_CAP})(?:\s+\([A-Z0-9&.]+\))?,\s+((?:a|an|the)\s[^,.;]{{1,80}})")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A source–cue–content relation found in an article (analysis offsets)."""

    cue: Range
    content: Range
    source: Range | None
    direct: bool  # content is a direct quotation
    source_name: str | None  # canonical name of the source, resolved ("he" -> "Daniel Harlow")
    source_kind: str | None  # one of sourcing.SOURCE_KINDS

    def to_dict(self, article: Article) -> dict:
        """The JSON form of DESIGN.md, spans in source offsets of ``article``."""
        return {
            "source": article.span(*self.source).to_dict() if self.source else None,
            "cue": article.span(*self.cue).to_dict(),
            "content": article.span(*self.content).to_dict(),
            "source_kind": self.source_kind,
            "source_name": self.source_name,
            "direct": self.direct,
        }


@cache
def _verbs() -> dict[str, str]:
    """Reporting-verb form -> tag ("", "tell", "that" or "evidence")."""
    entries = (e.partition("\t") for e in load_lexicon("attribution_verbs"))
    return {form.lower(): tag for form, _, tag in entries}


@cache
def _cue_re() -> re.Pattern[str]:
    """Every cue: "according to", "citing", quoted/attributed passives and reporting verbs."""
    forms = sorted((re.escape(v).replace(r"\ ", r"\s+") for v in _verbs()), key=len, reverse=True)
    be = r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)"
    return re.compile(
        r"(?P<according>\b[Aa]ccording\s+to\b)|(?P<citing>\bciting\b)"
        rf"|(?P<passive>\b{be}\s+quoted\s+(?:by\s+[^,.;“”\"]{{1,60}}?\s+)?as\s+saying\b)"
        r"|(?P<quoted>\bquoted\s+(?P<qsrc>[^,.;“”\"]{1,80}?)\s+as\s+saying\b)"
        rf"|(?P<attributed>\b{be}\s+attributed\s+to\b)|(?P<verb>(?<![\w’'-])(?:{'|'.join(forms)})(?![\w-]))"
    )


@cache
def _documents() -> frozenset[str]:
    return frozenset(load_lexicon("source_documents"))


def _strip(text: str, start: int, end: int, chars: str = "") -> Range:
    """``[start, end)`` without surrounding whitespace, nor ``chars`` at its end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


class _Tokens:
    """The word and punctuation tokens of one sentence."""

    __slots__ = ("spans", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.spans = [m.span() for m in _TOKEN.finditer(text, start, end)]

    def __getitem__(self, i: int) -> str:
        s, e = self.spans[i]
        return self.text[s:e]

    def index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        lo, hi = 0, len(self.spans)
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (mid + 1, hi) if self.spans[mid][0] < pos else (lo, mid)
        return lo


def _np_before(toks: _Tokens, k: int) -> Range | None:
    """The noun phrase ending with token ``k`` (a subject before its verb), if it is one."""
    j = k
    while j >= 0 and k - j < 15:
        tok, low = toks[j], toks[j].lower()
        if tok == ")" and (opener := _opening(toks, j)) is not None:  # "Rep. Jim Jordan (R-Ohio)"
            j = opener - 1
            continue
        verb = _verbs().get(low) in ("", "tell")  # unambiguous verb forms only ("reports" may be a noun)
        if tok in _BREAK or (tok.islower() and (low in _CLAUSE or low in _FINITE or verb)):
            if low == "and" and 0 < j < k and toks[j - 1][0].isupper() and toks[j + 1][0].isupper():
                j -= 1
                continue
            break
        j -= 1
    if k - j >= 15:
        return None
    first = j + 1
    for x in range(first + 1, k + 1):  # "the ones he", "something a 911 caller": restart there
        low = toks[x].lower()
        if (low in _SUBJECTS and toks[x].islower()) or (
            low in ("a", "an", "the") and toks[x - 1].lower() not in _LINKS
        ):
            first = x
    while first <= k and (toks[first].lower() in _LEADERS or _adverb(toks[first])):
        first += 1
    if first <= k and toks[first].lower() in _PREPS:  # "On Tuesday the ministry"
        first = next((x for x in range(first + 1, k + 1) if toks[x].lower() in _DETS), k + 1)
    words = [toks[x].lower() for x in range(first, k + 1)]
    if not words or words[-1] in _DETS | _PREPS or words[-1] in "'’":
        return None
    if j >= 0 and toks[j] in ("who", "which", "that") and toks[first].islower() and words[0][-2:] == "ed":
        return None  # "people who received the spray reported ...": a relative clause, not a subject
    return toks.spans[first][0], toks.spans[k][1]


def _adverb(token: str) -> bool:
    """A lowercase -ly adverb ("steadfastly", "sharply"), not a noun like "family"."""
    return token.islower() and token.endswith("ly") and len(token) > 4 and token not in _NOT_ADVERBS


def _opening(toks: _Tokens, j: int) -> int | None:
    """Index of the "(" that the ")" at ``j`` closes, within a few tokens."""
    return next((x for x in range(j - 1, max(j - 8, -1), -1) if toks[x] == "("), None)


def _np_after(text: str, pos: int, end: int, stops: frozenset[str]) -> Range | None:
    """The noun phrase starting at ``pos`` up to punctuation or a word in ``stops``."""
    first = last = None
    depth = 0
    for n, m in enumerate(_TOKEN.finditer(text, pos, end)):
        tok = m.group()
        if first is not None and ((tok == "(" and text[m.end() : m.end() + 1].isupper()) or (tok == ")" and depth)):
            depth += 1 if tok == "(" else -1
        elif depth == 0 and (tok in _BREAK or (first is not None and tok.lower() in stops)):
            break
        if n >= 30:
            break
        first, last = first or m.start(), m.end()
    if first is None or text[first] in ".,":
        return None
    return _strip(text, first, last, ".")


_AFTER_STOPS = _CLAUSE | _PREPS | _FINITE | frozenset("said says citing adding saying noting".split())


def _skip_addressee(toks: _Tokens, i: int) -> int:
    """Index after the addressee of "told"-like verbs ("reporters", "The Washington Post")."""
    n = len(toks.spans)
    if i < n and toks[i].lower() in _OBJECTS:
        return i + 1
    j = i + 1 if i < n and toks[i].lower() in ("the", "a", "an") else i
    while j < n and j - i < 5 and (toks[j][0].isupper() or (j > i and toks[j].islower() and j - i < 3)):
        if toks[j].lower() in _CLAUSE | _PREPS | _verbs().keys():
            break
        j += 1
    follows = toks[j].lower() if j < n else "."
    return j if j > i and (follows in _BREAK | {".", "that"} or follows in _PREPS) else i


def _complement(text: str, toks: _Tokens, pos: int, end: int, tag: str) -> tuple[str, int]:
    """What follows a reporting verb: ("that"|"quote"|"clause", start) or ("none"|"paren"|"prep", pos)."""
    if tag == "tell":
        k = _skip_addressee(toks, toks.index(pos))
        pos = toks.spans[k - 1][1] if k > toks.index(pos) else pos
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
        tagged = _verbs().get(word, "x")
        return ("none" if word in _PARTICIPLE_STOP or tagged != "x" or word in _PREPS else "paren"), pos
    if word in _PREPS:
        that = _PREP_THAT.match(text, pos, end)
        return ("that", that.end()) if that else ("prep", pos)
    return "clause", end - len(rest)


def _content_end(text: str, start: int, stop: int, later: Sequence[re.Match[str]]) -> int:
    """Where content starting at ``start`` ends: the sentence end or the next joined cue."""
    for m in later:
        if m.start() <= start:
            continue
        window = max(start, m.start() - 48)
        ing = m.group("according") or m.group("citing") or m.group().endswith("ing")
        joined = (_COMMA_END if ing else _JOIN).search(text, window, m.start())
        if joined:
            return min(stop, joined.start())
    return stop


def _in_quote(start: int, end: int, quotes: Sequence[Range]) -> bool:
    return any(qs < start and end <= qe for qs, qe in quotes)


def _sentence_subject(toks: _Tokens) -> Range | None:
    """A pronoun or name opening the sentence ("He declined ..., but said ...")."""
    if not toks.spans:
        return None
    if toks[0].lower() in _SUBJECTS:
        return toks.spans[0]
    k = 0
    while k < min(len(toks.spans), 5) and (toks[k][0].isupper() or toks[k] in ".-"):
        k += 1
    while k and toks[k - 1] in ".-":
        k -= 1
    follows = toks[k] if k < len(toks.spans) else ""
    if not k or not (follows.islower() or follows == ",") or toks[0].lower() in _starters():
        return None
    return toks.spans[0][0], toks.spans[k - 1][1]


@cache
def _starters() -> frozenset[str]:
    """Words that open sentences without naming anyone ("The", "About", "In")."""
    return frozenset(load_lexicon("sentence_starters")) | _PREPS | {"about", "according"}


def _in_sentence(text: str, sent: Sentence, quotes: Sequence[Range]) -> list[_Found]:
    """The attributions whose cue lies in one sentence."""
    s = sent.start
    stop = s + len(text[s : sent.end].rstrip(" .!?"))
    toks = _Tokens(text, s, sent.end)
    cues = [m for m in _cue_re().finditer(text, s, sent.end) if not _in_quote(*m.span(), quotes)]
    found: list[_Found] = []
    citing: list[tuple[Range, Range]] = []
    for n, m in enumerate(cues):
        later = cues[n + 1 :]
        if m.group("according") or m.group("citing"):
            stops = frozenset(("that", "which", "who", "whose", "where"))
            src = _np_after(text, m.end(), stop, stops)
            if src is None:
                continue
            if m.group("citing"):
                citing.append((m.span(), src))
                continue
            before = _strip(text, s, m.start(), ",;:—–")
            after = _strip(text, src[1], _content_end(text, src[1], stop, later), ",;:—–")
            rel = text[after[0] : after[0] + 6].split(" ")[0] in ("who", "which", "whose")
            after = after if text[src[1] : src[1] + 1] in ",;:" and not rel else (after[0], after[0])
            if before[1] > before[0] and after[1] > after[0]:
                found.append((m.span(), (before[0], after[1]), src))
            elif before[1] > before[0] or after[1] > after[0]:
                found.append((m.span(), max(before, after, key=lambda r: r[1] - r[0]), src))
        elif m.group("attributed"):
            src = _np_after(text, m.end(), stop, _CLAUSE)
            if src:
                found.append((m.span(), _strip(text, s, m.start(), ",;:"), src))
        else:
            found += _verb_cue(text, toks, m, s, stop, later, found)
    for cue, cited in citing:
        if not _cited_source(text[cited[0] : cited[1]]):  # "citing fears of terrorism": a reason
            subject = next((f[2] for f in found if f[2]), None) or _sentence_subject(toks)
            found += [(cue, cited, subject)] if subject else []
            continue
        host = min(found, key=lambda f: abs(f[0][0] - cue[0]), default=None)
        content = host[1] if host else _strip(text, s, cue[0], ",;:")
        found.append((cue, content, cited))
    return [f for f in found if f[1][1] > f[1][0]]


def _cited_source(phrase: str) -> bool:
    """Whether what is cited is a source ("an unnamed spokesperson"), not a reason ("fears")."""
    kind = classify_source(phrase)[1]
    return kind != "anonymous" or _singular(head_noun(phrase)) in _source_words()


def _verb_cue(
    text: str, toks: _Tokens, m: re.Match[str], s: int, stop: int,
    later: Sequence[re.Match[str]], found: Sequence[_Found],
) -> list[_Found]:  # fmt: skip
    """The relations a reporting verb (or a "quoted ... as saying" passive) heads, if any."""
    i = toks.index(m.start())
    k = i - 1
    while k >= 0 and (toks[k].lower() in _SKIP_LEFT or _adverb(toks[k])):
        k -= 1
    prev = toks[k].lower() if k >= 0 else ""
    verb = " ".join(m.group().lower().split()) if m.group("verb") else ""
    tag = _verbs().get(verb, "")
    if verb.endswith("ing") and prev in _PASSIVE:  # "X is demanding"
        k -= 1
        prev = toks[k].lower() if k >= 0 else ""
    elif verb and (prev in _PASSIVE or (i and toks[i - 1].lower() == "to")):
        return []
    kind, pos = _complement(text, toks, m.end(), stop, tag)
    if tag == "that" and kind not in ("that", "none") and ":" not in text[m.end() : pos]:
        return []
    lead = src = None
    if m.group("quoted"):  # KCNA quoted the spokesperson as saying
        src, lead = _strip(text, *m.span("qsrc")), _np_before(toks, k) if k >= 0 else None
    elif k < 0:
        return []
    elif prev in ("and", "but") or (prev == "," and verb.endswith("ing")):
        prior = [f[2] for f in found if f[2]]
        src = prior[0] if prior else _sentence_subject(toks)
    elif prev in ("who", "which"):  # the antecedent of "X, who said ..."
        ante = _np_before(toks, k - 2) if k > 1 and toks[k - 1] == "," else None
        src = ante or toks.spans[k]
    elif prev == "," or toks[k] in _CLOSE:
        opener = next((j for j in range(k - 1, max(k - 40, -1), -1) if toks[j] == ","), None)
        head = _np_before(toks, opener - 1) if prev == "," and opener else None
        apposition = head and (toks[opener + 1].lower() in _APPOSITION | _source_words())
        start = _skip_adverbials(text, m.end(), stop)
        after = _np_after(text, start, stop, _AFTER_STOPS) if verb in _INVERTIBLE else None
        tail_ok = toks[k] in _CLOSE or _tail_ok(text, after[1], stop) if after else False
        if not apposition and after and _source_like(text[after[0] : after[1]]) and tail_ok:
            return [(m.span(), _strip(text, s, toks.spans[k][1], ",;:"), after)]
        src = head
    else:
        src = _np_before(toks, k)
    if src is None or (verb == "called" and _names_only(text, pos, stop)):
        return []
    if verb == "called" and text[max(s, src[0] - 5) : src[0]].strip().lower() == "what":
        return []  # "what he called tribalism": a label, not a statement
    if tag == "evidence" and kind != "that" and head_noun(text[src[0] : src[1]]) not in _documents():
        return []
    src = _statement_source(text, src)
    lead = lead or src
    before = text[s : lead[0]].rstrip()
    postposed = bool(_POSTPOSED.search(before))
    if kind in ("that", "quote", "clause") or (kind in ("prep", "paren") and not postposed):
        pos = pos + 1 if text[pos] == "," else pos
        content = _strip(text, pos, _content_end(text, pos, stop, later), ",;:—–")
        out = [(m.span(), content, src)]
        if postposed and before[-1:] in _CLOSE:  # "A," he said, "B."
            out.append((m.span(), _strip(text, s, lead[0], ",;:"), src))
        return out
    if kind == "paren":  # "That finding, she cautioned, was based on ..."
        return [(m.span(), _strip(text, s, stop, ",;:"), src)]
    return [(m.span(), _strip(text, s, lead[0], ",;:—–"), src)] if postposed else []


def _skip_adverbials(text: str, pos: int, stop: int) -> int:
    """Position after the adverbials at ``pos`` ("on Tuesday", "in a statement")."""
    while m := _ADVERBIAL.match(text, pos, stop):
        pos = m.end()
    return pos


def _tail_ok(text: str, pos: int, stop: int) -> bool:
    """Whether what follows an inverted source ("..., said Harlow") ends the sentence."""
    rest = text[_skip_adverbials(text, pos, stop) : stop].strip()
    if not rest or rest[0] != ",":
        return not rest
    segments = [seg.split(maxsplit=1)[:1] for seg in rest[1:].split(",")]
    return all(w and w[0] not in _FINITE and w[0] not in _verbs() for w in segments)


def _source_like(phrase: str) -> bool:
    """Whether a phrase after an inverted verb can be its source ("the official", "Harlow")."""
    words = phrase.split()
    if not words or len(words) > 8 or phrase[0] in _OPEN:
        return False
    return any(w[0].isupper() for w in words) or _singular(head_noun(phrase)) in _source_words()


@cache
def _source_words() -> frozenset[str]:
    """Head nouns a source phrase can have: roles, experts, documents, organizations."""
    names = ("source_roles", "source_experts", "source_documents", "source_anonymous")
    words = {w.lower() for n in names for w in load_lexicon(n)}
    return frozenset(words | {e.partition("\t")[0] for e in load_lexicon("source_organizations")})


def _names_only(text: str, pos: int, stop: int) -> bool:
    """Whether a verb is followed only by a name ("a company called Acme"): naming, not saying."""
    rest = text[pos:stop].split(",")[0].split()
    return 0 < len(rest) <= 4 and all(w[0].isupper() for w in rest)


def _statement_source(text: str, src: Range) -> Range:
    """The issuer in "X's statement" / "a statement from X"; else ``src`` unchanged."""
    m = _STATEMENT_OF.match(text, *src)
    if not m or m.end() != src[1]:
        return src
    group = 1 if m.group(1) else 2
    return m.span(group)


class _Entity:
    """A source or organization mentioned so far: what a later "he", "the ministry" can mean."""

    __slots__ = ("aliases", "cited", "heads", "kind", "name", "person", "plural")

    def __init__(self, name: str, kind: str, phrase: str, aliases: Sequence[str] = ()) -> None:
        head = _singular(head_noun(phrase.partition(", ")[0]))
        appositive = phrase.partition(", ")[2]
        self.name, self.kind, self.aliases = name, kind, {a.casefold() for a in aliases}
        self.cited = False
        self.heads = {head, _singular(head_noun(appositive))} if appositive else {head}
        self.person = kind in ("named_person", "expert") and person_name(name) == name
        self.plural = kind in ("anonymous", "expert") and head_noun(phrase) != _singular(head_noun(phrase))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


class _Memory:
    """The entities seen so far in one article, most recent last."""

    def __init__(self) -> None:
        self.items: list[_Entity] = []

    def last(self, test: Callable[[_Entity], bool]) -> _Entity | None:
        """The most recent entity passing ``test``."""
        return next((e for e in reversed(self.items[-64:]) if test(e)), None)

    def touch(self, entity: _Entity | None, cited: bool = True) -> _Entity | None:
        """Make ``entity`` the most recent one (it was just mentioned)."""
        if entity is not None:
            self.items.remove(entity)
            self.items.append(entity)
            entity.cited = entity.cited or cited
        return entity

    def remember(self, phrase: str, aliases: Sequence[str] = (), cited: bool = True) -> _Entity:
        """The entity ``phrase`` names: an earlier one (surname, alias, same name) or a new one."""
        name, kind, _ = classify_source(phrase)
        key = set(name.casefold().split())
        entity = self.last(
            lambda e: e.name.casefold() == name.casefold() or name.casefold() in e.aliases
            or (e.person and kind in ("named_person", "expert") and key <= set(e.name.casefold().split()))
        )  # fmt: skip
        if entity is None:
            entity = _Entity(name, kind, phrase, aliases)
            self.items.append(entity)
        else:
            entity.heads |= _Entity(name, kind, phrase).heads
            entity.kind = "expert" if kind == "expert" and entity.person else entity.kind
        return self.touch(entity, cited)


_BODIES = frozenset(("organization", "state_media", "news_agency"))


def _resolve(text: str, src: Range, memory: _Memory) -> tuple[str | None, str | None]:
    """Canonical name and kind of the source at ``src``, resolving pronouns and descriptors."""
    phrase = text[src[0] : src[1]]
    low = phrase.lower()
    if low in ("who", "which"):
        ante = _ANTECEDENT.search(text, max(0, src[0] - 80), src[0])
        return _resolve(text, _strip(text, *ante.span(1)), memory) if ante else (None, None)
    if low in ("he", "she", "they", "it"):
        tests = {
            "he": lambda e: e.person,
            "she": lambda e: e.person,
            "they": lambda e: e.cited and (e.plural or e.kind in _BODIES),
            "it": lambda e: e.cited and (e.kind in _BODIES or e.kind == "document"),
        }
        entity = memory.touch(memory.last(tests[low]))
    elif (m := _DEFINITE.fullmatch(phrase)) and (m.group(1) not in ("statement",)):
        head = _singular(head_noun(m.group(1)))
        in_docs = head in _documents() or m.group(1) in _documents()
        entity = memory.last(lambda e: e.kind == "document" if in_docs else head in e.heads)
        entity = memory.touch(entity) or memory.remember(phrase)
    else:
        entity = memory.remember(source_descriptor(text, *src))
    return (entity.name, entity.kind) if entity else (None, None)


@cache
def _org_name_re() -> re.Pattern[str]:
    """Capitalized names ending in an organization head ("Valmera Port Workers Union")."""
    heads = (e.partition("\t")[0] for e in load_lexicon("source_organizations"))
    words = "|".join(re.escape(h.capitalize()) for h in heads if h.isalpha())
    return re.compile(rf"(?:{_CAP}\s+){{1,5}}(?:{words})\b")


@cache
def _titled_re() -> re.Pattern[str]:
    """A name after a role word or an honorific ("Council member Raymond Oduya", "Mr. Villanueva")."""
    titles = [t for t in load_lexicon("source_honorifics") if t[0].isupper()]
    roles = [r for r in load_lexicon("source_roles") if r.isalpha()]
    words = sorted({*titles, *roles, *(r.capitalize() for r in roles)}, key=len, reverse=True)
    name = r"[A-Z][^\W\d_]*(?:[’'-][^\W\d_]+)*"
    return re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, words))})\s+{name}(?:\s+{name}){{0,2}}")


def _scan_entities(text: str, sent: Sentence, memory: _Memory) -> None:
    """Remember organizations a sentence introduces: "Harbor Pacific Terminals (HPT), a ..."."""
    for m in _ABBR_DEF.finditer(text, sent.start, sent.end):
        memory.remember(m.group(1), aliases=(m.group(2),), cited=False)
    for m in _APPOS_DEF.finditer(text, sent.start, sent.end):
        if classify_source(m.group(2))[1] == "organization":
            memory.remember(f"{m.group(1)}, {m.group(2)}", cited=False)
    for m in _org_name_re().finditer(text, sent.start, sent.end):
        memory.remember(m.group(), cited=False)
    for m in _titled_re().finditer(text, sent.start, sent.end):
        memory.remember(m.group(), cited=False)


def _with_quotes(article: Article) -> Iterator[tuple[Sentence, list[Range]]]:
    """Each body sentence with the quotation spans that overlap it (one pass over both)."""
    quotes, j = article.quotes, 0
    for sent in article.sentences:
        while j < len(quotes) and quotes[j][1] <= sent.start:
            j += 1
        near = []
        for q in quotes[j:]:
            if q[0] >= sent.end:
                break
            near.append(q)
        yield sent, near


def _continued(text: str, sent: Sentence, quotes: Sequence[Range]) -> Range | None:
    """The quotation a sentence consists of ("This is not a one-off delivery."), if it does."""
    whole = [q for q in quotes if q[0] == sent.start and q[1] >= sent.end - 1]
    return whole[0] if whole and text[sent.start] in "\"“" else None


def find_attributions(article: Article) -> list[Attribution]:
    """Every attribution relation in ``article``, in text order (by content start).

    Examples
    --------
    >>> from credscore.text import parse
    >>> a = parse('Talks\\n\\n"We will win," Harlow said. "It is final."', id="x")
    >>> [(a.text[r.source[0]:r.source[1]], a.text[r.content[0]:r.content[1]]) for r in
    ...  find_attributions(a)]
    [('Harlow', '"We will win,"'), ('Harlow', '"It is final."')]
    """
    text, memory = article.text, _Memory()
    out: list[Attribution] = []
    last: list[Attribution] = []
    previous: Sentence | None = None
    for sent, quotes in _with_quotes(article):
        found = _in_sentence(text, sent, quotes)
        _scan_entities(text, sent, memory)
        here: list[Attribution] = []
        for cue, content, src in sorted(found, key=lambda f: f[2] or f[0]):
            name, kind = _resolve(text, src, memory) if src else (None, None)
            direct = text[content[0]] in _OPEN and text[content[1] - 1] in _CLOSE
            here.append(Attribution(cue, content, src, direct, name, kind))
        quote = None if found else _continued(text, sent, quotes)
        if quote and last and previous and _adjacent(article, previous, sent, last[-1]):
            a = last[-1]
            here.append(Attribution(a.cue, quote, a.source, True, a.source_name, a.source_kind))
        out += here
        last, previous = here, sent
    return sorted(out, key=lambda a: (a.content, a.cue))


def _adjacent(article: Article, previous: Sentence, sent: Sentence, attribution: Attribution) -> bool:
    """Whether a quote in ``sent`` continues ``attribution`` from the sentence before it."""
    return previous.paragraph == sent.paragraph or (
        attribution.direct and sent.paragraph == previous.paragraph + 1
    )
