"""Find hedge and booster cues (epistemic markers) in a sentence of a news article.

Cue lists are data files in ``lexicons/`` (``hedge_<kind>.txt``, ``boosters.txt``);
``hedge_exclusions.txt`` lists fixed phrases that are never cues ("could not be reached",
"think tank") for hedges and boosters alike. Each lexicon is compiled once (cached by content)
into one case-insensitive, trie-shaped regex, so a region is searched in a single pass and the
longest entry wins at each position.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from credscore.lexicons import load_lexicon

__all__ = ["HEDGE_KINDS", "CueMatch", "booster_cues", "hedge_cues", "sentence_cues"]

HEDGE_KINDS = (
    "modal",
    "evidential",
    "speculative_adjective",
    "approximator",
    "doxastic",
    "conditional",
)
BOOSTER = "booster"
NUM_SLOT = "<num>"  # an entry ending in " <num>" only counts when a quantity follows

_WORD_START = r"(?<![\w-])"
_WORD_END = r"(?![\w-]|['’]\w)"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    "|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half"
)
_FRACTIONS = "dozen|hundred|thousand|million|billion|trillion|third|quarter|half|fifth|tenth"
_UNITS = "year|month|week|decade|day|hour|mile|kilometre|kilometer"
_QUANTITY = rf"\s+(?:[$£€¥]\s?\d|\d|(?:{_NUMBER_WORDS})\b|an?\s+(?:{_FRACTIONS}|{_UNITS})\b)"
_NEXT_LOWER_WORD = re.compile(r"\s+[a-z]")
_SENTENCE_OPENERS = " \t\r\n\"'“‘(["

Lexicon = tuple[tuple[str | None, tuple[str, ...]], ...]
Compiled = tuple[re.Pattern[str], tuple[str | None, ...]]


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A hedge or booster cue matched in a text, in its offsets (the report's
    :class:`~credscore.scoring.report.Cue` is its record in source offsets)."""

    start: int  # offset into the full `text` passed in
    end: int
    text: str  # == text[start:end]
    kind: str  # one of HEDGE_KINDS, or "booster"
    in_quote: bool  # the cue lies inside one of the given quote spans


def _split_entry(entry: str) -> tuple[str, bool]:
    """Normalise an entry to single-spaced lowercase words; flag a trailing quantity slot."""
    words = entry.lower().split()
    gated = words[-1:] == [NUM_SLOT]
    if gated:
        words = words[:-1]
    if not words:
        raise ValueError(f"lexicon entry {entry!r} has no words before {NUM_SLOT!r}")
    return " ".join(words), gated


def _entries(value: Sequence[str], name: str) -> tuple[str, ...]:
    """Entries of a caller's list as a tuple, refusing a bare string."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a sequence of entries, not the string {value!r}")
    return tuple(value)


def _atom(char: str) -> str:
    """Regex for one character of an entry: any whitespace, either apostrophe, else literal."""
    return {" ": r"\s+", "'": "['’]"}.get(char, re.escape(char))


def _render(node: dict, kinds: list[str | None]) -> str:
    """Regex for a trie node: longer continuations first, then entries ending here."""
    alts = [_atom(char) + _render(child, kinds) for char, child in node.items() if char]
    for gated, kind in sorted(node.get("", {}).items(), reverse=True):
        kinds.append(kind)
        alts.append(_WORD_END + (f"(?={_QUANTITY})" if gated else "") + "()")
    return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"


@lru_cache(maxsize=64)
def _compile(lexicon: Lexicon) -> Compiled:
    """One trie-shaped regex for all entries; the empty group matched last indexes the kind."""
    trie: dict = {}
    for kind, entries in sorted(lexicon, key=lambda pair: pair[0] is not None):
        for entry in entries:
            words, gated = _split_entry(entry)
            node = trie
            for char in words:
                node = node.setdefault(char, {})
            node.setdefault("", {}).setdefault(gated, kind)
    kinds: list[str | None] = []
    pattern = re.compile(_WORD_START + _render(trie, kinds), re.IGNORECASE)
    return pattern, tuple(kinds)


@cache
def _exclusions() -> tuple[str | None, tuple[str, ...]]:
    """The shipped never-a-cue phrases, tagged with kind None."""
    return (None, load_lexicon("hedge_exclusions"))


@cache
def _shipped_hedges() -> Compiled:
    """The shipped hedge lexicons keyed by kind, plus the exclusions, compiled."""
    hedges = ((kind, load_lexicon(f"hedge_{kind}")) for kind in HEDGE_KINDS)
    return _compile((*hedges, _exclusions()))


@cache
def _shipped_boosters() -> Compiled:
    """The shipped booster lexicon, plus the exclusions, compiled."""
    return _compile(((BOOSTER, load_lexicon("boosters")), _exclusions()))


def _compile_hedges(lexicon: Mapping[str, Sequence[str]]) -> Compiled:
    """Compile a kind -> entries mapping plus the exclusions (cached by content)."""
    unknown = sorted(set(lexicon) - set(HEDGE_KINDS))
    if unknown:
        raise ValueError(f"unknown hedge kinds {unknown}; expected some of {HEDGE_KINDS}")
    hedges = ((kind, _entries(words, kind)) for kind, words in sorted(lexicon.items()))
    return _compile((*hedges, _exclusions()))


def _is_month(text: str, start: int, end: int, region_start: int) -> bool:
    """True when a capitalised "May" is the month or a surname rather than the modal verb."""
    if text[start:end] != "May":
        return False
    before = text[region_start:start].rstrip(_SENTENCE_OPENERS)
    sentence_initial = not before or before[-1] in ".!?:;"
    return not (sentence_initial and _NEXT_LOWER_WORD.match(text, end))


def _in_quote(start: int, end: int, quotes: Sequence[tuple[int, int]]) -> bool:
    """True when [start, end) lies inside one of the quote spans."""
    return any(q_start <= start and end <= q_end for q_start, q_end in quotes)


def _find(
    text: str,
    start: int,
    end: int | None,
    quotes: Sequence[tuple[int, int]],
    compiled: Compiled,
) -> list[CueMatch]:
    """Run a compiled lexicon over text[start:end] and keep the matches that are cues."""
    pattern, kinds = compiled
    stop = len(text) if end is None else end
    cues = []
    for match in pattern.finditer(text, start, stop):
        kind = kinds[match.lastindex - 1]
        s, e = match.span()
        if kind is None or _is_month(text, s, e, start):
            continue
        cues.append(CueMatch(s, e, match.group(), kind, _in_quote(s, e, quotes)))
    return cues


def hedge_cues(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    quotes: Sequence[tuple[int, int]] = (),
    lexicon: Mapping[str, Sequence[str]] | None = None,
) -> list[CueMatch]:
    """Find hedge cues in ``text[start:end]``.

    Parameters
    ----------
    text : str
        The whole article; returned offsets index into it.
    start, end : int
        The region to search, usually one sentence (``end=None`` means the end of ``text``).
    quotes : sequence of (int, int)
        Spans of quotations in ``text`` (quote marks included); sets ``CueMatch.in_quote``.
    lexicon : mapping of str to sequence of str, optional
        Kind -> entries replacing the shipped hedge lists (kinds left out are not searched).
        The shipped exclusions still apply. An entry ending in ``" <num>"`` needs a quantity.

    Returns
    -------
    list of CueMatch
        Sorted by start, non-overlapping; the longest entry wins at each position.

    Examples
    --------
    >>> [(c.text, c.kind) for c in hedge_cues("Officials may resign in May, about 300 said.")]
    [('may', 'modal'), ('about', 'approximator')]
    """
    compiled = _shipped_hedges() if lexicon is None else _compile_hedges(lexicon)
    return _find(text, start, end, quotes, compiled)


def booster_cues(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    quotes: Sequence[tuple[int, int]] = (),
    boosters: Sequence[str] | None = None,
) -> list[CueMatch]:
    """Find booster cues ("clearly", "confirmed") in ``text[start:end]``; see `hedge_cues`."""
    if boosters is None:
        return _find(text, start, end, quotes, _shipped_boosters())
    compiled = _compile(((BOOSTER, _entries(boosters, "boosters")), _exclusions()))
    return _find(text, start, end, quotes, compiled)


_BEHIND = re.compile(r"[\w-]")
Found = tuple[tuple[int, int, str], ...]


@lru_cache(maxsize=2**13)
def _sentence_matches(sentence: str) -> tuple[Found, Found]:
    """(start, end, kind) of the hedge and of the booster cues of a sentence on its own."""
    hedges = _find(sentence, 0, None, (), _shipped_hedges())
    boosters = _find(sentence, 0, None, (), _shipped_boosters())
    return tuple((c.start, c.end, c.kind) for c in hedges), tuple(
        (c.start, c.end, c.kind) for c in boosters
    )


def _context_free(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has the same cues alone as inside ``text``: the cue regex looks
    behind the start (a word character or hyphen there), and a final "May" looks ahead."""
    if start > 0 and _BEHIND.match(text, start - 1):
        return False
    return not (end < len(text) and text.endswith("May", start, end))


def sentence_cues(
    text: str, start: int, end: int, *, quotes: Sequence[tuple[int, int]] = ()
) -> tuple[list[CueMatch], list[CueMatch]]:
    """The hedge and the booster cues of the sentence ``text[start:end]`` (shipped lexicons).

    The same as :func:`hedge_cues` and :func:`booster_cues` of the region, but each distinct
    sentence is searched once (cached), as the claim model and the report read the same
    sentences.

    Examples
    --------
    >>> text = 'Aid "may be late," she said. It clearly arrived.'
    >>> hedges, boosters = sentence_cues(text, 29, len(text))
    >>> hedges, [(b.text, b.start) for b in boosters]
    ([], [('clearly', 32)])
    """
    if not _context_free(text, start, end):
        return (
            hedge_cues(text, start, end, quotes=quotes),
            booster_cues(text, start, end, quotes=quotes),
        )
    sentence = text[start:end]
    hedges, boosters = _sentence_matches(sentence)

    def cues(found: Found) -> list[CueMatch]:
        return [
            CueMatch(
                start + s, start + e, sentence[s:e], kind, _in_quote(start + s, start + e, quotes)
            )
            for s, e, kind in found
        ]

    return cues(hedges), cues(boosters)
