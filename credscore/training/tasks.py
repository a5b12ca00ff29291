"""What ``credscore train`` and ``credscore evaluate`` do, as library calls.

Retraining one task keeps the other models of a base bundle (the shipped default unless another
is given), so the result can be passed to ``credscore score --model`` as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from credscore.errors import ModelError, TrainingDataError
from credscore.scoring.bundle import Bundle, bundle_claim_threshold, file_sha256, load_bundle
from credscore.scoring.claims import EVEN_ODDS, claim_threshold, predict_confidence
from credscore.scoring.credibility import article_pipeline, fit_article
from credscore.scoring.scorer import Scorer
from credscore.scoring.stance import BODIES, BOTH, STANCE_TRAINED_ON, predict_stance, trained_on
from credscore.training.attribution import attribution_scores
from credscore.training.corroboration import labelled, train_on_stories
from credscore.training.datasets import (
    ArticleExample,
    ClaimExample,
    read_articles,
    read_claims,
    read_stance,
)
from credscore.training.evaluate import claims_metrics, stance_metrics
from credscore.training.polnear import read_polnear
from credscore.training.stance import train_stance
from credscore.training.stories import read_stories
from credscore.training.train import train_claims

__all__ = [
    "article_cv_metrics",
    "evaluate_attribution",
    "evaluate_claims",
    "evaluate_stance",
    "read_claim_files",
    "retrain_article",
    "retrain_claims",
    "retrain_corroboration",
    "retrain_stance",
]


def read_claim_files(
    paths: Sequence[str | Path], *, format: str | None = None
) -> list[ClaimExample]:
    """Claim examples from several files (each in ``format``, or guessed from its extension)."""
    return [e for path in paths for e in read_claims(path, format=format)]


def retrain_claims(
    paths: Sequence[str | Path], *, format: str | None = None, base: str | Path | None = None
) -> Bundle:
    """A bundle whose claim model is trained on ``paths``; other models come from ``base``."""
    base_bundle = load_bundle(base)  # a bad --base fails before training
    examples = read_claim_files(paths, format=format)
    model = train_claims(examples)
    cut = claim_threshold(model)
    metrics = claims_metrics(
        [e.confidence for e in examples],
        predict_confidence(model, [e.text for e in examples]),
        threshold=cut,
    )
    bundle = _with_model(
        base_bundle,
        "claims",
        model,
        "Claim model retrained on user data; its claim threshold maximises the "
        "cross-validated F1 of the uncertain class on the training sentences",
        paths,
        format,
        {"claims/train": metrics},
    )
    return Bundle(card={**bundle.card, "claim_threshold": round(cut, 4)}, models=bundle.models)


def evaluate_claims(
    paths: Sequence[str | Path], *, format: str | None = None, model: str | Path | None = None
) -> dict:
    """Claim-model metrics (DESIGN.md) of a bundle on labelled sentences, at 0.5 and at the
    bundle's claim threshold."""
    bundle = load_bundle(model)
    examples = read_claim_files(paths, format=format)
    predicted = predict_confidence(bundle.model("claims"), [e.text for e in examples])
    return claims_metrics(
        [e.confidence for e in examples], predicted, threshold=bundle_claim_threshold(bundle)
    )


def retrain_stance(
    path: str | Path,
    *,
    format: str | None = None,
    bodies: str | Path | None = None,
    base: str | Path | None = None,
    statements: bool = False,
) -> Bundle:
    """A bundle whose stance model is trained on ``path``; other models come from ``base``."""
    base_bundle = load_bundle(base)  # a bad --base fails before training
    examples = read_stance(path, format=format, bodies=bodies)
    model = train_stance(examples, statements=statements)
    predicted = predict_stance(model, [e.claim for e in examples], [e.body for e in examples])
    description = "Stance model retrained on user data" + (
        " with statement-shaped copies of long bodies" if statements else ""
    )
    files = [p for p in (path, bodies) if p is not None]
    kind = trained_on([e.body for e in examples])
    if statements and kind == BODIES:  # it also learnt from the bodies' statement-shaped copies
        kind = BOTH
    return _with_model(
        base_bundle,
        "stance",
        model,
        description,
        files,
        format,
        {"stance/train": stance_metrics([e.stance for e in examples], predicted)},
        extra={STANCE_TRAINED_ON: kind},
    )


def retrain_article(
    path: str | Path, *, format: str | None = None, base: str | Path | None = None
) -> Bundle:
    """A bundle with an article classifier trained on ``path`` (text, label 1 = credible);
    other models come from ``base``. Its probability becomes ``scores.credibility``."""
    base_bundle = load_bundle(base)  # a bad --base fails before training
    examples = read_articles(path, format=format)
    labels = {e.label for e in examples}
    if labels != {0, 1}:
        raise TrainingDataError(
            f"{path}: training data has "
            + ("no rows" if not examples else f"one label only ({labels.pop()})")
            + "; give articles labelled 1 (credible) and 0 (not)"
        )
    model = fit_article([e.text for e in examples], [e.label for e in examples])
    description = (
        "Article classifier (ArticleFeatures, StandardScaler, logistic regression) trained on "
        "user labels; its probability of label 1 is scores.credibility"
    )
    return _with_model(
        base_bundle,
        "article",
        model,
        description,
        [path],
        format,
        {"article/cv": article_cv_metrics(examples)},
    )


def retrain_corroboration(
    path: str | Path,
    *,
    bodies: str | Path,
    base: str | Path | None = None,
    stance_pairs: str | Path | None = None,
    unknown: str = "skip",
) -> Bundle:
    """A bundle whose corroboration model is trained on the stories of ``path`` (claim_id,
    claim, truth, body_id) with the article bodies of ``bodies``; other models from ``base``.

    With ``stance_pairs`` (FNC-1 stances whose bodies are in ``bodies``: the pairs the base
    bundle's stance model was trained on), each fold's stance features come from a stance model
    refitted without that fold's stories (slow: one stance fit per fold).
    """
    stories, texts = read_stories(path, bodies)  # bad stories fail before the bundle loads
    try:
        labelled(stories)
    except TrainingDataError as exc:
        raise TrainingDataError(f"{Path(path).name}: {exc}") from None
    base_bundle = load_bundle(base)  # a bad --base fails before training
    pairs = read_stance(stance_pairs, bodies=bodies) if stance_pairs is not None else None
    trained = train_on_stories(
        stories,
        texts,
        Scorer(base_bundle),
        pairs=pairs,
        train_stance=train_stance,
        unknown=unknown,
    )
    files = [p for p in (path, bodies, stance_pairs) if p is not None]
    bundle = _with_model(
        base_bundle,
        "corroboration",
        trained.model,
        "Corroboration model retrained on user stories",
        files,
        "stories",
        {"corroboration/cv": trained.metrics},
    )
    bundle.card["corroboration"] = trained.card()
    return bundle


def _with_model(
    base: Bundle,
    task: str,
    model: object,
    description: str,
    paths: Sequence[str | Path],
    format: str | None,
    metrics: dict,
    *,
    extra: dict | None = None,
) -> Bundle:
    """``base`` with ``model`` as its ``task`` model, and the card of a user-trained bundle
    (``extra`` adds card fields; the base's ``stance_trained_on`` is kept for its model)."""
    card = {
        "name": "credscore-custom",
        "version": "1",
        "description": f"{description}; other models from {base.card.get('name', 'a base bundle')}",
        "data": [
            {"name": Path(p).name, "file": str(p), "sha256": file_sha256(p), "format": format}
            for p in paths
        ],
        "metrics": metrics,
    }
    if task != "stance" and STANCE_TRAINED_ON in base.card:
        card[STANCE_TRAINED_ON] = base.card[STANCE_TRAINED_ON]
    card.update(extra or {})
    return Bundle(card=card, models={**base.models, task: model})


def article_cv_metrics(examples: Sequence[ArticleExample], folds: int = 5) -> dict:
    """Stratified k-fold accuracy and ROC AUC of the article classifier (k shrinks to the
    smaller class; below 2 per class only ``n`` is reported)."""
    y = np.asarray([e.label for e in examples])
    k = min(folds, int(np.bincount(y, minlength=2).min()))
    out: dict = {"n": len(examples), "positive": int(y.sum())}
    if k < 2:
        return out
    texts = np.asarray([e.text for e in examples], dtype=object)
    cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
    proba = cross_val_predict(article_pipeline(), texts, y, cv=cv, method="predict_proba")[:, 1]
    out.update(
        folds=k,
        accuracy=float(np.mean((proba >= EVEN_ODDS) == y)),
        roc_auc=float(roc_auc_score(y, proba)),
        brier=float(np.mean((proba - y) ** 2)),
    )
    return out


def evaluate_stance(
    path: str | Path,
    *,
    format: str | None = None,
    bodies: str | Path | None = None,
    model: str | Path | None = None,
) -> dict:
    """Stance-model metrics (DESIGN.md) of a bundle on labelled claim-body pairs."""
    stance = load_bundle(model).model("stance")
    if stance is None:
        raise ModelError(
            f"{model or 'the default bundle'}: has no stance model; train one with "
            "credscore train stance"
        )
    examples = read_stance(path, format=format, bodies=bodies)
    predicted = predict_stance(stance, [e.claim for e in examples], [e.body for e in examples])
    return stance_metrics([e.stance for e in examples], predicted)


def evaluate_attribution(folder: str | Path, *, model: str | Path | None = None) -> dict:
    """Cue, source and content F1 (token overlap and exact) on a PolNeAR folder: the bundle's
    attribution model merged with the rules, or the rules alone when it has none."""
    return attribution_scores(read_polnear(folder), load_bundle(model).model("attribution"))
