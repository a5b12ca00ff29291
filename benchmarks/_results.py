"""What every benchmark script shares: the git commit, the machine, and RESULTS.md sections."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"


def git_commit() -> str:
    """The short HEAD commit, marked when credscore/ has uncommitted changes."""
    def git(*cmd: str) -> str:
        done = subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "credscore")
    return commit + (" + uncommitted changes in credscore/" if dirty else "")


def machine() -> str:
    """Cores, CPU model and Python version, for the record beside each number."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc {cores}, {model}, Python {platform.python_version()}"


def write_section(path: Path, heading: str, section: str) -> None:
    """Put ``section`` under ``heading`` in ``path``: replace that section, else append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + section
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + section + ("\n" + rest if rest else "")
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """``--data DIR``: where the corpora are (default: $CREDSCORE_DATA, ../shared/data)."""
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA, ../shared/data)")


def add_write_option(parser: argparse.ArgumentParser, *headings: str, note: str = "") -> None:
    """``--write/--no-write``: replace the script's sections of RESULTS.md (default on)."""
    sections = " and ".join(repr(h) for h in headings)
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"replace the {sections} section{'s' if len(headings) > 1 else ''} of "
        f"benchmarks/RESULTS.md{note}",
    )
