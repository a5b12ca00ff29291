"""The alias tables kept as lexicons: governments with their adjectives, state media with owners.

One parser per table, so every module that names a government or a state medium reads the same
data: ``lexicons/source_governments.txt`` (canonical, aliases, adjectives) and
``lexicons/state_media.txt`` (canonical, owning government, medium, aliases, and the words after
an alias that make it something else).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from credscore.lexicons import load_lexicon

__all__ = [
    "StateMedium",
    "demonyms",
    "government_aliases",
    "state_media_aliases",
    "state_media_table",
]


@dataclass(frozen=True, slots=True)
class StateMedium:
    """A state-controlled outlet: canonical name, owning government, medium and aliases."""

    name: str
    owner: str
    medium: str
    aliases: tuple[str, ...]
    not_before: frozenset[str] = frozenset()


@cache
def _governments() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(canonical, aliases, adjectives) of each row of ``source_governments.txt``."""
    rows = []
    for entry in load_lexicon("source_governments"):
        canonical, aliases, *adjectives = entry.split("\t")
        words = adjectives[0].split("|") if adjectives else []
        rows.append((canonical, tuple(aliases.split("|")), tuple(words)))
    return tuple(rows)


@cache
def government_aliases() -> dict[str, str]:
    """Alias -> canonical name of a government ("Pyongyang" -> "North Korea").

    Examples
    --------
    >>> government_aliases()["Pyongyang"]
    'North Korea'
    """
    return {alias: canonical for canonical, aliases, _ in _governments() for alias in aliases}


@cache
def demonyms() -> dict[str, str]:
    """Adjective -> the government it names ("North Korean" -> "North Korea")."""
    return {word: canonical for canonical, _, words in _governments() for word in words}


@cache
def state_media_table() -> tuple[StateMedium, ...]:
    """Every row of ``state_media.txt``, in file order."""
    rows = []
    for entry in load_lexicon("state_media"):
        name, owner, medium, aliases, *rest = entry.split("\t")
        not_before = frozenset(rest[0].split("|")) if rest else frozenset()
        rows.append(StateMedium(name, owner, medium, tuple(aliases.split("|")), not_before))
    unknown = {m.owner for m in rows} - set(government_aliases().values())
    if unknown:
        raise ValueError(f"state_media.txt names owners missing from source_governments: {unknown}")
    return tuple(rows)


@cache
def state_media_aliases() -> dict[str, StateMedium]:
    """Alias -> its state medium ("Korean Central News Agency" -> KCNA's row)."""
    return {alias: m for m in state_media_table() for alias in m.aliases}
