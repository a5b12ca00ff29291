"""Attribution benchmark: ``find_attributions`` against PolNeAR gold, written to RESULTS.md.

Run from the repository root::

    PYTHONPATH=. python benchmarks/attribution.py [--split dev] [--data DIR] [--write/--no-write]

Each text is parsed as plain text (``parse(text, html=False)``) exactly as the scorer would, so a
first line that ``parse`` takes for a headline is not analysed; the gold relations there still
count. A second table leaves out gold (and predicted) relations whose cue lies inside the detected
headline, to show how much of the gap that is. Scoring: see ``credscore.training.evaluate``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path

from _results import git_commit, machine, write_section

from credscore.features.attribution import find_attributions
from credscore.text import parse
from credscore.training.corpora import data_dir
from credscore.training.evaluate import attribution_metrics
from credscore.training.polnear import PolnearDoc, read_polnear

HEADING = "## Attribution (PolNeAR dev)"
REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
PARTS = ("cue", "source", "content")
#: BBC Citron on PARC 3.0 (another corpus), exact-match F1
PEER_EXACT = {"cue": 82.3, "source": 82.0, "content": 59.3}
#: the issue's targets, token-overlap F1
TARGETS = {"cue": 0.80, "source": 0.78}

Range = tuple[int, int]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the markdown section, and write it into RESULTS.md (dev only)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA, ../shared/data)")
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"replace the {HEADING!r} section of benchmarks/RESULTS.md (dev split only)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = read_polnear(data_dir(args.data) / "polnear" / args.split)
    headlines, predictions, seconds = run(docs)
    section = render(args, docs, headlines, predictions, seconds, time.perf_counter() - started)
    print(section)
    if args.write and args.split == "dev":
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    elif args.write:
        print(f"not written: {HEADING!r} holds dev numbers only", file=sys.stderr)
    return 0


def run(docs: list[PolnearDoc]) -> tuple[list[Range | None], list[list], float]:
    """Headline range and predicted relations per document, and the seconds spent on them."""
    headlines, predictions = [], []
    start = time.perf_counter()
    for doc in docs:
        article = parse(doc.text, id=doc.id, html=False)
        if article.text != doc.text:
            raise RuntimeError(f"{doc.id}: parse() changed the plain text; offsets would not align")
        headlines.append(article.headline)
        predictions.append(find_attributions(article))
    return headlines, predictions, time.perf_counter() - start


def outside(relations: list, headline: Range | None) -> list:
    """The relations whose cue does not lie inside ``headline``."""
    if headline is None:
        return list(relations)
    return [r for r in relations if not (headline[0] <= r.cue[0] and r.cue[1] <= headline[1])]


def distinct(relations_per_doc: list[list], part: str) -> int:
    """How many distinct spans of ``part`` the documents hold (as the metrics count them)."""
    return sum(len({getattr(r, part) for r in rels} - {None}) for rels in relations_per_doc)


def table(docs: list[PolnearDoc], predictions: list[list]) -> list[str]:
    """The markdown rows of one scoring run."""
    m = attribution_metrics(docs, predictions)
    gold_rels = [doc.relations for doc in docs]
    rows = [
        "| span | gold | predicted | P | R | F1 | P exact | R exact | F1 exact | target (F1) |"
        " peer exact F1 |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|",
    ]
    for part in PARTS:
        keys = [f"{k}{s}" for s in ("", "_exact") for k in ("precision", "recall", "f1")]
        scores = [m[f"{part}_{key}"] for key in keys]
        target = TARGETS.get(part)
        verdict = "—" if target is None else f"≥ {target:.2f} ({_met(m[f'{part}_f1'], target)})"
        cells = [
            part,
            str(distinct(gold_rels, part)),
            str(distinct(predictions, part)),
            *(f"{x:.3f}" for x in scores),
            verdict,
            f"{PEER_EXACT[part] / 100:.3f}",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _met(value: float, target: float) -> str:
    return "met" if value >= target else "not met"


def render(args, docs, headlines, predictions, seconds: float, wall: float) -> str:
    """The RESULTS.md section: command, provenance, both tables, peers and targets."""
    n_rel = sum(len(doc.relations) for doc in docs)
    pairs = list(zip(docs, predictions, headlines, strict=True))
    trimmed_docs = [replace(d, relations=outside(d.relations, h)) for d, _, h in pairs]
    trimmed_preds = [outside(p, h) for _, p, h in pairs]
    in_headline = n_rel - sum(len(d.relations) for d in trimmed_docs)
    command = "PYTHONPATH=. python benchmarks/attribution.py " + shlex.join(_argv_used(args))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {now}; commit `{git_commit()}`; credscore/features/attribution.py sha256 "
        f"`{_sha(REPO / 'credscore' / 'features' / 'attribution.py')}`",
        f"- Machine: {machine()}",
        f"- Data: PolNeAR {args.split}, {len(docs)} texts, {n_rel} gold relations; one .ann file "
        "per text (the first in sorted order, when several annotators did a text); discontinuous "
        "spans taken from their smallest start to their largest end",
        f"- Speed: parse + find_attributions on {len(docs)} articles in {seconds:.2f} s "
        f"({len(docs) / seconds:.0f} articles/s, one process); whole run {wall:.2f} s after "
        "imports",
        "- Matching: token overlap = a predicted span matches a gold span when they share a word "
        "token (`\\w+`); exact = same offsets once whitespace and punctuation are stripped from "
        "both edges; 1:1 greedy matching, micro-averaged over distinct spans per document; "
        "relations without a source or content count for cue only",
        "",
        f"### All gold relations (n = {len(docs)} documents)",
        "",
        *table(docs, predictions),
        "",
        "### Headline excluded",
        "",
        f"Gold relations whose cue lies inside the first line that `parse()` took for a headline "
        f"(and so does not analyse) are left out: {in_headline} relations, "
        f"{sum(h is not None for h in headlines)} of {len(docs)} texts had a headline detected.",
        "",
        *table(trimmed_docs, trimmed_preds),
        "",
        "Peer reference (last column): BBC Citron on PARC 3.0, exact-match F1 cue 82.3, source "
        "82.0, content 59.3; another corpus and annotation scheme, so a direction, not a "
        "like-for-like comparison. Issue targets (token-overlap F1): cue ≥ 0.80, source ≥ 0.78.",
        "",
    ]
    return "\n".join(lines)


def _argv_used(args) -> list[str]:
    out = ["--split", args.split]
    if args.data:
        out += ["--data", args.data]
    return out + ["--write" if args.write else "--no-write"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "missing"


if __name__ == "__main__":
    sys.exit(main())
