"""Write every report credscore gives on a fixed set of texts, to check a refactor changes none.

    python scripts/snapshot_reports.py OUT.jsonl [--data DIR] [--n 500]

Scores examples/, the article fixtures (tests/fixtures/{articles,story,denial}), and ``--n``
texts: PolNeAR dev (up to half) and FNC-1 training bodies for the rest, with the shipped bundle;
the story fixtures and the denial fixtures are also scored as stories. Run it before and after a
change and compare the two files byte for byte (``cmp``).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from credscore import load  # noqa: E402
from credscore.inputs import to_article  # noqa: E402
from credscore.text import decode  # noqa: E402
from credscore.training.corpora import data_dir  # noqa: E402

FIXTURES = ("articles", "story", "denial")
SUFFIXES = {".txt", ".html"}


def fixture_texts() -> list[tuple[str, str]]:
    """(id, text) of examples/ and the article fixtures, sorted by path."""
    paths = sorted((ROOT / "examples").glob("*.txt"))
    for name in FIXTURES:
        paths += sorted(
            p for p in (ROOT / "tests" / "fixtures" / name).iterdir() if p.suffix in SUFFIXES
        )
    return [(str(p.relative_to(ROOT)), decode(p.read_bytes())) for p in paths]


def corpus_texts(data: str | None, n: int) -> list[tuple[str, str]]:
    """(id, text) of up to n/2 PolNeAR dev texts, and FNC-1 training bodies to make n."""
    root = data_dir(data)
    polnear = sorted((root / "polnear" / "dev" / "text").iterdir())[: n // 2]
    csv.field_size_limit(sys.maxsize)
    with (root / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        rows = itertools.islice(csv.DictReader(f), n - len(polnear))
        fnc = [(f"fnc1/{r['Body ID']}", r["articleBody"]) for r in rows]
    return [(f"polnear/{p.name}", p.read_text("utf-8")) for p in polnear] + fnc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA, ../shared/data)")
    parser.add_argument("--n", type=int, default=500, help="corpus texts, half each")
    args = parser.parse_args(argv)
    scorer = load()
    items = fixture_texts() + corpus_texts(args.data, args.n)
    articles = [to_article({"id": i, "text": t}, n) for n, (i, t) in enumerate(items, 1)]
    with args.out.open("w", encoding="utf-8") as out:
        for report in scorer.score_articles(articles):
            out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        for name in ("story", "denial"):
            story = [a for a in articles if a.id.startswith(f"tests/fixtures/{name}/")]
            reports, view = scorer.corroborate(story, scorer.score_articles(story))
            out.write(json.dumps([r.to_dict() for r in reports], ensure_ascii=False) + "\n")
            out.write(json.dumps(view.to_dict() if view else None, ensure_ascii=False) + "\n")
    print(f"wrote {len(articles)} reports and 2 stories to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
