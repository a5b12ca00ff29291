"""Tests for credscore.scoring.stance: a hand-written fixture, shapes, column order, errors."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
import skops.io as sio
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier

from credscore.features.pairs import DENSE_FEATURES, PairFeatures
from credscore.features.statement_cues import STATEMENT_FEATURES, StatementCues
from credscore.scoring.bundle import TRUSTED_TYPES
from credscore.scoring.stance import (
    STANCES,
    TwoStageStance,
    fit_stance,
    predict_stance,
    predict_stance_proba,
    stance_pipeline,
    statement_pipeline,
)

CLAIM = "Kim Jong-un has been seriously injured"
OTHER = "Apple will sell a gold watch for ten thousand dollars"
FIXTURE = [
    (CLAIM, "Kim Jong-un was seriously injured in a fall, state media confirmed.", "agree"),
    (CLAIM, "Kim Jong-un has been seriously injured and is in hospital, officials said.", "agree"),
    (CLAIM, "State media confirmed Kim Jong-un was seriously injured on Monday.", "agree"),
    (
        CLAIM,
        "Reports that Kim Jong-un was injured are false, a hoax, officials deny it.",
        "disagree",
    ),
    (CLAIM, "Kim Jong-un is not injured; the rumour is fake, his aides denied it.", "disagree"),
    (
        CLAIM,
        "The claim that Kim Jong-un is injured is bogus and false, Pyongyang says.",
        "disagree",
    ),
    (CLAIM, "Kim Jong-un may have been injured, according to unconfirmed reports.", "discuss"),
    (
        CLAIM,
        "It is unclear whether Kim Jong-un was injured; reports suggest he might be.",
        "discuss",
    ),
    (CLAIM, "Kim Jong-un could reportedly be injured, some analysts believe.", "discuss"),
    (CLAIM, "Shares in the bank fell sharply after the quarterly results.", "unrelated"),
    (CLAIM, "The football club signed a new striker on a five year contract.", "unrelated"),
    (OTHER, "Heavy rain flooded the valley and closed the main road on Sunday.", "unrelated"),
    (OTHER, "Apple will sell a gold watch for ten thousand dollars, the company said.", "agree"),
    (OTHER, "The central bank left interest rates unchanged this month.", "unrelated"),
]
CLAIMS = [c for c, _, _ in FIXTURE]
BODIES = [b for _, b, _ in FIXTURE]
LABELS = [s for _, _, s in FIXTURE]
# small hash spaces and few trees keep the fits fast
FAST = {
    "features__tf_features": 64,
    "features__n_features": 2**12,
    "model__relatedness": HistGradientBoostingClassifier(max_iter=10, early_stopping=False),
    "model__stance_dense": None,  # too few rows for boosted trees
}


@pytest.fixture(scope="module")
def model():
    return fit_stance(CLAIMS, BODIES, LABELS, pipeline=stance_pipeline(**FAST))


def test_stances_constant():
    assert STANCES == ("agree", "disagree", "discuss", "unrelated")


def test_predict_returns_one_known_label_per_pair(model):
    predicted = predict_stance(model, CLAIMS, BODIES)
    assert isinstance(predicted, list) and len(predicted) == len(FIXTURE)
    assert set(predicted) <= set(STANCES)
    # the training pairs are easy: most come back as labelled
    assert sum(p == g for p, g in zip(predicted, LABELS, strict=True)) >= 10


def test_predict_proba_shape_and_column_order(model):
    proba = predict_stance_proba(model, CLAIMS, BODIES)
    assert proba.shape == (len(FIXTURE), 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    assert list(model.classes_) == list(STANCES)
    labels = predict_stance(model, CLAIMS, BODIES)
    assert labels == [STANCES[i] for i in proba.argmax(axis=1)]


def test_unseen_stances_get_zero_probability_in_their_column():
    rows = [(c, b, s) for c, b, s in FIXTURE if s in ("agree", "unrelated")]
    model = fit_stance(*zip(*rows, strict=True), pipeline=stance_pipeline(**FAST))
    proba = predict_stance_proba(model, CLAIMS, BODIES)
    assert proba.shape == (len(FIXTURE), 4)
    assert np.all(proba[:, STANCES.index("disagree")] == 0)
    assert np.all(proba[:, STANCES.index("discuss")] == 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)


def test_empty_input_gives_empty_output(model):
    assert predict_stance(model, [], []) == []
    assert predict_stance_proba(model, [], []).shape == (0, 4)


def test_pipeline_params_and_clone():
    pipeline = stance_pipeline(features__window=4, model__n_dense=10)
    assert pipeline.get_params()["features__window"] == 4
    assert isinstance(pipeline.named_steps["model"], TwoStageStance)
    assert clone(pipeline).get_params()["model__n_dense"] == 10


def test_skops_round_trip_trusts_only_known_types(model):
    data = sio.dumps(model, compression=zipfile.ZIP_DEFLATED)
    untrusted = set(sio.get_untrusted_types(data=data))
    assert untrusted <= {
        "credscore.features.pairs.PairFeatures",
        "credscore.scoring.stance.TwoStageStance",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    }
    loaded = sio.loads(data, trusted=sorted(untrusted))
    np.testing.assert_allclose(
        predict_stance_proba(loaded, CLAIMS, BODIES), predict_stance_proba(model, CLAIMS, BODIES)
    )
    # the MLP's solver state is not saved
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "AdamOptimizer" not in z.read("schema.json").decode()


def test_statement_pipeline_reads_the_statement_cues_and_saves_with_trusted_types():
    related = [(c, b, s) for c, b, s in FIXTURE if s != "unrelated"]
    pipeline = statement_pipeline(features__statement__ngram_features=32)
    model = fit_stance(*map(list, zip(*related, strict=True)), pipeline=pipeline)
    union = model.named_steps["features"]
    assert isinstance(union.transformer_list[1][1], StatementCues)
    n_dense = len(DENSE_FEATURES) + len(STATEMENT_FEATURES)
    assert model.named_steps["model"].n_dense == n_dense
    assert union.transform([(CLAIM, "Is Kim Jong-un injured?")]).shape == (1, n_dense + 32)
    data = sio.dumps(model, compression=zipfile.ZIP_DEFLATED)
    untrusted = sio.get_untrusted_types(data=data)
    assert set(untrusted) <= set(TRUSTED_TYPES)
    loaded = sio.loads(data, trusted=untrusted)
    claims, bodies = [c for c, _, _ in related], [b for _, b, _ in related]
    np.testing.assert_allclose(
        predict_stance_proba(loaded, claims, bodies), predict_stance_proba(model, claims, bodies)
    )


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        (["agree"] * len(FIXTURE), r"at least 2 different stances; got \['agree'\]"),
        (LABELS[:-1] + ["refutes"], "unknown stance 'refutes'; expected one of agree, disagree"),
        (LABELS[:-1], "got 14 pairs but 13 stances"),
    ],
)
def test_fit_errors(labels, match):
    with pytest.raises(ValueError, match=match):
        fit_stance(CLAIMS, BODIES, labels)


def test_pairs_must_line_up(model):
    with pytest.raises(ValueError, match="pair up one to one; got 2 and 1"):
        predict_stance(model, ["a", "b"], ["c"])
    with pytest.raises(TypeError, match="not a single str"):
        predict_stance_proba(model, "a claim", "a body")
    with pytest.raises(TypeError, match="item 0 holds int"):
        predict_stance(model, [3], ["a body"])


def test_two_stage_rejects_unknown_labels_bad_n_dense_and_bad_offsets():
    X = np.zeros((2, 90))
    with pytest.raises(ValueError, match="unknown stance 'maybe'"):
        TwoStageStance().fit(X, ["agree", "maybe"])
    with pytest.raises(ValueError, match=r"n_dense must be an int in \[1, 90\]"):
        TwoStageStance(n_dense=91).fit(X, ["agree", "unrelated"])
    with pytest.raises(ValueError, match="offsets must be 3 finite numbers"):
        TwoStageStance(offsets=(0.0, 1.0)).fit(X, ["agree", "unrelated"])


def stage_two(**params):
    """A TwoStageStance on the fixture's dense features, fitted fast."""
    X = PairFeatures(n_features=2**12).fit(list(zip(CLAIMS, BODIES, strict=True)))
    X = X.transform(list(zip(CLAIMS, BODIES, strict=True)))
    fast = HistGradientBoostingClassifier(max_iter=10, min_samples_leaf=2, early_stopping=False)
    model = TwoStageStance(relatedness=fast, **params)
    return X, model


def test_offsets_shift_stage_two_toward_disagree():
    X, model = stage_two()
    plain = model.fit(X, LABELS).predict_proba(X)
    shifted = clone(model).set_params(offsets=(0.0, 2.0, 0.0)).fit(X, LABELS).predict_proba(X)
    np.testing.assert_allclose(plain[:, 3], shifted[:, 3])  # relatedness untouched
    assert (shifted[:, 1] >= plain[:, 1] - 1e-12).all() and (shifted[:, 1] > plain[:, 1]).any()
    np.testing.assert_allclose(shifted.sum(axis=1), 1.0)


def test_stance_dense_is_averaged_with_the_stance_stage():
    X, model = stage_two()
    dense = HistGradientBoostingClassifier(max_iter=5, min_samples_leaf=2, early_stopping=False)
    both = clone(model).set_params(stance_dense=dense).fit(X, LABELS)
    alone = clone(model).fit(X, LABELS)
    related = 1.0 - both.predict_proba(X)[:, 3:]
    expected = (alone.stance_.predict_proba(X) + both.stance_dense_.predict_proba(X)) / 2
    np.testing.assert_allclose(both.predict_proba(X)[:, :3], related * expected)


def test_sample_weights_reach_stage_two():
    X, model = stage_two(stance_dense=None)
    weights = np.where(np.asarray(LABELS) == "disagree", 50.0, 1.0)
    plain = clone(model).fit(X, LABELS).predict_proba(X)
    weighted = clone(model).fit(X, LABELS, sample_weight=weights).predict_proba(X)
    assert weighted[:, 1].mean() > plain[:, 1].mean()


def test_a_model_saved_before_the_second_member_and_offsets_still_predicts():
    X, model = stage_two(offsets=(0.0, 1.0, 0.0))
    model.fit(X, LABELS)
    del model.offsets_, model.stance_dense_
    proba = model.predict_proba(X)
    related = 1.0 - proba[:, 3:]
    np.testing.assert_allclose(proba[:, :3], related * model.stance_.predict_proba(X))


def test_custom_classifier_without_every_stance_keeps_four_columns():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rows = [(c, b, s) for c, b, s in FIXTURE if s != "disagree"]
    pipeline = Pipeline(
        [("features", PairFeatures(tf_features=16)), ("lr", LogisticRegression(max_iter=500))]
    )
    model = fit_stance(*zip(*rows, strict=True), pipeline=pipeline)
    proba = predict_stance_proba(model, CLAIMS, BODIES)
    assert proba.shape == (len(FIXTURE), 4)
    assert np.all(proba[:, STANCES.index("disagree")] == 0)
    assert set(predict_stance(model, CLAIMS, BODIES)) <= {"agree", "discuss", "unrelated"}
