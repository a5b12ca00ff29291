"""Source names a reader can use: the part of a source span that names someone, or nothing.

Extractors hand over source spans with time and place adverbials ("the Biden administration on
Friday"), auxiliaries and possessive endings ("the government of North Korea has", "North
Korea's"), datelines ("SEOUL — North Korea") and fragments ("of the U.S.-based Center for
Strategic and International Studies"). :func:`source_span` cuts them to the name, widens a
prepositional fragment to the person it belongs to ("Victor Cha of the ... Center"), and drops
what is no source (object pronouns such as "us", events and speeches, fragments).
:func:`names_source` then says whether what is left names someone (not "I", "many", "74
percent of likely voters", "the door"): when in doubt, no name rather than a wrong one. What is
cut, dropped and left unnamed is data, ``lexicons/source_edges.txt`` and the source lexicons.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import takewhile

from credscore.clean import dateline_end
from credscore.features.source_words import (
    DETERMINERS,
    PREPOSITIONS,
    abbreviations,
    given_names,
    heads,
    human_heads,
    humans,
    known,
    titles,
)
from credscore.features.sourcing import classify_source, head_noun
from credscore.features.state_media import state_medium
from credscore.lexicons import load_lexicon

__all__ = ["inside_name", "names_source", "source_span", "trim_phrase"]

Range = tuple[int, int]

_PUNCT = ",;:—–-\"“”‘’'()[]*•"
_JOINERS = frozenset(("of", "at", "from"))  # "Victor Cha of the Center", "an analyst at X"
_SUBJECT_PRONOUNS = frozenset(("he", "she", "they", "it", "who", "which", "whom"))
_CONTRACTION = re.compile(r"['’](?:ve|re|m|d|ll|s)$", re.I)
_WORD = re.compile(r"[^\W_]+(?:[’'\-.&][^\W_]+)*\.?")
_NAME_AFTER = re.compile(r"\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}")
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)\s*$")
_PARTICIPLE = re.compile(r"(?<![\w’'-])([a-z]{3,}ed)(?![\w’'-])")
_LED = re.compile(r"(?:^|\s)(?:[Ii]n|[Oo]n|[Aa]t|[Dd]uring|[Ii]nside)\s+$")
_INSIDE_NAME = re.compile(r"[A-Z][\w’'-]*\s+(?:and|of|for|&)\s+$")
_VIA = re.compile(r"\bvia\s+$", re.I)
_BY = re.compile(r"\s+by\s+(?:the\s+)?(?=[A-Z])")
_INFINITIVE = re.compile(
    r"\s+to\s+(?!(?:the|a|an|his|her|its|their|this|that|him|them|us|me|it)\b)[a-z]+\b(?!-)"
)
_PRONOUN_CONTRACTED = re.compile(r"(he|she|they|it|we|i)['’](?:ll|d|s|re|ve|m)", re.I)
_AGE = re.compile(r",\s*\d{1,3}$")
_FINITE = re.compile(r"\s(?:is|are|was|were|has|have|had|will|would|did|does|do)\s")
_DASH = re.compile(r"(?<=\S)\s*[—–]\s*\S")
_RUN_ON = re.compile(r"[a-z]{2}[.!?][”\"’']?(?=[A-Z][a-z])")  # "the first nine months.Figure 10"
# A verb and its object opening the phrase ("verify the report and U.S. Central Command", "made a
# public statement"): a lowercase word that no determiner, quantity or noun is, then a determiner.
_VERB_OBJECT = re.compile(
    r"([a-z][a-z’'-]+)\s+(?:the|a|an|his|her|its|their|this|that|these|those)\s"
)
_NOT_VERBS = frozenset(
    "all both half such quite rather what many once only even just nearly".split()
)
_AND_NAME = re.compile(r"\s(?:and|&)\s+(?=(?:the\s+)?[A-Z])")
_APPOSED = re.compile(  # "Bernadette Meehan, [spokeswoman for ...]", "Scott Pruitt, the [...]"
    r"((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w'’-]+),\s+(?:(?:the|a|an)\s+)?$"
)
_SAID = re.compile(  # what may come before "Name, role": a reporting verb, a conjunction alone
    r"^(?:but|and|still|yet|however)$|(?:^|\s)(?:said|says|told|added|wrote|according\s+to)$", re.I
)
_SURNAME_AFTER = re.compile(r"\s([A-Z][a-z][\w'’-]*)(?=[\s,.;:)]|$)")  # "Jamal [Ware]"
_MEDIUM = re.compile(  # "the website [“Injustice Stories”]", "the blog [TonysKansasCity.com]"
    r"(?:the|a|an)\s+(?:[\w-]+\s+)?(?:website|site|web\s+site|blog|newspaper|paper|tabloid|"
    r"magazine|outlet|channel|station|network|podcast|show|program|programme)\s+"
)
_MEDIUM_NAME = re.compile(r"[“\"‘]?((?:[A-Z0-9][\w.'’&-]*|[a-z][\w-]*\.(?:com|org|net|co\.uk))"
                          r"(?:\s+[A-Z0-9][\w.'’&-]*){0,4})")
_CAPS_DATELINE = re.compile(r"[A-Z]{5,}(?:\s+[A-Z]{2,})*,?\s+(?=[A-Z][a-z])")  # "CORSICANA Navarro"


def _verb(text: str) -> int | None:
    """Where a past-tense verb starts inside a phrase, after its subject ("Clinton leaned",
    "reporters heaped praise"), if one does; an -ed word after a determiner, an adverb or an
    adjective modifies a noun ("a nationally televised speech", "their short shared border")."""
    for m in _PARTICIPLE.finditer(text):
        if not m.start() or m.group(1) in _participle_adjectives():
            continue
        word = text[: m.start()].split()[-1]
        low = word.lower()
        noun = word[:1].isupper() or known(low, heads()) or low[-1:] == "s" and low[-2:] != "ss"
        if noun and low not in DETERMINERS:
            return m.start()  # a subject and its verb, not "short shared border"
    return None


@cache
def _edges() -> dict[str, str]:
    """Class name -> alternation of its patterns (``lexicons/source_edges.txt``)."""
    out: dict[str, list[str]] = {}
    for entry in load_lexicon("source_edges"):
        name, pattern = entry.split("\t", 1)
        out.setdefault(name, []).append(f"(?:{pattern})")
    return {name: "|".join(patterns) for name, patterns in out.items()}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled: what is cut at the start, at the end, and the whole-phrase rejections."""
    e = _edges()
    adverbial = f"{e['time']}|{e['place']}"
    lead = re.compile(rf"^(?:(?:{e['lead']})(?![\w’'-])|(?:{adverbial})(?![\w’'-])\s*,?)\s*", re.I)
    tail = re.compile(rf"(?<![\w’'-])(?:{adverbial}|(?-i:{e['tail']}))\s*$", re.I)
    pronoun = re.compile(rf"(?:{e['pronoun']})", re.I)
    amount = re.compile(rf"(?:{e['amount']})", re.I)
    return lead, tail, pronoun, amount


@cache
def _participle_adjectives() -> frozenset[str]:
    """-ed words that are no verb inside a noun phrase ("sources briefed on", "unnamed")."""
    return frozenset(load_lexicon("participle_adjectives"))


@cache
def _events() -> frozenset[str]:
    """Head nouns of events, speeches and other things that say nothing themselves."""
    return frozenset(w.lower() for w in _edges()["event"].strip("(?:)").split("|"))


def _proper(words: list[str]) -> bool:
    """Whether the phrase holds a proper name: a capitalised word that is no determiner, and
    not only a capital opening the phrase before lowercase words ("Early signs")."""
    capital = [w[:1].isupper() and w.lower() not in DETERMINERS for w in words]
    return any(capital[1:]) or capital[0] and (len(words) == 1 or words[1][:1].isupper())


@lru_cache(maxsize=8192)  # pure; the same phrases recur through an article and a corpus
def trim_phrase(phrase: str) -> tuple[int, int] | None:
    """Offsets of the source inside a source phrase, or None when the phrase is no source.

    Examples
    --------
    >>> p = "The Biden administration on Friday"
    >>> p[slice(*trim_phrase(p))]
    'The Biden administration'
    >>> p = "the government of North Korea has"
    >>> p[slice(*trim_phrase(p))]
    'the government of North Korea'
    >>> [trim_phrase(p) for p in ("us", "were", "a nationally televised speech", "of the Center")]
    [None, None, None, None]
    """
    lead, tail, pronoun, _ = _patterns()
    start, end = 0, len(phrase)
    for _ in range(12):  # each round cuts one adverbial or word at each edge
        before = start, end
        start, end = _strip(phrase, start, end)
        if m := lead.match(phrase, start, end):
            start = max(start, m.end())
        start, end = _strip(phrase, start, end)
        for m in _RUN_ON.finditer(phrase, start, end):
            start = m.end()  # two sentences run together: the source is in the second
        text = phrase[start:end]
        if _verb_object(text) and (name := _AND_NAME.search(text)):
            start += name.end()  # "verify the report and U.S. Central Command"
            continue
        if (m := tail.search(phrase, start, end)) and m.start() > start:
            end = m.start()
        elif text.endswith(("'s", "’s")):
            end -= 2
        elif (open_at := text.rfind("(")) > 0 and ")" not in text[open_at:]:
            end = start + open_at  # "Jason Chaffetz (R-Utah"
        elif m := _AGE.search(text):
            end = start + m.start()  # "Schiff, 56"
        elif dash := _DASH.search(text):  # "the transcript–published by The Post"
            end = start + dash.start()
        elif (verb := _verb(text)) is not None:
            end = start + verb  # "reporters heaped praise", "Clinton leaned"
        elif (finite := _FINITE.search(text)) and finite.start():
            end = start + finite.start()  # "the girls are seeking advice"
        elif (to := _INFINITIVE.search(text)) and to.start():
            end = start + to.start()  # "Ragdoll Productions to find smiley babies"
        elif m := _PRONOUN_CONTRACTED.fullmatch(text):
            end = start + m.end(1)  # "he'll"
        if (start, end) == before:
            break
    start, end = _strip(phrase, start, end)
    text = phrase[start:end]
    if (by := _BY.search(text)) and known(head_noun(text), _events()):
        start += by.end()  # "a nationally televised speech by Putin": Putin
        text = phrase[start:end]
    words = text.split()
    if not words or _dropped(words, text, pronoun):
        return None
    if text.lower() not in _SUBJECT_PRONOUNS and (tail.fullmatch(text) or lead.fullmatch(text)):
        return None  # "were", "had": no words of a source left
    if (verb := _PARTICIPLE.match(text)) and verb.group(1) not in _participle_adjectives():
        after = text[verb.end() :].split()[:1]
        if after and after[0].lower() in DETERMINERS:
            return None  # "explored the environmental changes that ...": a verb and its object
    return start, end


def _verb_object(text: str) -> bool:
    """Whether a phrase opens with a verb and its object ("made a public statement")."""
    m = _VERB_OBJECT.match(text)
    return m is not None and not _noun_like(m.group(1))


def _noun_like(word: str) -> bool:
    """Whether a lowercase word before a determiner may be no verb ("all the", "half a")."""
    return word in _NOT_VERBS or word in DETERMINERS or word in PREPOSITIONS or known(
        word, heads()
    )


def _strip(phrase: str, start: int, end: int) -> Range:
    """``[start, end)`` without edge whitespace and punctuation (a final period stays)."""
    while start < end and (phrase[start].isspace() or phrase[start] in _PUNCT + "."):
        start += 1
    while end > start and (phrase[end - 1].isspace() or phrase[end - 1] in _PUNCT):
        if phrase[end - 1] == ")" and "(" in phrase[start:end]:
            break  # "Rep. Jim Jordan (R-Ohio)"
        end -= 1
    return start, end


def _dropped(words: list[str], text: str, pronoun: re.Pattern[str]) -> bool:
    """Whether a trimmed phrase is no source at all: an object pronoun ("us"), a fragment that
    starts with a preposition, an event or speech ("a nationally televised speech")."""
    first = words[0].lower()
    if len(words) == 1 and pronoun.fullmatch(first):
        return True
    if first in PREPOSITIONS and first != "about":  # "about four in 10" is a quantity
        return True
    core = list(takewhile(lambda w: w.lower() not in PREPOSITIONS, words[1:]))
    return known(head_noun(text), _events()) and not _proper(words[:1] + core)


@lru_cache(maxsize=8192)
def names_source(phrase: str) -> bool:
    """Whether a (trimmed) source phrase names someone a reader can look up.

    A holder that the text names only by a pronoun of the speaker ("I", "we"), a quantity ("74
    percent of likely voters", "many") or a noun that is no source ("the door", "fascinating")
    keeps its span as written, but has no name.

    Examples
    --------
    >>> [names_source(p) for p in ("Victor Cha", "the officials", "he", "we", "32 percent", "many")]
    [True, True, True, False, False, False]
    """
    _, _, _, amount = _patterns()
    words = phrase.split()
    if not words or amount.fullmatch(phrase):
        return False
    first = _CONTRACTION.sub("", words[0].lower())
    if first == "no" or _verb_object(phrase):
        return False  # "no statement has been issued": nobody; "made a public statement"
    if len(words) == 1 and re.fullmatch(f"(?:{_edges()['self']})", first, re.I):
        return False  # "I", "we": the speaker, named by the quotation's attribution if at all
    if len(words) == 1 and first in _SUBJECT_PRONOUNS:
        return True  # "he", "they": resolved to the source named earlier
    if len(words) > 1 and phrase.isupper():
        return False  # "CELEBRITY PAIN:": a shouted heading
    if first in ("his", "her", "its", "their") and not known(head_noun(phrase), humans()):
        return False  # "his office", "its findings": whose, the text says before
    head = head_noun(phrase)
    person = re.fullmatch(_edges()["person"], head, re.I)
    core = words[:1] + list(takewhile(lambda w: w.lower() not in PREPOSITIONS, words[1:]))
    return bool(_proper(core) or known(head, heads()) or person or state_medium(phrase))


def source_span(text: str, start: int, end: int, *, sentence_start: int = 0) -> Range | None:
    """The part of ``text[start:end]`` that names a source, or None when it names none.

    A dateline is cut from the front. A span that starts inside a hyphenated word is widened to
    the word ("based Center" -> "U.S.-based Center"), and a span that starts after "of", "at" or
    "from" following a person's name is widened to the name: "Victor Cha of the U.S.-based
    Center for Strategic and International Studies". Then :func:`trim_phrase` cuts the edges.
    A final abbreviation keeps its period ("U.S.", never "U.S").

    Examples
    --------
    >>> t = "SEOUL — North Korea said on Friday it fired a missile."
    >>> t[slice(*source_span(t, 0, 19))]
    'North Korea'
    >>> t = "Victor Cha of the U.S.-based Center for Strategic and International Studies said so."
    >>> t[slice(*source_span(t, 23, 75))]
    'Victor Cha of the U.S.-based Center for Strategic and International Studies'
    """
    if _VIA.search(text, max(0, start - 8), start):
        return None  # "said via Twitter": the channel, not the source
    start = dateline_end(text, start, end) if end > start else start
    while start > 1 and (
        text[start - 1] == "-" and not text[start - 2].isspace()
        or text[start - 1] in ",." and text[start - 2].isdigit()
    ):
        start = text.rfind(" ", 0, start - 1) + 1  # "based Center" of "U.S.-based", "2,000"
    if (start == 0 or text[start - 1] == "\n") and (m := _CAPS_DATELINE.match(text, start, end)):
        start = m.end()  # "CORSICANA Navarro County officials": a dateline without its dash
    start = _after_person(text, start, sentence_start)
    start = _before_parenthesis(text, start, end, sentence_start)
    if _LED.search(text, max(sentence_start, start - 12), start) and "," in text[start:end]:
        start = text.index(",", start, end) + 1  # "[In] the statement, Foley's mother, ..."
    found = trim_phrase(text[start:end])
    if found is None:
        return None
    s, e = start + found[0], start + found[1]
    if named := _apposed_name(text, s, e, sentence_start):
        return named
    if (m := _MEDIUM.match(text, s)) and m.end() <= e + 2 and (
        name := _MEDIUM_NAME.match(text, m.end())
    ):
        return name.start(1), name.end(1)  # "the blog TonysKansasCity.com": the blog's name
    e = _with_surname(text, s, e)
    if _label_only(text, s, e, sentence_start):
        return None
    return s, _with_period(text, s, e)


_ONE_WORD = re.compile(r"[A-Z][a-z’'-]+")
_LABEL_COLON = re.compile(r" *:")
_OPENING = " \"“‘'(\n"
_LOOK_BEFORE = 16  # characters enough to pass the spaces and quote marks before a word


def _opens_sentence(text: str, start: int, sentence_start: int = -1) -> bool:
    """Whether the word at ``start`` opens its sentence (after quote marks); without
    ``sentence_start``, whether the text before it ends a sentence or a line."""
    if sentence_start >= 0:
        if text[sentence_start:start].strip(_OPENING):
            return False
        start = sentence_start
    before = text[max(0, start - _LOOK_BEFORE) : start].rstrip(_OPENING.replace("\n", ""))
    return start < _LOOK_BEFORE and not before or before[-1:] in (".", "!", "?", ":", "\n")


def _label_only(text: str, start: int, end: int, sentence_start: int) -> bool:
    """Whether a one-word source is a caption's or a note's label ("Correction:", "Photo:"):
    it opens its sentence before a colon, no lexicon knows it, and the text capitalises it
    nowhere but at a sentence's start (a name is, somewhere: "Daniel Harlow", "said Harlow")."""
    word = text[start:end]
    if not (_LABEL_COLON.match(text, end) and _ONE_WORD.fullmatch(word)) or (
        word.lower() in _SUBJECT_PRONOUNS or not _opens_sentence(text, start, sentence_start)
    ):
        return False
    if classify_source(word)[1] != "named_person":
        return False  # "Reuters", "Police": the lexicons know it
    occurrences = re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?=[’']s\b|(?![\w’'-]))", text)
    return all(_opens_sentence(text, m.start()) for m in occurrences)


def _apposed_name(text: str, start: int, end: int, sentence_start: int) -> Range | None:
    """The name before a role set off by a comma ("Bernadette Meehan, [spokeswoman for the
    National Security Council]"): the role alone is no name a reader can use."""
    words = text[start:end].split()
    core = list(takewhile(lambda w: w.lower() not in PREPOSITIONS, words))
    if any(a[:1].isupper() and b[:1].isupper() for a, b in zip(core, core[1:], strict=False)):
        return None  # a name of its own ("White House spokesman Josh Earnest")
    head = head_noun(text[start:end]).lower()
    if head not in human_heads() or head == "people" or head[:-1] in human_heads():
        return None  # one role, not "officials" or "analysts" after a name
    m = _APPOSED.search(text, max(sentence_start, start - 60), start)
    if m is None or not _personal(m.group(1)):
        return None
    opening = text[sentence_start : m.start(1)].strip(" \"“”‘’'(,")
    if opening and not _SAID.search(opening):
        return None  # "Golf at Trump National Doral, the candidate said": no subject of the role
    name = trim_phrase(m.group(1))
    words = m.group(1).lower().split()
    if name is None or any(w in PREPOSITIONS or w in ("and", "or", "&") for w in words):
        return None  # "In Pyongyang, the official", "Kim and Moon, the leaders": no one person
    return m.start(1) + name[0], m.start(1) + name[1]  # "[But] Tom Fitton"


def _with_surname(text: str, start: int, end: int) -> int:
    """``end`` past the surname when the span stops at a given name ("Jamal [Ware]")."""
    words = text[start:end].split()
    if not words or words[-1] not in given_names():
        return end
    before = words[-2] if len(words) > 1 else ""
    if before[:1].isupper() and not known(before.lower(), human_heads() | titles()):
        return end  # "Paul Ryan": the given name is the surname
    m = _SURNAME_AFTER.match(text, end)
    return m.end(1) if m else end


def _before_parenthesis(text: str, start: int, end: int, sentence_start: int) -> int:
    """``start`` moved back to the name whose parenthesis the span closes ("ISIS) militants")."""
    close = text.find(")", start, end)
    if close < 0 or "(" in text[start:close]:
        return start
    opened = text.rfind("(", max(sentence_start, start - 40), start)
    if opened < 0:
        return close + 1
    name = _NAME_BEFORE.search(text, max(sentence_start, opened - 60), opened)
    return name.start(1) if name else opened


def inside_name(text: str, start: int) -> bool:
    """Whether a span starting at ``start`` is the tail of a longer name ("[Center for
    Strategic and] International Studies"): a holder, but not the name of one."""
    return text[start : start + 1].isupper() and bool(
        _INSIDE_NAME.search(text, max(0, start - 40), start)
    )


def _after_person(text: str, start: int, sentence_start: int) -> int:
    """``start`` moved back to a person's name when the span follows "<Name> of (the)"."""
    before = text[max(sentence_start, start - 80) : start]
    joined = re.search(r"(?:^|\s)(of|at|from)\s+(?:the\s+)?$", before)
    if not joined:
        span_words = text[start : start + 20].split()
        if not span_words or span_words[0].lower() not in _JOINERS:
            return start
        name = _NAME_BEFORE.search(before)
        return name.start(1) if name and _personal(name.group(1)) else start
    name = _NAME_BEFORE.search(before, 0, joined.start())
    if name and _personal(name.group(1)):
        return max(sentence_start, start - 80) + name.start(1)
    return start


def _personal(run: str) -> bool:
    """Whether a capitalised run reads as a person's name ("Victor Cha", not "The Center")."""
    words = run.split()
    low = [w.lower().strip(".,") for w in words]
    return (
        1 < len(words) <= 4
        and not any(w in DETERMINERS or known(w, heads()) for w in low)
        and all(w[:1].isupper() for w in words)
    )


def _with_period(text: str, start: int, end: int) -> int:
    """``end`` past a period that closes an abbreviation of the name ("U.S.", "Jr.", "Inc."),
    and past the name after a title cut at its period ("said Det. Aldeson")."""
    if end >= len(text) or text[end] != "." or end <= start:
        return end
    last = text[start:end].split()[-1]
    every, titled = abbreviations()
    if "." not in last and last.lower() not in every:
        return end
    if last.lower() in titled and (name := _NAME_AFTER.match(text, end + 1)):
        return name.end()
    return end + 1
