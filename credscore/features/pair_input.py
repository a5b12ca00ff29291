"""The (claim, body) pairs a pair transformer takes: checked, and their distinct texts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["as_pairs", "unique_texts"]


def unique_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts (first-seen order) and, per input, the index of its text."""
    index: dict[str, int] = {}
    of = np.fromiter((index.setdefault(t, len(index)) for t in texts), np.int64, len(texts))
    return list(index), of


def as_pairs(X: Any) -> list[tuple[str, str]]:
    """``X`` as a list of (claim, body) str pairs; anything else is a clear error."""
    if isinstance(X, str):
        raise TypeError("expected (claim, body) pairs, got a single str")
    if hasattr(X, "to_numpy"):  # pandas DataFrame
        X = X.to_numpy(dtype=object)
    rows: Iterable[Sequence[Any]] = X
    pairs = []
    for i, row in enumerate(rows):
        if isinstance(row, str) or not hasattr(row, "__len__") or len(row) != 2:
            raise ValueError(
                f"expected (claim, body) pairs: 2-tuples or a 2-column array; item {i} is "
                f"{_short(row)}"
            )
        claim, body = row[0], row[1]
        if not isinstance(claim, str) or not isinstance(body, str):
            bad = claim if not isinstance(claim, str) else body
            raise TypeError(
                f"expected (claim, body) pairs of str; item {i} holds {type(bad).__name__}"
            )
        pairs.append((claim, body))
    return pairs


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
