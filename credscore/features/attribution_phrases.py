"""The phrases around a reporting cue, for the rule-based attribution extractor.

The subject before a verb, the noun phrase after "according to" or an inverted verb, the
subject an apposition interrupts, the adverbials to skip, and the word classes
(``lexicons/attribution_grammar.txt``, ``attribution_verbs.txt``) they read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from credscore.features.sourcing import head_noun
from credscore.lexicons import TOKEN, load_lexicon
from credscore.text import Sentence

__all__ = [
    "APPOSITION_TOKENS",
    "OPENER_TOKENS",
    "OPENING_SUBJECT_TOKENS",
    "PARENTHESIS_TOKENS",
    "SOURCE_AFTER_TOKENS",
    "SOURCE_WORDS",
    "SUBJECT_BEFORE_TOKENS",
    "CLOSE_QUOTES",
    "DASHES",
    "OPEN_QUOTES",
    "PHRASE_BREAKS",
    "SentenceReading",
    "adverbial_pattern",
    "apposed_subject",
    "grammar",
    "is_adverb",
    "known_head",
    "noun_phrase_after",
    "noun_phrase_before",
    "only_tail",
    "reporting_verbs",
    "sentence_subject",
    "skip_adverbials",
    "source_heads",
    "source_like",
    "strip_range",
]

Range = tuple[int, int]

OPEN_QUOTES, CLOSE_QUOTES, DASHES = "\"“‘'", "\"”’'“", "-—–"
PHRASE_BREAKS = frozenset(',;:()[]—–-"“”‘')
#: tokens a subject before its verb spans at most: a longer run back to a break is a clause
SUBJECT_BEFORE_TOKENS = 20
#: tokens from ")" back to its "(": enough for "Rep. Jim Jordan (R-Ohio)", not a parenthesis
#: that opened a clause earlier
PARENTHESIS_TOKENS = 8
#: tokens of a sentence's opening phrase ("In a statement on Tuesday,") before its subject
OPENER_TOKENS = 12
#: tokens of a subject that opens its sentence ("He", "Mr. Trump", "The union's leaders")
OPENING_SUBJECT_TOKENS = 6
#: tokens a noun phrase after its cue ("according to ...", "said ...") spans at most
SOURCE_AFTER_TOKENS = 30
#: tokens back from a verb to the comma that opens an apposition ("X, a fellow at Y, said")
APPOSITION_TOKENS = 40
#: words of a phrase that can be a source: a speaker before a colon, a name after an inverted
#: verb; longer is a sentence
SOURCE_WORDS = 8


@cache
def grammar() -> dict[str, frozenset[str]]:
    """The function-word classes of ``lexicons/attribution_grammar.txt`` by name."""
    rows = (e.split("\t", 1) for e in load_lexicon("attribution_grammar"))
    return {name: frozenset(words.split()) for name, words in rows}


@cache
def reporting_verbs() -> dict[str, str]:
    """Reporting-verb form -> tag ("", "tell", "that" or "evidence")."""
    entries = (e.partition("\t") for e in load_lexicon("attribution_verbs"))
    return {form.lower(): tag for form, _, tag in entries}


@cache
def adverbial_pattern() -> re.Pattern[str]:
    """Adverbials between a verb and its content (``lexicons/attribution_adverbials.txt``)."""
    return re.compile(rf"\s*,?\s*(?:{'|'.join(load_lexicon('attribution_adverbials'))})(?!\w)")


@cache
def source_heads(name: str = "") -> frozenset[str]:
    """Head nouns of ``source_<name>.txt`` (first column); of all five lexicons by default."""
    names = [name] if name else ["roles", "experts", "documents", "anonymous", "organizations"]
    rows = (e.partition("\t")[0].lower() for n in names for e in load_lexicon(f"source_{n}"))
    return frozenset(rows)


def known_head(head: str) -> bool:
    """Whether a head noun (or its singular) is one a source phrase can have."""
    return head in source_heads() or (head[-1:] == "s" and head[:-1] in source_heads())


def strip_range(text: str, start: int, end: int, chars: str = ",;:—–") -> Range:
    """``[start, end)`` without surrounding whitespace, nor ``chars`` at its end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def is_adverb(token: str) -> bool:
    """A lowercase -ly adverb ("steadfastly"), not a noun like "family"."""
    return token.islower() and token[-2:] == "ly" and token not in grammar()["not_adverbs"]


class SentenceReading:
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


def noun_phrase_before(c: SentenceReading, k: int) -> Range | None:
    """The noun phrase ending with token ``k`` (a subject before its verb), if it is one."""
    g, j = grammar(), k
    while j >= 0 and k - j < SUBJECT_BEFORE_TOKENS:
        tok, low = c.tok(j), c.tok(j).lower()
        opener = (x for x in range(j - 1, max(j - PARENTHESIS_TOKENS, -1), -1) if c.tok(x) == "(")
        if tok == ")" and (opener := next(opener, None)) is not None:  # "Rep. Jim Jordan (R-Ohio)"
            j = opener - 1
            continue
        verb = tok.islower() and (low in g["finite"] or reporting_verbs().get(low) in ("", "tell"))
        if tok in PHRASE_BREAKS or verb or (low in g["clause"] and (tok.islower() or j == 0)):
            capitals = 0 < j < k and c.tok(j - 1)[0].isupper() and c.tok(j + 1)[0].isupper()
            if low != "and" or not capitals:  # "Harlow and Kim said" is one subject
                break
        j -= 1
    first = j + 1
    if k - j >= SUBJECT_BEFORE_TOKENS or first > k:
        return None
    if j > 0 and c.tok(j) == "who" and c.tok(first).lower() not in g["dets"] | g["subjects"]:
        if c.tok(first).islower():  # "officials who spoke with the Post said"
            head = noun_phrase_before(c, j - 1)
            return (head[0], c.spans[k][1]) if head else None
    pronouns = [x for x in range(first + 1, k + 1) if c.tok(x) in g["subjects"]]
    first = pronouns[-1] if pronouns else first  # "the ones he refused": "he"
    while first <= k and (c.tok(first).lower() in g["leaders"] or is_adverb(c.tok(first))):
        first += 1
    if first <= k and c.tok(first).lower() in g["preps"]:  # "On Tuesday the ministry", "As Crane"
        dets = (x for x in range(first + 1, k + 1) if c.tok(x).lower() in g["dets"])
        first = next(dets, first + 1)
    last = c.tok(k).lower()
    empty = first > k or last in g["dets"] | g["preps"] or last in ("'", "’")
    return None if empty else (c.spans[first][0], c.spans[k][1])


def noun_phrase_after(text: str, pos: int, end: int, stops: frozenset[str]) -> Range | None:
    """The noun phrase starting at ``pos`` up to punctuation or a word in ``stops``."""
    first = last = None
    depth = 0
    for n, m in enumerate(TOKEN.finditer(text, pos, end)):
        tok = m.group()
        stop = first is not None and tok.lower() in stops
        if first is not None and (tok == "(" and text[m.end() : m.end() + 1].isupper() or depth):
            depth += (tok == "(") - (tok == ")")  # "Rep. Jim Jordan (R-Ohio)"
        elif tok in PHRASE_BREAKS or stop or n >= SOURCE_AFTER_TOKENS:
            break
        first, last = first or m.start(), m.end()
    if first is None or last is None or text[first] in ".,":
        return None
    return strip_range(text, first, last, ".")


def sentence_subject(c: SentenceReading) -> Range | None:
    """The subject opening the sentence ("He declined ..., but said ..."), after "In X, "."""
    g, n, i = grammar(), len(c.spans), 0
    if n and c.tok(0).lower() in g["preps"] | g["clause"]:
        i = next((x + 1 for x in range(min(n, OPENER_TOKENS)) if c.tok(x) == ","), n)
    while i < n and c.tok(i).lower() in g["leaders"]:
        i += 1
    j = i
    stops = g["finite"] | g["skip"] | g["clause"] | g["links"]
    while j < n and j - i < OPENING_SUBJECT_TOKENS:
        tok, low = c.tok(j), c.tok(j).lower()
        name = all(c.tok(x)[0].isupper() or c.tok(x) == "." for x in range(i, j))
        verb = (
            tok.endswith("ed")
            or low in reporting_verbs()
            or (name and c.tok(j - 1) not in g["dets"])
        )
        if (
            tok in PHRASE_BREAKS
            or low in stops
            or is_adverb(tok)
            or (j > i and tok.islower() and verb)
        ):
            break  # "Mr. Trump struck ...": the subject ends before its verb
        j += 1
        if low in g["subjects"]:
            break
    empty = j == i or c.tok(j - 1).lower() in g["dets"]
    return None if empty else (c.spans[i][0], c.spans[j - 1][1])


def skip_adverbials(text: str, pos: int, stop: int) -> int:
    """Position after the adverbials at ``pos`` ("on Tuesday", "in a statement")."""
    while m := adverbial_pattern().match(text, pos, stop):
        pos = m.end()
    return pos


def source_like(phrase: str) -> bool:
    """Whether a phrase after an inverted verb can be its source ("the official", "Harlow")."""
    words = phrase.split()
    like = any(w[0].isupper() for w in words) or known_head(head_noun(phrase))
    return 0 < len(words) <= SOURCE_WORDS and phrase[0] not in OPEN_QUOTES and like


def only_tail(text: str, pos: int, stop: int) -> bool:
    """Whether only adverbials or appositives follow an inverted source ("..., said Harlow")."""
    rest = text[skip_adverbials(text, pos, stop) : stop].strip()
    if not rest or rest.split(maxsplit=1)[0] in ("who", "which", "whose"):
        return True
    firsts = [(seg.split(maxsplit=1) or [""])[0] for seg in rest[1:].split(",")]
    verbs = (w in grammar()["finite"] or w in reporting_verbs() and w[-3:] != "ing" for w in firsts)
    return rest[0] == "," and not any(verbs)


def apposed_subject(c: SentenceReading, k: int) -> tuple[Range | None, bool]:
    """The subject before "X, a fellow at Y, said" / "X, however, said"; whether it is one."""
    back = range(k - 1, max(k - APPOSITION_TOKENS, -1), -1)
    j = next((x for x in back if c.tok(x) in ",-—–"), -1)
    while j > 0 and c.tok(j - 1) in DASHES:
        j -= 1
    if j <= 0:
        return None, False
    first, g = c.tok(j + 1).lower(), grammar()
    apposition = first in g["apposition"] | g["leaders"] or known_head(first) or first[-3:] == "ing"
    return noun_phrase_before(c, j - 1), apposition or is_adverb(first)
