"""Which sentences are claims, and the soft labels behind graded training targets."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression, Ridge

from credscore.features.vectorize import ClaimFeatures
from credscore.scoring.claims import (
    CorpusMixture,
    _cut_rows,
    claim_threshold,
    claims_pipeline,
    fit_claims,
    is_claim,
    predict_confidence,
    soft_labels,
)

CLAIMS = [
    ("The ministry confirmed the shipments on Wednesday.", True),
    ('"This is a supply line," Harlow said.', True),
    ("Prices may rise next year.", True),
    ("Why does this matter?", False),
    ('"Why now?" she asked?', False),
    ("Photos: the scene", False),
    ("Related coverage:", False),
    ("UPDATED AT NOON", False),
    ("Three dead.", False),
    ("Officials said the following:", False),
    # notes on the reporting are not claims; a sentence that goes on to say something is
    ("Russia's embassy in Seoul did not immediately respond to a request for comment.", False),
    (
        "Representatives for the firm did not respond to repeated emailed requests for comment.",
        False,
    ),
    ("A spokeswoman for the U.S. Embassy declined to comment further.", False),
    ("Mr. Semyonov could not be reached for comment on Tuesday.", False),
    ("The company did not return calls seeking comment.", False),
    ("The ministry declined to comment on the report, saying it was Western propaganda.", True),
    ("The ship left port and the ministry did not respond to a request for comment.", True),
    ("She declined to say how many rockets the ship carried, but said it was large.", True),
    ("Blackstone didn’t respond to a request for comment.", False),  # curly apostrophe
    ("Officials did not immediately respond to a Reuters request for comment.", False),
    ("Kelly declined to comment Monday.", False),
    ("Pittman could not immediately be contacted for comment.", False),
    ("A spokeswoman for CNN had no immediate comment.", False),
    # ... but the same verbs about the story itself are claims
    ("An agreement could not be reached on the budget.", True),
    ("The village could not be reached by rescuers on Tuesday.", True),
    ("The pilot did not respond to calls from air traffic control.", True),
    ("Police did not respond in time on the night of the attack.", True),
    ("The FBI said Clinton did not respond to questions about the private server.", True),
    ("Trump refused to comment on whether he would accept the election results.", True),
    ("The car was sold, though Adesa has not yet responded to requests to name the buyer.", True),
]


@pytest.mark.parametrize(("sentence", "expected"), CLAIMS)
def test_is_claim(sentence, expected):
    assert is_claim(sentence) is expected


def test_soft_labels_split_graded_targets_into_weighted_rows():
    X, y, w = soft_labels(["firm", "hedged", "graded"], [1.0, 0.0, 0.8])
    assert X == ["firm", "hedged", "graded", "graded"]
    assert list(y) == [1, 0, 1, 0]
    np.testing.assert_allclose(w, [1.0, 1.0, 0.8, 0.2])


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="one class"):
        fit_claims(["a firm claim here", "another firm one"], [1.0, 1.0])


FIRM = [
    "The ministry confirmed the shipments on Wednesday.",
    "The court sentenced him to ten years.",
    "The company reported a profit of $3 billion.",
    "Police arrested two men at the border.",
    "The bridge opened to traffic in 1932.",
    "Parliament passed the budget by 210 votes to 190.",
]
HEDGED = [
    "Prices may rise next year, analysts believe.",
    "Some critics say the deal could collapse.",
    "The general is said to have fled.",
    "It is possibly the largest find so far.",
    "Officials suggested the plant might close.",
    "Many people consider it the best film ever.",
]


def _small_pipeline():
    return claims_pipeline(features=ClaimFeatures(n_features=2**10))


def _two_corpora():
    texts = FIRM + HEDGED + [t.upper() for t in FIRM + HEDGED]
    confidences = [1.0] * 6 + [0.0] * 6 + [0.9] * 6 + [0.2] * 6
    corpora = ["news"] * 12 + ["shouting"] * 12
    return texts, confidences, corpora


def test_fit_claims_keeps_one_calibrated_expert_per_corpus():
    texts, confidences, corpora = _two_corpora()
    model = fit_claims(texts, confidences, pipeline=_small_pipeline(), corpora=corpora)
    mixture = model.named_steps["model"]
    assert list(mixture.corpora_) == ["news", "shouting"]
    assert mixture.calibration_.shape == (2, 2)
    gate = mixture.predict_corpus_proba(model.named_steps["features"].transform(texts))
    np.testing.assert_allclose(gate.sum(axis=1), 1.0)
    confidence = predict_confidence(model, texts)
    assert confidence.shape == (24,)
    assert ((confidence >= 0.0) & (confidence <= 1.0)).all()
    assert confidence[:6].mean() > confidence[6:12].mean()


def test_fitted_weights_are_float32_and_score_as_the_float64_weights_do():
    texts, confidences, corpora = _two_corpora()
    model = fit_claims(texts, confidences, pipeline=_small_pipeline(), corpora=corpora)
    mixture = model.named_steps["model"]
    assert {m.coef_.dtype for m in (*mixture.experts_, mixture.gate_)} == {np.dtype(np.float32)}
    X = model.named_steps["features"].transform(texts)
    compact = mixture.predict_proba(X)
    for m in (*mixture.experts_, mixture.gate_):
        m.coef_ = m.coef_.astype(np.float64) * (1 + 1e-7)  # weights off by float32's rounding
    np.testing.assert_allclose(mixture.predict_proba(X), compact, atol=1e-6)


def test_without_corpora_the_model_is_one_calibrated_expert():
    model = fit_claims(FIRM + HEDGED, [1.0] * 6 + [0.0] * 6, pipeline=_small_pipeline())
    mixture = model.named_steps["model"]
    assert list(mixture.corpora_) == ["all"]
    assert mixture.gate_ is None
    assert predict_confidence(model, []).shape == (0,)


def test_corpora_must_match_texts():
    with pytest.raises(ValueError, match="one name per text"):
        fit_claims(FIRM + HEDGED, [1.0] * 6 + [0.0] * 6, corpora=["news"])


def test_a_corpus_with_one_class_is_refused():
    texts = FIRM + HEDGED + FIRM
    corpora = ["news"] * 12 + ["firm-only"] * 6
    with pytest.raises(ValueError, match="'firm-only' has one class only"):
        fit_claims(texts, [1.0] * 6 + [0.0] * 6 + [1.0] * 6, corpora=corpora)


def test_corpus_mixture_params_round_trip():
    mixture = CorpusMixture(C=0.5, gate_C=8.0, cv=4)
    assert clone(mixture).get_params() == {
        "C": 0.5,
        "gate_C": 8.0,
        "cv": 4,
        "gate_prior": None,
        "graded": (),
    }
    with pytest.raises(ValueError, match="cv must be an int >= 2"):
        CorpusMixture(cv=1).fit(np.eye(4), [0, 1, 0, 1])


def test_a_graded_corpus_gets_a_ridge_expert_with_cross_fitted_aspect_inputs():
    texts, confidences, corpora = _two_corpora()
    aspect_texts = FIRM + HEDGED + [t.lower() for t in FIRM + HEDGED]
    labels = np.array([[1, 0], [0, 1]] * 3 + [[0, 1], [1, 0]] * 3, dtype=np.int8)
    labels = np.vstack([labels, labels])
    model = claims_pipeline(features=ClaimFeatures(n_features=2**10), cv=2, graded=["shouting"])
    model = fit_claims(
        texts, confidences, pipeline=model, corpora=corpora, aspects=(aspect_texts, labels)
    )
    mixture = model.named_steps["model"]
    assert [type(e) for e in mixture.experts_] == [LogisticRegression, Ridge]
    assert mixture.aspect_coef_.shape == (2, len(mixture.aspect_columns_) + 1)
    assert set(mixture.aspect_columns_) <= set(range(2 * 2**10 + 33))
    confidence = predict_confidence(model, texts)
    assert ((confidence >= 0.0) & (confidence <= 1.0)).all()
    assert confidence[12:18].mean() > confidence[18:].mean()


def test_graded_must_name_a_corpus():
    texts, confidences, corpora = _two_corpora()
    model = claims_pipeline(features=ClaimFeatures(n_features=2**10), graded=["science"])
    with pytest.raises(ValueError, match=r"graded names unknown corpora \['science'\]"):
        fit_claims(texts, confidences, pipeline=model, corpora=corpora)


def test_the_claim_threshold_is_learnt_and_predict_uses_it():
    texts, confidences, corpora = _two_corpora()
    model = fit_claims(texts, confidences, pipeline=_small_pipeline(), corpora=corpora)
    mixture = model.named_steps["model"]
    cut = claim_threshold(model)
    assert cut == mixture.claim_threshold_ and 0.0 < cut <= 1.0
    assert cut == round(cut, 4)
    firm = predict_confidence(model, texts)
    np.testing.assert_array_equal(model.predict(texts), (firm >= cut).astype(int))


@pytest.mark.parametrize(
    ("confidences", "expected"),
    [
        # binary sentences choose the cut; the graded one's two rows do not
        ([1.0, 0.0, 0.7], [True, True, False, False]),
        # no binary sentence of both classes: every row does
        ([0.9, 0.2, 0.7], [True] * 6),
        ([1.0, 0.2, 0.7], [True] * 5),
    ],
)
def test_cut_rows_are_the_binary_sentences(confidences, expected):
    _, y, _ = soft_labels(["a", "b", "c"], confidences)
    assert list(_cut_rows(confidences, len(y))) == expected


def test_a_model_fitted_before_the_cut_existed_has_none():
    model = fit_claims(FIRM + HEDGED, [1.0] * 6 + [0.0] * 6, pipeline=_small_pipeline())
    del model.named_steps["model"].claim_threshold_  # the class default of an old bundle
    assert claim_threshold(model) is None
    firm = predict_confidence(model, FIRM + HEDGED)
    np.testing.assert_array_equal(model.predict(FIRM + HEDGED), (firm >= 0.5).astype(int))

