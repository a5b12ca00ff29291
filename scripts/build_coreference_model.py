"""Rebuild the shipped source-coreference pair model from the annotated origins dev set.

    python scripts/build_coreference_model.py [--data ../shared/data]

Reads the annotated stories of benchmarks/data/origins against their FNC-1 bodies (scored by
the default bundle), chooses the design (C, pair weighting, linkage, threshold) by grouped 4-fold
CV over the stories (credscore.training.coreference_design), fits the pairwise logistic
regression of that design on every story's entity pairs and writes
credscore/models/coreference.json (the numbers and a model card). Its held-out quality is
measured by benchmarks/origins.py, which repeats the choice and the fit leaving each story out.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import sklearn

import credscore
from credscore import __version__
from credscore.scoring.bundle import file_sha256
from credscore.training.coreference import (
    DEV_SET,
    load_dev_set,
    pair_model_dict,
    pooled,
    story_pairs,
)
from credscore.training.coreference_design import INNER_FOLDS, fit_design, select_design

MODELS = Path(__file__).resolve().parents[1] / "credscore" / "models"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA or ../shared/data)")
    args = parser.parse_args()
    started = time.perf_counter()
    stories, bodies = load_dev_set(args.data)
    scorer = credscore.load()
    parts = [story_pairs(s, bodies, scorer) for s in stories]
    _, labels = pooled(parts)
    design, cv_f1 = select_design(parts)
    model = fit_design(parts, design)
    card = {
        "name": "credscore-coreference",
        "description": (
            "Cross-article source coreference: a balanced logistic regression over pair "
            f"features of two articles' sources ({design}), the design chosen by grouped "
            f"{INNER_FOLDS}-fold CV over the annotated stories."
        ),
        "design": {
            "c": design.c,
            "weighting": design.weighting,
            "linkage": design.linkage,
            "threshold": design.threshold,
            "cv_mention_f1": round(cv_f1, 4),
        },
        "data": {
            "stories": str((DEV_SET / "stories.jsonl").relative_to(MODELS.parents[1])),
            "stories_sha256": file_sha256(DEV_SET / "stories.jsonl"),
            "mentions_sha256": file_sha256(DEV_SET / "mentions.jsonl"),
            "n_stories": len(parts),
            "n_pairs": int(len(labels)),
            "n_same": int(labels.sum()),
        },
        "versions": {
            "credscore": __version__,
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
    }
    out = MODELS / "coreference.json"
    tmp = out.with_suffix(".tmp")
    written = pair_model_dict(model, design.threshold, card, design.linkage)
    tmp.write_text(json.dumps(written, indent=1) + "\n")
    tmp.replace(out)
    print(f"{design}: grouped-CV mention F1 {cv_f1:.3f}")
    print(f"wrote {out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
