"""`credscore train` and `credscore evaluate` through CliRunner."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import credscore
from credscore.cli import cli
from credscore.scoring.claims import claim_threshold
from credscore.training.datasets import read_claims
from credscore.training.train import train_claims

TINY = Path(__file__).resolve().parents[0] / "fixtures" / "claims" / "tiny.jsonl"
ROWS = [json.loads(line) for line in TINY.read_text(encoding="utf-8").splitlines()]
FIRM = [r["text"] for r in ROWS if r["label"] == "certain"]
HEDGED = [r["text"] for r in ROWS if r["label"] == "uncertain"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def claims_jsonl(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS * 2) + "\n", encoding="utf-8")
    return path


def test_train_save_load_gives_identical_predictions(runner, claims_jsonl, tmp_path):
    out = tmp_path / "mine.skops"
    result = runner.invoke(cli, ["train", "claims", str(claims_jsonl), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    scorer = credscore.load(out)
    assert scorer.card["name"] == "credscore-custom"
    first = scorer.claim_confidence(FIRM + HEDGED)
    again = credscore.load(out).claim_confidence(FIRM + HEDGED)
    assert (first == again).all()
    assert first[:6].mean() > first[6:].mean()
    scored = runner.invoke(
        cli, ["score", "-", "--model", str(out), "--format", "jsonl"], input=FIRM[0]
    )
    assert scored.exit_code == 0
    result = runner.invoke(
        cli, ["evaluate", "claims", str(claims_jsonl), "--model", str(out), "--json"]
    )
    metrics = json.loads(result.output)
    assert set(metrics) == {
        "n",
        "f1_uncertain",
        "accuracy",
        "brier",
        "ece",
        "roc_auc",
        "claim_threshold",
        "f1_uncertain_at_threshold",
        "accuracy_at_threshold",
    }
    assert metrics["n"] == 24 and metrics["accuracy"] > 0.9
    assert metrics["claim_threshold"] == scorer.claim_threshold


def test_a_retrained_bundle_carries_its_own_cut(runner, claims_jsonl, tmp_path):
    out = tmp_path / "mine.skops"
    result = runner.invoke(cli, ["train", "claims", str(claims_jsonl), "--out", str(out)])
    assert result.exit_code == 0, result.output
    scorer = credscore.load(out)
    mine = train_claims(read_claims(claims_jsonl))
    assert scorer.claim_threshold == claim_threshold(mine) == scorer.card["claim_threshold"]
    assert scorer.claim_threshold != credscore.load().claim_threshold
    report = scorer.score("\n\n".join(FIRM + HEDGED), id="a")
    assert [c.speculative for c in report.claims] == [
        c.confidence < scorer.claim_threshold for c in report.claims
    ]


def test_existing_out_needs_force(runner, claims_jsonl, tmp_path):
    out = tmp_path / "mine.skops"
    out.write_bytes(b"keep me")
    result = runner.invoke(cli, ["train", "claims", str(claims_jsonl), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output == f"credscore: error: {out}: file exists; pass --force to replace it\n"
    assert out.read_bytes() == b"keep me"
    result = runner.invoke(
        cli, ["train", "claims", str(claims_jsonl), "--out", str(out), "--force"]
    )
    assert result.exit_code == 0
    assert credscore.load(out).card["name"] == "credscore-custom"


BAD_DATA = [
    ("", "no rows"),
    ('{"text": "A firm claim.", "label": "certain"}\n', "one class only"),
    (
        '{"text": "A claim.", "label": "certain"}\n{"text": "B.", "label": "maybe"}\n',
        "line 2: unknown label 'maybe'",
    ),
    ('{"text": "A claim.", "label": "certain"}\n{"body": "B."}\n', "line 2"),
    ('{"text": "A claim.", "confidence": NaN}\n', "line 1"),
]


@pytest.mark.parametrize(("content", "message"), BAD_DATA)
def test_bad_training_data_is_exit_2_and_writes_nothing(runner, tmp_path, content, message):
    data = tmp_path / "bad.jsonl"
    data.write_text(content, encoding="utf-8")
    out = tmp_path / "out.skops"
    result = runner.invoke(cli, ["train", "claims", str(data), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.startswith("credscore: error: ")
    assert message in result.output
    assert len(result.output.splitlines()) == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.jsonl"]


def test_missing_column_in_csv_names_it(runner, tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("sentence,label\nA claim.,1\n", encoding="utf-8")
    result = runner.invoke(cli, ["train", "claims", str(data), "--out", str(tmp_path / "o.skops")])
    assert result.exit_code == 2
    assert "text" in result.output and "column" in result.output


def test_evaluate_missing_data_is_exit_2(runner, tmp_path):
    result = runner.invoke(cli, ["evaluate", "claims", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
    assert "none.csv: no such file or directory" in result.output
