"""`speculative` agrees with the bundle's claim threshold in every output format."""

import copy
import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import credscore
from credscore.cli import cli
from credscore.scoring.bundle import Bundle, load_bundle, save_bundle

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


@pytest.fixture(scope="module")
def cut_model(tmp_path_factory):
    """The default bundle with its claim cut moved to the median confidence of the examples'
    claims, so that every example has claims on both sides of it: (path, cut)."""
    bundle = load_bundle()
    confidences = [
        c.confidence
        for report in credscore.Scorer(bundle).score_many(map(Path.read_text, EXAMPLES))[0]
        for c in report.claims
    ]
    cut = round(float(np.median(confidences)), 4)
    claims = copy.deepcopy(bundle.model("claims"))
    claims.named_steps["model"].claim_threshold_ = cut
    path = tmp_path_factory.mktemp("cut") / "cut.skops"
    save_bundle(Bundle(bundle.card, {**bundle.models, "claims": claims}), path)
    return str(path), cut


def _score(cut_model, fmt):
    path, _ = cut_model
    args = ["score", *map(str, EXAMPLES), "--model", path, "--format", fmt, "--no-story"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def reports(cut_model):
    return json.loads(_score(cut_model, "json"))["articles"]


def test_the_scorer_reports_the_bundles_cut(cut_model):
    path, cut = cut_model
    assert credscore.load(path).claim_threshold == cut


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_claims_are_speculative_below_the_cut(cut_model, fmt):
    out = _score(cut_model, fmt)
    articles = json.loads(out)["articles"] if fmt == "json" else map(json.loads, out.splitlines())
    flags = [(c["speculative"], c["confidence"]) for a in articles for c in a["claims"]]
    assert {s for s, _ in flags} == {True, False}
    assert all(s == (conf < cut_model[1]) for s, conf in flags)


def test_csv_counts_the_speculative_claims(cut_model, reports):
    rows = list(csv.DictReader(io.StringIO(_score(cut_model, "csv"))))
    assert [int(r["speculative"]) for r in rows] == [
        sum(c["confidence"] < cut_model[1] for c in a["claims"]) for a in reports
    ]


def test_table_counts_and_marks_the_speculative_claims(cut_model, reports):
    blocks = _score(cut_model, "table").split("\n\n")
    for block, article in zip(blocks, reports, strict=True):
        claims = sorted(article["claims"], key=lambda c: c["confidence"])
        speculative = [c["confidence"] < cut_model[1] for c in claims]
        assert f"{len(claims)} claims ({sum(speculative)} speculative)" in block
        lines = block.split("  most hedged claims:\n")[1].splitlines()
        hedged = lines[:3]
        firmest = lines[lines.index("  firmest claims:") + 1 :][:3]
        shown = speculative[:3] + speculative[::-1][:3]
        marks = ["(speculative" in line for line in hedged + firmest]
        assert marks == shown


def test_html_marks_the_speculative_claims(cut_model, reports):
    page = _score(cut_model, "html")
    expected = sum(c["confidence"] < cut_model[1] for a in reports for c in a["claims"])
    badges = re.findall(r"<span class=\"badge spec\"", page)
    assert len(badges) == expected + 1  # and the legend's sample
    overview = page.split("<h2>Articles</h2>")[1].split("</table>")[0]
    counts = re.findall(r'<td class="num">(\d+)</td></tr>', overview)
    assert [int(n) for n in counts] == [
        sum(c["confidence"] < cut_model[1] for c in a["claims"]) for a in reports
    ]
