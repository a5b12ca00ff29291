"""Training the stance model: FNC-1's claim-disjoint dev split, claim weights, statement copies.

FNC-1 trains the model on whole article bodies; :func:`fnc1_split` holds out whole claims
(:mod:`credscore.training.stance_claims`), as FNC-1's competition test does. :func:`train_stance`
weighs each pair down by the size of its claim (:func:`claim_weights`) and picks the statement
design for data whose bodies are all statements (Emergent's headlines). ``statements`` adds, for
every pair whose body runs past three sentences, a statement-shaped copy: the claim against the
body sentence that shares the most content words with it, with the pair's label. On unseen
claims those copies cost FNC score (benchmarks/RESULTS.md, "Stance (FNC-1 dev)"), so they are
off by default. :func:`train_stance_on_claims` trains on the pairs of chosen claims, for
cross-fitting.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from credscore.errors import TrainingDataError
from credscore.features.pairs import stem
from credscore.scoring.corroboration.stance_rules import is_statement
from credscore.scoring.stance import (
    STANCES,
    STATEMENTS,
    fit_stance,
    stance_pipeline,
    statement_pipeline,
    trained_on,
)
from credscore.segment import paragraphs, sentence_spans
from credscore.training.corpora import data_dir
from credscore.training.datasets import StanceExample, read_stance
from credscore.training.stance_claims import (
    ClaimGroups,
    claim_disjoint_split,
    claim_groups,
    pairs_within,
)

__all__ = [
    "FNC1_FILES",
    "StanceSplit",
    "best_sentence",
    "claim_weights",
    "fnc1_split",
    "statement_pairs",
    "train_stance",
    "train_stance_on_claims",
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
    """FNC-1's train and dev pairs (20% of the claims held out with their headlines and
    bodies), the claims of every pair, and the files they came from.

    ``train_rows`` and ``dev_rows`` index the pairs in FNC-1's file order (as ``groups``);
    ``dropped`` counts the pairs joining a held-out headline to a training body or the other
    way round (all unrelated), which belong to neither side.
    """

    stances: Path
    bodies: Path
    train: list[StanceExample]
    dev: list[StanceExample]
    groups: ClaimGroups
    train_rows: np.ndarray
    dev_rows: np.ndarray
    dev_claims: frozenset[int]
    dropped: int


def fnc1_split(data: str | Path | None = None) -> StanceSplit:
    """FNC-1 train split by claim: a seeded 20% of the claims (:func:`claim_groups`) with all
    their headlines and bodies is dev; no headline and no body is on both sides."""
    root = data_dir(data)
    stances, bodies = (root / name for name in FNC1_FILES)
    examples = read_stance(stances, bodies=bodies)
    groups = claim_groups(examples)
    split = claim_disjoint_split(groups, fraction=0.2, seed=SEED)
    return StanceSplit(
        stances,
        bodies,
        [examples[i] for i in split.train],
        [examples[i] for i in split.dev],
        groups,
        split.train,
        split.dev,
        split.dev_claims,
        len(split.dropped),
    )


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


def claim_weights(examples: Sequence[StanceExample]) -> np.ndarray:
    """A weight per pair, 1 / sqrt(the related pairs of its headline's claim), scaled to mean
    1: FNC-1 pairs each of a claim's headlines with each of its bodies, so a claim with 50
    articles brings 2,500 related pairs and one with 5 brings 25; the root keeps the big claims
    ahead without letting them decide alone what the model learns."""
    groups = claim_groups(examples)
    related = np.asarray([e.stance != "unrelated" for e in examples])
    sizes = np.bincount(groups.headline[related], minlength=groups.n_claims)
    weights = 1.0 / np.sqrt(np.maximum(sizes[groups.headline], 1))
    return weights / weights.mean()


def train_stance(
    examples: Sequence[StanceExample],
    *,
    statements: bool = False,
    pipeline: Pipeline | None = None,
    weigh_claims: bool = True,
) -> Pipeline:
    """Fit the stance model on labelled pairs; refuses an empty set or a single stance.

    Without a ``pipeline``, pairs whose bodies are all statements (at most three sentences,
    as Emergent's headlines) get :func:`~credscore.scoring.stance.statement_pipeline`, others
    :func:`~credscore.scoring.stance.stance_pipeline`. ``statements`` adds a statement-shaped
    copy of each long body's pair (:func:`statement_pairs`); ``weigh_claims`` weighs pairs by
    :func:`claim_weights`.
    """
    if not examples:
        raise TrainingDataError("no stance pairs; give claim, body and stance rows")
    labels = {e.stance for e in examples}
    if len(labels) < 2:
        raise TrainingDataError(
            f"training data has one stance only ({sorted(labels)[0]}); give at least two of "
            f"{', '.join(STANCES)}"
        )
    if pipeline is None:
        shape = trained_on([e.body for e in examples])
        pipeline = statement_pipeline() if shape == STATEMENTS else stance_pipeline()
    pairs = list(examples) + (statement_pairs(examples) if statements else [])
    return fit_stance(
        [e.claim for e in pairs],
        [e.body for e in pairs],
        [e.stance for e in pairs],
        pipeline=pipeline,
        sample_weight=claim_weights(pairs) if weigh_claims else None,
    )


def train_stance_on_claims(
    examples: Sequence[StanceExample],
    claims: Collection[int],
    *,
    groups: ClaimGroups | None = None,
    **options: Any,
) -> Pipeline:
    """Fit the stance model on the pairs whose headline and body both belong to ``claims``
    (claim numbers of :func:`~credscore.training.stance_claims.claim_groups` of ``examples``,
    or of ``groups`` when given); ``options`` go to :func:`train_stance`.

    For cross-fitting: to predict the stances of a story's bodies without having trained on
    its claim, train on every other claim (map the story's body ids to claims with
    ``groups.of_body``).
    """
    groups = groups if groups is not None else claim_groups(examples)
    rows = pairs_within(groups, claims)
    return train_stance([examples[i] for i in rows], **options)
