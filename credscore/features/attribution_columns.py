"""Hashed feature columns of the attribution taggers, computed in numpy from token codes.

A cue tagger reads each token with its neighbours (word, suffix, shape, lexicon classes, word
cluster, quotation, the rule extractor's cues) and its place in the sentence; a role tagger
reads a token of a cue's sentence relative to that cue (side, distance, the cue's words, the
punctuation, quote marks and cues between them, the rule extractor's source and content for the
cue) and says whether it is part of the cue's source, its content, or neither.

Each feature template mixes the codes it reads from
:class:`~credscore.features.attribution_tokens.Tokens` with its own salt, and the mix modulo
``n_features`` is the template's column. A row has one column per template (value 1.0), so a
linear model's score is a sum of gathered weights; no feature strings are built at scoring time.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import scipy.sparse as sp

from credscore.features.attribution_tokens import (
    CLUSTER,
    CUE_MARK,
    LEX,
    N_CODES,
    PLACE,
    QUOTED,
    RULE,
    S3,
    SHAPE,
    WORD,
    Tokens,
)
from credscore.features.word_clusters import word_code

__all__ = [
    "CUE_TEMPLATES",
    "ROLE_TEMPLATES",
    "Template",
    "columns_matrix",
    "cue_columns",
    "role_columns",
]

#: a cue feature template: its name and the (offset, attribute) codes it mixes
Template = tuple[str, tuple[tuple[int, int], ...]]
_DISTANCES = np.array([1, 2, 3, 4, 6, 9, 14])  # buckets: 1, 2, 3, 4, 5-6, 7-9, 10-14, 15+

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
    edge = _edges(N_CODES)[0 if off < 0 else 1][WORD]
    return np.where(same, t.codes[k, WORD], edge)


def _between(
    marks: np.ndarray, j: np.ndarray, a: np.ndarray, b: np.ndarray, left: np.ndarray
) -> np.ndarray:
    """Bit mask of the marks on tokens strictly between each token ``j`` and its cue."""
    bits = (marks[:, None] >> np.arange(CUE_MARK + 1)) & 1
    counts = np.vstack([np.zeros((1, bits.shape[1]), np.int64), np.cumsum(bits, axis=0)])
    lo = np.where(left, j + 1, b)
    hi = np.where(left, a, j)
    present = (counts[hi] - counts[lo]) > 0
    return present.astype(np.int64) @ (1 << np.arange(CUE_MARK + 1))


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
