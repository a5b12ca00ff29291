"""Training data for the corroboration model: stories scored, their coverage, their features.

Each story's bodies are parsed and scored once (claims, attribution); its coverage
(:func:`~credscore.scoring.corroboration.coverage.claim_coverage`) is then read with a stance
callable, and :func:`~credscore.scoring.corroboration.features.story_features` turns it into a
row. Stance features are only honest when the stance model has not seen the story's claim: a
stance model trained on FNC-1 has seen every story of stories/train.csv. :func:`cross_fit`
gives each fold of stories the coverage read by a stance model retrained without that fold's
bodies and headlines, so the rows look as they will for a claim nobody has seen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from credscore.errors import TrainingDataError
from credscore.scoring.claims import EVEN_ODDS
from credscore.scoring.corroboration.copies import article_body
from credscore.scoring.corroboration.coverage import claim_coverage, one_story
from credscore.scoring.corroboration.features import FEATURE_NAMES, story_features
from credscore.scoring.corroboration.model import (
    DEFAULT_C,
    corroboration_pipeline,
    fit_corroboration,
    predict_holds,
)
from credscore.scoring.corroboration.stance_rules import STANCES, StanceFn, rule_stance_proba
from credscore.scoring.report import ArticleReport
from credscore.scoring.scorer import Scorer
from credscore.scoring.stance import predict_stance_proba
from credscore.text import Article, parse
from credscore.training.datasets import StanceExample
from credscore.training.stories import Story, fnc1_headline_claims, held_out_pairs

__all__ = [
    "C_GRID",
    "SELF_TRAINING_THRESHOLD",
    "StoryCorpus",
    "Trained",
    "UNKNOWN_STRATEGIES",
    "choose_c",
    "claim_folds",
    "cross_fit",
    "fit_holds",
    "holds_metrics",
    "labelled",
    "out_of_fold",
    "score_corpus",
    "story_rows",
    "story_views",
    "self_train",
    "train_on_stories",
]

#: Regularisations tried by :func:`choose_c` (inner CV on the training stories).
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
#: What training does with unknown-truth stories: leave them out, or self-train on them.
UNKNOWN_STRATEGIES = ("skip", "self-train")
#: How sure the model must be of an unknown-truth story to take it as labelled in self-training.
SELF_TRAINING_THRESHOLD = 0.8


@dataclass(frozen=True)
class StoryCorpus:
    """Stories with their bodies parsed and scored (one report per body)."""

    stories: list[Story]
    articles: list[Article]
    reports: list[ArticleReport]
    index: dict[str, int]  # body id -> position in articles and reports

    def members(self, story: Story) -> list[int]:
        """Positions of the story's bodies."""
        return [self.index[b] for b in story.body_ids]


def score_corpus(stories: Sequence[Story], bodies: dict[str, str], scorer: Scorer) -> StoryCorpus:
    """Parse and score every body the stories use, once."""
    ids = list(dict.fromkeys(b for s in stories for b in s.body_ids))
    articles = [parse(bodies[b], id=b) for b in ids]
    reports = scorer.score_articles(articles)
    return StoryCorpus(list(stories), articles, reports, {b: n for n, b in enumerate(ids)})


def _lookup(table: dict[tuple[str, str], np.ndarray]) -> StanceFn:
    """A stance callable over precomputed (claim, body) rows."""

    def stance(claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        rows = [table[(c, b)] for c, b in zip(claims, bodies, strict=True)]
        return np.array(rows).reshape(len(rows), len(STANCES))

    return stance


def story_views(
    corpus: StoryCorpus,
    stance: StanceFn,
    which: Sequence[int] | None = None,
    *,
    statement_stance: StanceFn = rule_stance_proba,
) -> dict[int, dict]:
    """Story index -> its coverage view (``Coverage.to_dict``), the article stance read by
    ``stance`` in one call over all the stories' (claim, body) pairs."""
    which = range(len(corpus.stories)) if which is None else which
    pairs = {
        (" ".join(corpus.stories[s].claim.split()), article_body(corpus.articles[k]))
        for s in which
        for k in corpus.members(corpus.stories[s])
    }
    pairs_list = sorted(pairs)
    proba = np.asarray(stance([c for c, _ in pairs_list], [b for _, b in pairs_list]))
    table = dict(zip(pairs_list, proba, strict=True))
    views = {}
    for s in which:
        story = corpus.stories[s]
        members = corpus.members(story)
        articles = [corpus.articles[k] for k in members]
        reports = [corpus.reports[k] for k in members]
        coverage = claim_coverage(
            story.claim,
            range(len(members)),
            articles,
            reports,
            one_story(articles),
            stance=_lookup(table),
            statement_stance=statement_stance,
        )
        views[s] = coverage.to_dict()
    return views


def story_rows(corpus: StoryCorpus, views: dict[int, dict]) -> dict[int, dict[str, float]]:
    """Story index -> its feature row."""
    return {
        s: story_features(
            view, {r.id: r for r in (corpus.reports[k] for k in corpus.members(corpus.stories[s]))}
        )
        for s, view in views.items()
    }


def claim_folds(stories: Sequence[Story], k: int, seed: int = 0) -> list[list[int]]:
    """At most ``k`` folds of story indices, stratified by truth (true, false, unknown).

    Fewer folds when a class has fewer than ``k`` stories; unknown-truth stories go with the
    false ones when they are too few to spread over the folds.
    """
    strata = np.array([{1: 0, 0: 1, None: 2}[s.label] for s in stories])
    counts = np.bincount(strata, minlength=3)
    k = int(min(k, counts[0], counts[1]))
    if k < 2:
        raise TrainingDataError(
            f"{counts[0]} true and {counts[1]} false stories; cross-validation needs at least "
            "2 of each"
        )
    if 0 < counts[2] < k:
        strata[strata == 2] = 1
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return [sorted(test.tolist()) for _, test in splitter.split(np.zeros(len(strata)), strata)]


def cross_fit(
    corpus: StoryCorpus,
    pairs: Sequence[StanceExample],
    folds: Sequence[Sequence[int]],
    train: Callable[[list[StanceExample]], object],
    *,
    statement_stance: StanceFn = rule_stance_proba,
    on_fold: Callable[[int, int], None] | None = None,
) -> dict[int, dict]:
    """Every story's coverage view, read by a stance model ``train(pairs)`` fitted on the pairs
    that touch none of its fold's stories (their bodies, or headlines of their claims)."""
    headline_claims = fnc1_headline_claims(pairs, corpus.stories)
    views: dict[int, dict] = {}
    for n, fold in enumerate(folds):
        held = [corpus.stories[s] for s in fold]
        touched = held_out_pairs(pairs, held, headline_claims)
        kept = [p for p, t in zip(pairs, touched, strict=True) if not t]
        if on_fold is not None:
            on_fold(n, len(kept))
        model = train(kept)
        views.update(
            story_views(
                corpus,
                partial(predict_stance_proba, model),
                fold,
                statement_stance=statement_stance,
            )
        )
    return views


def labelled(stories: Sequence[Story]) -> tuple[list[int], list[int]]:
    """(indices, labels) of the stories with a known truth; refuses a single class."""
    index = [n for n, s in enumerate(stories) if s.label is not None]
    labels = [int(stories[n].label) for n in index]  # type: ignore[arg-type]
    if set(labels) != {0, 1}:
        found = (
            "no stories with a known truth"
            if not labels
            else (f"only {'true' if labels[0] else 'false'} stories")
        )
        raise TrainingDataError(
            f"{found}; give stories whose truth is true and stories whose truth is false"
        )
    return index, labels


def holds_metrics(labels: Sequence[int], proba: Sequence[float]) -> dict[str, float]:
    """ROC AUC, accuracy at 0.5 and Brier score of P(claim holds) against the truth."""
    y, p = np.asarray(labels, dtype=int), np.asarray(proba, dtype=float)
    return {
        "n": int(len(y)),
        "auc": float(roc_auc_score(y, p)) if len(set(y.tolist())) == 2 else float("nan"),
        "accuracy": float(np.mean((p >= EVEN_ODDS) == y)),
        "brier": float(np.mean((p - y) ** 2)),
    }


def choose_c(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    *,
    grid: Sequence[float] = C_GRID,
    seed: int = 0,
) -> float:
    """The regularisation of ``grid`` with the lowest Brier score in stratified 5-fold CV (of
    the uncalibrated regression: calibration keeps the ranking and costs five fits)."""
    y = np.asarray(labels)
    smaller = int(np.bincount(y, minlength=2).min())
    if smaller < 3:  # too few to compare: each inner training fold needs two of each class
        return DEFAULT_C
    k = min(5, smaller)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    folds = list(splitter.split(np.zeros(len(y)), y))
    scores = []
    for c in grid:
        proba = np.zeros(len(y))
        for train, test in folds:
            model = fit_corroboration(
                [rows[i] for i in train],
                y[train],
                pipeline=corroboration_pipeline(C=c, calibrated=False),
            )
            proba[test] = predict_holds(model, [rows[i] for i in test])
        scores.append(float(np.mean((proba - y) ** 2)))
    return float(grid[int(np.argmin(scores))])


def fit_holds(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    unlabelled: Sequence[dict[str, float]] = (),
    *,
    seed: int = 0,
) -> Pipeline:
    """The corroboration model on labelled rows, its C chosen by :func:`choose_c`; with
    ``unlabelled`` rows, self-trained (:func:`self_train`)."""
    c = choose_c(rows, labels, seed=seed)
    if unlabelled:
        return self_train(rows, labels, unlabelled, C=c)
    return fit_corroboration(rows, labels, pipeline=corroboration_pipeline(C=c))


def self_train(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    unlabelled: Sequence[dict[str, float]],
    *,
    C: float = DEFAULT_C,
    threshold: float = SELF_TRAINING_THRESHOLD,
    rounds: int = 3,
) -> Pipeline:
    """Self-training: fit on the labelled rows, add the unlabelled rows the model is sure of
    (P >= ``threshold`` or <= 1 - ``threshold``) with its label, refit; up to ``rounds`` times."""
    rows, labels = list(rows), list(labels)
    model = fit_corroboration(rows, labels, pipeline=corroboration_pipeline(C=C))
    pending = list(unlabelled)
    for _ in range(rounds):
        if not pending:
            break
        p = predict_holds(model, pending)
        sure = (p >= threshold) | (p <= 1.0 - threshold)
        if not sure.any():
            break
        rows += [r for r, s in zip(pending, sure, strict=True) if s]
        labels += [int(q >= EVEN_ODDS) for q, s in zip(p, sure, strict=True) if s]
        pending = [r for r, s in zip(pending, sure, strict=True) if not s]
        model = fit_corroboration(rows, labels, pipeline=corroboration_pipeline(C=C))
    return model


def out_of_fold(
    rows: dict[int, dict[str, float]],
    stories: Sequence[Story],
    folds: Sequence[Sequence[int]],
    fit: Callable[[list[dict], list[int], list[dict]], Pipeline],
    *,
    unlabelled: bool = False,
) -> dict[int, float]:
    """Story index -> P(holds) from a model fitted without its fold (labelled stories only);
    ``fit(rows, labels, unlabelled_rows)``, given the other folds' unknown-truth stories too
    when ``unlabelled``."""
    out: dict[int, float] = {}
    for fold in folds:
        held = set(fold)
        train = [s for s in rows if s not in held and stories[s].label is not None]
        extra = [rows[s] for s in rows if s not in held and stories[s].label is None]
        test = [s for s in fold if s in rows and stories[s].label is not None]
        if not test:
            continue
        model = fit(
            [rows[s] for s in train],
            [int(stories[s].label) for s in train],  # type: ignore[arg-type]
            extra if unlabelled else [],
        )
        for s, p in zip(test, predict_holds(model, [rows[s] for s in test]), strict=True):
            out[s] = float(p)
    return out


@dataclass(frozen=True)
class Trained:
    """A corroboration model fitted on stories, with its cross-validated metrics."""

    model: Pipeline
    metrics: dict[str, float]
    C: float
    folds: int
    cross_fitted: bool
    unknown: str

    def card(self) -> dict[str, object]:
        """What a model card says about the model beyond its metrics."""
        stance = (
            "cross-fitted: each fold of stories read by a stance model refitted without them"
            if self.cross_fitted
            else "the base bundle's stance model"
        )
        return {
            "C": self.C,
            "cv_folds": self.folds,
            "cv_grouping": "by claim (one story per claim), stratified by truth",
            "stance_features": stance,
            "unknown_truth": self.unknown,
            "features": list(FEATURE_NAMES),
        }


def train_on_stories(
    stories: Sequence[Story],
    texts: dict[str, str],
    scorer: Scorer,
    *,
    pairs: Sequence[StanceExample] | None = None,
    train_stance: Callable[[list[StanceExample]], object] | None = None,
    unknown: str = "skip",
    folds: int = 5,
    seed: int = 0,
) -> Trained:
    """Fit the corroboration model on stories and measure it by CV grouped by claim.

    The stories' bodies are scored by ``scorer``. With ``pairs`` (the stance training pairs of
    the scorer's stance model), each fold's coverage is read by ``train_stance(pairs)`` refitted
    without the fold's bodies and headlines (:func:`cross_fit`); without, by the scorer's own
    stance model, which must not have seen the stories. ``unknown``: ``"skip"`` leaves
    unknown-truth stories out, ``"self-train"`` adds the ones the model is sure of
    (:func:`self_train`).
    """
    if unknown not in UNKNOWN_STRATEGIES:
        raise ValueError(f"unknown={unknown!r}; expected one of {', '.join(UNKNOWN_STRATEGIES)}")
    index, labels = labelled(stories)
    fold_list = claim_folds(stories, folds, seed)
    corpus = score_corpus(stories, texts, scorer)
    if pairs is not None:
        if train_stance is None:
            raise ValueError("pairs= needs train_stance=, the recipe of the stance model")
        views = cross_fit(corpus, pairs, fold_list, train_stance)
    else:
        views = story_views(corpus, scorer.article_stance)
    rows = story_rows(corpus, views)
    semi = unknown == "self-train"
    predicted = out_of_fold(rows, stories, fold_list, fit_holds, unlabelled=semi)
    metrics = holds_metrics([stories[s].label for s in predicted], list(predicted.values()))
    extra = [rows[s] for s, story in enumerate(stories) if story.label is None] if semi else []
    c = choose_c([rows[s] for s in index], labels, seed=seed)
    model = (
        self_train([rows[s] for s in index], labels, extra, C=c)
        if extra
        else fit_corroboration(
            [rows[s] for s in index], labels, pipeline=corroboration_pipeline(C=c)
        )
    )
    return Trained(model, metrics, c, len(fold_list), pairs is not None, unknown)
