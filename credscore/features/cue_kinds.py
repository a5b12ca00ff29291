"""What an attribution cue reports: a statement (its source is named), an act, or a passive.

- A statement cue holds a reporting verb (``lexicons/attribution_verbs.txt``), a doxastic word
  (``hedge_doxastic.txt``) or a word or phrase of ``attribution_statements.txt`` ("made it
  clear", "wants", "a statement"); an evidential alone ("X seems to", "X reportedly") says how
  the writer sees X, not what X says. Other cues (PolNeAR
  also marks acts and events: "Trump's decision", "continues his adulation") keep their relation,
  but their holder is not named as a source.
- An act (``attribution_actions.txt``: "the council voted to ...", "X defended the decision") is
  no attribution at all unless a that-clause, a quotation, a colon or "saying" follows it; some
  acts stay attributions whose holder is not named ("the state has refused to fall in line").
- In a passive without an agent ("X is said to ...", "Earnest was asked if ...") the subject is
  what is talked about, not who talks: no source.
"""

from __future__ import annotations

import re
from functools import cache

from credscore.lexicons import load_lexicon

__all__ = ["is_act", "is_agentless_passive", "is_statement", "speaks_at"]

Range = tuple[int, int]

_WORDS = re.compile(r"[\w’'-]+|:")
_BE = r"(?:is|are|was|were|be|been|being|am|'s|’s)"
# What follows a verb that reports speech: "that", a quotation mark, a colon, "saying".
_SPEECH_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:(?:on|in|at|late|early|last|this)\s+[\w’'-]+\s+)?"
    r"(?:that\b|with\b|[\"“‘']|:|saying\b|,?\s*adding\b)"
)
# Before an -ed cue that modifies a noun: "the alleged gunfire", "the star's alleged death",
# "Obama's highly criticized press conference".
_ADJECTIVE = re.compile(
    r"(?:\b(?:the|a|an|this|that|its|his|her|their)|\b(?!(?:he|she|it|who|that|there|what)[’'])"
    r"\w+[’']s?)\s+(?:\w+ly\s+)?$",
    re.I,
)
# A participle that is mostly an adjective, before a noun ("to investigate alleged pay-to-play").
_ADJECTIVAL = frozenset(("alleged", "purported", "rumored", "rumoured", "supposed"))
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:that|to|the|a|an|this|these|those|his|her|its|their|it|he|she|they|him|them|in|"
    r"on|at|by|as|of|for|with|and|or|but|was|were|is|are|had|has|have)\b)[a-z][\w’'-]*"
)
# "a report called “BREAKING: ...”": a name given to something, not what anyone says.
_NAMING = frozenset(("called", "dubbed", "named", "titled", "entitled"))
_CLAUSE_AFTER = re.compile(r"\s*(?:,\s*)?(?:that\b|[\"“]|:)")
_TO_VERB = re.compile(r"\s+(?:\w+ly\s+)?to\s+([\w’'-]+)")


@cache
def _single_words() -> frozenset[str]:
    """One-word statement cues: reporting verbs, doxastic words, statements."""
    entries = [e.partition("\t")[0] for e in load_lexicon("attribution_verbs")]
    for name in ("hedge_doxastic", "attribution_statements"):
        entries += load_lexicon(name)
    return frozenset(e.lower() for e in entries if " " not in e)


@cache
def _phrases() -> re.Pattern[str]:
    """Multiword statement cues, matched at the cue and just after it."""
    entries = [e.partition("\t")[0] for e in load_lexicon("attribution_verbs")]
    entries += load_lexicon("attribution_statements")
    phrases = sorted({e.lower() for e in entries if " " in e}, key=len, reverse=True)
    return re.compile(
        r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")\b", re.I
    )


@cache
def _acts() -> dict[str, str]:
    """Act verb -> its tag: "" (no attribution) or "holder" (an attribution naming no source)."""
    rows = (e.partition("\t") for e in load_lexicon("attribution_actions"))
    return {word.lower(): tag for word, _, tag in rows}


def _act(text: str, cue: Range) -> str | None:
    """The tag of the act the cue reports, or None when it reports speech."""
    words = _cue_words(text, cue)
    acts = [w for w in words if w in _acts()]
    if not acts or any(w in _single_words() and w not in _acts() for w in words):
        return None  # "released a statement saying": the statement is the cue
    rest = text[cue[1] : cue[1] + 200]
    if _SPEECH_AFTER.match(rest):
        return None
    if (to := _TO_VERB.match(rest)) and to.group(1).lower() in _single_words():
        return "holder"  # "declined to say whether": a refusal to speak names no source
    stop = re.search(r"[.;]\s", rest)
    clause = rest[: stop.start() if stop else len(rest)]
    if re.search(r",\s*(?:saying|adding|arguing|noting|insisting)\b|:|[\"“]", clause):
        return None  # "defended the decision, saying ...", "defended the plan: “...”"
    if any(w.lower() in _single_words() for w in _WORDS.findall(clause)[:4]):
        return None  # "issued a statement", "declined an interview request"
    return _acts()[acts[0]]


def _cue_words(text: str, cue: Range) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text, cue[0], cue[1])]


def is_statement(text: str, cue: Range) -> bool:
    """Whether the cue ``text[cue]`` reports what its source says, thinks or wants.

    Examples
    --------
    >>> t = "Trump's decision not to release them. Ham made it clear he was angry."
    >>> is_statement(t, (8, 16)), is_statement(t, (42, 49))
    (False, True)
    """
    if _act(text, cue) is not None:
        return False
    words = _cue_words(text, cue)
    if _attributive(text, cue, words):
        return False  # "the alleged gunfire", "the reported attack": an adjective
    titled = re.match(r"\s*[\"“‘]", text[cue[1] : cue[1] + 3])
    if len(words) == 1 and words[0] in _NAMING and titled:
        return False  # "a report called “Judd Nelson Found Dead”": a title
    if any(w in _single_words() for w in _cue_words(text, cue)):
        return True
    if _CLAUSE_AFTER.match(text, cue[1]):
        return True  # "hinted that ...", "joked: ..."
    if any(w in _acts() for w in _cue_words(text, cue)) and _act(text, cue) is None:
        return True  # "issued a statement", "declined to say": an act done in words
    m = _phrases().search(text, cue[0], min(len(text), cue[1] + 24))
    return m is not None and m.start() < cue[1]


def _attributive(text: str, cue: Range, words: list[str]) -> bool:
    """Whether an -ed cue modifies the noun after it ("the alleged death")."""
    if not words or not words[-1].endswith("ed"):
        return False
    if _ADJECTIVE.search(text, max(0, cue[0] - 24), cue[0]):
        return True
    return len(words) == 1 and words[0] in _ADJECTIVAL and bool(_NOUN_AFTER.match(text, cue[1]))


# Participles set off after their subject that make it the one spoken to: "Kasper, informed we had
# not confirmed it, said ...".
_SPOKEN_TO = frozenset(
    "informed asked pressed questioned reminded confronted reached contacted".split()
)


def speaks_at(text: str, cue: Range, source: Range, sentence_start: int = 0) -> bool:
    """Whether ``source`` is who speaks at the cue, not the one spoken to ("Kasper, informed
    ...") nor the object of the clause before a participle ('represents "New York values,"
    stating ...', whose speaker is the sentence's subject).

    Examples
    --------
    >>> t = 'Cruz said Trump represents "New York values," stating it twice.'
    >>> speaks_at(t, (46, 53), (28, 43)), speaks_at(t, (5, 9), (0, 4))
    (False, True)
    """
    words = _cue_words(text, cue)
    between = text[source[1] : cue[0]]
    if len(words) != 1 or source[1] > cue[0] or not re.fullmatch(r"[\s\"”’']*,[\s\"”’']*", between):
        return True
    if words[0] in _SPOKEN_TO and "," not in text[source[0] : source[1]]:
        return False
    opening = text[sentence_start : source[0]].strip(" \"“‘'(")
    return not (words[0].endswith("ing") and len(opening.split()) > 1)


def is_act(text: str, cue: Range) -> bool:
    """Whether the cue reports an act ("voted to", "defended the decision"): no attribution.

    Examples
    --------
    >>> t = "The council voted to close it. He defended the decision, saying it was safe."
    >>> is_act(t, (12, 17)), is_act(t, (34, 42))
    (True, False)
    """
    return _act(text, cue) == ""


def is_agentless_passive(text: str, cue: Range, source: Range | None) -> bool:
    """Whether the cue is a passive with no "by" agent ("X is said to", "X was asked if").

    "X was quoted as saying" names its speaker and is no such passive.

    Examples
    --------
    >>> t = "Anna Wintour is said to be disgusted."
    >>> is_agentless_passive(t, (13, 20), (0, 12))
    True
    """
    words = _cue_words(text, cue)
    if not words or "saying" in words or source is None or source[1] > cue[0]:
        return False
    before = text[source[1] : cue[0]]
    have = r"(?:(?:has|have|had)\s+)?"
    passive = re.fullmatch(rf"\s*{have}(?:\w+ly\s+)?{_BE}\s+(?:\w+ly\s+)?", before)
    if not passive and not re.match(rf"(?:(?:has|have|had)\s+)?{_BE}\s", " ".join(words)):
        return False
    participle = words[-1]
    if not (participle.endswith(("ed", "en", "wn")) or participle in ("said", "told", "thought")):
        return False
    return not re.match(r"\s+by\b", text[cue[1] : cue[1] + 5])
