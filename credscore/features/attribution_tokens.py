"""Token features for the learned attribution model: an article's tokens and what taggers read.

A cue tagger reads each token with its neighbours (word, suffix, shape, lexicon classes, word
cluster, quotation, the rule extractor's cues) and its place in the sentence; a role
tagger reads a token of a cue's sentence relative to that cue (side, distance, the cue's words,
the punctuation, quote marks and cues between them, the rule extractor's source and content for
the cue) and says whether it is part of the cue's source, its content, or neither.

Features are hashed in numpy: each token attribute is a 32-bit murmur code (word clusters come
from :mod:`credscore.features.word_clusters`), each feature
template mixes the codes it reads with its own salt, and the mix modulo ``n_features`` is the
template's column. A row has one column per template (value 1.0), so a linear model's score is
a sum of gathered weights; no feature strings are built at scoring time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

import numpy as np
import scipy.sparse as sp

from credscore._clean import agency_aliases
from credscore.features._lexicon import load_lexicon
from credscore.features.alias_tables import state_media_aliases
from credscore.features.word_clusters import cluster_of, word_code

__all__ = [
    "CUE_TEMPLATES",
    "ROLE_TEMPLATES",
    "Template",
    "Tokens",
    "article_tokens",
    "columns_matrix",
    "cue_columns",
    "role_columns",
    "source_edge",
    "span_tags",
    "token_ranges",
    "words",
]

Range = tuple[int, int]
#: a cue feature template: its name and the (offset, attribute) codes it mixes
Template = tuple[str, tuple[tuple[int, int], ...]]

_TOKEN = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*|[^\w\s]")
_QUOTES = frozenset("\"“”‘’'")
#: marks a role row records between a token and its cue, one bit each
_MARKS = {",": 0, ":": 1, ";": 2, "—": 3, "–": 3, "(": 4, "q": 5}
_CUE_MARK = 6
_SOURCE_LEXICONS = ("roles", "anonymous", "documents", "experts", "organizations")
_GRAMMAR_CLASSES = frozenset(("subjects", "objects", "clause", "preps", "dets", "finite"))
_DISTANCES = np.array([1, 2, 3, 4, 6, 9, 14])  # buckets: 1, 2, 3, 4, 5-6, 7-9, 10-14, 15+

# token attribute columns of Tokens.codes
WORD, S3, LEX, SHAPE, QUOTED, RULE, PLACE, CLUSTER = range(8)
_N_CODES = 8

#: cue tagger templates: (name, ((offset, attribute), ...)); offsets stay inside the sentence
CUE_TEMPLATES: tuple[Template, ...] = (
    ("w", ((0, WORD),)),
    ("s3", ((0, S3),)),
    ("lx", ((0, LEX),)),
    ("sh", ((0, SHAPE),)),
    ("q", ((0, QUOTED),)),
    ("rc", ((0, RULE),)),
    ("place", ((0, PLACE),)),
    ("rc.lx", ((0, RULE), (0, LEX))),
    ("c", ((0, CLUSTER),)),
    *(
        (f"{name}{off:+d}", ((off, attr),))
        for off in (-1, 1)
        for name, attr in (("w", WORD), ("sh", SHAPE), ("rc", RULE), ("lx", LEX), ("c", CLUSTER))
    ),
    *(
        (f"{name}{off:+d}", ((off, attr),))
        for off in (-2, 2)
        for name, attr in (("w", WORD), ("sh", SHAPE))
    ),
    ("w-1.w", ((-1, WORD), (0, WORD))),
    ("w.w+1", ((0, WORD), (1, WORD))),
    ("sh-1.w", ((-1, SHAPE), (0, WORD))),
    ("w.sh+1", ((0, WORD), (1, SHAPE))),
)

#: role tagger templates: names of the pair attributes each mixes (see :func:`role_columns`)
ROLE_TEMPLATES: tuple[tuple[str, ...], ...] = (
    ("side", "word"),
    ("side", "cluster"),
    ("side", "head_cluster"),
    ("side", "distance", "head_cluster"),
    ("side", "shape"),
    ("side", "lex"),
    ("side", "prev"),
    ("side", "next"),
    ("side", "distance"),
    ("side", "head"),
    ("side", "distance", "head"),
    ("side", "cue_prev"),
    ("side", "cue_next"),
    ("length",),
    ("side", "quoted"),
    ("side", "between"),
    ("side", "between", "shape"),
    ("side", "distance", "shape"),
    ("rule",),
    ("side", "rule"),
)


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
    return [token.lower() for token in _TOKEN.findall(text)]


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


@lru_cache(maxsize=1 << 16)
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
    matches = [m for start, end in sentences for m in _TOKEN.finditer(text, start, end)]
    n = len(matches)
    spans = np.fromiter(chain.from_iterable(m.span() for m in matches), np.int64, 2 * n)
    spans = spans.reshape(n, 2)
    starts = np.array([s for s, _ in sentences], dtype=np.int64).reshape(-1)
    sentence = np.searchsorted(starts, spans[:, 0], side="right") - 1
    bounds = np.searchsorted(sentence, np.arange(len(sentences) + 1), side="left")
    found = chain.from_iterable(_token_codes(m.group()) for m in matches)
    found = np.fromiter(found, np.uint64, 5 * n).reshape(n, 5)
    codes = np.zeros((n, _N_CODES), dtype=np.uint64)
    codes[:, : SHAPE + 1] = found[:, :4]
    rule = span_tags(spans, rule_cues)
    codes[:, QUOTED] = _inside(spans[:, 0], quotes)
    codes[:, RULE] = rule
    codes[:, PLACE] = _place(bounds, sentence, codes)
    if clusters is not None:
        codes[:, CLUSTER] = cluster_of(codes[:, WORD], clusters)
    marks = found[:, 4].astype(np.int64) | ((rule == 1) << _CUE_MARK)
    return Tokens(spans, bounds, sentence, codes, marks)


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


_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(29)


def _mix(salts: np.ndarray, columns: Sequence[np.ndarray], n_features: int) -> np.ndarray:
    """Hash code columns (rows, templates) into ``[0, n_features)``, salted per template."""
    h = np.broadcast_to(salts, columns[0].shape).copy()
    for c in columns:
        h ^= c
        h *= _MIX
        h ^= h >> _SHIFT
    return (h % np.uint64(n_features)).astype(np.int64)


@cache
def _cue_plan(templates: tuple[Template, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Templates as arrays: salts, and the (offset, attribute) of each one's two codes.

    A template of one code reads the constant 0 as its second (attribute -1, a zero column).
    """
    salts = np.array([word_code(name) for name, _ in templates], dtype=np.uint64)
    reads = np.array(
        [[*reads[0], *(reads[1] if len(reads) > 1 else (0, -1))] for _, reads in templates]
    )
    return salts, reads[:, :2], reads[:, 2:]


def _edges(width: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes (``width`` attributes) standing for the tokens before and after a sentence."""
    before, after = np.zeros(width, np.uint64), np.zeros(width, np.uint64)
    before[[WORD, SHAPE]], after[[WORD, SHAPE]] = word_code("<s>"), word_code("</s>")
    return before, after


def _shifted(t: Tokens, off: int, rows: np.ndarray) -> np.ndarray:
    """The codes of each row's token's neighbour at ``off``, or the edge's past its sentence."""
    j = rows + off
    inside = (j >= 0) & (j < len(t))
    j = np.clip(j, 0, max(len(t) - 1, 0))
    same = inside & (t.sentence[j] == t.sentence[rows]) if len(t) else inside
    codes = t.codes[j]
    codes[~same] = _edges(t.codes.shape[1])[0 if off < 0 else 1]
    return codes


def cue_columns(
    t: Tokens,
    n_features: int,
    templates: tuple[Template, ...] = CUE_TEMPLATES,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """A cue tagger's columns: one row per token (or per token of ``rows``), one per template.

    ``templates`` read ``(offset, attribute)`` pairs of ``t.codes``: :data:`CUE_TEMPLATES`, or
    those of :mod:`credscore.features.attribution_stack`'s two passes.
    """
    every, rows = rows is None, np.arange(len(t)) if rows is None else rows
    salts, first, second = _cue_plan(templates)
    offsets = sorted({0, *first[:, 0].tolist(), *second[:, 0].tolist()})
    views = np.stack([t.codes if every and not off else _shifted(t, off, rows) for off in offsets])
    views = np.concatenate([views, np.zeros((*views.shape[:2], 1), np.uint64)], axis=2)
    at = {off: k for k, off in enumerate(offsets)}
    one = views[[at[o] for o in first[:, 0]], :, first[:, 1]].T
    two = views[[at[o] for o in second[:, 0]], :, second[:, 1]].T
    return _mix(salts, [one, two], n_features)


def role_columns(
    t: Tokens, cues: np.ndarray, rules: np.ndarray, n_features: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The role tagger's rows: every token of each cue's sentence outside the cue.

    Parameters
    ----------
    t : Tokens
    cues : ndarray (m, 2)
        Token ranges ``(first, last + 1)`` of the cues; each lies in one sentence.
    rules : ndarray (m, 4)
        Per cue, the token ranges of the rule extractor's source and content for it
        ``(s0, s1, c0, c1)``; all -1 where the rules did not find the cue.
    n_features : int

    Returns
    -------
    token, cue, columns : ndarray
        For each row, its token index, the index of its cue in ``cues`` and one column index
        per :data:`ROLE_TEMPLATES`.
    """
    tokens, owners = [], []
    for m, (a, b) in enumerate(cues.tolist()):
        k = t.sentence[a]
        here = np.arange(t.bounds[k], t.bounds[k + 1])
        keep = here[(here < a) | (here >= b)]
        tokens.append(keep)
        owners.append(np.full(len(keep), m))
    j = np.concatenate(tokens) if tokens else np.zeros(0, dtype=np.int64)
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    attrs = _pair_attributes(t, cues, rules, j, owner)
    attrs[""] = np.zeros(len(j), dtype=np.uint64)
    salts = np.array([word_code("role:" + ".".join(names)) for names in ROLE_TEMPLATES], np.uint64)
    width = max(len(names) for names in ROLE_TEMPLATES)
    padded = [(*names, *[""] * (width - len(names))) for names in ROLE_TEMPLATES]
    columns = [np.stack([attrs[p[k]] for p in padded], axis=1) for k in range(width)]
    return j, owner, _mix(salts, columns, n_features)


def _pair_attributes(
    t: Tokens, cues: np.ndarray, rules: np.ndarray, j: np.ndarray, owner: np.ndarray
) -> dict[str, np.ndarray]:
    """The codes each role template reads, one per (token, cue) row."""
    a, b = cues[owner, 0], cues[owner, 1]
    left = j < a
    distance = np.where(left, a - j, j - b + 1)
    u = np.uint64
    return {
        "side": left.astype(u) + u(1),
        "word": t.codes[j, WORD],
        "shape": t.codes[j, SHAPE],
        "lex": t.codes[j, LEX],
        "prev": _neighbour_word(t, j, -1),
        "next": _neighbour_word(t, j, 1),
        "distance": np.searchsorted(_DISTANCES, distance).astype(u),
        "head": t.codes[a, WORD],
        "cluster": t.codes[j, CLUSTER],
        "head_cluster": t.codes[a, CLUSTER],
        "cue_prev": _neighbour_word(t, a, -1),
        "cue_next": _neighbour_word(t, b - 1, 1),
        "length": np.minimum(b - a, 4).astype(u),
        "quoted": t.codes[j, QUOTED] * u(2) + t.codes[a, QUOTED],
        "between": _between(t.marks, j, a, b, left).astype(u),
        "rule": _rule_tags(rules[owner], j).astype(u),
    }


def _neighbour_word(t: Tokens, at: np.ndarray, off: int) -> np.ndarray:
    """The WORD code of the token ``off`` away from each of ``at``, or the sentence edge's."""
    k = at + off
    inside = (k >= 0) & (k < len(t))
    k = np.clip(k, 0, max(len(t) - 1, 0))
    same = inside & (t.sentence[k] == t.sentence[at]) if len(t) else inside
    edge = _edges(_N_CODES)[0 if off < 0 else 1][WORD]
    return np.where(same, t.codes[k, WORD], edge)


def _between(
    marks: np.ndarray, j: np.ndarray, a: np.ndarray, b: np.ndarray, left: np.ndarray
) -> np.ndarray:
    """Bit mask of the marks on tokens strictly between each token ``j`` and its cue."""
    bits = (marks[:, None] >> np.arange(_CUE_MARK + 1)) & 1
    counts = np.vstack([np.zeros((1, bits.shape[1]), np.int64), np.cumsum(bits, axis=0)])
    lo = np.where(left, j + 1, b)
    hi = np.where(left, a, j)
    present = (counts[hi] - counts[lo]) > 0
    return present.astype(np.int64) @ (1 << np.arange(_CUE_MARK + 1))


def _rule_tags(rules: np.ndarray, j: np.ndarray) -> np.ndarray:
    """1 no rule relation, 2/3/4 source/content/neither in it; +3 when it has no source."""
    s0, s1, c0, c1 = rules.T
    found = s0 >= 0
    tag = np.where((s0 <= j) & (j < s1), 2, np.where((c0 <= j) & (j < c1), 3, 4))
    tag = tag + 3 * (s0 == s1)
    return np.where(found, tag, 1)


def columns_matrix(columns: np.ndarray, n_features: int) -> sp.csr_matrix:
    """A CSR matrix with 1.0 at each row's listed columns (a repeated column adds up)."""
    n, k = columns.shape
    data = np.ones(n * k, dtype=np.float64)
    indptr = np.arange(0, n * k + 1, k, dtype=np.int64)
    matrix = sp.csr_matrix((data, columns.ravel(), indptr), shape=(n, n_features))
    matrix.sum_duplicates()
    return matrix
