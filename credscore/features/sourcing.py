"""The article's source inventory: who is cited, what kind of source, in what role, how often.

A source phrase ("White House spokesperson Rear Admiral Daniel Harlow", "two people familiar with
the review", "North Korea's official KCNA news agency") is classified into one of
:data:`SOURCE_KINDS` by lexicons kept as data in ``lexicons/source_*.txt``, ``state_media.txt`` and
``news_agencies.txt``; :func:`source_inventory` merges the attributions of one article by source.
:class:`~.source_resolver.SourceResolver` turns "he", "the ministry" or a surname into the source
named earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from credscore.clean import agency_aliases
from credscore.features.alias_tables import demonyms, government_aliases
from credscore.features.state_media import state_medium
from credscore.lexicons import load_lexicon

if TYPE_CHECKING:
    from credscore.features.attribution import ResolvedAttribution
    from credscore.text import Article

__all__ = [
    "SOURCE_KINDS",
    "Source",
    "classify_source",
    "head_noun",
    "source_affiliation",
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
_PARENTHESES = re.compile(r"\s*\([^()]{1,30}\)")
# ", a senior fellow at the institute," right after a source phrase.
_APPOSITIVE = re.compile(  # within its sentence: not across ". The" or a line break
    r",\s+(?!(?:and|but|or|said|says|told|added|according|citing)\b)"
    r"((?:(?!\.\s+[A-Z])[^,;:“”\"()\n]){2,160}?),"
)


@dataclass(frozen=True, slots=True)
class Source:
    """A source an article cites: canonical name, kind (one of SOURCE_KINDS), role, mentions,
    and affiliation: the government that owns a state medium."""

    name: str
    kind: str
    role: str | None
    mentions: int
    affiliation: str | None = None


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


def _agency_alias(word: str) -> bool:
    """Whether ``word`` is a news agency's alias ("Reuters", "Bloomberg")."""
    return word in agency_aliases()


@cache
def _agency_re() -> re.Pattern[str]:
    """One pattern matching any news agency alias as a whole word (case-sensitive)."""
    alternatives = "|".join(sorted(map(re.escape, agency_aliases()), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w’'])")


_INITIAL = re.compile(r"[A-Z]\.")


def _agency(head: str) -> str | None:
    """The news agency ``head`` names, unless the alias ends a person's name: after a given
    name and initials ("Michael Bloomberg", "Michael R. Bloomberg" is the man).

    >>> _agency("Bloomberg News"), _agency("a Reuters reporter"), _agency("Michael Bloomberg")
    ('Bloomberg', 'Reuters', None)
    """
    m = _agency_re().search(head)
    if m is None:
        return None
    before = head[: m.start()].split()
    while before and _INITIAL.fullmatch(before[-1]):
        before.pop()
    if before and before[-1] in _given_names() and not head[m.end() :].strip():
        return None
    return agency_aliases()[m.group()]


@cache
def _anonymous_re() -> re.Pattern[str]:
    """The cues of an unnamed source, as one case-insensitive pattern."""
    alternatives = "|".join(sorted(map(re.escape, load_lexicon("source_anonymous")), key=len))
    return re.compile(rf"\b(?:{alternatives})\b", re.I)


def _common() -> frozenset[str]:
    """Common nouns that describe a source: roles, experts, documents, anonymity cues, people."""
    return _words(
        "source_roles", "source_experts", "source_documents", "source_anonymous", "source_people"
    )


@cache
def _given_names() -> frozenset[str]:
    """The given names of ``lexicons/source_given_names.txt`` ("Aaron", "Mary")."""
    rows = (e.split("\t")[0] for e in load_lexicon("source_given_names"))
    return frozenset(w for w in rows if w[:1].isupper() and not w.endswith("."))


@cache
def _group_words() -> frozenset[str]:
    """Capitalised group words of the people lexicon ("Republican"), kept capitalised in names."""
    return frozenset(e.lower() for e in load_lexicon("source_people") if e[:1].isupper())


def _in(word: str, lexicon: frozenset[str] | dict[str, str]) -> bool:
    """Whether a lowercased word or its singular is in ``lexicon``."""
    return word in lexicon or word[-1:] == "s" and (word[:-1] in lexicon or word[:-2] in lexicon)


_PREFIXED = re.compile(r"(?:al|el|ad|as|an|ar|ash|at|az|bin|ibn|abu)-[A-Z][\w’'-]*")  # al-Assad
_DOMAIN = re.compile(r"\.(?:com|co|org|net|gov|edu|uk|de|fr|ru|cn|io|tv)\b", re.I)
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_PARTICLES = frozenset("de da di del della van von der den al el bin ibn le la du".split())
_INITIAL = re.compile(r"[A-Z]\.|(?:Jr|Sr)\.?|I{2,3}|IV")  # "Joseph R. Biden Jr."


def _is_name_token(token: str) -> bool:
    """A capitalized word that can be part of a person's name (not a title, role, body, outlet)."""
    low = token.lower()
    if _INITIAL.fullmatch(token) or _PREFIXED.fullmatch(token):
        return True
    return (
        token[0].isupper()
        and any(c.islower() for c in token)
        and low not in _DETERMINERS
        and not low.endswith(("'s", "’s"))
        and not _in(low, _common())
        and low.rstrip(".") not in _org_heads()
        and low not in _words("source_outlets")
        and not any(c.isdigit() for c in token)
        and token not in demonyms()  # "British", "Chinese"
        and not _DOMAIN.search(token)  # "Metro.co.uk", "Mic.com"
    )


def _split_name(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """(descriptor tokens, name tokens) when the phrase ends in a person's name of 1-4 words."""
    i = len(tokens)
    name_word = _is_name_token
    while i > 0 and (name_word(tokens[i - 1]) or i < len(tokens) and tokens[i - 1] in _PARTICLES):
        i -= 1  # "Pierre de Vos", "Ursula von der Leyen"
    while 0 < i < len(tokens) and _ACRONYM.fullmatch(tokens[i - 1]):
        i -= 1  # "USA Today Sports"
    while i < len(tokens) and _INITIAL.fullmatch(tokens[i]):
        i += 1  # a name does not start with "Jr." or an initial alone
    run = tokens[i:]  # honorifics are kept out of the name: "But Gen. Rodrigo Salinas"
    name = run[max((n + 1 for n, t in enumerate(run[:-1]) if t in _titles()), default=0) :]
    before = tokens[:i]
    roles = _words("source_roles")
    titled = any(  # "Secretary of State", not "spokesman for Mayor": a title of the named one
        w.lower() in ("of", "for")
        and _in(before[k - 1].lower(), roles)
        and not any(_in(x.lower(), roles) for x in before[k + 1 :])
        for k, w in enumerate(before[1:], 1)
    )
    if titled and before[-1].lower() in ("of", "for") and len(name) > 2:  # "of State W. Galvin"
        before, name = before + name[:-2], name[-2:]
    given = next((n for n, t in enumerate(name[1:], 1) if t in _given_names()), 0)
    if given and len(name) - given >= 2 and name[0] not in _given_names():
        # "Screenwriter Aaron Sorkin", "Billionaire Donald Trump"
        before, name = before + name[:given], name[given:]
    if not 1 <= len(name) <= 5 or " ".join(name) in government_aliases():
        return None
    if before and before[-1].lower() in _POSTMOD:
        return None  # "an analyst at Capital Economics": the name is not the source's
    if before and before[-1].lower() in ("and", "&", "or", "nor"):
        return None  # "Saudi Arabia and Jordan": more than one source
    if any(w.lower() in ("who", "that", "which", "whose") for w in before):
        return None  # "two people who know Foley": Foley is not who speaks
    if not titled and any(w.lower() in _POSTMOD for w in before[1:]):
        return None  # "Multiple users of anonymous web browser Tor": Tor is not who speaks
    if any(w.lower() in ("including", "like", "such") for w in before):
        return None  # "candidates, including Donald J. Trump": one example of the source
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
        agent = i + 1 < len(tokens) and tokens[i + 1].lower() == "by" and token.islower()
        if agent and low.endswith(("ed", "en", "wn")):  # "a memo seen by the Gazette"
            participle = True
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
        if not _in(words[0].lower(), _group_words()):  # "One Republican" keeps its capital
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
    if medium := state_medium(head):
        return medium.name or _phrase_name(tokens), "state_media", None
    if agency := _agency(head):
        return agency, "news_agency", None
    bare = " ".join(tokens[1:] if tokens[0].lower() == "the" else tokens)
    if bare in government_aliases():
        return government_aliases()[bare], "organization", None
    if bare[:1].isupper() and bare.lower() in _words("source_places"):
        return bare, "organization", None  # "Mississippi": a state's government, never "he"
    if person := _person_of(tokens):
        name, role = person  # "Victor Cha of the Center for Strategic and International Studies"
        return name, "expert" if _expert_body(role) else "named_person", role
    if _in(head_noun(head), _words("source_documents")) and tokens[0].lower() in _DETERMINERS:
        return _common_source(tokens, appositive)  # "a statement from the Coordinator of ..."
    split = _split_name(tokens)
    described = appositive.split(", ")[0].split()
    human = _in(head_noun(head), _common()) and not _in(head_noun(head), _words("source_documents"))
    if split is None and human and (named := _split_name(described)):
        split, appositive = (tokens, named[1]), ""  # "Donghai's chairman, Liu Wenbo"
    outlet = _in(head_noun(head), _words("source_outlets")) or head_noun(head) in _org_heads()
    if split is None and outlet and described and all(
        w[:1].isupper() or w in _PARTICLES for w in described
    ):
        return " ".join(described), "organization", None  # "Iraq's official newspaper, al Sabaah"
    if split is not None:
        before, name = split
        role = " ".join(before) or _descriptor_role(appositive.split())
        kind = "expert" if _is_expert(role, appositive) else "named_person"
        return " ".join(name), kind, role
    return _common_source(tokens, appositive)


def _person_of(tokens: list[str]) -> tuple[str, str] | None:
    """(name, role) of "[descriptor] <Name> of/at/from <organisation>", the name of 1-5 words;
    the role is the descriptor, else the organisation."""
    for j in range(1, min(len(tokens) - 1, 8)):
        if tokens[j].lower() not in ("of", "at", "from"):
            continue
        split = _split_name(tokens[:j])
        if split is None or not tokens[j + 1 :]:
            return None
        org = tokens[j + 1 :]
        org = org[1:] if org[0].lower() == "the" and len(org) > 1 else org
        return " ".join(split[1]), " ".join(split[0]) or " ".join(org)
    return None


def _expert_body(name: str) -> bool:
    """Whether an organisation's name reads as a research or academic body."""
    words = {w.lower() for w in re.findall(r"[\w-]+", name)}
    return any(w in words or " " in w and w in name.lower() for w in _words("source_expert_bodies"))


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


def source_affiliation(name: str, kind: str) -> str | None:
    """The government a source speaks for: the owner of a state medium ("KCNA" -> North Korea).

    Examples
    --------
    >>> source_affiliation("Xinhua", "state_media"), source_affiliation("Reuters", "news_agency")
    ('China', None)
    """
    medium = state_medium(name) if kind == "state_media" else None
    return medium.owner if medium else None


def source_descriptor(text: str, start: int, end: int) -> str:
    """``text[start:end]`` plus the appositive after it ("Choi Yoon-seo, a senior fellow at X")."""
    m = _APPOSITIVE.match(text, end)
    return text[start:end] + (f", {m.group(1).strip()}" if m else "")


def source_inventory(article: Article, attributions: Sequence[ResolvedAttribution]) -> list[Source]:
    """The article's sources, merged by canonical name (case-insensitive), by first mention.

    ``mentions`` counts the distinct source spans that resolve to the source, so a pronoun or
    surname follow-up counts and a quote continued from the sentence before does not.
    """
    groups: dict[str, dict] = {}  # casefolded name -> Source's fields, as they fill in
    seen: set[tuple[str, Range]] = set()
    for att in sorted(attributions, key=lambda a: a.source or a.cue):
        if att.source is None or att.source_name is None or att.source_kind is None:
            continue
        key = att.source_name.casefold()
        if (key, att.source) in seen:
            continue
        seen.add((key, att.source))
        group = groups.setdefault(key, {
            "name": att.source_name, "kind": att.source_kind, "role": None, "mentions": 0,
            "affiliation": source_affiliation(att.source_name, att.source_kind),
        })  # fmt: skip
        group["mentions"] += 1
        if group["role"] is None and att.source_kind not in ("document", "organization"):
            group["role"] = classify_source(source_descriptor(article.text, *att.source))[2]
    return [Source(**group) for group in groups.values()]


@cache
def _titles() -> frozenset[str]:
    """Words that title a name: roles (any case) and honorifics ("Admiral", "Mr.")."""
    honorifics = {t.split()[-1] for t in load_lexicon("source_honorifics")}
    return frozenset(
        honorifics | _words("source_roles") | {r.capitalize() for r in _words("source_roles")}
    )


