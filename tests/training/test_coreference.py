"""Training the source-coreference pair model: reading the annotations, fitting, and the plain
numbers the scorer reads back (credscore/training/coreference.py)."""

import json

import numpy as np
import pytest

from credscore.scoring.corroboration.coreference import PAIR_FEATURES
from credscore.scoring.corroboration.coreference_model import PairModel
from credscore.training.coreference import fit_pairs, pair_model_dict, read_annotations


def test_the_written_model_gives_the_fitted_pipelines_probabilities():
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(200, len(PAIR_FEATURES)))
    rows[:, PAIR_FEATURES.index("names_conflict")] = 0  # the rule that overrides the model
    labels = (rows[:, 0] + 0.5 * rows[:, 3] > 0).astype(int)
    pipeline = fit_pairs(rows, labels)
    model = PairModel.from_dict(json.loads(json.dumps(pair_model_dict(pipeline, 0.5, {}))))
    assert model.proba(rows) == pytest.approx(pipeline.predict_proba(rows)[:, 1], abs=1e-6)
    assert model.threshold == 0.5


def test_read_annotations_joins_stories_mentions_and_claims(tmp_path):
    story = {"claim_id": "c1", "truth": "true", "body_ids": [7, 9], "copies": [],
             "origins": [{"origin": "o1", "name": "x", "kind": "anonymous", "stance": "for",
                          "channel": None}],
             "independent_origins": {"for": 1, "against": 0, "neutral": 0}, "notes": ""}
    (tmp_path / "stories.jsonl").write_text(json.dumps(story) + "\n")
    mentions = [{"claim_id": "c1", "body_id": 7, "start": 0, "end": 3, "origin": "o1"},
                {"claim_id": "c1", "body_id": 9, "start": 4, "end": 8, "origin": "o1"}]
    (tmp_path / "mentions.jsonl").write_text("".join(json.dumps(m) + "\n" for m in mentions))
    [read] = read_annotations(tmp_path, {"c1": "The claim."})
    assert read.claim == "The claim." and read.body_ids == ("7", "9")
    assert read.mentions == (("7", 0, 3, "o1"), ("9", 4, 8, "o1"))
    assert read.independent_origins["for"] == 1


@pytest.mark.parametrize("linkage", ["average", "single"])
def test_the_written_model_keeps_its_linkage(linkage):
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(60, len(PAIR_FEATURES)))
    labels = (rows[:, 0] > 0).astype(int)
    written = pair_model_dict(fit_pairs(rows, labels), 0.7, {}, linkage)
    model = PairModel.from_dict(json.loads(json.dumps(written)))
    assert (model.linkage, model.threshold) == (linkage, 0.7)


def test_pair_weights_change_the_fit():
    rng = np.random.default_rng(2)
    rows = rng.normal(size=(80, len(PAIR_FEATURES)))
    labels = (rows[:, 0] + rng.normal(size=80) > 0).astype(int)
    weights = np.where(labels == 1, 5.0, 1.0)
    plain = fit_pairs(rows, labels)[-1].coef_
    weighted = fit_pairs(rows, labels, weights=weights)[-1].coef_
    assert not np.allclose(plain, weighted)
