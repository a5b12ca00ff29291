"""Rebuild the shipped page-furniture line classifier from the real pages of the data folder.

    python scripts/build_page_model.py [--data ../shared/data] [--jobs 2]

Trains on the training pages of :func:`credscore.training.pages.page_split` (every language;
the English dev pages and every other page of their sites are held out) and on PolNeAR's
training articles as clean text (pages of prose alone, which real pages lack), and writes
credscore/models/furniture.npz and its model card credscore/models/furniture.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import sklearn

from credscore import __version__
from credscore.scoring.bundle import file_sha256
from credscore.training.corpora import data_dir
from credscore.training.furniture import clean_dataset, combine, line_dataset, train_line_model
from credscore.training.pages import (
    PAGES_ARCHIVE,
    extract_silver,
    page_split,
    read_article_lines,
)

#: clean article texts: every line is article unless a rule names it (the model must keep them)
CLEAN_TEXTS = "polnear/train/text"

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "credscore" / "models"
#: hand labels of the English training pages' article lines (never the dev pages')
TRAIN_LABELS = REPO / "benchmarks" / "data" / "pages" / "train_content.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA or ../shared/data)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for trafilatura's labels")
    args = parser.parse_args()
    started = time.perf_counter()
    split = page_split(args.data)
    silver = extract_silver(split.train, n_jobs=args.jobs)
    clean_folder = data_dir(args.data) / CLEAN_TEXTS
    clean = sorted(clean_folder.glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in clean]
    labelled = read_article_lines(TRAIN_LABELS)
    if set(labelled) & {p.file for p in split.dev}:
        raise SystemExit(f"{TRAIN_LABELS} labels a dev page; only training pages may be used")
    pages = line_dataset(split.train, silver, article_lines=labelled)
    data = combine(pages, clean_dataset(texts))
    model, metrics = train_line_model(data)
    path = MODELS / "furniture.npz"
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **model.to_arrays())
    tmp.replace(path)
    import trafilatura

    card = {
        "name": "credscore-furniture",
        "description": (
            "Page-furniture line classifier: a logistic-regression pass over line shape, "
            "boilerplate-rule, position (relative to prose runs and to the last line that "
            "marks an article's end) and neighbour features and hashed words; then boosted "
            "trees (scikit-learn's HistGradientBoostingClassifier, stored as arrays and "
            "scored with numpy) over the same dense features, the first pass's verdicts on "
            "nearby lines and the page's best article block (the run of lines with the "
            "largest sum of first-pass article scores): inside it or not, distance to it, "
            "words shared with it. The cut keeps 96% of the gold article lines' words in "
            "cross-validation; folds grouped by site."
        ),
        "data": {
            "file": PAGES_ARCHIVE,
            "sha256": file_sha256(split.archive),
            "train_pages": len(split.train),
            "held_out_dev_pages": len(split.dev),
            "clean_texts": {"folder": CLEAN_TEXTS, "texts": len(texts)},
            "hand_labelled_pages": {
                "file": str(TRAIN_LABELS.relative_to(REPO)),
                "sha256": file_sha256(TRAIN_LABELS),
                "pages": len(labelled),
            },
            "labels": (
                "hand-labelled pages: every line gold, article or not as labelled; other pages: "
                "gold: a line holding a 'with' snippet or the page's title is article, one "
                "holding a 'without' snippet is furniture; silver for the other lines: article "
                "when trafilatura's main text (include_comments=False) holds it; clean texts "
                "(and a 1-3 line excerpt of each): article unless a boilerplate rule names the line"
            ),
        },
        "metrics": metrics,
        "versions": {
            "credscore": __version__,
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "trafilatura": trafilatura.__version__,
            "python": platform.python_version(),
        },
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    (MODELS / "furniture.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB) in {card['build_seconds']} s")
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
