"""Wire-credit detection on PolNeAR train + dev against metadata.tsv's `wire` column.

Run from the repository root::

    PYTHONPATH=. python benchmarks/wire.py [--data DIR] [--no-write]

Each PolNeAR text is parsed as credscore parses an article (``parse``, plain text) and its
``wire`` (the credited wire service, or None) is compared with the gold `wire`. Rows whose gold
is "NA" (the Western Journal articles, credited "h/t: <outlet>", not annotated for wire) are
left out. Detection counts as right when the article is wire copy and a wire is found; the
service must also match (case-insensitively) for the "service" column.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import shlex
import sys
import time
from collections import Counter
from pathlib import Path

from _results import add_data_option, add_write_option, git_commit, machine, write_section

from credscore.text import parse
from credscore.training.corpora import data_dir

HEADING = "## Wire detection (PolNeAR)"
REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"


def read_gold(root: Path) -> list[tuple[str, Path, str | None]]:
    """(compartment, text path, gold wire or None) for every annotated PolNeAR article."""
    rows = []
    with open(root / "polnear" / "metadata.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["wire"] == "NA":
                continue
            path = root / "polnear" / row["compartment"] / "text" / f"{row['filename']}.txt"
            if path.exists():
                gold = None if row["wire"] == "None" else row["wire"]
                rows.append((row["compartment"], path, gold))
    return rows


def measure(rows: list[tuple[str, Path, str | None]]) -> dict:
    """Precision and recall of "is wire copy", service accuracy, and the misses."""
    tp = fp = fn = tn = same_service = 0
    misses: Counter[str] = Counter()
    start = time.perf_counter()
    for _, path, gold in rows:
        found = parse(path.read_text(encoding="utf-8"), id=path.stem, html=False).wire
        if gold and found:
            tp += 1
            same_service += found.lower() == gold.lower()
        elif gold:
            fn += 1
            misses[f"missed {gold}"] += 1
        elif found:
            fp += 1
            misses[f"false {found}"] += 1
        else:
            tn += 1
    seconds = time.perf_counter() - start
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(rows),
        "wire": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "service_accuracy": same_service / tp if tp else 0.0,
        "misses": dict(misses.most_common()),
        "seconds": seconds,
    }


def render(args: argparse.Namespace, r: dict, by_gold: Counter[str]) -> str:
    """The RESULTS.md section."""
    command = "PYTHONPATH=. python benchmarks/wire.py" + (
        f" --data {shlex.quote(args.data)}" if args.data else ""
    )
    misses = ", ".join(f"{k} ×{v}" for k, v in r["misses"].items()) or "none"
    return "\n".join(
        [
            HEADING,
            "",
            f"- Command: `{command}`",
            f"- Commit: {git_commit()}; machine: {machine()}; "
            f"{datetime.date.today().isoformat()}",
            f"- Data: PolNeAR train + dev texts with metadata.tsv's `wire` ({r['n']} articles: "
            f"{r['wire']} wire copies — "
            + ", ".join(f"{k} {v}" for k, v in by_gold.most_common())
            + "; the rest none). The 132 Western Journal rows marked NA are left out. The "
            "agency lexicon names PolNeAR's four services among others, so this measures the "
            "credit patterns, not the agency list.",
            "",
            "| articles | wire copies | precision | recall | F1 | right service |",
            "|--:|--:|--:|--:|--:|--:|",
            f"| {r['n']} | {r['wire']} | {r['precision']:.3f} | {r['recall']:.3f} | "
            f"{r['f1']:.3f} | {r['service_accuracy']:.3f} |",
            "",
            f"Errors: {misses}. Parsing all {r['n']} texts took {r['seconds']:.1f} s.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Measure, print the section, and write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    rows = read_gold(data_dir(args.data))
    by_gold = Counter(gold for _, _, gold in rows if gold)
    section = render(args, measure(rows), by_gold)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
