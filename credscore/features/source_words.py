"""Word lists behind source names: prepositions, determiners, and the head nouns, titles and
given names of the source lexicons (``lexicons/source_*.txt``, ``abbreviations.txt``)."""

from __future__ import annotations

from functools import cache

from credscore.lexicons import load_lexicon

__all__ = [
    "DETERMINERS",
    "PREPOSITIONS",
    "abbreviations",
    "given_names",
    "heads",
    "human_heads",
    "humans",
    "known",
    "titles",
]

PREPOSITIONS = frozenset(
    "of at from for with about through into to by than in on over under via against among "
    "between without within toward towards across after before during since until upon per amid "
    "despite like".split()
)
DETERMINERS = frozenset(
    "a an the this that these those his her its their our your my some any each every no one two "
    "three four five six seven eight nine ten".split()
)


@cache
def heads() -> frozenset[str]:
    """Head nouns of a source: roles, experts, documents, bodies, people and outlets."""
    names = ("roles", "experts", "documents", "anonymous", "organizations", "people", "outlets")
    entries = (e.partition("\t")[0].lower() for n in names for e in load_lexicon(f"source_{n}"))
    words = {e.split()[-1] for e in entries}
    return frozenset(words - PREPOSITIONS - DETERMINERS)  # "familiar with", "one of the"


@cache
def humans() -> frozenset[str]:
    """Head nouns of a person: roles, experts and people ("his spokesman", "her husband")."""
    return frozenset(
        e.lower() for n in ("roles", "experts", "people") for e in load_lexicon(f"source_{n}")
    )


@cache
def human_heads() -> frozenset[str]:
    """Last words of the roles, experts and people ("attorney general" -> "general")."""
    return frozenset(e.split()[-1] for e in humans()) - PREPOSITIONS - DETERMINERS


@cache
def titles() -> frozenset[str]:
    """Titles before a name, lowercased, without their period ("sen", "prime", "minister")."""
    _, found = abbreviations()
    return frozenset(t.rstrip(".") for t in found) | {"prime", "vice", "first", "lady"}


@cache
def given_names() -> frozenset[str]:
    """Capitalised given names of ``lexicons/source_given_names.txt``."""
    names = (e.partition("\t")[0] for e in load_lexicon("source_given_names"))
    return frozenset(n for n in names if n[:1].isupper() and not n.endswith("."))


@cache
def abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """Every abbreviation of ``lexicons/abbreviations.txt``, and the titles among them."""
    entries = load_lexicon("abbreviations")
    titles = frozenset(e[1:] for e in entries if e[0] == "=")
    return frozenset(e.lstrip("=") for e in entries), titles


def known(word: str, words: frozenset[str]) -> bool:
    """Whether a lowercased word or its singular is in ``words``."""
    return word in words or (
        word.endswith("s") and (word[:-1] in words or word.endswith("es") and word[:-2] in words)
    )
