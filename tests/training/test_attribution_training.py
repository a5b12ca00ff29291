"""Training and measuring the attribution model: train_attribution, scores, card, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from credscore.cli import cli
from credscore.scoring.attribution import AttributionModel
from credscore.scoring.bundle import Bundle, save_bundle
from credscore.scoring.claims import fit_claims
from credscore.training.attribution import (
    attribution_scores,
    folder_sha256,
    train_attribution,
)
from credscore.training.polnear import read_polnear
from credscore.training.train import attribution_part

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TINY = FIXTURES / "attribution" / "tiny"
PARAMS = {"n_features": 2**14, "n_clusters": 0, "C": 1.0}
KEYS = {
    f"{part}_{metric}{suffix}"
    for part in ("cue", "source", "content")
    for metric in ("f1", "precision", "recall")
    for suffix in ("", "_exact")
}


@pytest.fixture(scope="module")
def model():
    return train_attribution(TINY, **PARAMS)


@pytest.fixture(scope="module")
def bundles(model, tmp_path_factory):
    rows = [json.loads(x) for x in (FIXTURES / "claims" / "tiny.jsonl").read_text().splitlines()]
    claims = fit_claims([r["text"] for r in rows], [r["label"] == "certain" for r in rows])
    folder = tmp_path_factory.mktemp("bundles")
    with_model = save_bundle(
        Bundle({"name": "t"}, {"claims": claims, "attribution": model}), folder / "model.skops"
    )
    rules = save_bundle(Bundle({"name": "t"}, {"claims": claims}), folder / "rules.skops")
    return with_model, rules


def test_train_attribution_passes_its_settings_on(model):
    assert isinstance(model, AttributionModel)
    assert {k: model.get_params()[k] for k in PARAMS} == PARAMS


def test_the_model_does_better_than_the_rules_where_it_was_trained(model):
    docs = read_polnear(TINY)
    learned, rules = attribution_scores(docs, model), attribution_scores(docs, None)
    assert set(learned) == KEYS | {"n", "extractor"}
    assert (learned["extractor"], rules["extractor"]) == ("model+rules", "rules")
    assert learned["cue_f1"] > 0.95 > rules["cue_f1"]
    assert learned["source_f1_exact"] > rules["source_f1_exact"]


def test_folder_sha256_changes_with_any_file(tmp_path):
    copy = shutil.copytree(TINY, tmp_path / "tiny")
    assert folder_sha256(copy) == folder_sha256(TINY)
    (copy / "text" / "tiny_01.txt").write_text("changed", encoding="utf-8")
    assert folder_sha256(copy) != folder_sha256(TINY)


@pytest.mark.parametrize("which, extractor", [(0, "model+rules"), (1, "rules")])
def test_cli_evaluate_attribution_uses_the_bundles_model(bundles, which, extractor):
    args = ["evaluate", "attribution", str(TINY), "--format", "polnear"]
    result = CliRunner().invoke(cli, [*args, "--model", str(bundles[which]), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["extractor"] == extractor and metrics["n"] == 16
    assert set(metrics) == KEYS | {"n", "extractor"}
    table = CliRunner().invoke(cli, [*args, "--model", str(bundles[which])])
    assert table.exit_code == 0
    assert f"extractor                       {extractor}\n" in table.output
    assert "cue_f1_exact" in table.output


def test_cli_evaluate_attribution_names_a_missing_folder(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", "attribution", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.output == (
        f"credscore: error: {tmp_path / 'nope'}: no such file or directory; check the path\n"
    )


def test_attribution_part_for_the_default_bundle(tmp_path):
    for split in ("train", "dev"):
        shutil.copytree(TINY, tmp_path / "polnear" / split)
    part = attribution_part(tmp_path, **PARAMS)
    assert part.task == "attribution" and isinstance(part.model, AttributionModel)
    assert part.data == [
        {
            "name": "polnear-train",
            "folder": "polnear/train",
            "sha256": folder_sha256(TINY),
            "texts": 16,
            "relations": 86,
        }
    ]
    learned = part.metrics["attribution/polnear/dev"]
    rules = part.metrics["attribution/polnear/dev-rules"]
    assert set(learned) == {"n", "extractor"} | {k for k in KEYS if "_f1" in k}
    assert learned["cue_f1"] > rules["cue_f1"] and rules["extractor"] == "rules"
