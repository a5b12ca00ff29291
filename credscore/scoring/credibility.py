"""The optional article classifier: a user-trained model whose probability is the credibility.

A bundle may hold an ``"article"`` model, fitted by ``credscore train article`` on the user's
own labels (1 = credible, 0 = not) over :class:`~credscore.features.article.ArticleFeatures`.
When it does, an article's ``scores.credibility`` is that model's probability of label 1
instead of the fixed formula of README "The scores"; the other scores stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from credscore.features.article import ArticleFeatures, article_row
from credscore.text import Article

__all__ = ["article_pipeline", "fit_article", "predict_credibility"]


def article_pipeline(**params: Any) -> Pipeline:
    """An unfitted article classifier: ArticleFeatures, StandardScaler, LogisticRegression.

    ``params`` go to ``set_params``, e.g. ``article_pipeline(model__C=0.1)``.

    Examples
    --------
    >>> list(article_pipeline().named_steps)
    ['features', 'scale', 'model']
    """
    pipeline = Pipeline(
        [
            ("features", ArticleFeatures()),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(C=1.0, max_iter=1000)),
        ]
    )
    return pipeline.set_params(**params) if params else pipeline


def fit_article(
    texts: Sequence[str], labels: Sequence[int], *, pipeline: Pipeline | None = None
) -> Pipeline:
    """Fit the article classifier on texts labelled 1 (credible) or 0."""
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of str, not a single str")
    y = np.asarray([int(label) for label in labels])
    if len(y) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(y)} labels; give one label per text")
    if set(y.tolist()) != {0, 1}:
        raise ValueError(f"labels must hold both 0 and 1; got {sorted(set(y.tolist()))}")
    model = pipeline if pipeline is not None else article_pipeline()
    return model.fit(list(texts), y)


def predict_credibility(model: Pipeline, articles: Sequence[Article]) -> np.ndarray:
    """The classifier's probability of label 1 for each parsed article, in [0, 1].

    The articles are already parsed, so their feature rows are built from them directly and
    only the steps after ``features`` run.
    """
    if not articles:
        return np.zeros(0)
    features = model.named_steps["features"]
    rows = np.asarray(
        [article_row(a, hedge_lexicon=features.hedge_lexicon) for a in articles], dtype=np.float64
    )
    proba = model[1:].predict_proba(rows)
    return proba[:, list(model.classes_).index(1)]
