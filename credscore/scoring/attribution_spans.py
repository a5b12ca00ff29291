"""From the attribution taggers' scores to spans: softmax over hashed columns, cue runs from
per-token tags, and source and content ranges grown around their best token."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from credscore.features.attribution_tokens import Tokens, source_edge

__all__ = [
    "beside",
    "decode_cues",
    "decode_span",
    "inside",
    "over_quotes",
    "softmax_scores",
    "source_words",
    "token_chars",
]

Range = tuple[int, int]


def softmax_scores(coef: np.ndarray, intercept: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Probabilities (rows, 3) of labels 0, 1, 2 given hashed columns and labels 1, 2's weights."""
    scores = np.zeros((len(columns), 3))
    weights = np.take(coef, columns.T, axis=1).astype(np.float32)  # (labels, templates, rows)
    scores[:, 1:] = weights.sum(axis=1).T + intercept
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    return scores / scores.sum(axis=1, keepdims=True)


def decode_cues(
    begin: np.ndarray, inside: np.ndarray, first: np.ndarray, threshold: float
) -> np.ndarray:
    """Cue token ranges from per-token P(begin) and P(inside); ``first`` marks sentence starts.

    A token is in a cue when P(begin) + P(inside) reaches ``threshold``; it continues the cue
    of the token before it (same sentence) when P(inside) is above P(begin).

    Examples
    --------
    >>> b, i = np.array([.1, .7, .2, .6]), np.array([.1, .1, .6, .1])
    >>> decode_cues(b, i, np.array([True, False, False, False]), 0.5).tolist()
    [[1, 3], [3, 4]]
    """
    cue = begin + inside >= threshold
    continues = cue & (inside > begin) & ~first
    continues[1:] &= cue[:-1]
    continues[0] = False
    starts = np.flatnonzero(cue & ~continues)
    ends = np.flatnonzero(cue & ~np.append(continues[1:], False)) + 1
    return np.stack([starts, ends], axis=1)


def decode_span(
    scores: np.ndarray, js: np.ndarray, threshold: float, bridge: Range = (0, 0)
) -> Range | None:
    """The token range around the best-scoring token, if it reaches ``threshold``.

    ``js`` are the token indices of ``scores``, ascending; the tokens they skip (the cue) are
    passed over. The range grows over neighbours scoring at least half of ``threshold``, and
    over the tokens of ``bridge`` (the source) when a scoring token lies beyond them.

    Examples
    --------
    >>> decode_span(np.array([.1, .9, .2, .4, .1]), np.array([0, 1, 3, 4, 5]), 0.6, (3, 4))
    (1, 5)
    """
    if not len(scores) or scores.max() < threshold:
        return None
    values, tokens = scores.tolist(), js.tolist()
    best, keep = int(scores.argmax()), threshold / 2

    def grow(step: int) -> int:
        edge, k = best, best + step
        while 0 <= k < len(values):
            if values[k] >= keep:
                edge = k
            elif not bridge[0] <= tokens[k] < bridge[1]:
                break
            k += step
        return tokens[edge]

    return grow(-1), grow(1) + 1


def beside(r: Range, cue: Range) -> Range:
    """Token range ``r`` without the cue: a source grown across it ("said Leonard Mayhew")
    keeps its longer side, the later one on a tie."""
    if not (r[0] < cue[1] and cue[0] < r[1]):
        return r
    before, after = (r[0], max(r[0], cue[0])), (min(r[1], cue[1]), r[1])
    return before if before[1] - before[0] > after[1] - after[0] else after


def inside(r: Range, outer: Range) -> bool:
    """Whether token range ``r`` lies within ``outer``."""
    return outer[0] <= r[0] and r[1] <= outer[1]


def source_words(text: str, t: Tokens, r: Range) -> Range | None:
    """Token range ``r`` without :func:`source_edge` tokens at its edges; None if empty."""
    first, last = r
    spans = t.spans
    while first < last and source_edge(text[spans[first, 0] : spans[first, 1]]):
        first += 1
    while last > first and source_edge(text[spans[last - 1, 0] : spans[last - 1, 1]]):
        last -= 1
    return (first, last) if first < last else None


def token_chars(t: Tokens, r: Range) -> Range:
    """The character range of tokens ``r``."""
    return int(t.spans[r[0], 0]), int(t.spans[r[1] - 1, 1])


def over_quotes(r: Range, quotes: Sequence[Range]) -> Range:
    """``r`` grown to cover every quotation it overlaps (a quote that runs past the sentence)."""
    start, end = r
    for q in quotes:
        if q[0] < end and start < q[1]:
            start, end = min(start, q[0]), max(end, q[1])
    return start, end
