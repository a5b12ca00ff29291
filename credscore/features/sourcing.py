"""The article's source inventory: who is cited, what kind of source, in what role, how often.

A source phrase ("White House spokesperson Rear Admiral Daniel Harlow", "two people familiar with
the review", "North Korea's official KCNA news agency") is classified into one of
:data:`SOURCE_KINDS` by lexicons kept as data in ``lexicons/source_*.txt``, ``state_media.txt`` and
``news_agencies.txt``; :func:`source_inventory` merges the attributions of one article by source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from credscore._clean import agency_aliases
from credscore.features._lexicon import load_lexicon

if TYPE_CHECKING:
    from credscore.features.attribution import Attribution
    from credscore.text import Article

__all__ = [
    "SOURCE_KINDS",
    "Source",
    "classify_source",
    "head_noun",
    "person_name",
    "source_descriptor",
    "source_inventory",
]

SOURCE_KINDS = (
    "named_person",
    "anonymous",
    "organization",
    "state_media",
    "news_agency",
    "document",
    "expert",
)

Range = tuple[int, int]

# Words after which a noun phrase's head is over: "people familiar with ...", "the head of ...".
_POSTMOD = frozenset(
    "of for from at in on with by familiar close who which that whose involved briefed "
    "knowledgeable speaking responsible to according under near".split()
)
_DETERMINERS = frozenset(
    "a an the this that these those one two three four five six seven eight nine ten several some "
    "many most other another both all his her its their our your each any no few".split()
)
_STATE_MEDIA = re.compile(
    r"\bstate(?:[- ](?:run|owned|controlled|affiliated))?\s+(?:media|television|tv|news\s+agency|"
    r"broadcaster|newspaper|radio|press|outlets?)\b|\bstate-run\b",
    re.I,
)
# ", a senior fellow at the institute," right after a source phrase.
_APPOSITIVE = re.compile(
    r",\s+(?!(?:and|but|or|said|says|told|added|according|citing)\b)([^,;:“”\"()]{2,160}?),"
)


@dataclass(frozen=True, slots=True)
class Source:
    """A source an article cites: canonical name, kind (one of SOURCE_KINDS), role, mentions."""

    name: str
    kind: str
    role: str | None
    mentions: int

    def to_dict(self) -> dict:
        """The JSON form: ``{"name", "kind", "role", "mentions"}``."""
        return {"name": self.name, "kind": self.kind, "role": self.role, "mentions": self.mentions}


@cache
def _words(name: str) -> frozenset[str]:
    """The lowercased single-word entries of a lexicon."""
    return frozenset(e.lower() for e in load_lexicon(name))


@cache
def _org_heads() -> dict[str, str]:
    """Organization head word -> the head it stands for ("subsidiary" -> "company")."""
    out = {}
    for entry in load_lexicon("source_organizations"):
        word, _, head = entry.partition("\t")
        out[word.lower()] = (head or word).lower()
    return out


@cache
def _aliases(name: str) -> dict[str, str]:
    """Alias -> canonical name of a ``canonical<TAB>alias|alias`` lexicon."""
    if name == "news_agencies":
        return agency_aliases()
    out = {}
    for entry in load_lexicon(name):
        canonical, aliases = entry.split("\t", 1)
        out.update(dict.fromkeys(aliases.split("|"), canonical))
    return out


@cache
def _alias_re(name: str) -> re.Pattern[str]:
    """One pattern matching any alias of a lexicon as a whole word (case-sensitive)."""
    alternatives = "|".join(sorted(map(re.escape, _aliases(name)), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w’'])")


@cache
def _anonymous_re() -> re.Pattern[str]:
    """The cues of an unnamed source, as one case-insensitive pattern."""
    alternatives = "|".join(sorted(map(re.escape, load_lexicon("source_anonymous")), key=len))
    return re.compile(rf"\b(?:{alternatives})\b", re.I)


@cache
def _honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorific titles as token tuples, longest first."""
    titles = (tuple(e.split()) for e in load_lexicon("source_honorifics"))
    return tuple(sorted(titles, key=len, reverse=True))


def _in(word: str, lexicon: frozenset[str] | dict[str, str]) -> bool:
    """Whether a lowercased word or its singular is in ``lexicon``."""
    return word in lexicon or (word.endswith("s") and (word[:-1] in lexicon or word[:-2] in lexicon))


def _strip_honorifics(tokens: list[str]) -> list[str]:
    """``tokens`` without the honorific titles they begin with."""
    stripped = True
    while tokens and stripped:
        stripped = False
        for title in _honorifics():
            if tuple(tokens[: len(title)]) == title and len(tokens) > len(title):
                tokens, stripped = tokens[len(title) :], True
                break
    return tokens


def _is_name_token(token: str) -> bool:
    """A capitalized word that can be part of a person's name (not a title, role or body)."""
    low = token.lower()
    return (
        token[0].isupper()
        and any(c.islower() for c in token)
        and low not in _DETERMINERS
        and not low.endswith(("'s", "’s"))
        and not _in(low, _words("source_roles"))
        and not _in(low, _words("source_experts"))
        and low.rstrip(".") not in _org_heads()
        and not any(c.isdigit() for c in token)
    )


def _split_name(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """(descriptor tokens, name tokens) when the phrase ends in a person's name of 1-4 words."""
    i = len(tokens)
    while i > 0 and _is_name_token(tokens[i - 1]):
        i -= 1
    run = tokens[i:]
    name = _strip_honorifics(run)
    before = tokens[:i]
    if not 1 <= len(name) <= 4 or " ".join(name) in _aliases("source_governments"):
        return None
    if before and before[-1].lower() in _POSTMOD:
        return None  # "an analyst at Capital Economics": the name is not the source's
    if before and before[-1].lower() == "the" and len(run) == len(name):
        return None  # "The Guardian", "the Pentagon Papers": a title, not a person
    while before and before[0].lower() in _DETERMINERS:
        before = before[1:]
    return before, name


def head_noun(phrase: str) -> str:
    """The lowercased head noun of a phrase, organization synonyms mapped ("a subsidiary" -> "company").

    Examples
    --------
    >>> head_noun("one of the sources"), head_noun("a subsidiary of Donghai Maritime Holdings")
    ('sources', 'company')
    """
    tokens = phrase.split()
    if len(tokens) > 2 and tokens[1].lower() == "of" and tokens[0].lower() in _DETERMINERS:
        tokens = tokens[2:]
    for i, token in enumerate(tokens):
        low = token.lower()
        participle = low.endswith("ing") and token.islower() and i + 1 < len(tokens)
        if i and (low in _POSTMOD or (participle and tokens[i - 1].lower() not in _DETERMINERS)):
            tokens = tokens[:i]
            break
    head = tokens[-1].lower().strip(",;:") if tokens else ""
    return _org_heads().get(head, head)


def person_name(phrase: str) -> str | None:
    """The person's name a phrase ends with, honorifics dropped, or None ("Gen. Salinas" -> "Salinas")."""
    split = _split_name(phrase.split())
    return " ".join(split[1]) if split else None


def _descriptor_role(tokens: Sequence[str]) -> str | None:
    """Role words of a descriptor: up to and including its first role or expert noun."""
    words = list(tokens)
    while words and words[0].lower() in _DETERMINERS | {"unnamed", "anonymous"}:
        words = words[1:]
    if not words or words[0].lower() in ("who", "which", "that"):
        return None
    for i, word in enumerate(words):
        low = word.lower().strip(",.")
        if i and low in _POSTMOD:
            return None
        if _in(low, _words("source_roles")) or _in(low, _words("source_experts")):
            return " ".join(words[: i + 1])
    return None


def _is_expert(role: str | None, appositive: str) -> bool:
    """Whether the role or descriptor presents the source as an expert."""
    text = f"{role or ''} {appositive}".lower()
    experts = _words("source_experts")
    return any(_in(w, experts) for w in re.findall(r"[\w-]+", text)) or "think tank" in text


def _common(word: str) -> bool:
    """Whether a word is a common noun of the source lexicons ("officials", "analysts")."""
    lexicons = ("source_roles", "source_experts", "source_documents", "source_anonymous")
    return any(_in(word, _words(name)) for name in lexicons)


def _phrase_name(tokens: Sequence[str]) -> str:
    """A phrase as a canonical name: "the" dropped before a proper name, determiners lowercased."""
    words = list(tokens)
    if len(words) > 1 and words[0].lower() == "the" and words[1][0].isupper():
        words = words[1:]
    elif words and (words[0].lower() in _DETERMINERS or _common(words[0].lower())):
        words[0] = words[0].lower()
    return " ".join(words)


def classify_source(phrase: str) -> tuple[str, str, str | None]:
    """Canonical name, kind (one of SOURCE_KINDS) and role words of a source phrase.

    An appositive after the first comma ("Choi Yoon-seo, a senior fellow at ...") describes the
    source named before it.

    Examples
    --------
    >>> classify_source("White House spokesperson Rear Admiral Daniel Harlow")
    ('Daniel Harlow', 'named_person', 'White House spokesperson')
    >>> classify_source("North Korea's official KCNA news agency")
    ('KCNA', 'state_media', None)
    >>> classify_source("Dr. Helena Marsh, an immunologist at Lakeshore University")
    ('Helena Marsh', 'expert', 'immunologist')
    """
    text = " ".join(phrase.split()).strip(" ,;:")
    if not text:
        raise ValueError(f"empty source phrase {phrase!r}; pass the words naming the source")
    head, _, appositive = text.partition(", ")
    tokens = head.split()
    for lexicon, kind in (("state_media", "state_media"), ("news_agencies", "news_agency")):
        m = _alias_re(lexicon).search(head)
        if m:
            return _aliases(lexicon)[m.group()], kind, None
    if _STATE_MEDIA.search(head):
        return _phrase_name(tokens), "state_media", None
    bare = " ".join(tokens[1:] if tokens[0].lower() == "the" else tokens)
    if bare in _aliases("source_governments"):
        return _aliases("source_governments")[bare], "organization", None
    split = _split_name(tokens)
    if split is None and appositive and (named := _split_name(appositive.split())):
        split, appositive = (tokens, named[1]), ""  # "Donghai's chairman, Liu Wenbo"
    if split is not None:
        before, name = split
        role = " ".join(before) or _descriptor_role(appositive.split())
        kind = "expert" if _is_expert(role, appositive) else "named_person"
        return " ".join(name), kind, role
    return _common_source(tokens, appositive)


def _common_source(tokens: list[str], appositive: str) -> tuple[str, str, str | None]:
    """Classify a phrase that names no person: by its anonymity cues and head noun."""
    phrase = " ".join(tokens)
    name, head = _phrase_name(tokens), head_noun(phrase)
    role = _descriptor_role(tokens[: len(tokens) - _postmod_len(tokens)])
    role = None if role is None or role.lower() == name.lower() else role
    if _anonymous_re().search(phrase) and not _in(head, _words("source_documents")):
        kind = "expert" if _in(head, _words("source_experts")) else "anonymous"
    elif _in(head, _words("source_experts")) or _is_expert(None, appositive):
        kind = "expert"
    elif _in(head, _words("source_documents")):
        kind, role = "document", None
    elif _in(head, _words("source_roles")):
        kind = "anonymous"
    elif _in(head, _org_heads()) or head.rstrip(".") in _org_heads() or name[:1].isupper():
        kind, role = "organization", None
    else:
        kind = "anonymous"
    return name, kind, role


def _postmod_len(tokens: Sequence[str]) -> int:
    """How many tokens at the end of a phrase follow its head ("familiar with the matter")."""
    for i, token in enumerate(tokens):
        if i and token.lower() in _POSTMOD:
            return len(tokens) - i
    return 0


def source_descriptor(text: str, start: int, end: int) -> str:
    """The source phrase ``text[start:end]`` plus the appositive right after it, if any.

    Examples
    --------
    >>> t = "Choi Yoon-seo, a senior fellow at KIS, said it was late."
    >>> source_descriptor(t, 0, 13)
    'Choi Yoon-seo, a senior fellow at KIS'
    """
    m = _APPOSITIVE.match(text, end)
    return text[start:end] + (f", {m.group(1).strip()}" if m else "")


def source_inventory(article: Article, attributions: Sequence[Attribution]) -> list[Source]:
    """The article's sources, merged by canonical name (case-insensitive), by first mention.

    ``mentions`` counts the distinct source spans that resolve to the source, so a pronoun or
    surname follow-up counts and a quote continued from the sentence before does not.
    """
    groups: dict[str, list] = {}
    seen: set[tuple[str, Range]] = set()
    for att in sorted(attributions, key=lambda a: a.source or a.cue):
        if att.source is None or att.source_name is None or att.source_kind is None:
            continue
        key = att.source_name.casefold()
        if (key, att.source) in seen:
            continue
        seen.add((key, att.source))
        group = groups.get(key)
        if group is None:
            group = groups[key] = [att.source_name, att.source_kind, None, 0]
        group[3] += 1
        if group[2] is None and att.source_kind not in ("document", "organization"):
            group[2] = classify_source(source_descriptor(article.text, *att.source))[2]
    return [Source(*group) for group in groups.values()]
