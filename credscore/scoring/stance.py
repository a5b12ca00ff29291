"""The stance model: does a body agree with, disagree with, discuss or not address a claim?

Two stages, as the best FNC-1 systems found useful: a gradient-boosted classifier on the dense
pair features (similarity, overlap, the best-matching sentences) decides related versus
unrelated; then, among the related pairs, a one-hidden-layer perceptron and a gradient-boosted
classifier, averaged, tell agree, disagree and discuss apart, with disagree (rare in training)
shifted up by a prior offset. The probability of a related label is P(related) times its
stage-two probability. Article bodies are read from dense features only, so the model learns
how bodies report claims rather than the topics of its training claims. Statements
(:func:`statement_pipeline`) add the statement cues of Ferreira & Vlachos 2016 and the
statement's own words, read by a logistic regression.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.utils.validation import check_is_fitted

from credscore.features.pairs import DENSE_FEATURES, PairFeatures
from credscore.features.statement_cues import STATEMENT_FEATURES, StatementCues
from credscore.scoring.corroboration.stance_rules import STANCES, is_statement

__all__ = [
    "BODIES",
    "BOTH",
    "DISAGREE_OFFSETS",
    "STANCES",
    "STANCE_TRAINED_ON",
    "STATEMENTS",
    "TwoStageStance",
    "fit_stance",
    "predict_stance",
    "predict_stance_proba",
    "stance_pipeline",
    "statement_pipeline",
    "trained_on",
]

_RELATED = STANCES[:3]
#: the model card's key for what the bundle's stance model was trained on, and its values
STANCE_TRAINED_ON = "stance_trained_on"
BODIES, STATEMENTS, BOTH = "bodies", "statements", "both"
_MIXED = 0.05  # the share of the other shape that still leaves training data of one shape


#: the stage-two offsets of the shipped design (log-probability added to agree, disagree,
#: discuss): disagree is rare in training (2% of FNC-1's pairs) and the costliest to miss,
#: and +1.5 maximised FNC score / 100 + macro-F1 in grouped CV over training claims
#: (benchmarks/RESULTS.md, "Stance (FNC-1, unseen claims)")
DISAGREE_OFFSETS = (0.0, 1.5, 0.0)


def _default_relatedness() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(max_iter=200, early_stopping=False, random_state=0)


def _default_stance(alpha: float = 0.1, epochs: int = 60) -> Pipeline:
    mlp = MLPClassifier(hidden_layer_sizes=(100,), alpha=alpha, max_iter=epochs, random_state=0)
    return Pipeline([("scale", MaxAbsScaler()), ("mlp", mlp)])


def _statement_stance(c: float = 0.3) -> Pipeline:
    lr = LogisticRegression(C=c, max_iter=2000)
    return Pipeline([("scale", MaxAbsScaler()), ("lr", lr)])


def _default_stance_dense() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.05, early_stopping=False, random_state=0
    )


class TwoStageStance(ClassifierMixin, BaseEstimator):
    """Related versus unrelated first, then agree / disagree / discuss among the related.

    Parameters
    ----------
    relatedness : classifier or None
        Fitted on the first ``n_dense`` columns (as a dense array) against "is unrelated";
        None: a HistGradientBoostingClassifier (200 trees).
    stance : classifier or None
        Fitted on all columns of the related pairs; None: MaxAbsScaler and a 100-unit
        MLPClassifier (alpha 0.1) trained for 60 epochs (a fixed budget, so the convergence
        warning that the epoch limit raises is silenced).
    stance_dense : classifier or None
        A second stage-two classifier fitted on the first ``n_dense`` columns of the related
        pairs, whose probabilities are averaged with ``stance``'s; None: ``stance`` alone.
    offsets : tuple of 3 float
        Added to the log of the stage-two probabilities of agree, disagree and discuss before
        they are normalised again (a prior shift; zeros leave them as fitted).
    n_dense : int
        How many leading columns of the input are the dense pair features.

    ``fit`` takes ``sample_weight`` for the stage-two classifiers (the relatedness stage is
    fitted unweighted); a Pipeline's weights go to its last step.

    Attributes
    ----------
    classes_ : ndarray of str
        Always the four ``STANCES`` in that order, whatever the training labels held.
    """

    def __init__(
        self,
        *,
        relatedness: Any = None,
        stance: Any = None,
        stance_dense: Any = None,
        offsets: tuple[float, float, float] = (0.0, 0.0, 0.0),
        n_dense: int = len(DENSE_FEATURES),
    ) -> None:
        self.relatedness = relatedness
        self.stance = stance
        self.stance_dense = stance_dense
        self.offsets = offsets
        self.n_dense = n_dense

    def fit(self, X: Any, y: Sequence[str], sample_weight: Any = None) -> TwoStageStance:
        """Fit both stages; ``y`` holds labels from ``STANCES``."""
        labels = np.asarray(y, dtype=object)
        if not isinstance(self.n_dense, int) or not 1 <= self.n_dense <= X.shape[1]:
            raise ValueError(
                f"n_dense must be an int in [1, {X.shape[1]}] (the input's columns), "
                f"got {self.n_dense!r}"
            )
        if X.shape[0] != len(labels):
            raise ValueError(f"X has {X.shape[0]} rows but y has {len(labels)} labels")
        offsets = np.asarray(self.offsets, dtype=float)
        if offsets.shape != (3,) or not np.isfinite(offsets).all():
            raise ValueError(f"offsets must be 3 finite numbers, got {self.offsets!r}")
        unknown = sorted(set(labels.tolist()) - set(STANCES))
        if unknown:
            raise ValueError(f"unknown stance {unknown[0]!r}; expected one of {', '.join(STANCES)}")
        self.classes_ = np.asarray(STANCES, dtype=object)
        self.offsets_ = offsets
        unrelated = labels == "unrelated"
        self.relatedness_ = self._stage(self.relatedness, _default_relatedness, unrelated)
        self.relatedness_.fit(self._dense(X), unrelated)
        related = np.flatnonzero(~unrelated)
        self.stance_ = self.stance_dense_ = None
        if len(related):
            target = labels[related].astype(str)
            weight = None if sample_weight is None else np.asarray(sample_weight)[related]
            self.stance_ = self._stage(self.stance, _default_stance, target)
            _fit_weighted(self.stance_, X[related], target, weight)
            if self.stance_dense is not None:
                self.stance_dense_ = self._stage(self.stance_dense, None, target)
                _fit_weighted(self.stance_dense_, self._dense(X[related]), target, weight)
        return self

    @staticmethod
    def _stage(given: Any, default: Any, target: np.ndarray) -> Any:
        """A fresh copy of the stage's classifier, or a constant one for a single class."""
        if len(set(target.tolist())) < 2:
            return DummyClassifier(strategy="prior")
        return clone(given) if given is not None else default()

    def _dense(self, X: Any) -> np.ndarray:
        part = X[:, : self.n_dense]
        return part.toarray() if sp.issparse(part) else np.asarray(part)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities of shape (n, 4), columns in ``STANCES`` order."""
        check_is_fitted(self, "relatedness_")
        n = X.shape[0]
        out = np.zeros((n, len(STANCES)))
        if n == 0:
            return out
        p = self.relatedness_.predict_proba(self._dense(X))
        classes = list(self.relatedness_.classes_)
        p_unrelated = p[:, classes.index(True)] if True in classes else np.zeros(n)
        out[:, 3] = p_unrelated
        if self.stance_ is not None:
            out[:, :3] = (1.0 - p_unrelated)[:, None] * self._stance_proba(X)
        return out

    def _stance_proba(self, X: Any) -> np.ndarray:
        """Stage two: agree, disagree and discuss, averaged over its classifiers and shifted
        by the offsets. (Models saved before ``stance_dense`` and ``offsets`` existed have
        neither: their stage two is ``stance`` alone, unshifted.)"""
        members = [(self.stance_, X)]
        dense_member = getattr(self, "stance_dense_", None)
        if dense_member is not None:
            members.append((dense_member, self._dense(X)))
        p3 = np.zeros((X.shape[0], 3))
        for model, inputs in members:
            proba = model.predict_proba(inputs)
            for j, label in enumerate(model.classes_):
                p3[:, _RELATED.index(label)] += proba[:, j] / len(members)
        offsets = getattr(self, "offsets_", np.zeros(3))
        if offsets.any():
            p3 = p3 * np.exp(offsets)
            p3 /= np.maximum(p3.sum(axis=1, keepdims=True), 1e-12)
        return p3

    def predict(self, X: Any) -> np.ndarray:
        """The most probable stance of each row."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def _fit_weighted(model: Any, X: Any, y: np.ndarray, weight: np.ndarray | None) -> None:
    """Fit ``model`` with sample weights (a Pipeline's go to its last step); drop the MLP
    solver state that predictions do not need."""
    kwargs = {}
    if weight is not None and not isinstance(model, DummyClassifier):
        key = f"{model.steps[-1][0]}__sample_weight" if isinstance(model, Pipeline) else None
        kwargs = {key or "sample_weight": weight}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y, **kwargs)
    _drop_solver_state(model)


def _drop_solver_state(model: Any) -> None:
    """Forget a fitted MLP's solver state (Adam's moment estimates and the best-loss copy of the
    weights, three times the size of the weights): only ``partial_fit``, warm starts and the
    fit loop itself read them, and they would quadruple the model file."""
    steps = model.steps if isinstance(model, Pipeline) else [(None, model)]
    for _, step in steps:
        if isinstance(step, MLPClassifier):
            for name in ("_optimizer", "_best_coefs", "_best_intercepts"):
                if hasattr(step, name):
                    delattr(step, name)


def stance_pipeline(**params: Any) -> Pipeline:
    """An unfitted stance model for article bodies: PairFeatures (dense features only) into
    TwoStageStance, whose stage two averages an MLP and a gradient-boosted classifier and
    shifts disagree by ``DISAGREE_OFFSETS``.

    ``params`` are passed to ``set_params`` of the pipeline, e.g.
    ``stance_pipeline(features__window=5, model__stance__mlp__alpha=1e-3)``; the stages are
    ``model__relatedness`` and ``model__stance_dense`` (HistGradientBoostingClassifiers) and
    ``model__stance`` (a Pipeline of ``scale`` and ``mlp``).

    Examples
    --------
    >>> stance_pipeline(features__window=5).named_steps["features"].window
    5
    """
    model = TwoStageStance(
        relatedness=_default_relatedness(),
        stance=_default_stance(),
        stance_dense=_default_stance_dense(),
        offsets=DISAGREE_OFFSETS,
    )
    pipeline = Pipeline([("features", PairFeatures()), ("model", model)])
    return pipeline.set_params(**params) if params else pipeline


def statement_pipeline(**params: Any) -> Pipeline:
    """An unfitted stance model for statements (Emergent's headlines, quotes): the dense pair
    features (``features__pair``) and the statement cues with the statement's own word 1-2
    grams in 2^13 buckets (``features__statement``, :class:`StatementCues`) into TwoStageStance
    whose stage two is a logistic regression (C 0.3) on all columns. A statement's words say its
    stance ("denies", "hoax", "reportedly"), so here they help, where on bodies they let the
    model learn its training claims' topics. The design won grouped CV over Emergent's
    training claims (benchmarks/RESULTS.md, "Stance (Emergent)").

    Examples
    --------
    >>> statement_pipeline(model__stance__lr__C=1.0).named_steps["model"].stance["lr"].C
    1.0
    """
    features = FeatureUnion(
        [("pair", PairFeatures()), ("statement", StatementCues(ngram_features=2**13))]
    )
    model = TwoStageStance(
        relatedness=_default_relatedness(),
        stance=_statement_stance(),
        n_dense=len(DENSE_FEATURES) + len(STATEMENT_FEATURES),
    )
    pipeline = Pipeline([("features", features), ("model", model)])
    return pipeline.set_params(**params) if params else pipeline


def trained_on(bodies: Sequence[str]) -> str:
    """``STATEMENTS`` when nearly all training bodies (95%) are statements (at most three
    sentences, as Emergent's headlines), ``BODIES`` when nearly none are (5%), else ``BOTH``.
    (Emergent holds two headlines that run into a page's menu: its model still reads
    statements.)

    Examples
    --------
    >>> trained_on(["Kim is ill, aides say.", "Reports that Kim is ill are false."])
    'statements'
    """
    share = float(np.mean([is_statement(b) for b in bodies])) if len(bodies) else 0.0
    if share >= 1.0 - _MIXED:
        return STATEMENTS
    return BODIES if share <= _MIXED else BOTH


def _pairs(claims: Sequence[str], bodies: Sequence[str]) -> list[tuple[str, str]]:
    if isinstance(claims, str) or isinstance(bodies, str):
        raise TypeError("claims and bodies must be sequences of str, not a single str")
    claims, bodies = list(claims), list(bodies)
    if len(claims) != len(bodies):
        raise ValueError(
            f"claims and bodies must pair up one to one; got {len(claims)} and {len(bodies)}"
        )
    return list(zip(claims, bodies, strict=True))


def fit_stance(
    claims: Sequence[str],
    bodies: Sequence[str],
    stances: Sequence[str],
    *,
    pipeline: Pipeline | None = None,
    sample_weight: Sequence[float] | None = None,
) -> Pipeline:
    """Fit the stance model on (claim, body, stance) triples; stances from ``STANCES``.
    ``sample_weight`` (one per pair) goes to the model's stage two."""
    pairs = _pairs(claims, bodies)
    labels = [str(s) for s in stances]
    if len(labels) != len(pairs):
        raise ValueError(f"got {len(pairs)} pairs but {len(labels)} stances; give one per pair")
    unknown = sorted(set(labels) - set(STANCES))
    if unknown:
        raise ValueError(f"unknown stance {unknown[0]!r}; expected one of {', '.join(STANCES)}")
    if len(set(labels)) < 2:
        raise ValueError(
            f"the stance model needs at least 2 different stances; got {sorted(set(labels))}"
        )
    model = pipeline if pipeline is not None else stance_pipeline()
    if sample_weight is None:
        return model.fit(pairs, labels)
    if len(sample_weight) != len(pairs):
        raise ValueError(f"got {len(pairs)} pairs but {len(sample_weight)} sample weights")
    return model.fit(pairs, labels, model__sample_weight=np.asarray(sample_weight, dtype=float))


def predict_stance_proba(
    model: Pipeline, claims: Sequence[str], bodies: Sequence[str]
) -> np.ndarray:
    """Probability of each stance for each (claim, body) pair: shape (n, 4), ``STANCES`` order."""
    pairs = _pairs(claims, bodies)
    if not pairs:
        return np.zeros((0, len(STANCES)))
    proba = np.asarray(model.predict_proba(pairs), dtype=np.float64)
    out = np.zeros((len(pairs), len(STANCES)))
    for j, label in enumerate(model.classes_):  # a stance the model never saw stays at 0
        out[:, STANCES.index(str(label))] = proba[:, j]
    return out


def predict_stance(model: Pipeline, claims: Sequence[str], bodies: Sequence[str]) -> list[str]:
    """The most probable stance (one of ``STANCES``) of each body towards its claim."""
    proba = predict_stance_proba(model, claims, bodies)
    return [STANCES[i] for i in proba.argmax(axis=1)]
