"""Tests for credscore.training.evaluate: span_prf and attribution_metrics."""

from __future__ import annotations

import pytest

from credscore.training.evaluate import attribution_metrics, claims_metrics, span_prf
from credscore.training.polnear import GoldRelation, PolnearDoc

TEXT = '"We will win," Dana Lee said on Monday, and the aides agreed.'


def at(phrase: str, text: str = TEXT) -> tuple[int, int]:
    """The range of the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    return start, start + len(phrase)


def prf(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


@pytest.mark.parametrize(
    ("gold", "pred", "overlap", "exact"),
    [
        # same words, quotes and comma stripped at the edges: both modes match
        (['"We will win,"'], ["We will win"], prf(1, 1), prf(1, 1)),
        # a shared token is enough for overlap, not for exact
        (['"We will win,"'], ["will"], prf(1, 1), prf(0, 0)),
        (["Dana Lee"], ["Lee said"], prf(1, 1), prf(0, 0)),
        # part of a word shares that word
        (["Dana"], ["Dan"], prf(1, 1), prf(0, 0)),
        # only punctuation or whitespace in common: no match
        (['"We will win,"'], [", "], prf(0, 0), prf(0, 0)),
        # 1:1 matching: two predictions inside one gold span, one of them matches
        (["Dana Lee"], ["Dana", "Lee"], prf(0.5, 1), prf(0, 0)),
        # 1:1 matching: one prediction over two gold spans matches one of them
        (["Dana", "Lee"], ["Dana Lee"], prf(1, 0.5), prf(0, 0)),
        # greedy, most shared tokens first: "said on" ties between both gold spans and must
        # leave "Dana Lee said" to "Lee said" (taking them in prediction order would not)
        (["Dana Lee said", "on"], ["said on", "Lee said"], prf(1, 1), prf(0, 0)),
    ],
)
def test_span_prf_overlap_and_exact(
    gold: list[str], pred: list[str], overlap: dict, exact: dict
) -> None:
    g, p = [[at(x) for x in gold]], [[at(x) for x in pred]]
    assert span_prf(g, p, [TEXT], exact=False) == pytest.approx(overlap)
    assert span_prf(g, p, [TEXT], exact=True) == pytest.approx(exact)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([], [], prf(1, 1)),  # nothing to find, nothing found
        ([[]], [[]], prf(1, 1)),
        ([[(0, 5)]], [[]], prf(0, 0)),
        ([[]], [[(0, 5)]], prf(0, 0)),
        ([[(3, 3)]], [[(3, 3)]], prf(0, 0)),  # empty ranges cover no token
    ],
)
def test_span_prf_empty_cases(gold: list, pred: list, expected: dict) -> None:
    texts = [TEXT] * len(gold)
    assert span_prf(gold, pred, texts, exact=False) == expected


def test_span_prf_micro_averages_over_documents() -> None:
    other = "Aides said nothing."
    gold = [[at("Dana Lee")], [at("Aides", other)]]
    pred = [[at("Lee")], [at("nothing", other), at("said", other)]]
    assert span_prf(gold, pred, [TEXT, other], exact=False) == pytest.approx(prf(1 / 3, 1 / 2))


def test_span_prf_needs_one_list_per_document() -> None:
    with pytest.raises(ValueError, match="one per document; got 1, 2 and 1"):
        span_prf([[]], [[], []], [TEXT], exact=False)


KEYS = {
    f"{part}_{metric}{suffix}"
    for part in ("cue", "source", "content")
    for metric in ("f1", "precision", "recall")
    for suffix in ("", "_exact")
} | {"n"}


def test_attribution_metrics_keys_and_values() -> None:
    doc = PolnearDoc(
        "d",
        TEXT,
        [
            GoldRelation(at("Dana Lee"), at("said"), at('"We will win,"')),
            GoldRelation(None, at("agreed"), None),
        ],
        "x",
    )
    pred = [
        GoldRelation(at("Lee"), at("said"), at("We will win")),
        GoldRelation(at("Lee"), at("said"), at("the aides")),  # shared spans count once
    ]
    m = attribution_metrics([doc], [pred])
    assert set(m) == KEYS
    assert list(m)[:7] == [
        "n",
        "cue_f1",
        "source_f1",
        "content_f1",
        "cue_f1_exact",
        "source_f1_exact",
        "content_f1_exact",
    ]
    assert m["n"] == 1
    assert (m["cue_precision"], m["cue_recall"]) == (1.0, 0.5)
    assert (m["source_f1"], m["source_f1_exact"]) == (1.0, 0.0)
    assert (m["content_precision"], m["content_recall"]) == (0.5, 1.0)
    assert m["content_f1_exact"] == pytest.approx(2 / 3)


def test_attribution_metrics_no_documents() -> None:
    m = attribution_metrics([], [])
    assert set(m) == KEYS and m["n"] == 0


def test_attribution_metrics_needs_one_prediction_list_per_document() -> None:
    with pytest.raises(ValueError, match="one list per document; got 0 for 1"):
        attribution_metrics([PolnearDoc("d", TEXT, [], "x")], [])


CLAIM_METRICS = [
    # binary targets: at 0.5 and at the cut, AUC, Brier and ECE
    (
        [1, 1, 0, 0],
        [0.9, 0.6, 0.55, 0.2],
        0.58,
        {
            "n": 4,
            "f1_uncertain": 2 / 3,
            "accuracy": 0.75,
            "claim_threshold": 0.58,
            "f1_uncertain_at_threshold": 1.0,
            "accuracy_at_threshold": 1.0,
            "roc_auc": 1.0,
        },
    ),
    # without a cut only the 0.5 keys; one class gives no AUC
    ([1, 1], [0.9, 0.4], None, {"n": 2, "f1_uncertain": 0.0, "accuracy": 0.5}),
    # graded targets: Pearson r only, whatever the cut
    ([0.2, 0.6, 0.8], [0.1, 0.5, 0.9], 0.6, {"n": 3, "pearson": 0.9819805060619657}),
]


@pytest.mark.parametrize(("true", "pred", "cut", "expected"), CLAIM_METRICS)
def test_claims_metrics(true, pred, cut, expected) -> None:
    metrics = claims_metrics(true, pred, threshold=cut)
    assert set(metrics) - {"brier", "ece"} == set(expected)
    for key, value in expected.items():
        assert metrics[key] == pytest.approx(value)
