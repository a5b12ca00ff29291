"""Claim confidence: which sentences are claims, and how firmly each is asserted (a model)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from credscore._segment import iter_words
from credscore.features.vectorize import ClaimFeatures

__all__ = ["claims_pipeline", "fit_claims", "is_claim", "predict_confidence", "soft_labels"]

_QUESTION = re.compile(r"\?[\"”’')\]]*$")
_MIN_WORDS = 4


def is_claim(sentence: str) -> bool:
    """Whether a body sentence states a proposition: not a question, a fragment or a label.

    Examples
    --------
    >>> is_claim("The ministry confirmed the shipments on Wednesday.")
    True
    >>> is_claim("Why now?"), is_claim("Photos: the scene"), is_claim("Related coverage:")
    (False, False, False)
    """
    text = sentence.strip()
    if _QUESTION.search(text) or text.endswith((":", ";", ",")):
        return False
    words = [m.group(0) for m in iter_words(text, 0, len(text))]
    if len(words) < _MIN_WORDS:
        return False
    return any(w[0].islower() for w in words if w[0].isalpha())


def claims_pipeline(
    *, C: float = 1.0, cv: int = 3, features: ClaimFeatures | None = None
) -> Pipeline:
    """An unfitted claim model: ClaimFeatures into a sigmoid-calibrated logistic regression."""
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    return Pipeline(
        [
            ("features", features if features is not None else ClaimFeatures()),
            ("model", CalibratedClassifierCV(model, method="sigmoid", cv=cv, ensemble=False)),
        ]
    )


def soft_labels(
    texts: Sequence[str], confidences: Sequence[float]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Expand graded confidences into weighted binary rows: c -> (firm, weight c), (not, 1 - c)."""
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    hard = np.isin(conf, (0.0, 1.0))
    X = list(texts)
    y = list((conf >= 0.5).astype(int))
    w = list(np.where(hard, 1.0, np.maximum(conf, 1.0 - conf)))
    for text, c in zip(np.asarray(texts, dtype=object)[~hard], conf[~hard], strict=True):
        X.append(text)
        y.append(int(c < 0.5))
        w.append(min(c, 1.0 - c))
    return X, np.asarray(y), np.asarray(w)


def fit_claims(
    texts: Sequence[str], confidences: Sequence[float], *, pipeline: Pipeline | None = None
) -> Pipeline:
    """Fit the claim model on sentences and their confidence targets (1 = firm, 0 = speculative)."""
    X, y, w = soft_labels(texts, confidences)
    if len(set(y)) < 2:
        raise ValueError("the claim model needs both firm and uncertain examples; got one class")
    model = pipeline if pipeline is not None else claims_pipeline()
    return model.fit(X, y, model__sample_weight=w)


def predict_confidence(model: Pipeline, sentences: Sequence[str]) -> np.ndarray:
    """Probability that each sentence asserts its claim firmly, in [0, 1]."""
    if len(sentences) == 0:
        return np.zeros(0)
    proba = model.predict_proba(list(sentences))
    return proba[:, list(model.classes_).index(1)]
