"""Timing check (not a test): how fast and how well story grouping runs on synthetic batches."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from credscore.scoring.corroboration.stories import find_stories

__all__ = ["synthetic_texts", "timing"]


def synthetic_texts(n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """``n`` synthetic articles of ~300 words in stories of 1-12, and their story numbers.

    Background words follow a Zipf law over 40,000 pseudo-words; each story has 30 topic words
    that make up a quarter of each of its articles' words; a fifth of the articles are copies of
    their story's first article with 5% of the words changed (syndication).
    """
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = np.array(
        ["".join(rng.choice(letters, size=int(rng.integers(4, 10)))) for _ in range(40_000)]
    )
    zipf = 1.0 / np.arange(1, len(vocab) + 1)
    background = rng.choice(len(vocab), size=(n, 300), p=zipf / zipf.sum())
    texts: list[str] = []
    truth: list[int] = []
    story = 0
    while len(texts) < n:
        topic = rng.choice(len(vocab), size=30, replace=False)
        first = None
        for _ in range(min(int(rng.integers(1, 13)), n - len(texts))):
            words = background[len(texts)]
            if first is not None and rng.random() < 0.2:
                edit = rng.random(300) < 0.05
                words = np.where(edit, words, first)
            else:
                mask = rng.random(300) < 0.25
                words[mask] = rng.choice(topic, size=int(mask.sum()))
                first = words if first is None else first
            texts.append(" ".join(vocab[words].tolist()))
            truth.append(story)
        story += 1
    return texts, np.array(truth)


def timing(sizes: Sequence[int]) -> None:
    """Print how long story grouping takes on synthetic batches and how well it finds them.

    Run: ``python -c "from credscore.scoring.corroboration import _timing; _timing([1000])"``.
    Pair precision and recall compare same-story pairs found with those made.
    """
    for n in sizes:
        texts, truth = synthetic_texts(n)
        start = time.perf_counter()
        found = find_stories(texts)
        seconds = time.perf_counter() - start
        i = found.pairs[0]
        both = _pairs_within(found.labels * (int(truth.max()) + 1) + truth)
        made, got = _pairs_within(truth), _pairs_within(found.labels)
        print(
            f"{n:>7} articles: {seconds:6.2f} s, {len(i):>9,} similar pairs verified "
            f"({len(i) / n:.1f} per article), {len(set(found.labels.tolist())):>6} stories "
            f"found / {len(set(truth.tolist()))} made, pair precision {both / max(1, got):.4f} "
            f"recall {both / max(1, made):.4f}"
        )


def _pairs_within(labels: np.ndarray) -> int:
    """How many pairs share a label."""
    counts = np.unique(labels, return_counts=True)[1].astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())
