"""docs/report.schema.json holds real output: story JSON, JSONL lines, HTML pages, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from credscore.cli import cli
from credscore.errors import TrainingDataError
from credscore.features.hedging import HEDGE_KINDS
from credscore.features.sourcing import SOURCE_KINDS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))
STORY = sorted((ROOT / "tests" / "fixtures" / "story").glob("*.txt"))


def _validator(definition: str | None = None) -> Draft202012Validator:
    """The whole report's validator, or one of its $defs'."""
    if definition is None:
        return Draft202012Validator(SCHEMA)
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]})


@pytest.fixture
def runner():
    return CliRunner()


def _errors(validator: Draft202012Validator, doc: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_the_schema_is_valid_and_names_the_codes_kinds():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$defs"]["SourceKind"]["enum"] == list(SOURCE_KINDS)
    hedge = SCHEMA["$defs"]["Claim"]["properties"]["hedges"]["items"]["properties"]["kind"]
    assert hedge["enum"] == list(HEDGE_KINDS)


@pytest.mark.parametrize(
    ("paths", "grouped"),
    [
        pytest.param(STORY, True, id="story"),
        pytest.param([ROOT / "examples"], False, id="examples"),
    ],
)
def test_the_json_report_holds_to_the_schema(runner, paths, grouped):
    result = runner.invoke(cli, ["score", *map(str, paths), "--format", "json"])
    doc = json.loads(result.stdout)
    assert _errors(_validator(), doc) == []
    assert bool(doc["story"]["groups"]) is grouped


def test_each_jsonl_line_is_an_article_report(runner):
    result = runner.invoke(cli, ["score", str(ROOT / "examples"), "--format", "jsonl"])
    lines = result.stdout.splitlines()
    assert len(lines) >= 4
    for line in lines:
        assert _errors(_validator("ArticleReport"), json.loads(line)) == []


def test_the_coverage_of_a_claim_holds_to_the_schema(runner):
    claim = "North Korea sent weapons to Russia"
    result = runner.invoke(cli, ["corroborate", claim, *map(str, STORY), "--format", "json"])
    doc = json.loads(result.stdout)
    assert _errors(_validator("Coverage"), doc) == []
    assert doc["origins"]


def test_a_wrong_report_is_caught():
    bad = {"model": {"name": "x", "version": "1"}, "articles": [{"id": "a"}], "story": None}
    assert any("'title' is a required property" in e for e in _errors(_validator(), bad))


def test_real_html_pages_hold_to_the_schema(scorer):
    from credscore.training.pages import page_split

    try:
        pages = page_split().dev[:6]
    except TrainingDataError:
        pytest.skip("no pages corpus in the data folder (../shared/data or CREDSCORE_DATA)")
    for page in pages:
        report = scorer.score(page.html, id=page.file, html=True).to_dict()
        assert report["text"] is not None
        assert _errors(_validator("ArticleReport"), report) == [], page.file
