"""One claim against its coverage, its story features, and the corroboration model's pieces."""

import math
from pathlib import Path

import numpy as np
import pytest

from credscore.errors import InputError
from credscore.scoring.bundle import Bundle
from credscore.scoring.corroboration.coverage import memoized
from credscore.scoring.corroboration.features import (
    FAMILIES,
    FEATURE_NAMES,
    claim_subject,
    story_features,
)
from credscore.scoring.corroboration.model import fit_corroboration, select_features
from credscore.scoring.scorer import Scorer

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
IN_STORY = ["wire_ledger", "wire_herald", "port_denies", "kcna_denial", "satellite_confirms"]
CLAIM = "A North Korean ship delivered artillery rockets to the Russian port of Vostochny"


@pytest.fixture(scope="module")
def no_model(scorer):
    """The shipped models without a corroboration model."""
    models = {k: v for k, v in scorer._bundle.models.items() if k != "corroboration"}
    return Scorer(Bundle(card=scorer.card, models=models))


@pytest.fixture(scope="module")
def view(no_model):
    records = [
        {"id": name, "text": (STORY / f"{name}.txt").read_text(encoding="utf-8")}
        for name in IN_STORY
    ]
    return no_model.corroborate_claim(CLAIM, records), records


def test_the_view_has_the_design_fields(view):
    v, records = view
    assert list(v) == ["claim", "probability", "origins", "independent_origins", "articles"]
    assert v["claim"] == CLAIM and v["probability"] is None  # no model in this bundle
    assert set(v["independent_origins"]) == {"for", "against", "neutral"}
    assert sum(v["independent_origins"].values()) == len(v["origins"])
    for o in v["origins"]:
        assert set(o) == {"name", "kind", "stance", "channel", "articles", "evidence"}
        assert o["stance"] in ("for", "against", "neutral") and o["evidence"]
    assert [a["id"] for a in v["articles"]] == IN_STORY
    for a in v["articles"]:
        assert sum(a["stance_proba"].values()) == pytest.approx(1.0, abs=1e-3)


def test_each_origin_shows_the_sentences_that_carry_it(view):
    v, records = view
    texts = {r["id"]: " ".join(r["text"].split()) for r in records}
    for o in v["origins"]:
        for e in o["evidence"]:
            assert e["article"] in o["articles"]
            assert e["text"] in texts[e["article"]]
            assert e["claim"] is None or e["claim"].startswith(e["article"] + "#")


def test_the_state_media_denial_is_one_origin_against(view):
    v, _ = view
    kcna = [o for o in v["origins"] if o["kind"] == "state_media"]
    assert [o["name"] for o in kcna] == ["KCNA"]
    assert kcna[0]["stance"] == "against"
    assert len(kcna[0]["articles"]) >= 3  # one statement, however many outlets carry it
    assert any(o["stance"] == "for" for o in v["origins"])


@pytest.mark.parametrize(
    ("claim", "texts", "message"),
    [
        ("  ", ["Some text here."], "the claim is empty; give the claim to check as text"),
        ("A claim", [], "no articles; give at least one article that reports the claim"),
    ],
)
def test_bad_input_is_refused(no_model, claim, texts, message):
    with pytest.raises(InputError) as error:
        no_model.corroborate_claim(claim, texts)
    assert str(error.value) == message


def article(id, stance, published=None, copy_of=None, outlet=None):
    proba = dict.fromkeys(("agree", "disagree", "discuss", "unrelated"), 0.0)
    proba[stance] = 1.0
    return {
        "id": id,
        "outlet": outlet,
        "published": published,
        "copy_of": copy_of,
        "wire": None,
        "stance": stance,
        "stance_proba": proba,
    }


def origin(name, kind, stance, *texts):
    evidence = [{"article": "a", "claim": None, "text": t, "stance": stance} for t in texts]
    return {
        "name": name,
        "kind": kind,
        "stance": stance,
        "channel": None,
        "articles": ["a"],
        "evidence": evidence,
    }


VIEW = {
    "claim": "Acme Corp recalled its phones",
    "probability": None,
    "origins": [
        origin("Reuters", "news_agency", "for", "Acme recalled its phones, Reuters said."),
        origin("Jo Li", "expert", "for", "The recall is real, said Jo Li."),
        origin("Acme Corp", "organization", "against", "Acme denied recalling phones."),
        origin("a source", "anonymous", "neutral", "A source said a recall is a rumour."),
    ],
    "independent_origins": {"for": 2, "against": 1, "neutral": 1},
    "articles": [
        article("a", "agree", "2026-03-02T10:00:00Z"),
        article("b", "disagree", "2026-03-01T10:00:00Z", outlet="Daily"),
        article("c", "discuss", None, copy_of="a"),
        article("d", "unrelated"),
    ],
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("origins_for", math.log1p(2)),
        ("origins_against", math.log1p(1)),
        ("origins_for_media_report", math.log1p(1)),  # a wire service is a media report
        ("origins_for_named_person", math.log1p(1)),  # an expert counts with named people
        ("origins_against_organization", math.log1p(1)),
        ("origins_neutral_anonymous", math.log1p(1)),
        ("formula", (2.25 + 1) / (2.25 + 1 + 2)),
        ("stance_mean_agree", 0.25),
        ("stance_share_unrelated", 0.25),
        ("evidence_doubt", 0.5),  # "denied", "rumour"
        ("origins_sources", 0.75),  # the wire's own report is not a source
        ("articles_per_origin", math.log1p(1.0)),
        ("copies_share", 0.25),
        ("outlets", math.log1p(3)),  # a (and its copy c), Daily, d
        ("subject_denies", 1.0),  # Acme Corp is against its own recall
        ("earliest_disagree", 1.0),  # b was published first
    ],
)
def test_story_features_from_the_view(name, expected):
    row = story_features(VIEW, {})
    assert row[name] == pytest.approx(expected)


def test_features_have_names_in_families_and_no_evidence_is_neutral():
    assert list(FEATURE_NAMES) == [n for names in FAMILIES.values() for n in names]
    empty = {"claim": "x", "origins": [], "articles": [], "independent_origins": {}}
    row = story_features(empty, {})
    assert row["formula"] == 0.5 and row["evidence_confidence"] == 0.5
    assert sum(v for k, v in row.items() if k not in ("formula", "evidence_confidence")) == 0


@pytest.mark.parametrize(
    ("claim", "subject"),
    [
        ("Fidel Castro has died", {"fidel", "castro"}),
        ("The Apple Watch will ship by the end of March", {"apple", "watch"}),
        ("Some ISIS fighters have contracted Ebola", {"isis"}),
        ("TBS speeds up Seinfeld episodes", {"tbs"}),
        ("a man hid in the wheel well", set()),
    ],
)
def test_claim_subject(claim, subject):
    assert claim_subject(claim) == subject


def test_families_select_their_columns_and_unknown_ones_are_refused():
    row = story_features(VIEW, {})
    assert list(select_features([row], ["echo"])[0]) == list(FAMILIES["echo"])
    with pytest.raises(ValueError, match="unknown feature family 'colour'"):
        select_features([row], ["colour"])


def test_the_model_needs_both_outcomes():
    with pytest.raises(ValueError, match="labels must hold both 0 and 1"):
        fit_corroboration([story_features(VIEW, {})] * 3, [1, 1, 1])


def test_memoized_stance_reads_each_pair_once():
    calls = []

    def stance(claims, bodies):
        calls.append(len(claims))
        return np.tile([0.1, 0.2, 0.3, 0.4], (len(claims), 1))

    fn = memoized(stance)
    fn(["c", "c"], ["b1", "b2"])
    out = fn(["c", "c", "c"], ["b2", "b1", "b3"])
    assert calls == [2, 1] and out.shape == (3, 4)


def test_the_reporters_restatements_take_no_place_of_a_source(no_model):
    text = (
        "A North Korean ship delivered artillery rockets to the Russian port of Vostochny. "
        "The ship reportedly delivered artillery rockets to the port of Vostochny in March. "
        "Artillery rockets were unloaded from the North Korean ship at Vostochny, it appears. "
        "The cargo was artillery rockets for Russia, harbour pilot Ivan Petrov told reporters."
    )
    v = no_model.corroborate_claim(CLAIM, [{"id": "a", "text": text}])
    assert [(o["name"], o["stance"]) for o in v["origins"]] == [("Ivan Petrov", "for")]
