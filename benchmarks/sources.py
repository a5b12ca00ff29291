"""Source names on real text: how many named sources are junk, on a hand-labelled sample.

Run from the repository root::

    PYTHONPATH=. python benchmarks/sources.py [--data DIR] [--model BUNDLE] [--sample both|dev|test]

Two labelled samples, drawn and labelled the same way (``benchmarks/data/sources/README.md``): the
test, ``sample.jsonl`` (FNC-1 train bodies and PolNeAR dev texts), on which no fix was developed,
and the dev, ``dev.jsonl`` (other FNC-1 train bodies and PolNeAR train texts), on which fixes are
developed. Each holds attribution cues, each with the source name(s) a fact-checker would want
for it, read off the text by a person, or null when the cue has no real source. The current
scorer reads each sampled document as plain text, and at each sampled cue the relation whose
cue overlaps it is looked up:

- usable: it names a source, and the name is one of the gold variants;
- junk: it names a source, and the name matches no gold variant, or the gold is null;
- no source: no relation there, or one without a source name.

Names are compared after casefolding, dropping a leading "the" and edge punctuation. The
baseline row scores the name each cue had when the sample was drawn (``labelled_from``).

While iterating, score only the dev (``--sample dev``; RESULTS.md is written only when both are
scored). Drawing a new sample (only for a new benchmark: the committed ones stay as they are)::

    PYTHONPATH=. python benchmarks/sources.py --draw OUT [--per-corpus 130] [--seed 14] [--dev]

``--dev`` draws from PolNeAR train instead of dev and leaves out every document of the test.
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
from dataclasses import dataclass
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
SAMPLES_DIR = REPO / "benchmarks" / "data" / "sources"
TARGET_JUNK = 0.05
CORPORA = ("fnc1", "polnear")
LISTED = 20  # junk names listed in the section

Document = tuple[str, str, str]  # corpus, doc id, text


@dataclass(frozen=True)
class Sample:
    """A labelled sample of cues: where it is, which PolNeAR split it reads, how it was drawn."""

    name: str
    path: Path
    polnear: str
    drawn_at: str
    seed: int
    note: str


DEV = Sample(
    "dev",
    SAMPLES_DIR / "dev.jsonl",
    "train",
    "ab0850e",
    1414,
    "No document of the test sample is in it. The fixes since ab0850e were developed on it.",
)
TEST = Sample(
    "test",
    SAMPLES_DIR / "sample.jsonl",
    "dev",
    "15ee795",
    14,
    "No fix was developed on these documents; scored once, at the end of each round of fixes.",
)
SAMPLES = (DEV, TEST)


def fnc1_bodies(root: Path) -> Iterator[Document]:
    """FNC-1 train bodies as (corpus, Body ID, text)."""
    with open(root / "fnc1" / "train_bodies.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield "fnc1", row["Body ID"], row["articleBody"]


def polnear_texts(root: Path, split: str) -> Iterator[Document]:
    """PolNeAR texts of ``split`` as (corpus, file name without .txt, text)."""
    for path in sorted((root / "polnear" / split / "text").glob("*.txt")):
        yield "polnear", path.stem, path.read_text(encoding="utf-8")


def documents(
    root: Path, wanted: set[tuple[str, str]] | None = None, polnear: str = "dev"
) -> Iterator[Document]:
    """Every document of both corpora (PolNeAR's ``polnear`` split), or only those in ``wanted``."""
    for doc in (*fnc1_bodies(root), *polnear_texts(root, polnear)):
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


def draw(
    scorer: credscore.Scorer,
    root: Path,
    per_corpus: int,
    seed: int,
    polnear: str = "dev",
    exclude: frozenset[tuple[str, str]] = frozenset(),
) -> list[dict]:
    """A seeded random sample of named relations, ``per_corpus`` from each corpus, unlabelled,
    from documents not in ``exclude``."""
    pools: dict[str, list[dict]] = {c: [] for c in CORPORA}
    for doc in documents(root, polnear=polnear):
        if doc[:2] in exclude:
            continue
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


def origins(
    texts: dict[tuple[str, str], str], rows: Sequence[dict], found: Sequence[Attribution | None]
) -> Counter:
    """(verdict, "rules" or "model" cue, "pronoun" or "phrase" source) of each named cue."""
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


def measure(scorer: credscore.Scorer, root: Path, sample: Sample) -> dict:
    """The cues of a sample, and the tallies of their names at this commit and when drawn."""
    rows = load_sample(sample.path)
    texts = {
        doc[:2]: doc[2]
        for doc in documents(root, {(r["corpus"], r["doc"]) for r in rows}, sample.polnear)
    }
    reports = {key: score(scorer, (*key, text)) for key, text in texts.items()}
    found = [at_cue(reports[(r["corpus"], r["doc"])].attributions, r["cue"]) for r in rows]
    now = tally(rows, [a.source_name if a else None for a in found])
    now["origins"] = origins(texts, rows, found)
    return {"rows": rows, "base": tally(rows, [r["labelled_from"] for r in rows]), "now": now}


def rates(c: Counter[str]) -> tuple[int, int, str, str, str]:
    """Cues, named, junk rate (of named), usable rate (of cues), no-source count as cells."""
    n, shown = sum(c.values()), c["usable"] + c["junk"]
    junk = f"{c['junk'] / shown:.3f} ({c['junk']})" if shown else "—"
    usable = f"{c['usable'] / n:.3f} ({c['usable']})" if n else "—"
    return n, shown, junk, usable, str(c["none"])


def table(sample: Sample, measured: dict) -> list[str]:
    """Rows of the verdict table for one sample: its names when drawn, and at this commit."""
    lines = []
    for label, t in ((f"baseline: `labelled_from`, commit {sample.drawn_at}", measured["base"]),
                     ("this commit", measured["now"])):
        for corpus, c in (("both", t["all"]), *t["by_corpus"].items()):
            n, shown, junk, usable, none = rates(c)
            rate = c["junk"] / shown if shown else 0.0
            met = ("met" if rate <= TARGET_JUNK else "not met") if corpus == "both" else ""
            lines.append(f"| {sample.name} | {label} | {corpus} | {n} | {shown} | {junk} "
                         f"| {usable} | {none} | {met} |")
    return lines


def by_origin(now: dict) -> list[str]:
    """Rows of the table of where named sources come from (cue by rules or model, pronoun)."""
    lines = []
    for cue_by in ("rules", "model"):
        for src in ("phrase", "pronoun"):
            good, bad = (now["origins"][(v, cue_by, src)] for v in ("usable", "junk"))
            rate = f"{bad / (good + bad):.3f}" if good + bad else "—"
            lines.append(f"| {cue_by} | {src} | {good} | {bad} | {rate} |")
    return lines


def junk_left(now: dict) -> str:
    """The junk names of a sample at this commit, the first ``LISTED`` of them."""
    shown = [f"{r['corpus']} {r['doc']} {r['cue']}: {name!r}" for r, name in now["junk"]]
    left = ", ".join(shown[:LISTED]) or "none"
    return left + (f", and {len(shown) - LISTED} more" if len(shown) > LISTED else "")


def describe(sample: Sample, rows: list[dict]) -> str:
    """One bullet saying how a sample was drawn and what it is for."""
    null = sum(r["gold"] is None for r in rows)
    return (
        f"- {sample.name}: `{sample.path.relative_to(REPO)}`, {len(rows)} attribution cues that "
        f"named a source at commit {sample.drawn_at}, drawn at random (seed {sample.seed}) from "
        f"FNC-1 train bodies and PolNeAR {sample.polnear} texts, half from each; "
        f"{null} have no real source. {sample.note}"
    )


def render(args: argparse.Namespace, measured: dict[str, dict]) -> str:
    """The RESULTS.md section."""
    command = "PYTHONPATH=. python benchmarks/sources.py" + "".join(
        f" --{k} {shlex.quote(v)}" for k, v in (("data", args.data), ("model", args.model)) if v
    )
    samples = [s for s in SAMPLES if s.name in measured]
    header = [
        "| sample | names from | corpus | cues | named | junk rate (of named) | usable (of cues) "
        "| no source | target junk ≤ 0.05 |",
        "|---|---|---|--:|--:|--:|--:|--:|---|",
    ]
    origin_header = [
        "| cue found by | source | usable | junk | junk rate |",
        "|---|---|--:|--:|--:|",
    ]
    out = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.date.today().isoformat()}; commit `{git_commit()}`",
        f"- Machine: {machine()}",
        *(describe(s, measured[s.name]["rows"]) for s in samples),
        "- Each cue was read in its article by a person, who wrote the usable name(s) of its "
        "source, or null when it has no real source (`benchmarks/data/sources/README.md`).",
        "- junk: a name that matches no gold variant (after casefolding and dropping a "
        "leading \"the\"), or any name where the gold is null; usable: a name that matches; "
        "no source: the cue now has no relation, or one without a source name",
        "",
        *header,
        *(line for s in samples for line in table(s, measured[s.name])),
        "",
    ]
    for s in samples:
        now = measured[s.name]["now"]
        out += [
            f"Where this commit's named sources of the {s.name} sample come from: the cue found "
            "by the rules (the model may have given the source) or by the model alone; a source "
            "written as a pronoun or as a phrase.",
            "",
            *origin_header,
            *by_origin(now),
            "",
            f"Junk names left in the {s.name} sample at this commit: {junk_left(now)}.",
            "",
        ]
    return "\n".join(out)


def load_sample(path: Path) -> list[dict]:
    """The labelled cues of a sample file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    """Draw a sample, or score the committed one and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    parser.add_argument("--model", help="bundle to score with (default: the shipped one)")
    parser.add_argument("--draw", metavar="OUT", help="draw a new unlabelled sample into OUT")
    parser.add_argument("--per-corpus", type=int, default=130)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--dev",
        action="store_true",
        help="with --draw: from PolNeAR train (not dev), leaving out every document of the test",
    )
    parser.add_argument(
        "--sample",
        choices=("both", "dev", "test"),
        default="both",
        help="which labelled sample to score (RESULTS.md is written only for both)",
    )
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    root = data_dir(args.data)
    scorer = credscore.load(args.model)
    if args.draw:
        if args.dev:
            test = frozenset((r["corpus"], r["doc"]) for r in load_sample(TEST.path))
            rows = draw(scorer, root, args.per_corpus, args.seed, "train", test)
        else:
            rows = draw(scorer, root, args.per_corpus, args.seed)
        Path(args.draw).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {len(rows)} unlabelled cues to {args.draw}", file=sys.stderr)
        return 0
    wanted = [s for s in SAMPLES if args.sample in ("both", s.name)]
    section = render(args, {s.name: measure(scorer, root, s) for s in wanted})
    print(section)
    if args.write and args.sample == "both":
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
