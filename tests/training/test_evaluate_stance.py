"""Tests for credscore.training.evaluate: fnc_score and stance_metrics, on hand-computed cases."""

from __future__ import annotations

import pytest

from credscore.training.evaluate import fnc_score, stance_metrics

STANCES = ("agree", "disagree", "discuss", "unrelated")


@pytest.mark.parametrize(
    ("gold", "pred", "earned", "best"),
    [
        # a correct unrelated earns 0.25 of 0.25
        (["unrelated"], ["unrelated"], 0.25, 0.25),
        # a related pair called unrelated earns nothing of 1.0
        (["agree"], ["unrelated"], 0.0, 1.0),
        # an unrelated pair called related earns nothing of 0.25
        (["unrelated"], ["discuss"], 0.0, 0.25),
        # related and related, wrong label: 0.25; exact: 0.25 + 0.75
        (["agree"], ["disagree"], 0.25, 1.0),
        (["disagree"], ["disagree"], 1.0, 1.0),
        (["discuss"], ["agree"], 0.25, 1.0),
        # a mix: 1.0 + 0.25 + 0 + 0.25 + 0 of 1 + 1 + 1 + 0.25 + 0.25
        (
            ["agree", "discuss", "disagree", "unrelated", "unrelated"],
            ["agree", "agree", "unrelated", "unrelated", "agree"],
            1.5,
            3.5,
        ),
    ],
)
def test_fnc_score_by_hand(gold, pred, earned, best):
    assert fnc_score(gold, pred) == pytest.approx(100 * earned / best)


def test_fnc_score_perfect_and_empty():
    gold = ["agree", "disagree", "discuss", "unrelated"] * 3
    assert fnc_score(gold, gold) == 100.0
    assert fnc_score([], []) == 0.0


def test_stance_metrics_by_hand():
    gold = ["agree", "agree", "disagree", "discuss", "unrelated", "unrelated"]
    pred = ["agree", "discuss", "disagree", "discuss", "unrelated", "agree"]
    m = stance_metrics(gold, pred)
    assert list(m) == ["n", "fnc_score", "f1_macro", "accuracy", "per_class"]
    assert m["n"] == 6
    # earned 1 + 0.25 + 1 + 1 + 0.25 + 0 = 3.5 of 1 + 1 + 1 + 1 + 0.25 + 0.25 = 4.5
    assert m["fnc_score"] == pytest.approx(100 * 3.5 / 4.5)
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert list(m["per_class"]) == list(STANCES)
    assert all(list(v) == ["precision", "recall", "f1"] for v in m["per_class"].values())
    # agree: predicted twice, 1 right; 2 gold -> P 1/2, R 1/2, F1 1/2
    assert m["per_class"]["agree"] == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})
    assert m["per_class"]["disagree"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    # discuss: predicted twice, 1 right; 1 gold -> P 0.5, R 1, F1 2/3
    assert m["per_class"]["discuss"]["f1"] == pytest.approx(2 / 3)
    # unrelated: predicted once, right; 2 gold -> P 1, R 0.5, F1 2/3
    assert m["per_class"]["unrelated"]["f1"] == pytest.approx(2 / 3)
    assert m["f1_macro"] == pytest.approx((0.5 + 1.0 + 2 / 3 + 2 / 3) / 4)


def test_stance_metrics_label_never_seen_scores_zero():
    m = stance_metrics(["agree", "discuss"], ["agree", "discuss"])
    assert m["per_class"]["disagree"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert m["f1_macro"] == pytest.approx(0.5)
    assert m["fnc_score"] == 100.0 and m["accuracy"] == 1.0


def test_stance_metrics_empty():
    m = stance_metrics([], [])
    assert m["n"] == 0 and m["fnc_score"] == 0.0 and set(m["per_class"]) == set(STANCES)


@pytest.mark.parametrize(
    ("gold", "pred", "match"),
    [
        (["agree"], ["agree", "agree"], "one label per pair; got 1 and 2"),
        (["agrees"], ["agree"], "unknown gold stance 'agrees'; expected one of agree, disagree"),
        (["agree"], ["for"], "unknown pred stance 'for'"),
    ],
)
def test_bad_labels_raise(gold, pred, match):
    with pytest.raises(ValueError, match=match):
        fnc_score(gold, pred)
    with pytest.raises(ValueError, match=match):
        stance_metrics(gold, pred)
