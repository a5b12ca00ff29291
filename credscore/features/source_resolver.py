"""Who "he", "the ministry" or "Harlow" is: the sources an article has named so far.

:class:`SourceResolver` reads an article's source mentions in text order and resolves each to a
canonical source (:func:`~.sourcing.classify_source`): a pronoun to the most recent compatible
source, of the right gender when a given name or title tells it
(``lexicons/source_given_names.txt``), "the official" to the most recent source with that head
noun, a surname or abbreviation to the full name given before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from credscore.features.source_names import trim_phrase
from credscore.features.sourcing import (
    _agency_alias,
    _given_names,
    _in,
    _org_heads,
    _split_name,
    _titles,
    _words,
    classify_source,
    head_noun,
    source_descriptor,
)
from credscore.lexicons import load_lexicon

__all__ = ["SourceResolver"]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_BODIES = frozenset(("organization", "state_media", "news_agency"))
_DEFINITE = re.compile(r"(?i:the|(?:one|some)\s+of\s+the|this|that|these|those)\s+([a-z][\w-]*)")
_CAP = r"[A-Z][\w’'&.-]*"
_RUN = re.compile(rf"{_CAP}(?:\s+{_CAP}){{0,5}}")  # "Valmera Port Workers Union", "Mr. Villanueva"
_RUN_BEFORE = re.compile(rf"({_CAP}(?:\s+{_CAP}){{0,5}})(?:\s+\([A-Z0-9&.]+\))?\s*$")
_ABBREVIATION = re.compile(r"\s+\(([A-Z][A-Z0-9&.]{1,7})\)")  # "Harbor Pacific Terminals (HPT)"
_ABBREVIATED = re.compile(r"(?:\b[A-Z]\.|\b(?:Jr|Sr|Inc|Corp|Co|Ltd|St)\.)$")
_RECENT = 1  # a pronoun refers to someone mentioned in its sentence or the one before
_TOLD = 3  # or a few sentences further back, when the person's gender is known
_GENDERED = {"he": "m", "she": "f"}
#: the most recent entities a name, a title or a pronoun can refer back to; older ones are
#: forgotten, which keeps every lookup short (keeping 256 gave the same attributions on all of
#: PolNeAR, FNC-1 and ARC)
_LOOK_BACK = 64
_SUBJECT = re.compile(  # a name opening its sentence, before a comma or a lowercase verb
    rf"(?:(?:But|And|Meanwhile|However|Still|Yet),?\s+)?({_CAP}(?:\s+{_CAP}){{1,3}})(?=,\s|\s+[a-z])"
)
_DESCRIBED = re.compile(r",\s+((?:a|an|the)\s[^,.;]{1,80})")  # "X, a subsidiary of Y"


def _title_case(sentence: str) -> bool:
    """Whether a sentence is in title case, like a headline: most longer words capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", sentence) if len(w) > 3]
    capital = sum(w[:1].isupper() for w in words)
    return len(words) >= 3 and capital >= 0.8 * len(words)


@cache
def _genders() -> dict[str, str]:
    """Given name, title or noun -> "m" or "f" (``lexicons/source_given_names.txt``)."""
    return dict(e.split("\t") for e in load_lexicon("source_given_names"))


def _gender(phrase: str, name: str) -> str | None:
    """ "m" or "f" when the name's given name, its title ("Mrs.") or a noun of the phrase
    ("spokeswoman") tells it."""
    genders = _genders()
    first = name.split()[0] if name else ""
    if first in genders:
        return genders[first]
    words = re.findall(r"[\w.]+", phrase)
    at = phrase.find(name)
    title = phrase[:at].split()[-1:] if at > 0 else []
    found = {genders[w] for w in words if w in genders and w.islower()}
    found |= {genders[w] for w in title if w in genders}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)  # pure; an article names the same sources again and again
def _entity_facts(phrase: str) -> tuple[str, str, frozenset[str], bool, bool, str | None]:
    """Name, kind, head nouns, whether a single named person, whether plural, and the gender
    (when the phrase tells it) of a phrase."""
    name, kind, _ = classify_source(phrase)
    head, _, appositive = phrase.partition(", ")
    heads = frozenset(_singular(head_noun(part)) for part in (head, appositive) if part)
    split = _split_name(name.split())
    person = kind in ("named_person", "expert") and bool(split) and not split[0]
    noun = head_noun(head)  # "two people", "officials"
    plural = kind in ("anonymous", "expert") and (noun == "people" or noun[-1:] == "s")
    return name, kind, heads, person, plural, _gender(phrase, name) if person else None


class _Entity:
    """A source or body mentioned so far: what a later "he" or "the ministry" can refer to."""

    __slots__ = ("aliases", "cited", "gender", "heads", "kind", "name", "person", "plural", "seen")

    def __init__(self, phrase: str, aliases: Sequence[str] = ()) -> None:
        facts = _entity_facts(phrase)
        self.name, self.kind, heads, self.person, self.plural, self.gender = facts
        self.heads = set(heads)
        self.aliases = {a.casefold() for a in aliases}
        self.cited = False
        self.seen = 0  # the sentence it was last mentioned in

    def matches(self, name: str, surname: set[str] | None, gender: str | None = None) -> bool:
        """Whether a mention named ``name`` (casefolded; a person's words) is this entity; a
        surname alone never joins a person of the other gender ("Mrs. Clinton", "Bill Clinton")."""
        own = self.name.casefold()
        if gender and self.gender and gender != self.gender:
            return False
        return (
            name == own
            or name in self.aliases
            or bool(surname and self.person and surname <= set(own.split()))
        )


def _person_of_surname(text: str, phrase: str) -> str | None:
    """The person a one-word news agency names when the text names a person of that surname
    anywhere, headline included ("Michael R. Bloomberg" ... "Bloomberg denies"), else None."""
    if " " in phrase or not _agency_alias(phrase):
        return None
    for m in re.finditer(rf"\b([A-Z][a-z]+)(?:\s+[A-Z]\.)*\s+{re.escape(phrase)}\b", text):
        if m.group(1) in _given_names():
            return m.group()
    return None


class SourceResolver:
    """Resolve the source mentions of one article, in text order, to canonical sources.

    A pronoun resolves to the most recent compatible source ("he"/"she": a named person; "they":
    a group or body; "it": a body or document), "the official" / "the ministry" to the most recent
    source with that head noun ("the report" / "the study": the most recent document), and a
    surname or abbreviation ("Harlow", "HPT") to the earlier full name. :meth:`observe` records
    the bodies and titled names a sentence introduces before they are cited.
    """

    __slots__ = ("_cited", "_clock", "_seen")

    def __init__(self) -> None:
        self._seen: list[_Entity] = []
        self._cited: list[_Entity] = []  # resolved since the last settle()
        self._clock = 0  # sentences settled so far

    def settle(self, *, advance: bool = True) -> None:
        """End a sentence: its cited sources become the most recent, in the order they came.

        What a sentence names after its source ("Harlow said President Park ...") is observed
        too, but the next "he" still means the one who spoke. A sentence inside a quotation
        (``advance=False``) does not count toward how long ago someone was mentioned.
        """
        for entity in self._cited:
            if entity in self._seen:
                self._touch(entity)
        self._cited.clear()
        self._clock += advance

    def observe(self, text: str, start: int, end: int) -> None:
        """Remember "Harbor Pacific Terminals (HPT), a subsidiary ...", "Mayor Gloria Hadley"."""
        for m in _ABBREVIATION.finditer(text, start, end):
            if name := _RUN_BEFORE.search(text, max(start, m.start() - 80), m.start()):
                self._remember(name.group(1), (m.group(1),), cited=False)
        for m in _DESCRIBED.finditer(text, start, end):
            name = _RUN_BEFORE.search(text, max(start, m.start() - 80), m.start())
            if name and trim_phrase(name.group(1)) != (0, len(name.group(1))):
                continue  # "For Obama, the Paris agreement ...": no name of a body
            if name and classify_source(m.group(1))[1] == "organization":
                self._remember(f"{name.group(1)}, {m.group(1)}", cited=False)
        for m in _RUN.finditer(text, start, end):
            words, before = m.group().split(), text[max(start, m.start() - 24) : m.start()].split()
            if len(words) > 1 and words[-1].lower() in _org_heads():
                self._remember(m.group(), cited=False)  # "Valmera Port Workers Union"
            elif any(w in _titles() for w in words[:-1]) or before[-1:] and before[-1] in _titles():
                self._remember(" ".join(before[-1:] + words), cited=False)  # "member Raymond Oduya"
            else:
                self._mentioned(words)

    def _mentioned(self, words: list[str]) -> None:
        """Make a person named again ("Obama found himself ...") the most recent mention, so a
        "he" after it means them."""
        last = words[-1].removesuffix("’s").removesuffix("'s").casefold()
        if len(last) < 3:
            return
        entity = self._last(lambda e: e.person and last in e.name.casefold().split())
        if entity is not None:
            self._touch(entity, cited=False)

    def open_sentence(self, text: str, start: int, end: int) -> None:
        """Remember the person a sentence opens with ("Emmanuel Nachshon, spokesman for ...,
        distanced ..."): its subject, which a "he" in the next sentence most likely means."""
        m = _SUBJECT.match(text, start, end)
        found = trim_phrase(m.group(1)) if m else None  # not "When", "On Twitter"
        if m is None or found is None or _title_case(text[start:end]):
            return  # "Glenn Beck Blasts Drudge for Mocking His Fast": a headline's capitals
        if possessive := re.search(r"[’']s?\s", m.group(1)):
            found = (found[0], min(found[1], possessive.start()))  # "Sanders’ California"
        phrase = m.group(1)[found[0] : found[1]]
        if len(phrase.split()) < 2:
            return
        entity = self._remember(phrase, cited=False)
        if entity.person:
            self._cited.insert(0, entity)  # settle() makes it recent, before the cited sources

    def resolve(
        self, text: str, start: int, end: int, *, speaker: bool = False
    ) -> tuple[str | None, str | None]:
        """Canonical name and kind of the source ``text[start:end]``; (None, None) if unresolved.

        ``speaker``: the source attributes a quotation ('"...," he said'), so a pronoun means
        someone already cited as a source, not anyone mentioned since.
        """
        phrase = text[start:end]
        low = phrase.lower()
        entity: _Entity | None = None
        if low in _PRONOUNS:
            fits = _PRONOUNS[low]
            entity = self._last((lambda e: fits(e) and e.cited) if speaker else fits)
            if entity is not None and not self._recent(entity, low):
                entity = None  # named too long ago to be sure whom "he" means: no name
            entity = self._touch(entity)
        elif m := _DEFINITE.fullmatch(phrase):
            word = m.group(1)
            head = _singular(head_noun(word))
            if word in ("report", "study", "statement", "document", "survey", "poll"):
                entity = self._last(lambda e: e.kind == "document")  # "the report": the last one
            elif _in(word, _words("source_documents")):
                entity = self._last(lambda e: e.kind == "document" and head in e.heads)
            else:
                entity = self._last(lambda e: head in e.heads)
            entity = self._touch(entity) or self._remember(phrase)
        elif low not in ("who", "which", "i", "we", "you"):
            descriptor = source_descriptor(text, start, end)
            entity = self._remember(_person_of_surname(text, descriptor) or descriptor)
        if entity is not None:
            self._cited.append(entity)
        return (entity.name, entity.kind) if entity else (None, None)

    def _shared(self, surname: set[str]) -> bool:
        """Whether two people named so far have the words of ``surname`` in their names."""
        people = {
            e.name
            for e in self._seen
            if e.person and surname <= set(e.name.casefold().split())
        }
        return len(people) > 1

    def _recent(self, entity: _Entity, pronoun: str) -> bool:
        """Whether ``entity`` was mentioned recently enough to be what ``pronoun`` means: in
        its sentence or the one before, or up to three sentences back when its gender tells it
        ("she" and a known woman)."""
        ago = self._clock - entity.seen
        told = _GENDERED.get(pronoun) == entity.gender
        return ago <= _RECENT or told and ago <= _TOLD

    def _last(self, test: Callable[[_Entity], bool]) -> _Entity | None:
        return next((e for e in reversed(self._seen) if test(e)), None)

    def _touch(self, entity: _Entity | None, cited: bool = True) -> _Entity | None:
        """Make ``entity`` the most recent mention (only the last ``_LOOK_BACK`` are kept)."""
        if entity is not None:
            if entity in self._seen:
                self._seen.remove(entity)
            self._seen[: 1 - _LOOK_BACK] = []
            self._seen.append(entity)
            entity.cited = entity.cited or cited
            entity.seen = self._clock
        return entity

    def _remember(self, phrase: str, aliases: Sequence[str] = (), cited: bool = True) -> _Entity:
        """The entity ``phrase`` names: an earlier one (same name, alias, surname) or a new one."""
        if phrase.endswith(".") and not _ABBREVIATED.search(phrase):
            phrase = phrase[:-1]  # "Vice President Joe Biden." at the end of its sentence
        new = _Entity(phrase, aliases)
        name = new.name.casefold()
        surname = set(name.split()) if new.person else None
        old = self._last(lambda e: e.matches(name, surname, new.gender))
        if old is not None and surname and old.name.casefold() != name and self._shared(surname):
            old = None  # "Clinton" when Bill and Hillary Clinton are both named: keep "Clinton"
        if old is None:
            self._seen.append(new)
            return self._touch(new, cited) or new
        old.heads |= new.heads
        old.aliases |= new.aliases
        old.gender = old.gender or new.gender
        old.kind = "expert" if new.kind == "expert" and old.person else old.kind
        return self._touch(old, cited) or old


_PRONOUNS: dict[str, Callable[[_Entity], bool]] = {
    "he": lambda e: e.person and e.gender != "f",
    "she": lambda e: e.person and e.gender != "m",
    "they": lambda e: e.cited and (e.plural or e.kind in _BODIES),
    "it": lambda e: e.cited and (e.kind in _BODIES or e.kind == "document"),
}
