"""Check the page-content labels against the frozen page renderings, and count what they hold.

    python benchmarks/data/pages/check.py [--split dev|train] [--pages DIR] [--show FILE]

The split picks the labels (dev_content.jsonl or train_content.jsonl) and the default DIR
(/tmp/pages-annot or /tmp/pages-annot-train), which holds index.json and pages/<file>.txt, one
"<index>\\t<line>" a line. Exit 0 when every check passes (the counts are printed), 1 with one
line per problem otherwise.
``--show`` prints one page with each line marked A (article) or . (furniture), for review on the
terminal: page text is printed, never written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
SPLITS = ("dev", "train")
# Per split: its label file and where its frozen renderings are by default.
LABELS = {split: HERE / f"{split}_content.jsonl" for split in SPLITS}
DEFAULT_PAGES = {"dev": Path("/tmp/pages-annot"), "train": Path("/tmp/pages-annot-train")}
FIELDS = {"file", "lines", "article", "headline", "notes"}
# A note sharing this many consecutive words with its page is page text.
COPIED_WORDS = 8
# Structured tail of a note: "absent with#2, without#1" and "exception with#1 lines 12, 40".
ABSENT = re.compile(r"\babsent ((?:with|without)#\d+(?:, (?:with|without)#\d+)*)")
EXCEPTION = re.compile(r"\bexception (with|without)#(\d+) lines? (\d+(?:, \d+)*)")
# A row of the README's counts table: "| name | dev value | train value |".
COUNT_LINE = re.compile(r"^\| (.+?) \| (\d+) \| (\d+) \|$")


@dataclass(frozen=True)
class Snippet:
    """One `with` or `without` snippet of a page, numbered from 1 as in index.json."""

    kind: str
    number: int
    text: str


def normalise(text: str) -> str:
    return " ".join(text.split())


def read_page(path: Path) -> list[str]:
    """The page's lines in index order; the file's indices must run 0, 1, 2, ..."""
    lines = []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if not raw:
            continue
        index, _, text = raw.partition("\t")
        if int(index) != len(lines):
            raise ValueError(f"{path.name}: line index {index} out of order")
        lines.append(text)
    return lines


def holding_lines(lines: list[str], snippet: str) -> list[int]:
    """Lines holding the snippet: every single line that does, else the shortest run of lines that
    does when joined by spaces (a snippet broken across line breaks), else none (absent)."""
    wanted = normalise(snippet)
    single = [i for i, text in enumerate(lines) if wanted in normalise(text)]
    if single:
        return single
    flat = [normalise(text) for text in lines]
    for width in range(2, 9):
        for start in range(len(lines) - width + 1):
            if wanted in " ".join(flat[start:start + width]):
                return list(range(start, start + width))
    return []


def article_set(ranges: list) -> set[int]:
    return {i for first, last in ranges for i in range(first, last + 1)}


def check_ranges(record: dict, size: int) -> list[str]:
    """Ranges are [first, last] integer pairs, in bounds, sorted, apart (not even touching)."""
    problems, previous_last = [], None
    for pair in record["article"]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)):
            problems.append(f"range {pair!r} is not [first, last]")
            continue
        first, last = pair
        if not 0 <= first <= last < size:
            problems.append(f"range {pair} outside 0..{size - 1} or reversed")
        if previous_last is not None and first <= previous_last + 1:
            problems.append(f"range {pair} overlaps, touches or precedes the one before it")
        previous_last = last
    return problems


def check_snippets(record: dict, page: dict, lines: list[str]) -> tuple[list[str], dict]:
    """Every with-snippet line is article, every without-snippet line is not, unless the note
    names it as an exception; snippets absent from the rendering are named in the note."""
    notes, article = record["notes"], article_set(record["article"])
    absent_named = {(kind, int(n)) for listed in ABSENT.findall(notes)
                    for kind, n in re.findall(r"(with|without)#(\d+)", listed)}
    excused = {}
    for kind, n, listed in EXCEPTION.findall(notes):
        excused[(kind, int(n))] = {int(v) for v in listed.split(", ")}
    problems, tally = [], {"held": 0, "absent": 0, "excused lines": 0}
    snippets = [Snippet(kind, n, text) for kind in ("with", "without")
                for n, text in enumerate(page[kind], 1)]
    for snippet in snippets:
        key, label = (snippet.kind, snippet.number), f"{snippet.kind}#{snippet.number}"
        held = holding_lines(lines, snippet.text)
        if not held:
            tally["absent"] += 1
            if key not in absent_named:
                problems.append(f"{label} is absent from the rendering; the note must say so")
            continue
        tally["held"] += 1
        if key in absent_named:
            problems.append(f"{label} is noted absent but holds in lines {held}")
        wrong = {i for i in held if (i in article) != (snippet.kind == "with")}
        listed = excused.get(key, set())
        if wrong - listed:
            side = "furniture" if snippet.kind == "with" else "article"
            problems.append(f"{label} holds in {side} lines {sorted(wrong - listed)} not excused")
        if listed - wrong:
            problems.append(f"{label} exception lists lines {sorted(listed - wrong)} needlessly")
        if snippet.kind == "with" and not set(held) & article:
            problems.append(f"{label} holds in no article line at all")
        tally["excused lines"] += len(wrong & listed)
    return problems, tally


def copied_text(notes: str, lines: list[str]) -> str | None:
    """The first run of COPIED_WORDS words of the note that also appears in the page, if any."""
    words = re.findall(r"\w+", notes.lower())
    page = " ".join(re.findall(r"\w+", " ".join(lines).lower()))
    for start in range(len(words) - COPIED_WORDS + 1):
        run = " ".join(words[start:start + COPIED_WORDS])
        if f" {run} " in f" {page} ":
            return run
    return None


def check_record(record: dict, page: dict, lines: list[str]) -> tuple[list[str], dict]:
    """All checks of one page's labels; the problems are prefixed with the file name."""
    problems = []
    if set(record) != FIELDS:
        problems.append(f"fields {sorted(record)} are not {sorted(FIELDS)}")
    if record.get("lines") != len(lines) or page["lines"] != len(lines):
        problems.append(f"lines {record.get('lines')} but the rendering has {len(lines)}")
    problems += check_ranges(record, len(lines))
    headline, article = record.get("headline"), article_set(record.get("article", []))
    if headline is not None and headline not in article:
        problems.append(f"headline {headline} is not an article line")
    if not isinstance(record.get("notes"), str) or not record["notes"].strip():
        problems.append("notes are missing")
        return [f"{record['file']}: {p}" for p in problems], {}
    snippet_problems, tally = check_snippets(record, page, lines)
    problems += snippet_problems
    copied = copied_text(record["notes"], lines)
    if copied:
        problems.append(f"notes copy page text: '{copied}'")
    return [f"{record['file']}: {p}" for p in problems], tally


def readme_counts(path: Path, split: str) -> dict[str, int]:
    """One split's column of the '| name | dev | train |' rows of the README's counts table."""
    column = SPLITS.index(split) + 2
    counts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = COUNT_LINE.match(line.strip())
        if match:
            counts[match.group(1)] = int(match.group(column))
    return counts


def read_labels(split: str) -> list[dict]:
    return [json.loads(line) for line in LABELS[split].read_text(encoding="utf-8").splitlines()
            if line]


def check_all(pages_dir: Path, split: str = "dev") -> tuple[list[str], dict[str, int]]:
    """Check every label record of the split against its page; return the problems and counts."""
    index = json.loads((pages_dir / "index.json").read_text(encoding="utf-8"))
    records = read_labels(split)
    problems = []
    by_file = {r["file"]: r for r in records}
    if len(by_file) != len(records):
        problems.append("a page is labelled twice")
    if [r["file"] for r in records] != [p["file"] for p in index if p["file"] in by_file]:
        problems.append("records are not in index.json order")
    missing = [p["file"] for p in index if p["file"] not in by_file]
    problems += [f"{name}: not labelled" for name in missing]
    problems += [f"{name}: not in index.json" for name in set(by_file) - {p["file"] for p in index}]
    counts = dict.fromkeys(["pages", "lines", "article lines", "pages with a headline",
                            "snippets held", "snippets absent", "excused snippet lines"], 0)
    for page in index:
        record = by_file.get(page["file"])
        if record is None:
            continue
        lines = read_page(pages_dir / "pages" / f"{page['file']}.txt")
        page_problems, tally = check_record(record, page, lines)
        problems += page_problems
        counts["pages"] += 1
        counts["lines"] += len(lines)
        counts["article lines"] += len(article_set(record["article"]))
        counts["pages with a headline"] += record["headline"] is not None
        counts["snippets held"] += tally.get("held", 0)
        counts["snippets absent"] += tally.get("absent", 0)
        counts["excused snippet lines"] += tally.get("excused lines", 0)
    stated = readme_counts(README, split) if README.exists() else {}
    for name, value in counts.items():
        if stated.get(name) != value:
            problems.append(f"README says {split} {name} = {stated.get(name)}, "
                            f"the labels give {value}")
    return problems, counts


def show(file: str, pages_dir: Path, split: str = "dev") -> None:
    """Print one page with its labels: A marks article lines, H the headline."""
    records = read_labels(split)
    record = next((r for r in records if r["file"] == file), None)
    if record is None:
        raise SystemExit(f"{file}: not labelled; give a file name as in index.json")
    article = article_set(record["article"])
    for i, text in enumerate(read_page(pages_dir / "pages" / f"{file}.txt")):
        mark = "H" if i == record["headline"] else "A" if i in article else "."
        print(f"{mark} {i}\t{text[:160]}")
    print(f"\nnotes: {record['notes']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="dev",
                        help="which labels to check (default dev)")
    parser.add_argument("--pages", type=Path, default=None,
                        help="folder with index.json and pages/ (default /tmp/pages-annot for "
                             "dev, /tmp/pages-annot-train for train)")
    parser.add_argument("--show", metavar="FILE", help="print one page with its labels")
    args = parser.parse_args(argv)
    pages = args.pages or DEFAULT_PAGES[args.split]
    if not (pages / "index.json").exists():
        print(f"{pages}: no index.json; pass --pages with the frozen {args.split} renderings",
              file=sys.stderr)
        return 1
    if args.show:
        show(args.show, pages, args.split)
        return 0
    problems, counts = check_all(pages, args.split)
    for problem in problems:
        print(problem, file=sys.stderr)
    for name, value in counts.items():
        print(f"| {name} | {value} |")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
