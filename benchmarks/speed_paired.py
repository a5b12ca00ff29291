"""Before and after on a busy machine: the same articles scored by two commits, turn about.

Run from the repository root, with an earlier commit checked out elsewhere::

    git archive BASE | tar -x -C /tmp/base
    PYTHONPATH=. python benchmarks/speed_paired.py --base /tmp/base [--pairs 12] [--write]

A timing on a shared machine says more about the other jobs than about the code. Here one
process per commit loads its scorer and waits; the two then score the same chunk of
``--chunk`` generated articles (:func:`speed.make_articles`, ``Scorer.score_many(texts,
n_jobs=1, story=False)``) one after the other, ``--pairs`` times, alternating which goes first,
so a slow spell slows both. Each pair gives a ratio (base seconds over this commit's); the
median ratio is the speed-up. Both processes write their reports' JSON, and the two must be
equal. Writes the "## Speed, paired before and after" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _results import REPO, RESULTS, add_write_option, git_commit, machine, write_section
from speed import make_articles

HEADING = "## Speed, paired before and after"
#: run in each commit's tree: load the scorer, then score the chunk named on each input line
SERVE = """
import hashlib, json, sys, time
import credscore
chunks = json.load(open(sys.argv[1], encoding="utf-8"))
scorer = credscore.load()
scorer.score_many(chunks[0][:5], story=False)
print("ready", flush=True)
for line in sys.stdin:
    texts = chunks[int(line)]
    start = time.perf_counter()
    reports, _ = scorer.score_many(texts, n_jobs=1, story=False)
    seconds = time.perf_counter() - start
    digest = hashlib.sha256(json.dumps([r.to_dict() for r in reports]).encode()).hexdigest()
    print(seconds, digest, flush=True)
"""


def _server(tree: Path, chunks: Path) -> subprocess.Popen:
    """A process scoring with the credscore of ``tree``, ready for chunk numbers."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(chunks)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tree,
        env=env,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def _score(process: subprocess.Popen, chunk: int) -> tuple[float, str]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{chunk}\n")
    process.stdin.flush()
    seconds, digest = process.stdout.readline().split()
    return float(seconds), digest


def paired(base: Path, pairs: int, chunk: int) -> list[tuple[float, float]]:
    """(base seconds, this commit's seconds) of each pair; raises if any reports differ."""
    texts = make_articles(pairs * chunk)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chunks.json"
        path.write_text(json.dumps([texts[k : k + chunk] for k in range(0, len(texts), chunk)]))
        servers = {"base": _server(base, path), "now": _server(REPO, path)}
        out = []
        try:
            for k in range(pairs):
                order = ("base", "now") if k % 2 == 0 else ("now", "base")
                got = {name: _score(servers[name], k) for name in order}
                if got["base"][1] != got["now"][1]:
                    raise SystemExit(f"chunk {k}: the two commits' reports differ")
                out.append((got["base"][0], got["now"][0]))
        finally:
            for process in servers.values():
                process.stdin.close()
                process.wait()
    return out


def render(args, base_commit: str, times: list[tuple[float, float]]) -> str:
    """The RESULTS.md section."""
    command = "PYTHONPATH=. python benchmarks/speed_paired.py " + shlex.join(_argv_used(args))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ratios = [b / n for b, n in times]
    n_articles = args.pairs * args.chunk
    base_rate = n_articles / sum(b for b, _ in times)
    now_rate = n_articles / sum(n for _, n in times)
    lines = [
        HEADING,
        "",
        f"- Command: `{command}` (base: `{base_commit}`)",
        f"- Date: {now}; commit `{git_commit()}`",
        f"- Machine: {machine()}, shared with other jobs; {args.pairs} chunks of {args.chunk} "
        "generated articles (as `speed.py`'s), each scored by both commits one after the other, "
        "the first alternating.",
        "",
        "| one core, `score_many(texts, n_jobs=1, story=False)` | base | now |",
        "|---|--:|--:|",
        f"| articles/s over all chunks | {base_rate:.1f} | {now_rate:.1f} |",
        "",
        f"Speed-up, median of the {len(ratios)} pairs (base seconds over now's): "
        f"**{statistics.median(ratios):.2f}×** (pairs range {min(ratios):.2f}× to "
        f"{max(ratios):.2f}×). Every chunk's reports were the same under both commits.",
        "",
    ]
    return "\n".join(lines)


def _argv_used(args) -> list[str]:
    out = ["--base", str(args.base), "--base-commit", args.base_commit]
    out += ["--pairs", str(args.pairs), "--chunk", str(args.chunk)]
    return out + ["--write" if args.write else "--no-write"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="tree of the earlier commit")
    parser.add_argument("--base-commit", default="", help="its commit, for the section")
    parser.add_argument("--pairs", type=int, default=12, help="chunks scored by both")
    parser.add_argument("--chunk", type=int, default=64, help="articles per chunk")
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    times = paired(args.base, args.pairs, args.chunk)
    section = render(args, args.base_commit or "unknown", times)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
