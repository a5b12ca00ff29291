"""The corroboration model: P(claim holds) from a claim's coverage (:mod:`.features`).

A pipeline of a DictVectorizer (the feature rows by name, so a bundle keeps the columns it was
trained on), a StandardScaler and a sigmoid-calibrated L2 logistic regression
(CalibratedClassifierCV, 5 folds). It is trained on real stories with settled outcomes
(``credscore train corroboration``; :mod:`credscore.training.corroboration`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from credscore.scoring.corroboration.features import FAMILIES, FEATURE_NAMES

__all__ = [
    "DEFAULT_C",
    "corroboration_pipeline",
    "fit_corroboration",
    "predict_holds",
    "select_features",
]

#: Inverse regularisation of the logistic regression (chosen by grouped CV, benchmarks/).
DEFAULT_C = 0.1
_CALIBRATION_FOLDS = 5


def corroboration_pipeline(*, C: float = DEFAULT_C, calibrated: bool = True) -> Pipeline:
    """An unfitted corroboration model (module doc); ``calibrated=False`` leaves the logistic
    regression's own probabilities.

    Examples
    --------
    >>> list(corroboration_pipeline().named_steps)
    ['rows', 'scale', 'model']
    """
    regression = LogisticRegression(C=C, max_iter=2000)
    model: Any = regression
    if calibrated:
        model = CalibratedClassifierCV(regression, method="sigmoid", cv=_CALIBRATION_FOLDS)
    return Pipeline(
        [("rows", DictVectorizer(sparse=False)), ("scale", StandardScaler()), ("model", model)]
    )


def select_features(
    rows: Iterable[Mapping[str, float]], families: Sequence[str] | None = None
) -> list[dict[str, float]]:
    """The rows with only the features of ``families`` (all of :data:`FAMILIES` when None)."""
    unknown = sorted(set(families or ()) - set(FAMILIES))
    if unknown:
        raise ValueError(f"unknown feature family {unknown[0]!r}; known: {', '.join(FAMILIES)}")
    names = FEATURE_NAMES if families is None else [n for f in families for n in FAMILIES[f]]
    return [{n: float(row[n]) for n in names} for row in rows]


def fit_corroboration(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[int],
    *,
    pipeline: Pipeline | None = None,
) -> Pipeline:
    """Fit the model on feature rows (:func:`story_features`) labelled 1 (holds) or 0.

    Calibration uses 5 folds, fewer when a class has fewer than 5 rows, none when it has one.
    """
    y = np.asarray([int(label) for label in labels])
    if len(y) != len(rows):
        raise ValueError(f"got {len(rows)} rows but {len(y)} labels; give one label per row")
    counts = np.bincount(y, minlength=2) if len(y) else np.zeros(2, int)
    if set(y.tolist()) != {0, 1}:
        raise ValueError(f"labels must hold both 0 and 1; got {sorted(set(y.tolist()))}")
    model = clone(pipeline) if pipeline is not None else corroboration_pipeline()
    calibrator = model.named_steps["model"]
    if isinstance(calibrator, CalibratedClassifierCV) and counts.min() < _CALIBRATION_FOLDS:
        if counts.min() >= 2:  # fewer calibration folds for a small class
            model.set_params(model__cv=int(counts.min()))
        else:  # too few to calibrate: the regression's own probabilities
            model.set_params(model=calibrator.estimator)
    return model.fit([dict(r) for r in rows], y)


def predict_holds(model: Pipeline, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
    """P(claim holds) for each feature row, in [0, 1]."""
    if not rows:
        return np.zeros(0)
    proba = model.predict_proba([dict(r) for r in rows])
    return proba[:, list(model.classes_).index(1)]
