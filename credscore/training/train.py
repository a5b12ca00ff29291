"""Fit models and assemble bundles, including the shipped default bundle."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sklearn.pipeline import Pipeline

from credscore.errors import TrainingDataError
from credscore.scoring.bundle import Bundle, file_sha256
from credscore.scoring.claims import fit_claims, predict_confidence
from credscore.training.corpora import claim_splits
from credscore.training.datasets import ClaimExample
from credscore.training.evaluate import claims_metrics

__all__ = ["build_default_bundle", "train_claims"]

DEFAULT_NAME = "credscore-default"


def train_claims(examples: Sequence[ClaimExample]) -> Pipeline:
    """Fit the claim model on examples; refuses an empty set or one with a single class."""
    if not examples:
        raise TrainingDataError("no training examples; give at least one firm and one uncertain")
    confidences = [e.confidence for e in examples]
    if all(c >= 0.5 for c in confidences) or all(c < 0.5 for c in confidences):
        raise TrainingDataError(
            "training data has one class only; give both firm (certain) and uncertain examples"
        )
    return fit_claims([e.text for e in examples], confidences)


def build_default_bundle(data: str | Path | None = None) -> Bundle:
    """Train the default bundle on the public corpora's train parts; dev metrics in the card."""
    splits = claim_splits(data)
    train = [e for split in splits.values() for e in split.train]
    claims = train_claims(train)
    metrics = {}
    for name, split in splits.items():
        predicted = predict_confidence(claims, [e.text for e in split.dev])
        metrics[f"claims/{name}/dev"] = claims_metrics([e.confidence for e in split.dev], predicted)
    card = {
        "name": DEFAULT_NAME,
        "version": "1",
        "description": "Claim confidence: calibrated logistic regression over word and character "
        "n-grams and hedge, booster and negation counts.",
        "data": [
            {
                "name": name,
                "file": str(Path(split.path).relative_to(Path(split.path).parents[1])),
                "sha256": file_sha256(split.path),
                "train_rows": len(split.train),
                "dev_rows": len(split.dev),
            }
            for name, split in splits.items()
        ],
        "dev_split": "conll2010: seeded random 20% of rows; pei-jurgens: its val split; "
        "emergent: seeded 20% of claims (whole claims)",
        "metrics": metrics,
    }
    return Bundle(card=card, models={"claims": claims})
