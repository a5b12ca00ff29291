"""An article's tokens for the learned attribution model, as arrays of attribute codes.

Each token carries 32-bit murmur codes of its word, suffix, lexicon class, shape, quotation,
the rule extractor's cue tag, its place in the sentence and its word cluster (from
:mod:`credscore.features.word_clusters`), and a bit mask of the marks it is (punctuation, quote
mark, the start of a rule cue). :mod:`credscore.features.attribution_columns` hashes them into
the taggers' feature columns.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain

import numpy as np

from credscore.clean import agency_aliases
from credscore.features.alias_tables import state_media_aliases
from credscore.features.word_clusters import cluster_of, word_code
from credscore.lexicons import TOKEN, load_lexicon

__all__ = [
    "CLUSTER",
    "CUE_MARK",
    "LEX",
    "N_CODES",
    "PLACE",
    "QUOTED",
    "RULE",
    "S3",
    "SHAPE",
    "WORD",
    "Tokens",
    "article_tokens",
    "join_tokens",
    "source_edge",
    "span_tags",
    "token_ranges",
    "words",
]

Range = tuple[int, int]

_QUOTES = frozenset("\"“”‘’'")
#: marks a role row records between a token and its cue, one bit each
_MARKS = {",": 0, ":": 1, ";": 2, "—": 3, "–": 3, "(": 4, "q": 5}
CUE_MARK = 6
_SOURCE_LEXICONS = ("roles", "anonymous", "documents", "experts", "organizations")
_GRAMMAR_CLASSES = frozenset(("subjects", "objects", "clause", "preps", "dets", "finite"))

# token attribute columns of Tokens.codes
WORD, S3, LEX, SHAPE, QUOTED, RULE, PLACE, CLUSTER = range(8)
N_CODES = 8

@dataclass(frozen=True, slots=True)
class Tokens:
    """An article's sentence tokens, as parallel arrays in text order."""

    spans: np.ndarray  # (n, 2) character ranges
    bounds: np.ndarray  # (sentences + 1,): sentence k holds tokens bounds[k]:bounds[k + 1]
    sentence: np.ndarray  # (n,) sentence index of each token
    codes: np.ndarray  # (n, 8) uint64 attribute codes (WORD, S3, ..., CLUSTER)
    marks: np.ndarray  # (n,) bit mask: punctuation, quote mark, rule cue start

    def __len__(self) -> int:
        return len(self.spans)


def words(text: str) -> list[str]:
    """The lowercased tokens of ``text``, as the taggers split it (words and punctuation)."""
    return [token.lower() for token in TOKEN.findall(text)]


@cache
def _lexicon_classes() -> dict[str, str]:
    """Lowercased word -> its lexicon classes joined by "+" (verb tags, hedges, source heads)."""
    classes: dict[str, set[str]] = {}

    def add(word: str, name: str) -> None:
        classes.setdefault(word.lower(), set()).add(name)

    for entry in load_lexicon("attribution_verbs"):
        form, _, tag = entry.partition("\t")
        words = form.split()
        add(words[0], f"verb{tag}" if len(words) == 1 else "verb_first")
    for name in ("hedge_doxastic", "hedge_evidential", "weasel_attribution"):
        for entry in load_lexicon(name):
            add(entry.split()[-1], name.split("_")[1])
    for name in _SOURCE_LEXICONS:
        for entry in load_lexicon(f"source_{name}"):
            add(entry.partition("\t")[0].split()[-1], f"src_{name}")
    for alias in (*agency_aliases(), *state_media_aliases()):
        add(alias.split()[-1], "src_media")
    for entry in load_lexicon("attribution_grammar"):
        name, _, words = entry.partition("\t")
        if name in _GRAMMAR_CLASSES:
            for word in words.split():
                add(word, name)
    return {word: "+".join(sorted(names)) for word, names in classes.items()}


@cache
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    """Clause openers and prepositions, and -ly words that are not adverbs (``family``)."""
    rows = dict(e.split("\t", 1) for e in load_lexicon("attribution_grammar"))
    preps = set(rows["preps"].split()) - set(rows["dets"].split())  # not "this"
    return frozenset(set(rows["clause"].split()) | preps), frozenset(rows["not_adverbs"].split())


def source_edge(token: str) -> bool:
    """Whether no source phrase starts or ends with ``token``.

    Punctuation, clause openers and prepositions (``attribution_grammar.txt``) and lowercase
    -ly adverbs: "and officials", "Kim with", "privately".

    Examples
    --------
    >>> [source_edge(w) for w in ("and", ",", "privately", "family", "Kim", "the")]
    [True, True, True, False, False, False]
    """
    words, not_adverbs = _function_words()
    low = token.lower()
    adverb = token.islower() and token.endswith("ly") and token not in not_adverbs
    return not token[0].isalnum() or low in words or adverb


def _shape(token: str) -> str:
    """A coarse shape: ``Xx``, ``x``, ``X``, ``d``, ``q`` (a quote mark) or the punctuation."""
    if token[0].isalpha():
        if token.islower():
            return "x"
        return "X" if token.isupper() and len(token) > 1 else "Xx"
    if token[0].isdigit():
        return "d"
    return "q" if token in _QUOTES else token[:1]


def _token_codes(token: str) -> tuple[int, int, int, int, int]:
    """A token's WORD, S3 (suffix), LEX and SHAPE codes and its mark bits."""
    word, shape = token.lower(), _shape(token)
    mark = _MARKS.get(shape)
    return (
        word_code(word),
        word_code(word[-3:]) if len(word) > 3 else 0,
        word_code(_lexicon_classes().get(word, "")),
        word_code(shape),
        0 if mark is None else 1 << mark,
    )


class _CodeTable:
    """The :func:`_token_codes` of each distinct token seen, numbered as first seen, so an
    article's codes are one gather: word frequencies are Zipfian, and a long run computes most
    tokens' codes once. It is emptied when its tokens plus the next call's (counted whether
    new or not) would pass ``limit`` (bounded memory), and locked while read, as scorers may
    share it across threads."""

    def __init__(self, limit: int = 1 << 16) -> None:  # full at 2**17 tokens it held 29 MB
        self.limit = limit
        self._lock = threading.Lock()
        self._empty()

    def _empty(self) -> None:
        self._ids: dict[str, int] = {}
        self._rows = np.zeros((1 << 12, 5), dtype=np.uint64)

    def codes(self, tokens: Sequence[str]) -> np.ndarray:
        """The (n, 5) codes of ``tokens``, as :func:`_token_codes` gives them."""
        with self._lock:
            if len(self._ids) + len(tokens) > self.limit:
                self._empty()
            get, at = self._ids.get, []
            for token in tokens:
                k = get(token)
                at.append(self._add(token) if k is None else k)
            return self._rows[np.array(at, dtype=np.int64)]

    def _add(self, token: str) -> int:
        k = len(self._ids)
        if k == len(self._rows):
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
        self._rows[k] = _token_codes(token)
        self._ids[token] = k
        return k


_CODES = _CodeTable()


def article_tokens(
    text: str,
    sentences: Sequence[Range],
    quotes: Sequence[Range],
    rule_cues: Sequence[Range] = (),
    clusters: tuple[np.ndarray, np.ndarray] | None = None,
) -> Tokens:
    """The tokens of each sentence range of ``text``, with their attribute codes.

    ``quotes`` are sorted, disjoint quotation ranges; ``rule_cues`` the rule extractor's cues;
    ``clusters`` the sorted word codes and cluster numbers of
    :func:`~credscore.features.word_clusters.word_clusters`.
    """
    matches = [m for start, end in sentences for m in TOKEN.finditer(text, start, end)]
    n = len(matches)
    spans = np.fromiter(chain.from_iterable(m.span() for m in matches), np.int64, 2 * n)
    spans = spans.reshape(n, 2)
    starts = np.array([s for s, _ in sentences], dtype=np.int64).reshape(-1)
    sentence = np.searchsorted(starts, spans[:, 0], side="right") - 1
    bounds = np.searchsorted(sentence, np.arange(len(sentences) + 1), side="left")
    found = _CODES.codes([m.group() for m in matches]).reshape(n, 5)
    codes = np.zeros((n, N_CODES), dtype=np.uint64)
    codes[:, : SHAPE + 1] = found[:, :4]
    rule = span_tags(spans, rule_cues)
    codes[:, QUOTED] = _inside(spans[:, 0], quotes)
    codes[:, RULE] = rule
    codes[:, PLACE] = _place(bounds, sentence, codes)
    if clusters is not None:
        codes[:, CLUSTER] = cluster_of(codes[:, WORD], clusters)
    marks = found[:, 4].astype(np.int64) | ((rule == 1) << CUE_MARK)
    return Tokens(spans, bounds, sentence, codes, marks)


def join_tokens(parts: Sequence[Tokens]) -> Tokens:
    """The tokens of several articles end to end, as one: sentences and tokens numbered on
    across them (the spans stay each article's own character offsets)."""
    if len(parts) == 1:
        return parts[0]
    at = np.cumsum([0] + [len(t) for t in parts])
    sentences = np.cumsum([0] + [len(t.bounds) - 1 for t in parts])
    bounds = [t.bounds[:-1] + at[k] for k, t in enumerate(parts)]
    return Tokens(
        spans=np.concatenate([t.spans for t in parts]).reshape(-1, 2),
        bounds=np.concatenate([*bounds, at[-1:]]),
        sentence=np.concatenate([t.sentence + sentences[k] for k, t in enumerate(parts)]),
        codes=np.concatenate([t.codes for t in parts]).reshape(-1, N_CODES),
        marks=np.concatenate([t.marks for t in parts]),
    )


def _inside(starts: np.ndarray, quotes: Sequence[Range]) -> np.ndarray:
    """1 where a position lies strictly inside a quotation (not on its marks), else 0."""
    if not quotes:
        return np.zeros(len(starts), dtype=np.uint64)
    q = np.array(quotes, dtype=np.int64)
    k = np.searchsorted(q[:, 0], starts, side="right") - 1
    inside = (k >= 0) & (starts > q[k, 0]) & (starts < q[k, 1] - 1)
    return inside.astype(np.uint64)


def _place(bounds: np.ndarray, sentence: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """A code for where each token sits: from the start, from the end, after/before a quote."""
    n = len(sentence)
    index = np.arange(n)
    from_start = np.minimum(index - bounds[sentence], 5)
    from_end = np.minimum(bounds[sentence + 1] - 1 - index, 3)
    quote = codes[:, SHAPE] == word_code("q")
    ends = np.isin(codes[:, WORD], [word_code(","), word_code("?"), word_code("!")])
    after = np.zeros(n, dtype=bool)
    after[2:] = quote[1:-1] & ends[:-2] & (from_start[2:] >= 2)
    ahead = np.zeros(n, dtype=bool)
    for k in (1, 2, 3):
        ahead[:-k] |= quote[k:] & (sentence[k:] == sentence[:-k])
    return ((from_start * 4 + from_end) * 4 + after * 2 + ahead + 1).astype(np.uint64)


def token_ranges(spans: np.ndarray, ranges: Sequence[Range]) -> np.ndarray:
    """``(first, last + 1)`` token indices each character range overlaps (first == last: none).

    Examples
    --------
    >>> token_ranges(np.array([[0, 3], [4, 8], [9, 11]]), [(4, 11), (3, 4)]).tolist()
    [[1, 3], [1, 1]]
    """
    r = np.array(ranges, dtype=np.int64).reshape(-1, 2)
    first = np.searchsorted(spans[:, 1], r[:, 0], side="right")
    last = np.searchsorted(spans[:, 0], r[:, 1], side="left")
    return np.stack([first, np.maximum(first, last)], axis=1)


def span_tags(spans: np.ndarray, ranges: Sequence[Range]) -> np.ndarray:
    """B/I/O of each token against character ``ranges`` as 1/2/0 (overlapping tokens are in).

    Examples
    --------
    >>> span_tags(np.array([[0, 3], [4, 8], [9, 11], [12, 13]]), [(4, 11)]).tolist()
    [0, 1, 2, 0]
    """
    tags = np.zeros(len(spans), dtype=np.int64)
    for first, last in token_ranges(spans, ranges).tolist():
        if first < last:
            tags[first] = 1
            tags[first + 1 : last] = 2
    return tags
