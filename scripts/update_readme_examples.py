"""Refresh the README's printed examples after the default bundle or the scorer changes.

Run from the repository root::

    PYTHONPATH=. python scripts/update_readme_examples.py

Rewrites the three blocks that tests compare with what credscore prints: the table of
``examples/north_korea_arms.txt`` (tests/test_readme.py), the story block of the fixture
story (tests/scoring/test_corroboration.py, scored from that test's records) and what
``credscore corroborate`` prints for the fixture story (tests/test_cli_corroborate.py). The
JSON excerpts below them are hand-picked fields; check them against ``--format json``.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from click.testing import CliRunner

import credscore
from credscore.cli import cli
from credscore.scoring.render import render_table

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def table_block() -> str:
    """What ``credscore score examples/north_korea_arms.txt --format table`` prints."""
    example = ROOT / "examples" / "north_korea_arms.txt"
    result = CliRunner().invoke(cli, ["score", str(example), "--format", "table"])
    if result.exit_code != 0:
        raise SystemExit(f"credscore score failed (exit {result.exit_code}):\n{result.output}")
    return "\n".join(line.rstrip() for line in result.output.splitlines()) + "\n"


def story_block() -> str:
    """The story part of the table for the fixture story, scored as its test scores it."""
    path = ROOT / "tests" / "scoring" / "test_corroboration.py"
    spec = importlib.util.spec_from_file_location("story_test", path)
    test = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(test)
    reports, story = credscore.load().score_many([test.record(name) for name in test.META])
    table = render_table(reports, story)
    return table[table.index("stories:") :]


def corroborate_block() -> str:
    """What ``credscore corroborate`` prints for the fixture story, as its test runs it."""
    path = ROOT / "tests" / "test_cli_corroborate.py"
    spec = importlib.util.spec_from_file_location("corroborate_test", path)
    test = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(test)
    paths = [str(ROOT / "tests" / "fixtures" / "story" / f"{n}.txt") for n in test.IN_STORY]
    args = ["corroborate", test.CLAIM, *paths, "--format", "table"]
    result = CliRunner().invoke(cli, args)
    if result.exit_code != 0:
        raise SystemExit(
            f"credscore corroborate failed (exit {result.exit_code}):\n{result.output}"
        )
    return result.output


def _replace(text: str, pattern: str, block: str) -> str:
    """``text`` with the middle group of ``pattern``'s first match replaced by ``block``."""
    return re.sub(pattern, lambda m: m.group(1) + block + m.group(3), text, count=1, flags=re.S)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    text = _replace(text, r"(--format table`:\n\n```\n)(.*?)(```)", table_block())
    text = _replace(
        text, r"(## Stories and corroboration\n.*?\n```\n)(stories:.*?)(```)", story_block()
    )
    text = _replace(
        text,
        r"(## One claim against its coverage\n.*?\n```\n)(claim:.*?)(```)",
        corroborate_block(),
    )
    README.write_text(text, encoding="utf-8")
    print("README.md: table, story and corroborate blocks refreshed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
