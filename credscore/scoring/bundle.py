"""Model bundles: fitted pipelines plus a model card, saved and loaded without running their code.

A bundle is one skops file holding a dict: ``format``, ``card`` (training data with hashes,
metrics, versions) and one fitted model per task (``claims``, ``stance``, ``article``,
``attribution``, ``corroboration``; absent tasks are None). Loading accepts only scikit-learn,
numpy and the credscore types listed in ``TRUSTED_TYPES``; anything else in the file is refused
before it is built.
"""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import skops
import skops.io as sio

from credscore._version import __version__
from credscore.errors import ModelError
from credscore.scoring.claims import EVEN_ODDS, claim_threshold

__all__ = [
    "Bundle",
    "TASKS",
    "TRUSTED_TYPES",
    "bundle_claim_threshold",
    "bundle_file",
    "default_bundle_path",
    "file_sha256",
    "load_bundle",
    "save_bundle",
    "versions",
]

FORMAT = "credscore-bundle/1"
TASKS = ("claims", "stance", "article", "attribution", "corroboration")
TRUSTED_TYPES = (
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "credscore.scoring.claims.CorpusMixture",
    "credscore.scoring.stance.TwoStageStance",
    "credscore.features.pairs.PairFeatures",
    "credscore.features.statement_cues.StatementCues",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "credscore.features.vectorize.ClaimFeatures",
    "credscore.features.vectorize.CueCounts",
    "credscore.features.vectorize._ScaledCues",
    "credscore.features.article.ArticleFeatures",
    "credscore.scoring.attribution.AttributionModel",
)


@dataclass(frozen=True)
class Bundle:
    """Fitted pipelines by task, and the model card that says how they were made."""

    card: dict[str, Any]
    models: dict[str, Any] = field(default_factory=dict)

    def model(self, task: str) -> Any:
        """The fitted pipeline for ``task``, or None if the bundle has none."""
        return self.models.get(task)


#: the claim threshold of a bundle whose claim model learnt none (saved before it existed)
FALLBACK_THRESHOLD = EVEN_ODDS


def bundle_claim_threshold(bundle: Bundle) -> float:
    """The cut below which a claim is speculative: the claim model's learnt one, else 0.5."""
    cut = claim_threshold(bundle.model("claims")) if bundle.model("claims") is not None else None
    return FALLBACK_THRESHOLD if cut is None else cut


def versions() -> dict[str, str]:
    """Versions of the packages a bundle depends on, for its model card."""
    return {
        "credscore": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "skops": skops.__version__,
        "python": platform.python_version(),
    }


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, for the model card's data provenance."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_bundle_path() -> Path:
    """Path of the bundle shipped with the package."""
    return Path(str(resources.files("credscore.models") / "default.skops"))


def save_bundle(bundle: Bundle, path: str | Path, *, force: bool = False) -> Path:
    """Write ``bundle`` atomically (temp file + rename); an existing file needs ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise ModelError(f"{path}: file exists; pass --force (force=True) to replace it")
    card = {**bundle.card, "versions": versions(), "saved": _now()}
    payload = {"format": FORMAT, "card": card, **{t: bundle.models.get(t) for t in TASKS}}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(sio.dumps(payload, compression=zipfile.ZIP_DEFLATED, compresslevel=9))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def bundle_file(path: str | Path | None = None) -> Path:
    """The path of a bundle file (the shipped default when None), checked to be a skops file
    without loading it."""
    path = Path(path) if path is not None else default_bundle_path()
    if not path.is_file():
        raise ModelError(f"{path}: no such model file; give the path of a credscore bundle")
    if not zipfile.is_zipfile(path):
        raise ModelError(
            f"{path}: not a credscore model bundle (not a skops file); it was not loaded"
        )
    return path


def load_bundle(path: str | Path | None = None) -> Bundle:
    """Load a bundle (the shipped default when ``path`` is None), refusing untrusted content."""
    path = bundle_file(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # skops raises many kinds on a corrupt archive
        raise ModelError(
            f"{path}: unreadable model file ({exc}); rebuild or re-download it"
        ) from exc
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise ModelError(
            f"{path}: refused to load, it holds types credscore does not trust: "
            + ", ".join(refused)
        )
    try:
        payload = sio.load(path, trusted=list(untrusted))
    except Exception as exc:
        raise ModelError(
            f"{path}: unreadable model file ({exc}); rebuild or re-download it"
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"{path}: not a credscore model bundle (expected format {FORMAT})")
    card = payload.get("card") or {}
    _warn_on_version_mismatch(path, card.get("versions", {}))
    models = {t: payload.get(t) for t in TASKS if payload.get(t) is not None}
    if "claims" in models and claim_threshold(models["claims"]) is None:
        warnings.warn(
            f"{path}: its claim model has no claim threshold (saved before credscore learnt "
            f"one); claims below {FALLBACK_THRESHOLD} are called speculative; retrain with "
            "credscore train claims to learn the cut",
            UserWarning,
            stacklevel=2,
        )
    return Bundle(card=card, models=models)


def _warn_on_version_mismatch(path: Path, saved: dict[str, str]) -> None:
    """Warn when the bundle was saved by another credscore or scikit-learn version."""
    now = versions()
    for package in ("credscore", "scikit-learn"):
        if saved.get(package) and saved[package] != now[package]:
            warnings.warn(
                f"{path}: saved with {package} {saved[package]}, running {now[package]}; "
                "predictions may differ, retrain to silence this",
                UserWarning,
                stacklevel=3,
            )


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
