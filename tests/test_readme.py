"""README stays true: its example output is what the CLI prints, and every field is explained."""

import re
from pathlib import Path

from click.testing import CliRunner

from credscore.cli import cli
from credscore.features.hedging import HEDGE_KINDS
from credscore.features.sourcing import SOURCE_KINDS
from credscore.scoring.report import SCORE_NAMES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_fresh_machine_commands_are_near_the_top_and_ci_runs_the_test_one():
    top = README[:1500]
    assert "pip install . && credscore score examples/ --format table" in top
    test_command = re.search(r"^    (python3 -m venv .*pytest -q)$", top, re.M).group(1)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_table_example_is_what_the_cli_prints():
    block = re.search(r"--format table`:\n\n```\n(.*?)```", README, re.S).group(1)
    result = CliRunner().invoke(
        cli, ["score", str(ROOT / "examples" / "north_korea_arms.txt"), "--format", "table"]
    )
    printed = "\n".join(line.rstrip() for line in result.output.splitlines()) + "\n"
    assert block == printed


def test_every_score_source_kind_and_hedge_kind_is_explained():
    for name in (*SCORE_NAMES, *SOURCE_KINDS, *HEDGE_KINDS):
        assert f"| `{name}` |" in README or f"`{name}` (" in README, name
