"""State media by every name: its aliases, possessive long forms and descriptions, with owners.

Three shapes name a state medium in news copy, all read from data:

- an alias of ``lexicons/state_media.txt`` ("KCNA", "Korean Central News Agency", "Xinhua");
- a government (or its adjective, ``lexicons/source_governments.txt``) and a kind of medium,
  with state words or capitalised words from the outlet's name between them ("North Korea's
  Central News Agency", "Iran's official news agency"): the owner's one outlet of that kind
  (a bare nationality and kind, "a Russian newspaper", names no outlet);
- a description of ``lexicons/state_media_descriptions.txt`` ("state media", "a state-controlled
  media outlet", "the country's official ... news agency"), with the owner when a government is
  named just before it ("North Korean state media").

Each mention carries the outlet's canonical name (None when a description names none) and its
owner, the government that speaks through it (None when the text does not say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from credscore.features.alias_tables import (
    StateMedium,
    demonyms,
    government_aliases,
    state_media_aliases,
    state_media_table,
)
from credscore.lexicons import load_lexicon

__all__ = ["MediaMention", "state_media_mentions", "state_medium"]

# Adjectives that make an owned medium official ("North Korea's state-run news agency").
_STATE_WORDS = "official|semi-official|state|state-run|state-owned|state-controlled|government"
# A kind of medium after its owner, and the kind of the table it stands for.
_MEDIA_KINDS = {
    "news agency": "news agency",
    "press agency": "news agency",
    "television": "television",
    "tv": "television",
    "broadcaster": "television",
    "newspaper": "newspaper",
    "daily": "newspaper",
    "radio": "radio",
}


@dataclass(frozen=True, slots=True)
class MediaMention:
    """Where a text names a state medium, the outlet's canonical name and its owner."""

    start: int
    end: int
    name: str | None
    owner: str | None


def _alternation(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[arg-type]


@cache
def _owners() -> tuple[dict[str, str], str]:
    """Government name or adjective -> canonical government, and their alternation."""
    names = {**demonyms(), **government_aliases()}
    return names, _alternation(names)


@cache
def _alias_re() -> re.Pattern[str]:
    """Any alias of the table as a whole word, not a retweet mark ("RT @user")."""
    return re.compile(rf"(?<![\w.’'-])(?:{_alternation(state_media_aliases())})(?![\w’'-])(?!\s*@)")


@cache
def _owned_re() -> re.Pattern[str]:
    """A government, state words, capitalised name words and a kind of medium."""
    _, owners = _owners()
    kinds = (
        r"[Nn]ews\s+[Aa]gency|[Pp]ress\s+[Aa]gency|[Tt]elevision|TV|[Bb]roadcaster|[Nn]ewspaper"
        r"|[Rr]adio|[Dd]aily"
    )
    return re.compile(
        rf"(?<![\w-])(?P<owner>{owners})(?:['’]s)?\s+(?P<state>(?:(?:{_STATE_WORDS})\s+)*)"
        rf"(?P<caps>(?:[A-Z][\w’'-]*\s+){{0,4}}?)(?P<kind>{kinds})(?![\w-])"
    )


@cache
def _described_re() -> re.Pattern[str]:
    """The descriptions of ``state_media_descriptions.txt`` as whole words."""
    lines = "|".join(f"(?:{line})" for line in load_lexicon("state_media_descriptions"))
    return re.compile(rf"(?<![\w-])(?:{lines})(?![\w-])")


@cache
def _owner_before_re() -> re.Pattern[str]:
    """A government named just before a description ("North Korean state media")."""
    _, owners = _owners()
    return re.compile(rf"(?<![\w-])(?P<owner>{owners})(?:['’]s)?\s+$")


def _outlet(owner: str, kind: str, caps: list[str]) -> StateMedium | None:
    """The owner's one outlet of ``kind`` whose aliases hold every word of ``caps``."""
    found = [
        m
        for m in state_media_table()
        if m.owner == owner
        and m.medium == kind
        and (not caps or any(set(caps) <= set(a.split()) for a in m.aliases))
    ]
    return found[0] if len(found) == 1 else None


def _aliases(text: str, start: int, end: int) -> list[MediaMention]:
    """Alias mentions, less those whose next word makes them something else ("CCTV footage")."""
    out = []
    for m in _alias_re().finditer(text, start, end):
        medium = state_media_aliases()[m.group()]
        after = text[m.end() : m.end() + 30].split(maxsplit=1)
        if after and after[0].strip(".,;:") in medium.not_before:
            continue
        out.append(MediaMention(m.start(), m.end(), medium.name, medium.owner))
    return out


def _owned(text: str, start: int, end: int) -> list[MediaMention]:
    """ "North Korea's Central News Agency": an owner's outlet named by its kind."""
    owners, _ = _owners()
    out = []
    for m in _owned_re().finditer(text, start, end):
        owner = owners[m.group("owner")]
        kind = _MEDIA_KINDS[" ".join(m.group("kind").lower().split())]
        if not (m.group("state") or m.group("caps")):
            continue  # a nationality and a kind ("a Russian newspaper") names no one outlet
        outlet = _outlet(owner, kind, m.group("caps").split())
        if outlet is not None:
            out.append(MediaMention(m.start(), m.end(), outlet.name, owner))
        elif m.group("state") and not m.group("caps"):
            out.append(MediaMention(m.start(), m.end(), None, owner))
    return out


def _described(text: str, start: int, end: int) -> list[MediaMention]:
    """Descriptions ("state media"), with the government named just before them."""
    owners, _ = _owners()
    out = []
    for m in _described_re().finditer(text, start, end):
        before = _owner_before_re().search(text, max(start, m.start() - 40), m.start())
        first = before.start() if before else m.start()
        owner = owners[before.group("owner")] if before else None
        out.append(MediaMention(first, m.end(), None, owner))
    return out


def state_media_mentions(text: str, start: int = 0, end: int | None = None) -> list[MediaMention]:
    """Every state medium named in ``text[start:end]``, in text order.

    A description or owned form that holds an alias is one mention, named by the alias.

    Examples
    --------
    >>> [(m.name, m.owner) for m in state_media_mentions(
    ...     "North Korea's Central News Agency and Chinese state media said so.")]
    [('KCNA', 'North Korea'), (None, 'China')]
    """
    stop = len(text) if end is None else end
    named = _aliases(text, start, stop)
    out: list[MediaMention] = []
    for wide in sorted(_owned(text, start, stop) + _described(text, start, stop), key=_order):
        if out and wide.start < out[-1].end:
            continue  # overlapping descriptions: the first and longest stands
        inside = [m for m in named if wide.start <= m.start and m.end <= wide.end]
        if inside:
            named = [m for m in named if m not in inside]
            wide = MediaMention(wide.start, wide.end, inside[0].name, inside[0].owner)
        out.append(wide)
    return _joined(text, sorted(out + named, key=_order))


def _joined(text: str, mentions: list[MediaMention]) -> list[MediaMention]:
    """Mentions only whitespace apart are one when one of them is unnamed ("state-run Xinhua")."""
    out: list[MediaMention] = []
    for m in mentions:
        last = out[-1] if out else None
        if last and not text[last.end : m.start].strip() and (last.name is None or m.name is None):
            out[-1] = MediaMention(
                last.start, m.end, last.name or m.name, last.owner or m.owner
            )
        else:
            out.append(m)
    return out


def _order(m: MediaMention) -> tuple[int, int]:
    return m.start, -m.end


@lru_cache(maxsize=4096)  # a source phrase recurs throughout an article
def state_medium(phrase: str) -> MediaMention | None:
    """The first state medium a source phrase names, if any.

    Examples
    --------
    >>> state_medium("the country's official Korean Central News Agency")
    MediaMention(start=14, end=49, name='KCNA', owner='North Korea')
    >>> state_medium("a state-controlled media outlet").name is None
    True
    >>> state_medium("CCTV footage") is None
    True
    """
    mentions = state_media_mentions(phrase)
    return mentions[0] if mentions else None
