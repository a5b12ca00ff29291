"""Parallel scaling: whole `credscore score` runs at --jobs 1 and 2, and Dask with 2 workers.

Run from the repository root::

    PYTHONPATH=. python benchmarks/scaling.py [--n-articles 1200] [--rounds 3] [--write]

The first ``--n-articles`` FNC-1 training bodies (real news articles) are written as one JSONL
file and scored by ``python -m credscore score FILE --format jsonl --no-story --jobs J`` in a
subprocess, whole process timed (start, model load, scoring, output), rounds interleaved and
the best of each kept. After each run the benchmark looks for any process still holding the
file's path on its command line (a worker left behind) and checks that every run wrote the same
bytes. The Dask row scores the same records with ``credscore.dask.score_bag`` on a
``LocalCluster(n_workers=2, threads_per_worker=1)``: the cluster's start is timed apart from
the scoring. Writes the "## Parallel scaling" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import itertools
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
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

from credscore.training.corpora import data_dir

HEADING = "## Parallel scaling"
TARGET_SPEEDUP = 1.6  # --jobs 2 over --jobs 1 on two cores, whole process


def write_records(data: str | None, n: int, path: Path) -> int:
    """The first ``n`` FNC-1 training bodies as JSONL records; the number written."""
    csv.field_size_limit(sys.maxsize)
    with (data_dir(data) / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        rows = list(itertools.islice(csv.DictReader(f), n))
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({"id": row["Body ID"], "text": row["articleBody"]}) + "\n")
    return len(rows)


def run_cli(path: Path, jobs: int) -> tuple[float, str, int]:
    """Seconds of one whole CLI run, the sha1 of what it wrote, and processes left behind."""
    command = [sys.executable, "-m", "credscore", "score", str(path), "--format", "jsonl"]
    command += ["--no-story", "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=True, cwd=REPO)
    seconds = time.perf_counter() - start
    time.sleep(0.5)  # a worker that outlives its parent is still running now
    return seconds, hashlib.sha1(done.stdout).hexdigest(), len(holding(str(path)))


def holding(text: str) -> list[int]:
    """Pids of the processes whose command line holds ``text``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                pids.append(int(entry.name))
    return pids


def run_dask(path: Path) -> tuple[float, float, int] | None:
    """Seconds to start a 2-worker LocalCluster and to score the records on it, and rows."""
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        return None
    from credscore.dask import score_bag

    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        with Client(cluster):
            started = time.perf_counter() - start
            begin = time.perf_counter()
            bag = db.from_sequence(records, npartitions=8)
            rows = score_bag(bag, flat=True).compute()
            scored = time.perf_counter() - begin
    return started, scored, len(rows)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI at each --jobs and Dask, print the section, and write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-articles", type=int, default=1200, help="FNC-1 bodies scored")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (best counts)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask row")
    add_data_option(parser)
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scaling-bodies.jsonl"
        n = write_records(args.data, args.n_articles, path)
        runs: dict[int, list[tuple[float, str, int]]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for jobs in runs:
                runs[jobs].append(run_cli(path, jobs))
        dask = None if args.no_dask else run_dask(path)
    section = render(args, n, runs, dask)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


def render(args, n: int, runs: dict, dask: tuple | None) -> str:
    """The RESULTS.md section: command, provenance, the scaling table."""
    argv = ["--n-articles", str(args.n_articles), "--rounds", str(args.rounds)]
    argv += ["--no-dask"] if args.no_dask else []
    command = "PYTHONPATH=. python benchmarks/scaling.py " + shlex.join(argv)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    best = {jobs: min(r[0] for r in rs) for jobs, rs in runs.items()}
    same = len({r[1] for rs in runs.values() for r in rs}) == 1
    left = sum(r[2] for rs in runs.values() for r in rs)
    speedup = best[1] / best[2]
    met = "met" if speedup >= TARGET_SPEEDUP and left == 0 else "not met"
    lines = [
        HEADING,
        "",
        f"- Command: `{command} --write`",
        f"- Date: {now}; commit `{git_commit()}`",
        f"- Machine: {machine()}; best of {args.rounds} interleaved rounds",
        f"- Articles: the first {n:,} FNC-1 training bodies, one JSONL file; "
        "`python -m credscore score FILE --format jsonl --no-story --jobs J`, whole process "
        "(start, model load, scoring, writing).",
        "",
        "| run | seconds | articles/s | speed-up over --jobs 1 |",
        "|---|--:|--:|--:|",
    ]
    for jobs, seconds in best.items():
        lines.append(
            f"| `--jobs {jobs}` | {seconds:.1f} | {n / seconds:.0f} | {best[1] / seconds:.2f}× |"
        )
    if dask is not None:
        started, scored, rows = dask
        lines.append(
            f"| Dask `score_bag`, LocalCluster of 2 worker processes (scoring only; the "
            f"cluster took {started:.1f} s to start) | {scored:.1f} | {rows / scored:.0f} | — |"
        )
    lines += [
        "",
        f"`--jobs 2` over `--jobs 1`: {speedup:.2f}× (target ≥ {TARGET_SPEEDUP}×); processes "
        f"left behind after the runs: {left}; every run wrote the same bytes: "
        f"{'yes' if same else 'NO'}. Target: {met}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
