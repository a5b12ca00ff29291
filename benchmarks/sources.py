"""Source names on real text: how many named sources are junk, on a hand-labelled sample.

Run from the repository root::

    PYTHONPATH=. python benchmarks/sources.py [--data DIR] [--model BUNDLE] [--write/--no-write]

The sample, ``benchmarks/data/sources/sample.jsonl``, holds attribution cues of FNC-1 train bodies
and PolNeAR dev texts, each with the source name(s) a fact-checker would want for it, read off
the text by a person, or null when the cue has no real source (how it was drawn and labelled:
``benchmarks/data/sources/README.md``). The current scorer reads each sampled document as plain
text, and at each sampled cue the relation whose cue overlaps it is looked up:

- usable: it names a source, and the name is one of the gold variants;
- junk: it names a source, and the name matches no gold variant, or the gold is null;
- no source: no relation there, or one without a source name.

Names are compared after casefolding, dropping a leading "the" and edge punctuation. The
baseline row scores the name each cue had when the sample was drawn (``labelled_from``).

Drawing a new sample (only for a new benchmark: the committed one is the test)::

    PYTHONPATH=. python benchmarks/sources.py --draw OUT [--per-corpus 130] [--seed 14]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import random
import re
import shlex
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from _results import (
    REPO,
    RESULTS,
    add_data_option,
    add_write_option,
    git_commit,
    machine,
    write_section,
)

import credscore
from credscore.features.attribution import rule_relations
from credscore.scoring.report import ArticleReport, Attribution
from credscore.text import parse
from credscore.training.corpora import data_dir

HEADING = "## Source names (FNC-1 bodies and PolNeAR dev)"
SAMPLE = REPO / "benchmarks" / "data" / "sources" / "sample.jsonl"
TARGET_JUNK = 0.05
CORPORA = ("fnc1", "polnear")
LISTED = 20  # junk names listed in the section

Document = tuple[str, str, str]  # corpus, doc id, text


def fnc1_bodies(root: Path) -> Iterator[Document]:
    """FNC-1 train bodies as (corpus, Body ID, text)."""
    with open(root / "fnc1" / "train_bodies.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield "fnc1", row["Body ID"], row["articleBody"]


def polnear_dev(root: Path) -> Iterator[Document]:
    """PolNeAR dev texts as (corpus, file name without .txt, text)."""
    for path in sorted((root / "polnear" / "dev" / "text").glob("*.txt")):
        yield "polnear", path.stem, path.read_text(encoding="utf-8")


def documents(root: Path, wanted: set[tuple[str, str]] | None = None) -> Iterator[Document]:
    """Every document of both corpora, or only the (corpus, doc) pairs in ``wanted``."""
    for doc in (*fnc1_bodies(root), *polnear_dev(root)):
        if wanted is None or doc[:2] in wanted:
            yield doc


def score(scorer: credscore.Scorer, doc: Document) -> ArticleReport:
    """The report of one document, read as plain text."""
    return scorer.score(doc[2], id=doc[1], html=False)


def named(report: ArticleReport) -> list[Attribution]:
    """The relations of a report that name a source, one per cue (the first)."""
    out: dict[tuple[int, int], Attribution] = {}
    for a in report.attributions:
        if a.source_name is not None:
            out.setdefault((a.cue.start, a.cue.end), a)
    return list(out.values())


def draw(scorer: credscore.Scorer, root: Path, per_corpus: int, seed: int) -> list[dict]:
    """A seeded random sample of named relations, ``per_corpus`` from each corpus, unlabelled."""
    pools: dict[str, list[dict]] = {c: [] for c in CORPORA}
    for doc in documents(root):
        for a in named(score(scorer, doc)):
            pools[doc[0]].append(
                {
                    "corpus": doc[0],
                    "doc": doc[1],
                    "cue": [a.cue.start, a.cue.end],
                    "gold": "?",
                    "labelled_from": a.source_name,
                }
            )
    rng = random.Random(seed)
    return [row for c in CORPORA for row in rng.sample(pools[c], per_corpus)]


_EDGE = re.compile(r"^[\s\"“”‘’'(),.;:—–-]+|[\s\"“”‘’'(),;:—–-]+$")


def normalise(name: str) -> str:
    """A name for comparison: casefolded, curly apostrophes straight, no leading "the"."""
    text = " ".join(name.replace("’", "'").split()).casefold()
    text = _EDGE.sub("", text)
    return text[4:] if text.startswith("the ") else text


def verdict(name: str | None, gold: dict | None) -> str:
    """"usable", "junk" or "none" for the name given at a cue with gold ``gold``."""
    if name is None:
        return "none"
    if gold is None:
        return "junk"
    return "usable" if normalise(name) in {normalise(g) for g in gold["names"]} else "junk"


def at_cue(relations: Sequence[Attribution], cue: Sequence[int]) -> Attribution | None:
    """The relation whose cue overlaps ``cue`` (one that names a source first), if any."""
    hits = [a for a in relations if a.cue.start < cue[1] and cue[0] < a.cue.end]
    return min(hits, key=lambda a: (a.source_name is None, abs(a.cue.start - cue[0])), default=None)


def tally(rows: Sequence[dict], names: Iterable[str | None]) -> dict:
    """Counts of each verdict, overall and by corpus, and the junk cues."""
    counts: Counter[str] = Counter()
    by_corpus: dict[str, Counter[str]] = {c: Counter() for c in CORPORA}
    junk = []
    for row, name in zip(rows, names, strict=True):
        v = verdict(name, row["gold"])
        counts[v] += 1
        by_corpus[row["corpus"]][v] += 1
        if v == "junk":
            junk.append((row, name))
    return {"all": counts, "by_corpus": by_corpus, "junk": junk}


def origins(root: Path, rows: Sequence[dict], found: Sequence[Attribution | None]) -> Counter:
    """(verdict, "rules" or "model" cue, "pronoun" or "phrase" source) of each named cue."""
    texts = {doc[:2]: doc[2] for doc in documents(root, {(r["corpus"], r["doc"]) for r in rows})}
    out: Counter[tuple[str, str, str]] = Counter()
    for row, a in zip(rows, found, strict=True):
        if a is None or a.source_name is None or a.source is None:
            continue
        article = parse(texts[(row["corpus"], row["doc"])], id=row["doc"], html=False)
        rules = [f[0] for sentence in rule_relations(article) for f in sentence]
        ruled = any(c[0] < a.cue.end and a.cue.start < c[1] for c in rules)
        pronoun = a.source.text.lower() in ("he", "she", "they", "it", "him", "her")
        verdict_ = verdict(a.source_name, row["gold"])
        out[(verdict_, "rules" if ruled else "model", "pronoun" if pronoun else "phrase")] += 1
    return out


def rates(c: Counter[str]) -> tuple[int, int, str, str, str]:
    """Cues, named, junk rate (of named), usable rate (of cues), no-source count as cells."""
    n, shown = sum(c.values()), c["usable"] + c["junk"]
    junk = f"{c['junk'] / shown:.3f} ({c['junk']})" if shown else "—"
    usable = f"{c['usable'] / n:.3f} ({c['usable']})" if n else "—"
    return n, shown, junk, usable, str(c["none"])


def render(args: argparse.Namespace, rows: list[dict], base: dict, now: dict) -> str:
    """The RESULTS.md section."""
    command = "PYTHONPATH=. python benchmarks/sources.py" + "".join(
        f" --{k} {shlex.quote(v)}" for k, v in (("data", args.data), ("model", args.model)) if v
    )
    null = sum(r["gold"] is None for r in rows)
    header = [
        "| names from | corpus | cues | named | junk rate (of named) | usable (of cues) "
        "| no source | target junk ≤ 0.05 |",
        "|---|---|--:|--:|--:|--:|--:|---|",
    ]
    lines = []
    for label, t in (("baseline: `labelled_from`, commit 15ee795", base), ("this commit", now)):
        for corpus, c in (("both", t["all"]), *t["by_corpus"].items()):
            n, shown, junk, usable, none = rates(c)
            rate = c["junk"] / shown if shown else 0.0
            met = ("met" if rate <= TARGET_JUNK else "not met") if corpus == "both" else ""
            lines.append(f"| {label} | {corpus} | {n} | {shown} | {junk} | {usable} | {none} "
                         f"| {met} |")
    shown_junk = [f"{r['corpus']} {r['doc']} {r['cue']}: {name!r}" for r, name in now["junk"]]
    by_origin = [
        "| cue found by | source | usable | junk | junk rate |",
        "|---|---|--:|--:|--:|",
    ]
    for cue_by in ("rules", "model"):
        for src in ("phrase", "pronoun"):
            good, bad = (now["origins"][(v, cue_by, src)] for v in ("usable", "junk"))
            rate = f"{bad / (good + bad):.3f}" if good + bad else "—"
            by_origin.append(f"| {cue_by} | {src} | {good} | {bad} | {rate} |")
    left = ", ".join(shown_junk[:LISTED]) or "none"
    if len(shown_junk) > LISTED:
        left += f", and {len(shown_junk) - LISTED} more"
    return "\n".join(
        [
            HEADING,
            "",
            f"- Command: `{command}`",
            f"- Date: {datetime.date.today().isoformat()}; commit `{git_commit()}`",
            f"- Machine: {machine()}",
            f"- Sample: `benchmarks/data/sources/sample.jsonl`, {len(rows)} attribution cues that "
            f"named a source at commit 15ee795, drawn at random (seed 14) from FNC-1 train bodies "
            f"and PolNeAR dev texts, half from each; a person read each in its article and wrote "
            f"the usable name(s) of its source, or null when the cue has no real source "
            f"({null} cues). How it was drawn and labelled: `benchmarks/data/sources/README.md`. "
            "No fix was developed on these documents.",
            "- junk: a name that matches no gold variant (after casefolding and dropping a "
            "leading \"the\"), or any name where the gold is null; usable: a name that matches; "
            "no source: the cue now has no relation, or one without a source name",
            "",
            *header,
            *lines,
            "",
            "Where this commit's named sources come from: the cue found by the rules (the model "
            "may have given the source) or by the model alone; a source written as a pronoun or "
            "as a phrase.",
            "",
            *by_origin,
            "",
            f"Junk names left at this commit: {left}.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Draw a sample, or score the committed one and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    parser.add_argument("--model", help="bundle to score with (default: the shipped one)")
    parser.add_argument("--draw", metavar="OUT", help="draw a new unlabelled sample into OUT")
    parser.add_argument("--per-corpus", type=int, default=130)
    parser.add_argument("--seed", type=int, default=14)
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    root = data_dir(args.data)
    scorer = credscore.load(args.model)
    if args.draw:
        rows = draw(scorer, root, args.per_corpus, args.seed)
        Path(args.draw).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {len(rows)} unlabelled cues to {args.draw}", file=sys.stderr)
        return 0
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    reports = {doc[:2]: score(scorer, doc) for doc in documents(root, {(r["corpus"], r["doc"])
                                                                        for r in rows})}
    found = [at_cue(reports[(r["corpus"], r["doc"])].attributions, r["cue"]) for r in rows]
    now = tally(rows, [a.source_name if a else None for a in found])
    now["origins"] = origins(root, rows, found)
    base = tally(rows, [r["labelled_from"] for r in rows])
    section = render(args, rows, base, now)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
