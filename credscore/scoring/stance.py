"""The stance model: does a body agree with, disagree with, discuss or not address a claim?

Two stages, as the best FNC-1 systems found useful: a gradient-boosted classifier on the dense
pair features (similarity, overlap) decides related versus unrelated; a one-hidden-layer
perceptron over the dense features and the claim's and body's hashed term frequencies (UCLMR's
input) then tells agree, disagree and discuss apart among the related pairs. The probability of
a related label is P(related) times its stage-two probability.
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
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.utils.validation import check_is_fitted

from credscore.features.pairs import DENSE_FEATURES, PairFeatures

__all__ = [
    "STANCES",
    "TwoStageStance",
    "fit_stance",
    "predict_stance",
    "predict_stance_proba",
    "stance_pipeline",
]

STANCES = ("agree", "disagree", "discuss", "unrelated")
_RELATED = STANCES[:3]


def _default_relatedness() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(max_iter=200, early_stopping=False, random_state=0)


def _default_stance() -> Pipeline:
    mlp = MLPClassifier(hidden_layer_sizes=(100,), alpha=1e-4, max_iter=30, random_state=0)
    return Pipeline([("scale", MaxAbsScaler()), ("mlp", mlp)])


class TwoStageStance(ClassifierMixin, BaseEstimator):
    """Related versus unrelated first, then agree / disagree / discuss among the related.

    Parameters
    ----------
    relatedness : classifier or None
        Fitted on the first ``n_dense`` columns (as a dense array) against "is unrelated";
        None: a HistGradientBoostingClassifier (200 trees).
    stance : classifier or None
        Fitted on all columns of the related pairs; None: MaxAbsScaler and a 100-unit
        MLPClassifier trained for 30 epochs (a fixed budget, so the convergence warning that
        the epoch limit raises is silenced).
    n_dense : int
        How many leading columns of the input are the dense pair features.

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
        n_dense: int = len(DENSE_FEATURES),
    ) -> None:
        self.relatedness = relatedness
        self.stance = stance
        self.n_dense = n_dense

    def fit(self, X: Any, y: Sequence[str]) -> TwoStageStance:
        """Fit both stages; ``y`` holds labels from ``STANCES``."""
        labels = np.asarray(y, dtype=object)
        if not isinstance(self.n_dense, int) or not 1 <= self.n_dense <= X.shape[1]:
            raise ValueError(
                f"n_dense must be an int in [1, {X.shape[1]}] (the input's columns), "
                f"got {self.n_dense!r}"
            )
        if X.shape[0] != len(labels):
            raise ValueError(f"X has {X.shape[0]} rows but y has {len(labels)} labels")
        unknown = sorted(set(labels.tolist()) - set(STANCES))
        if unknown:
            raise ValueError(f"unknown stance {unknown[0]!r}; expected one of {', '.join(STANCES)}")
        self.classes_ = np.asarray(STANCES, dtype=object)
        unrelated = labels == "unrelated"
        self.relatedness_ = self._stage(self.relatedness, _default_relatedness, unrelated)
        self.relatedness_.fit(self._dense(X), unrelated)
        related = ~unrelated
        if related.any():
            self.stance_ = self._stage(self.stance, _default_stance, labels[related])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                self.stance_.fit(X[np.flatnonzero(related)], labels[related].astype(str))
            _drop_solver_state(self.stance_)
        else:
            self.stance_ = None
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
            p3 = self.stance_.predict_proba(X)
            for j, label in enumerate(self.stance_.classes_):
                out[:, _RELATED.index(label)] = (1.0 - p_unrelated) * p3[:, j]
        return out

    def predict(self, X: Any) -> np.ndarray:
        """The most probable stance of each row."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


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
    """An unfitted stance model: PairFeatures into TwoStageStance.

    ``params`` are passed to ``set_params`` of the pipeline, e.g.
    ``stance_pipeline(features__tf_features=2**10, model__stance__mlp__alpha=1e-3)``; the
    stages are ``model__relatedness`` (a HistGradientBoostingClassifier) and
    ``model__stance`` (a Pipeline of ``scale`` and ``mlp``).

    Examples
    --------
    >>> stance_pipeline(features__window=5).named_steps["features"].window
    5
    """
    model = TwoStageStance(relatedness=_default_relatedness(), stance=_default_stance())
    pipeline = Pipeline([("features", PairFeatures()), ("model", model)])
    return pipeline.set_params(**params) if params else pipeline


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
) -> Pipeline:
    """Fit the stance model on (claim, body, stance) triples; stances from ``STANCES``."""
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
    return model.fit(pairs, labels)


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
