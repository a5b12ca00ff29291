"""What ``credscore train`` and ``credscore evaluate`` do, as library calls.

Retraining one task keeps the other models of a base bundle (the shipped default unless another
is given), so the result can be passed to ``credscore score --model`` as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from credscore.features.attribution import find_attributions
from credscore.scoring.bundle import Bundle, file_sha256, load_bundle
from credscore.scoring.claims import predict_confidence
from credscore.text import parse
from credscore.training.datasets import ClaimExample, read_claims
from credscore.training.evaluate import attribution_metrics, claims_metrics
from credscore.training.polnear import read_polnear
from credscore.training.train import train_claims

__all__ = ["evaluate_attribution", "evaluate_claims", "read_claim_files", "retrain_claims"]


def read_claim_files(
    paths: Sequence[str | Path], *, format: str | None = None
) -> list[ClaimExample]:
    """Claim examples from several files (each in ``format``, or guessed from its extension)."""
    return [e for path in paths for e in read_claims(path, format=format)]


def retrain_claims(
    paths: Sequence[str | Path], *, format: str | None = None, base: str | Path | None = None
) -> Bundle:
    """A bundle whose claim model is trained on ``paths``; other models come from ``base``."""
    examples = read_claim_files(paths, format=format)
    model = train_claims(examples)
    base_bundle = load_bundle(base)
    card = {
        "name": "credscore-custom",
        "version": "1",
        "description": "Claim model retrained on user data; other models from "
        + str(base_bundle.card.get("name", "a base bundle")),
        "data": [
            {"name": Path(p).name, "file": str(p), "sha256": file_sha256(p), "format": format}
            for p in paths
        ],
        "metrics": {
            "claims/train": claims_metrics(
                [e.confidence for e in examples],
                predict_confidence(model, [e.text for e in examples]),
            )
        },
    }
    return Bundle(card=card, models={**base_bundle.models, "claims": model})


def evaluate_claims(
    paths: Sequence[str | Path], *, format: str | None = None, model: str | Path | None = None
) -> dict:
    """Claim-model metrics (DESIGN.md) of a bundle on labelled sentences."""
    examples = read_claim_files(paths, format=format)
    predicted = predict_confidence(load_bundle(model).model("claims"), [e.text for e in examples])
    return claims_metrics([e.confidence for e in examples], predicted)


def evaluate_attribution(folder: str | Path) -> dict:
    """Cue, source and content F1 (token overlap and exact) of the extractor on a PolNeAR folder."""
    docs = read_polnear(folder)
    predictions = [find_attributions(parse(d.text, id=d.id, html=False)) for d in docs]
    return attribution_metrics(docs, predictions)
