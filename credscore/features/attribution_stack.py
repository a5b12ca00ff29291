"""The two cue passes' templates, and what the second reads of the first's probabilities.

The first cue tagger reads a cheap part of the cue templates (:data:`FIRST_PASS_TEMPLATES`). The
second, fitted on every token, rescores those the first gives at least :data:`RESCORED` P(cue)
(the others score too low to change: the same cues, faster). It reads all the cue templates and
these: the first's P(cue) of the token and of its neighbours (five buckets each) and the highest
P(cue) of any other token of the sentence (four buckets): a word next to a likely cue, or in a
sentence that already has one, reads differently.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from credscore.features.attribution_columns import CUE_TEMPLATES, Template
from credscore.features.attribution_tokens import WORD, Tokens
from credscore.features.word_clusters import word_code

__all__ = [
    "FIRST",
    "FIRST_PASS_TEMPLATES",
    "OTHERS",
    "RESCORED",
    "STACK_TEMPLATES",
    "first_pass_tokens",
    "others_best",
]

# attribute columns the second pass adds to Tokens.codes
FIRST, OTHERS = 8, 9
_FIRST_CODES = np.array([word_code(f"first{k}") for k in range(5)], dtype=np.uint64)
_OTHERS_CODES = np.array([word_code(f"others{k}") for k in range(4)], dtype=np.uint64)

_FIRST_PASS = frozenset(("w", "s3", "lx", "sh", "q", "rc", "place", "c"))
_FIRST_PASS_NEIGHBOURS = frozenset(("w-1", "w+1", "rc-1", "rc+1", "lx-1", "lx+1"))

#: the first cue pass's templates: the token's own attributes and its neighbours' words, rule
#: cues and lexicon classes
FIRST_PASS_TEMPLATES: tuple[Template, ...] = tuple(
    t for t in CUE_TEMPLATES if t[0] in _FIRST_PASS | _FIRST_PASS_NEIGHBOURS
)

#: the first pass's P(cue) below which a token is not rescored (it stays no cue)
RESCORED = 0.05

#: the second cue tagger's templates: all the cue templates, and the first pass's buckets
STACK_TEMPLATES: tuple[Template, ...] = (
    *CUE_TEMPLATES,
    *((f"p{off:+d}", ((off, FIRST),)) for off in (-2, -1, 0, 1, 2)),
    ("p-1.p+1", ((-1, FIRST), (1, FIRST))),
    ("p.w", ((0, FIRST), (0, WORD))),
    ("others", ((0, OTHERS),)),
    ("others.p", ((0, OTHERS), (0, FIRST))),
)


def others_best(p: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """For each token, the highest ``p`` of the other tokens of its sentence (0 if none).

    Examples
    --------
    >>> others_best(np.array([0.1, 0.7, 0.3, 0.2]), np.array([0, 3, 4])).tolist()
    [0.7, 0.3, 0.7, 0.0]
    """
    out = np.zeros(len(p))
    starts = bounds[:-1][bounds[:-1] < bounds[1:]]  # the non-empty sentences
    if not len(starts):
        return out
    sentence = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(p))))
    best = np.maximum.reduceat(p, starts)
    tops = np.flatnonzero(p == best[sentence])
    top = tops[np.unique(sentence[tops], return_index=True)[1]]  # each sentence's first best
    rest = p.copy()
    rest[top] = -1.0
    out[:] = best[sentence]
    out[top] = np.maximum(np.maximum.reduceat(rest, starts), 0.0)
    return out


def first_pass_tokens(t: Tokens, p: np.ndarray) -> Tokens:
    """``t`` with the first pass's P(cue) ``p`` of each token bucketed in two more attributes."""
    first = _FIRST_CODES[np.minimum((p * 5).astype(np.int64), 4)]
    others = _OTHERS_CODES[np.minimum((others_best(p, t.bounds) * 4).astype(np.int64), 3)]
    return dataclasses.replace(t, codes=np.column_stack([t.codes, first, others]))
