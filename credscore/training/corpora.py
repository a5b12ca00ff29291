"""The public corpora under the data folder, with the train/dev carving used everywhere.

Dev splits are carved once, here, so that the shipped bundle, its model card and the
benchmarks all hold out the same rows: CoNLL-2010 Wikipedia, a seeded 20% of its rows in whole
blocks of 50 consecutive rows (the file keeps each Wikipedia paragraph's sentences together, so
random rows would put one paragraph on both sides, and the official test is other articles);
Pei & Jurgens, the corpus's own ``val`` split; Emergent, 20% of claims (whole claims, so no
claim is on both sides), seeded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from credscore.errors import TrainingDataError
from credscore.training.datasets import ClaimExample, carve_dev, read_aspects, read_claims

__all__ = [
    "ASPECT_FILE",
    "CLAIM_CORPORA",
    "CONLL_BLOCK",
    "ClaimSplit",
    "aspect_train",
    "claim_splits",
    "data_dir",
]

SEED = 0
#: consecutive CoNLL-2010 rows held out together (about a Wikipedia article's worth)
CONLL_BLOCK = 50
#: corpus name -> (path under the data folder, reader format)
CLAIM_CORPORA = {
    "conll2010": ("conll2010_wiki/train.csv", "conll2010"),
    "pei-jurgens": ("pei_jurgens/sentence-level-certainty.jsonl", "pei-jurgens"),
    "emergent": ("emergent/train.csv", "emergent"),
}

#: Pei & Jurgens aspect-level certainty under the data folder (auxiliary labels, train rows only)
ASPECT_FILE = "pei_jurgens/aspect-level-certainty.jsonl"


@dataclass(frozen=True)
class ClaimSplit:
    """One corpus's train and dev examples and the file they came from."""

    name: str
    path: Path
    train: list[ClaimExample]
    dev: list[ClaimExample]


def data_dir(path: str | Path | None = None) -> Path:
    """The data folder: ``path``, else $CREDSCORE_DATA, else ../shared/data beside the repo."""
    candidates = [path, os.environ.get("CREDSCORE_DATA")]
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "data")
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise TrainingDataError("no data folder found; pass --data DIR or set CREDSCORE_DATA")


def _split(name: str, path: Path, examples: list[ClaimExample]) -> ClaimSplit:
    if name == "pei-jurgens":
        train = [e for e in examples if e.split == "train"]
        dev = [e for e in examples if e.split == "val"]
        return ClaimSplit(name, path, train, dev)
    groups = None
    if name == "emergent":
        groups = [e.group for e in examples]
    elif name == "conll2010":
        groups = [i // CONLL_BLOCK for i in range(len(examples))]
    train_idx, dev_idx = carve_dev(len(examples), fraction=0.2, groups=groups, seed=SEED)
    return ClaimSplit(name, path, [examples[i] for i in train_idx], [examples[i] for i in dev_idx])


def claim_splits(root: str | Path | None = None) -> dict[str, ClaimSplit]:
    """Train/dev splits of every claim corpus under the data folder."""
    base = data_dir(root)
    out = {}
    for name, (relative, fmt) in CLAIM_CORPORA.items():
        path = base / relative
        out[name] = _split(name, path, read_claims(path, format=fmt))
    return out


def aspect_train(
    root: str | Path | None = None, *, exclude: Iterable[str] = ()
) -> tuple[list[str], np.ndarray]:
    """The aspect file's ``train`` rows whose finding is not in ``exclude`` (pass every dev
    sentence: the aspect ``train`` split holds some sentence-level ``val`` findings): texts and
    0/1 columns "aspect is Certain", "aspect is Uncertain" per aspect."""
    held_out = {" ".join(text.split()) for text in exclude}
    rows = [
        e
        for e in read_aspects(data_dir(root) / ASPECT_FILE)
        if e.split == "train" and e.text not in held_out
    ]
    labels = np.array(
        [[label == kind for label in e.labels for kind in ("Certain", "Uncertain")] for e in rows],
        dtype=np.int8,
    ).reshape(len(rows), -1)
    return [e.text for e in rows], labels
