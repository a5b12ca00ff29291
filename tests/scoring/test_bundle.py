"""Model bundles: round trip, atomic replace, refusing files that are not bundles."""

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from credscore.errors import ModelError
from credscore.scoring.bundle import Bundle, bundle_claim_threshold, load_bundle, save_bundle
from credscore.scoring.claims import fit_claims, predict_confidence
from credscore.scoring.scorer import Scorer

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "tiny.jsonl"
ROWS = [json.loads(line) for line in TINY.read_text(encoding="utf-8").splitlines()]
FIRM = [r["text"] for r in ROWS if r["label"] == "certain"]
HEDGED = [r["text"] for r in ROWS if r["label"] == "uncertain"]


@pytest.fixture(scope="module")
def small_model():
    texts = (FIRM + HEDGED) * 2
    return fit_claims(texts, [1.0] * 6 + [0.0] * 6 + [1.0] * 6 + [0.0] * 6)


def test_round_trip_gives_identical_predictions(small_model, tmp_path):
    path = save_bundle(
        Bundle({"name": "tiny", "version": "1"}, {"claims": small_model}), tmp_path / "m.skops"
    )
    loaded = load_bundle(path)
    assert loaded.card["name"] == "tiny" and "scikit-learn" in loaded.card["versions"]
    sentences = FIRM + HEDGED + ["Something else entirely happened."]
    np.testing.assert_array_equal(
        predict_confidence(small_model, sentences),
        predict_confidence(loaded.model("claims"), sentences),
    )


def test_existing_file_needs_force_and_is_replaced_whole(small_model, tmp_path):
    path = tmp_path / "m.skops"
    save_bundle(Bundle({"name": "first"}, {"claims": small_model}), path)
    with pytest.raises(ModelError, match="file exists; pass --force"):
        save_bundle(Bundle({"name": "second"}, {"claims": small_model}), path)
    assert load_bundle(path).card["name"] == "first"
    save_bundle(Bundle({"name": "second"}, {"claims": small_model}), path, force=True)
    assert load_bundle(path).card["name"] == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["m.skops"]


class Payload:
    """Unpickling this would create a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


class Gadget:
    """A type no bundle should hold."""

    def __init__(self):
        self.value = 1


@pytest.mark.parametrize("name", ["evil.pkl", "evil.joblib", "evil.skops"])
def test_pickle_payload_is_refused_without_running(tmp_path, name):
    marker = tmp_path / "pwned"
    path = tmp_path / name
    path.write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(ModelError, match="not a credscore model bundle"):
        load_bundle(path)
    assert not marker.exists()


def test_skops_file_with_untrusted_types_is_refused(tmp_path):
    path = tmp_path / "other.skops"
    sio.dump({"format": "credscore-bundle/1", "x": Gadget()}, path)
    with pytest.raises(
        ModelError, match="refused to load, it holds types credscore does not trust"
    ):
        load_bundle(path)


def test_truncated_and_foreign_files(small_model, tmp_path):
    good = save_bundle(Bundle({"name": "t"}, {"claims": small_model}), tmp_path / "good.skops")
    cut = tmp_path / "cut.skops"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ModelError, match="cut.skops: not a credscore model bundle"):
        load_bundle(cut)
    foreign = tmp_path / "foreign.skops"
    sio.dump({"hello": "world"}, foreign)
    with pytest.raises(ModelError, match="expected format credscore-bundle/1"):
        load_bundle(foreign)
    with pytest.raises(ModelError, match="no such model file"):
        load_bundle(tmp_path / "absent.skops")


def test_version_mismatch_warns(small_model, tmp_path, monkeypatch):
    import credscore.scoring.bundle as bundle_module

    path = save_bundle(Bundle({"name": "old"}, {"claims": small_model}), tmp_path / "m.skops")
    real = bundle_module.versions()
    monkeypatch.setattr(bundle_module, "versions", lambda: {**real, "credscore": "99.0"})
    with pytest.warns(UserWarning, match="saved with credscore .* running 99.0"):
        load_bundle(path)


def test_a_bundle_carries_its_claim_models_cut(small_model, tmp_path):
    path = save_bundle(Bundle({"name": "t"}, {"claims": small_model}), tmp_path / "m.skops")
    bundle = load_bundle(path)
    cut = small_model.named_steps["model"].claim_threshold_
    assert bundle_claim_threshold(bundle) == cut
    assert Scorer(bundle).claim_threshold == cut


def test_an_old_bundle_without_a_cut_loads_with_a_warning_and_uses_one_half(
    small_model, tmp_path
):
    old = copy.deepcopy(small_model)
    del old.named_steps["model"].claim_threshold_  # as saved before the cut existed
    path = save_bundle(Bundle({"name": "old"}, {"claims": old}), tmp_path / "old.skops")
    with pytest.warns(UserWarning, match="no claim threshold .* below 0.5 are called speculative"):
        bundle = load_bundle(path)
    scorer = Scorer(bundle)
    assert scorer.claim_threshold == 0.5
    report = scorer.score("The bridge may reopen. The bridge reopened on Friday at noon.", id="a")
    assert [c.speculative for c in report.claims] == [c.confidence < 0.5 for c in report.claims]
