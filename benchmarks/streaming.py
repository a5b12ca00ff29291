"""Streaming memory: peak resident memory of `credscore score FILE --format jsonl`, long streams.

Run from the repository root::

    PYTHONPATH=. python benchmarks/streaming.py [--sizes 1000 10000 100000]
        [--python PATH ...] [--core-venv DIR] [--write/--no-write]

For each size, a JSONL file of that many distinct generated articles (``speed.make_articles``,
a fresh seed for every block of ``BLOCK``: people renamed and numbers changed, so the word
caches keep meeting new names and numbers as in a real archive) is scored by ``python -m
credscore score FILE --format jsonl`` in a subprocess writing to /dev/null, one process, model
load included; its peak resident memory is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a
fresh measuring process, so each run counts alone.

``--python`` names the interpreters to run credscore with (default: this one). ``--core-venv``
(re)installs this tree with ``pip install .`` alone, as README's first command does, into a
virtual environment at DIR and runs that one too: it shows what a user of the core install
streams with. scikit-learn imports pandas (and with it pyarrow) whenever pandas is installed,
as it is with the test and Dask extras, and that import alone is about 60 MB.
Writes the "## Streaming memory" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from _results import REPO, RESULTS, add_write_option, git_commit, machine, write_section

HEADING = "## Streaming memory"
TARGET_MB = 300
BLOCK = 2000  # articles generated per seed


def write_stream(path: Path, n: int) -> None:
    """``n`` distinct generated articles as JSONL records."""
    from speed import make_articles

    with path.open("w", encoding="utf-8") as out:
        for block in range(0, n, BLOCK):
            texts = make_articles(min(BLOCK, n - block), seed=1000 + block // BLOCK)
            for i, text in enumerate(texts, block):
                out.write(json.dumps({"id": f"s{i}", "text": text}) + "\n")


_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
seconds = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, seconds)
"""


def peak_mb(python: str, path: Path) -> tuple[float, float]:
    """Peak RSS (MB) and seconds of scoring ``path`` as JSONL with ``python``."""
    command = [python, "-m", "credscore", "score", str(path), "--format", "jsonl"]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    mb, seconds = done.stdout.split()
    return float(mb), float(seconds)


def core_python(venv: Path) -> str:
    """The interpreter of ``venv`` holding this tree as README's first command installs it."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(REPO)]
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO)], check=True)
    subprocess.run(pip, check=True)  # this tree as it is now, even at an unchanged version
    return str(python)


def installed(python: str) -> str:
    """What the interpreter's environment holds that bears on memory: pandas or not."""
    probe = "import importlib.util as u; print(u.find_spec('pandas') is not None)"
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    return "with pandas (test/Dask extras)" if done.stdout.strip() == "True" else "core install"


def main(argv: list[str] | None = None) -> int:
    """Measure every interpreter at every size, print the section, and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument(
        "--python", nargs="*", default=[sys.executable], help="interpreters (none: core only)"
    )
    parser.add_argument("--core-venv", type=Path, help="also run a core install made here")
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    pythons = [*args.python, *([core_python(args.core_venv)] if args.core_venv else [])]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.jsonl"
        for n in args.sizes:
            write_stream(path, n)
            for python in pythons:
                mb, seconds = peak_mb(python, path)
                rows.append((installed(python), n, mb, seconds))
                print(rows[-1], file=sys.stderr, flush=True)
    section = render(args, rows)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


def render(args, rows: list[tuple[str, int, float, float]]) -> str:
    """The RESULTS.md section."""
    argv = ["--sizes", *map(str, args.sizes), "--python", *args.python]
    argv += ["--core-venv", str(args.core_venv)] if args.core_venv else []
    command = "PYTHONPATH=. python benchmarks/streaming.py " + shlex.join(argv)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {now}; commit `{git_commit()}`",
        f"- Machine: {machine()}",
        "- Stream: distinct generated articles of about 650 words (`speed.make_articles`, a new "
        f"seed every {BLOCK:,}), one JSONL file, `python -m credscore score FILE --format jsonl "
        "> /dev/null`, one process, model load included; peak resident memory.",
        "",
        f"| environment | articles | peak MB | seconds | articles/s | target ≤ {TARGET_MB} MB |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for env, n, mb, seconds in rows:
        met = "met" if mb <= TARGET_MB else "not met"
        lines.append(f"| {env} | {n:,} | {mb:.0f} | {seconds:.0f} | {n / seconds:.0f} | {met} |")
    return "\n".join([*lines, ""]) + "\n"


if __name__ == "__main__":
    sys.exit(main())
