"""Training data for the stance model: FNC-1's dev carving and statement-shaped pairs.

FNC-1 trains the model on whole article bodies, the setting in which the story step and
:meth:`Scorer.stance` use it. ``statements`` adds, for every pair whose body runs past three
sentences, a statement-shaped copy: the claim against the body sentence that shares the most
content words with it, with the pair's label. That keeps the FNC score on the dev bodies
(88.51 against 88.52) and lifts macro-F1 on statement-shaped dev pairs from 0.653 to 0.715
(benchmarks/RESULTS.md, "Stance (FNC-1 dev)"), for callers of
:func:`credscore.scoring.stance.predict_stance` and ``credscore evaluate stance`` on single
sentences. credscore itself sends statements to the statement rules, which read a statement's
own stance better (README, "Stances").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sklearn.pipeline import Pipeline

from credscore._segment import paragraphs, sentence_spans
from credscore.errors import TrainingDataError
from credscore.features.pairs import stem
from credscore.scoring.corroboration.stance_rules import is_statement
from credscore.scoring.stance import STANCES, fit_stance
from credscore.training.corpora import data_dir
from credscore.training.datasets import StanceExample, carve_dev, read_stance

__all__ = [
    "FNC1_FILES",
    "StanceSplit",
    "best_sentence",
    "fnc1_split",
    "statement_pairs",
    "train_stance",
]

SEED = 0
#: FNC-1 stances and bodies under the data folder
FNC1_FILES = ("fnc1/train_stances.csv", "fnc1/train_bodies.csv")
_MAX_SENTENCES = 40  # sentences read per body when looking for the best one
_WORD = re.compile(r"[^\W_]+")
_STOP = frozenset(
    "a an the of to in on at by for with from and or but is are was were be been has have had "
    "it its this that these those as he she they we you i his her their our not no".split()
)


@dataclass(frozen=True)
class StanceSplit:
    """FNC-1's train and dev pairs (20% of bodies held out) and the files they came from."""

    stances: Path
    bodies: Path
    train: list[StanceExample]
    dev: list[StanceExample]


def fnc1_split(data: str | Path | None = None) -> StanceSplit:
    """FNC-1 train split into train and dev: a seeded 20% of bodies, no body on both sides."""
    root = data_dir(data)
    stances, bodies = (root / name for name in FNC1_FILES)
    examples = read_stance(stances, bodies=bodies)
    train, dev = carve_dev(
        len(examples), fraction=0.2, groups=[e.body_id for e in examples], seed=SEED
    )
    return StanceSplit(stances, bodies, [examples[i] for i in train], [examples[i] for i in dev])


def _terms(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def _sentences(text: str) -> list[str]:
    spans = [span for s, e in paragraphs(text) for span in sentence_spans(text, s, e)]
    return [text[s:e] for s, e in spans]


def best_sentence(claim: str, body: str) -> str | None:
    """The body sentence sharing the most content words with the claim (the first of equals);
    None when the body has at most three sentences, i.e. is a statement already.

    Examples
    --------
    >>> body = ("Rain fell all day. The mayor said the bridge reopened on Friday. "
    ...         "Traffic was light. Shops stayed shut.")
    >>> best_sentence("The bridge reopened on Friday", body)
    'The mayor said the bridge reopened on Friday.'
    """
    if is_statement(body):
        return None
    sentences = _sentences(body) or [body]
    claim_terms = _terms(claim)
    overlaps = [len(claim_terms & _terms(s)) for s in sentences[:_MAX_SENTENCES]]
    return sentences[overlaps.index(max(overlaps))]


def statement_pairs(examples: Sequence[StanceExample]) -> list[StanceExample]:
    """A statement-shaped copy of every pair whose body is longer than three sentences."""
    out = []
    for e in examples:
        sentence = best_sentence(e.claim, e.body)
        if sentence is not None:
            out.append(replace(e, body=sentence))
    return out


def train_stance(
    examples: Sequence[StanceExample],
    *,
    statements: bool = True,
    pipeline: Pipeline | None = None,
) -> Pipeline:
    """Fit the stance model on labelled pairs (plus their statement-shaped copies when
    ``statements``); refuses an empty set or a single stance."""
    if not examples:
        raise TrainingDataError("no stance pairs; give claim, body and stance rows")
    labels = {e.stance for e in examples}
    if len(labels) < 2:
        raise TrainingDataError(
            f"training data has one stance only ({sorted(labels)[0]}); give at least two of "
            f"{', '.join(STANCES)}"
        )
    pairs = list(examples) + (statement_pairs(examples) if statements else [])
    return fit_stance(
        [e.claim for e in pairs],
        [e.body for e in pairs],
        [e.stance for e in pairs],
        pipeline=pipeline,
    )
