"""The article's source inventory: who is cited, what kind of source, in what role, how often.

A source phrase ("White House spokesperson Rear Admiral Daniel Harlow", "two people familiar with
the review", "North Korea's official KCNA news agency") is classified into one of
:data:`SOURCE_KINDS` by lexicons kept as data in ``lexicons/source_*.txt``, ``state_media.txt`` and
``news_agencies.txt``. :class:`SourceResolver` turns "he", "the ministry" or a surname into the
source named earlier; :func:`source_inventory` merges the attributions of one article by source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from credscore._clean import agency_aliases
from credscore.features._lexicon import load_lexicon

if TYPE_CHECKING:
    from credscore.features.attribution import Attribution
    from credscore.text import Article

__all__ = [
    "SOURCE_KINDS",
    "Source",
    "SourceResolver",
    "classify_source",
    "head_noun",
    "source_descriptor",
    "source_inventory",
]

#: The kinds of source, as documented in the README (one word each).
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
_PARENTHESES = re.compile(r"\s*\([^()]{1,30}\)")
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


@cache
def _words(*names: str) -> frozenset[str]:
    """The lowercased entries of some lexicons."""
    return frozenset(e.lower() for name in names for e in load_lexicon(name))


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


def _common() -> frozenset[str]:
    """Common nouns that describe a source: roles, experts, documents, anonymity cues."""
    return _words("source_roles", "source_experts", "source_documents", "source_anonymous")


def _in(word: str, lexicon: frozenset[str] | dict[str, str]) -> bool:
    """Whether a lowercased word or its singular is in ``lexicon``."""
    return word in lexicon or word[-1:] == "s" and (word[:-1] in lexicon or word[:-2] in lexicon)


def _is_name_token(token: str) -> bool:
    """A capitalized word that can be part of a person's name (not a title, role or body)."""
    low = token.lower()
    return (
        token[0].isupper()
        and any(c.islower() for c in token)
        and low not in _DETERMINERS
        and not low.endswith(("'s", "’s"))
        and not _in(low, _common())
        and low.rstrip(".") not in _org_heads()
        and not any(c.isdigit() for c in token)
    )


def _split_name(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """(descriptor tokens, name tokens) when the phrase ends in a person's name of 1-4 words."""
    i = len(tokens)
    while i > 0 and _is_name_token(tokens[i - 1]):
        i -= 1
    run = tokens[i:]  # honorifics are kept out of the name: "But Gen. Rodrigo Salinas"
    name = run[max((n + 1 for n, t in enumerate(run[:-1]) if t in _titles()), default=0) :]
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
    """The lowercased head noun of a phrase, synonyms mapped ("a subsidiary of X" -> "company")."""
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


def _phrase_name(tokens: Sequence[str]) -> str:
    """A phrase as a canonical name: "the" dropped before a proper name, determiners lowercased."""
    words = list(tokens)
    if len(words) > 1 and words[0].lower() == "the" and words[1][0].isupper():
        words = words[1:]
    elif words and (words[0].lower() in _DETERMINERS or _in(words[0].lower(), _common())):
        words[0] = words[0].lower()  # "Officials" opening a sentence
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
    text = _PARENTHESES.sub("", " ".join(phrase.split())).strip(" ,;:")  # "Jordan (R-Ohio)"
    if not text:
        raise ValueError(f"empty source phrase {phrase!r}; pass the words naming the source")
    head, _, appositive = text.partition(", ")
    tokens = head.split()
    for lexicon, kind in (("state_media", "state_media"), ("news_agencies", "news_agency")):
        if m := _alias_re(lexicon).search(head):
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
    role = _descriptor_role(tokens)
    bare = [w for w in name.lower().split() if w not in _DETERMINERS]
    if role and (role.lower() == name.lower() or [role.lower()] == bare):
        role = None  # "port officials", "the officials": the name says it all
    proper = any(t[0].isupper() and t.lower() == head for t in tokens[1:])  # "The New York Post"
    if _anonymous_re().search(phrase) and not _in(head, _words("source_documents")):
        kind = "expert" if _in(head, _words("source_experts")) else "anonymous"
    elif proper:
        kind, role = "organization", None
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


def source_descriptor(text: str, start: int, end: int) -> str:
    """``text[start:end]`` plus the appositive after it ("Choi Yoon-seo, a senior fellow at X")."""
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


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_BODIES = frozenset(("organization", "state_media", "news_agency"))
_DEFINITE = re.compile(r"(?i:the|(?:one|some)\s+of\s+the|this|that|these|those)\s+([a-z][\w-]*)")
_CAP = r"[A-Z][\w’'&.-]*"
_RUN = re.compile(rf"{_CAP}(?:\s+{_CAP}){{0,5}}")  # "Valmera Port Workers Union", "Mr. Villanueva"
_RUN_BEFORE = re.compile(rf"({_CAP}(?:\s+{_CAP}){{0,5}})(?:\s+\([A-Z0-9&.]+\))?\s*$")
_ABBREVIATION = re.compile(r"\s+\(([A-Z][A-Z0-9&.]{1,7})\)")  # "Harbor Pacific Terminals (HPT)"
_DESCRIBED = re.compile(r",\s+((?:a|an|the)\s[^,.;]{1,80})")  # "X, a subsidiary of Y"


@cache
def _titles() -> frozenset[str]:
    """Words that title a name: roles (any case) and honorifics ("Admiral", "Mr.")."""
    honorifics = {t.split()[-1] for t in load_lexicon("source_honorifics")}
    return frozenset(
        honorifics | _words("source_roles") | {r.capitalize() for r in _words("source_roles")}
    )


@lru_cache(maxsize=4096)  # pure; an article names the same sources again and again
def _entity_facts(phrase: str) -> tuple[str, str, frozenset[str], bool, bool]:
    """Name, kind, head nouns, whether a single named person, whether plural, of a phrase."""
    name, kind, _ = classify_source(phrase)
    head, _, appositive = phrase.partition(", ")
    heads = frozenset(_singular(head_noun(part)) for part in (head, appositive) if part)
    split = _split_name(name.split())
    person = kind in ("named_person", "expert") and bool(split) and not split[0]
    noun = head_noun(head)  # "two people", "officials"
    plural = kind in ("anonymous", "expert") and (noun == "people" or noun[-1:] == "s")
    return name, kind, heads, person, plural


class _Entity:
    """A source or body mentioned so far: what a later "he" or "the ministry" can refer to."""

    __slots__ = ("aliases", "cited", "heads", "kind", "name", "person", "plural")

    def __init__(self, phrase: str, aliases: Sequence[str] = ()) -> None:
        self.name, self.kind, heads, self.person, self.plural = _entity_facts(phrase)
        self.heads = set(heads)
        self.aliases = {a.casefold() for a in aliases}
        self.cited = False

    def matches(self, name: str, surname: set[str] | None) -> bool:
        """Whether a mention named ``name`` (casefolded; a person's words) is this entity."""
        own = self.name.casefold()
        return (
            name == own
            or name in self.aliases
            or bool(surname and self.person and surname <= set(own.split()))
        )


class SourceResolver:
    """Resolve the source mentions of one article, in text order, to canonical sources.

    A pronoun resolves to the most recent compatible source ("he"/"she": a named person; "they":
    a group or body; "it": a body or document), "the official" / "the ministry" to the most recent
    source with that head noun ("the report" / "the study": the most recent document), and a
    surname or abbreviation ("Harlow", "HPT") to the earlier full name. :meth:`observe` records
    the bodies and titled names a sentence introduces before they are cited.
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: list[_Entity] = []

    def observe(self, text: str, start: int, end: int) -> None:
        """Remember "Harbor Pacific Terminals (HPT), a subsidiary ...", "Mayor Gloria Hadley"."""
        for m in _ABBREVIATION.finditer(text, start, end):
            if name := _RUN_BEFORE.search(text, max(start, m.start() - 80), m.start()):
                self._remember(name.group(1), (m.group(1),), cited=False)
        for m in _DESCRIBED.finditer(text, start, end):
            name = _RUN_BEFORE.search(text, max(start, m.start() - 80), m.start())
            if name and classify_source(m.group(1))[1] == "organization":
                self._remember(f"{name.group(1)}, {m.group(1)}", cited=False)
        for m in _RUN.finditer(text, start, end):
            words, before = m.group().split(), text[max(start, m.start() - 24) : m.start()].split()
            if len(words) > 1 and words[-1].lower() in _org_heads():
                self._remember(m.group(), cited=False)  # "Valmera Port Workers Union"
            elif any(w in _titles() for w in words[:-1]) or before[-1:] and before[-1] in _titles():
                self._remember(" ".join(before[-1:] + words), cited=False)  # "member Raymond Oduya"

    def resolve(self, text: str, start: int, end: int) -> tuple[str | None, str | None]:
        """Canonical name and kind of the source ``text[start:end]``; (None, None) if unresolved."""
        phrase = text[start:end]
        low = phrase.lower()
        entity: _Entity | None = None
        if low in _PRONOUNS:
            entity = self._touch(self._last(_PRONOUNS[low]))
        elif m := _DEFINITE.fullmatch(phrase):
            word = m.group(1)
            head = _singular(head_noun(word))
            if _in(word, _words("source_documents")):
                entity = self._last(lambda e: e.kind == "document")
            else:
                entity = self._last(lambda e: head in e.heads)
            entity = self._touch(entity) or self._remember(phrase)
        elif low not in ("who", "which", "i", "we", "you"):
            entity = self._remember(source_descriptor(text, start, end))
        return (entity.name, entity.kind) if entity else (None, None)

    def _last(self, test: Callable[[_Entity], bool]) -> _Entity | None:
        return next((e for e in reversed(self._seen[-64:]) if test(e)), None)

    def _touch(self, entity: _Entity | None, cited: bool = True) -> _Entity | None:
        """Make ``entity`` the most recent mention (only the last 256 are kept: linear time)."""
        if entity is not None:
            self._seen.remove(entity)
            self._seen[:-255] = []
            self._seen.append(entity)
            entity.cited = entity.cited or cited
        return entity

    def _remember(self, phrase: str, aliases: Sequence[str] = (), cited: bool = True) -> _Entity:
        """The entity ``phrase`` names: an earlier one (same name, alias, surname) or a new one."""
        new = _Entity(phrase, aliases)
        name = new.name.casefold()
        surname = set(name.split()) if new.person else None
        old = self._last(lambda e: e.matches(name, surname))
        if old is None:
            self._seen.append(new)
            return self._touch(new, cited) or new
        old.heads |= new.heads
        old.aliases |= new.aliases
        old.kind = "expert" if new.kind == "expert" and old.person else old.kind
        return self._touch(old, cited) or old


_PRONOUNS: dict[str, Callable[[_Entity], bool]] = {
    "he": lambda e: e.person,
    "she": lambda e: e.person,
    "they": lambda e: e.cited and (e.plural or e.kind in _BODIES),
    "it": lambda e: e.cited and (e.kind in _BODIES or e.kind == "document"),
}
