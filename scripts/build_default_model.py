"""Rebuild the shipped default bundle from the public corpora.

    python scripts/build_default_model.py [--data ../shared/data]

Writes credscore/models/default.skops and its model card credscore/models/default.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from credscore.scoring.bundle import load_bundle, save_bundle
from credscore.training.train import build_default_bundle

MODELS = Path(__file__).resolve().parents[1] / "credscore" / "models"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA or ../shared/data)")
    args = parser.parse_args()
    started = time.perf_counter()
    bundle = build_default_bundle(args.data)
    path = save_bundle(bundle, MODELS / "default.skops", force=True)
    card = load_bundle(path).card
    card["build_seconds"] = round(time.perf_counter() - started, 1)
    (MODELS / "default.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {card['build_seconds']} s")
    print(json.dumps(card["metrics"], indent=2))


if __name__ == "__main__":
    main()
