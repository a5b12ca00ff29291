"""The learned attribution extractor: contract, what it learns, bundles, the scorer, PolNeAR."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from credscore.errors import TrainingDataError
from credscore.features.attribution import find_attributions
from credscore.scoring import attribution as attribution_module
from credscore.scoring.attribution import (
    AttributionModel,
    extract_attributions,
    extract_attributions_many,
)
from credscore.scoring.attribution_spans import beside, decode_cues, decode_span, inside
from credscore.scoring.bundle import Bundle, load_bundle, save_bundle
from credscore.scoring.claims import fit_claims
from credscore.scoring.scorer import Scorer
from credscore.text import parse
from credscore.training.attribution import polnear_articles
from credscore.training.corpora import data_dir
from credscore.training.evaluate import attribution_metrics
from credscore.training.polnear import read_polnear

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TINY = FIXTURES / "attribution" / "tiny"
#: sentences the rule extractor finds nothing in; cues and speakers unseen in training but one
UNSEEN = [
    ("Councillor Ama Boateng hinted that the ferry would be late.", "hinted", "Boateng", "ferry"),
    ("The port authority signaled that fees would double.", "signaled", "authority", "fees"),
]


def _text(article, span):
    return None if span is None else article.text[span[0] : span[1]]


def _article(sentence: str):
    return parse(f"Harbor news\n\n{sentence}", id="t")


@pytest.fixture(scope="module")
def tiny_docs():
    return read_polnear(TINY)


@pytest.fixture(scope="module")
def tiny_model(tiny_docs):
    # weakly regularised: 16 texts, and a second cue pass learned from folds of them
    model = AttributionModel(n_features=2**14, n_clusters=0, C=4.0)
    return model.fit(polnear_articles(tiny_docs), [d.relations for d in tiny_docs])


@pytest.mark.parametrize("sentence, cue, source, content", UNSEEN)
def test_learns_cues_the_rules_miss(tiny_model, sentence, cue, source, content):
    article = _article(sentence)
    assert find_attributions(article) == []
    [found] = extract_attributions(article, tiny_model)
    assert _text(article, found.cue) == cue
    assert source in _text(article, found.source) and content in _text(article, found.content)
    assert found.source_kind is not None and not found.direct


def test_no_attribution_where_there_is_none(tiny_model):
    article = _article("Councillor Ama Boateng toured the ferry terminal on Monday.")
    assert extract_attributions(article, tiny_model) == []


def test_rules_alone_without_a_model(tiny_model):
    article = _article('"The ferry is late," Ama Boateng said.')
    assert extract_attributions(article) == find_attributions(article)
    [learned] = extract_attributions(article, tiny_model)
    assert _text(article, learned.cue) == "said" and _text(article, learned.source) == "Ama Boateng"


@pytest.mark.parametrize(
    "keep_rules, expected", [(True, ["according to", "hinted"]), (False, ["hinted"])]
)
def test_keep_the_cues_only_the_rules_find(tiny_model, keep_rules, expected):
    model = copy.deepcopy(tiny_model).set_params(keep_rules=keep_rules)
    article = _article("Ama Boateng hinted that the ferry was late, according to port officials.")
    assert [_text(article, r.cue) for r in find_attributions(article)] == ["according to"]
    assert sorted(_text(article, r.cue) for r in extract_attributions(article, model)) == expected


def test_prefer_the_rules_where_both_find_a_cue(tiny_model):
    model = copy.deepcopy(tiny_model).set_params(prefer_rules=True)
    article = _article('"The ferry is late and the fees will double," the port authority said.')
    assert extract_attributions(article, model) == find_attributions(article)


def test_save_load_gives_identical_relations(tiny_model, tiny_docs, tmp_path):
    path = save_bundle(Bundle({"name": "t"}, {"attribution": tiny_model}), tmp_path / "a.skops")
    loaded = load_bundle(path).model("attribution")
    assert isinstance(loaded, AttributionModel) and loaded is not tiny_model
    articles = polnear_articles(tiny_docs) + [_article(s) for s, *_ in UNSEEN]
    assert loaded.predict(articles) == tiny_model.predict(articles)
    assert loaded.get_params() == tiny_model.get_params()


def test_scorer_reports_the_learned_relations(tiny_model, tiny_docs, tmp_path):
    rows = [json.loads(x) for x in (FIXTURES / "claims" / "tiny.jsonl").read_text().splitlines()]
    claims = fit_claims([r["text"] for r in rows], [r["label"] == "certain" for r in rows])
    text = "Harbor news\n\n" + UNSEEN[0][0]
    with_model = Scorer(Bundle({"name": "t"}, {"claims": claims, "attribution": tiny_model}))
    report = with_model.score(text, id="a")
    assert [a.cue.text for a in report.attributions] == ["hinted"]
    assert report.claims[0].attribution == 0
    assert [s.name for s in report.sources] == ["Ama Boateng"]
    rules_only = Scorer(Bundle({"name": "t"}, {"claims": claims})).score(text, id="a")
    assert rules_only.attributions == () and rules_only.claims[0].attribution is None


def test_estimator_contract(tiny_model, tiny_docs):
    params = tiny_model.get_params()
    assert clone(tiny_model).get_params() == params
    with pytest.raises(NotFittedError):
        clone(tiny_model).relations(_article(UNSEEN[0][0]))
    articles = polnear_articles(tiny_docs)
    fitted = clone(tiny_model)
    assert fitted.fit(articles, [d.relations for d in tiny_docs]) is fitted
    assert fitted.predict(articles) == tiny_model.predict(articles)  # deterministic
    for coef in (fitted.cue_coef_, fitted.stack_coef_, fitted.role_coef_):
        assert coef.dtype == np.float16 and coef.shape == (2, 2**14)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"cue_threshold": 0.0}, r"cue_threshold must be in \(0, 1\], got 0.0"),
        ({"source_threshold": 1.5}, r"source_threshold must be in \(0, 1\], got 1.5"),
        ({"n_features": 2.0**10}, r"n_features must be an int >= 16, got 1024.0"),
        ({"n_clusters": -1}, r"n_clusters must be an int >= 0, got -1"),
        ({"n_folds": 1}, r"n_folds must be an int >= 2, got 1"),
    ],
)
def test_bad_parameters(tiny_docs, params, match):
    articles = polnear_articles(tiny_docs)
    with pytest.raises(ValueError, match=match):
        AttributionModel(**params).fit(articles, [d.relations for d in tiny_docs])


def test_bad_training_data(tiny_docs):
    articles = polnear_articles(tiny_docs)
    with pytest.raises(ValueError, match="X has 16 articles but y has 1 relation lists"):
        AttributionModel().fit(articles, [[]])
    with pytest.raises(
        ValueError, match=r"cue tagger needs tokens outside and inside cue spans; got labels \[0\]"
    ):
        AttributionModel(n_clusters=0).fit(articles, [[] for _ in articles])


def test_clusters_are_learned_from_the_training_text(tiny_docs):
    model = AttributionModel(n_features=2**14, n_clusters=8)
    model.fit(polnear_articles(tiny_docs), [d.relations for d in tiny_docs])
    assert len(model.cluster_words_) > 8 and set(model.cluster_numbers_.tolist()) == set(range(8))
    [found] = extract_attributions(_article(UNSEEN[0][0]), model)
    assert found.cue is not None


def test_decoders():
    begin, inside = np.array([0.9, 0.1, 0.8, 0.1]), np.array([0.05, 0.8, 0.1, 0.1])
    first = np.array([True, False, True, False])
    assert decode_cues(begin, inside, first, 0.5).tolist() == [[0, 2], [2, 3]]
    assert decode_cues(begin, inside, first, 0.95).tolist() == [[0, 1]]
    assert decode_span(np.array([0.2, 0.3]), np.array([0, 1]), 0.5) is None
    assert decode_span(np.array([0.3, 0.9, 0.1]), np.array([3, 4, 5]), 0.5) == (3, 5)
    scores, js = np.array([0.6, 0.1, 0.9, 0.5]), np.array([0, 1, 4, 5])  # the cue: 2, 3
    assert decode_span(scores, js, 0.8) == (4, 6)  # token 1 stops it
    assert decode_span(scores, js, 0.8, bridge=(1, 2)) == (0, 6)  # unless it is the source


def _polnear_train():
    try:
        folder = data_dir() / "polnear" / "train"
    except TrainingDataError:
        pytest.skip("no data folder (set CREDSCORE_DATA or pass --data) for PolNeAR")
    if not folder.is_dir():
        pytest.skip(f"no PolNeAR train split at {folder}")
    return read_polnear(folder)


def test_beats_the_rules_on_held_out_polnear_train():
    docs = _polnear_train()
    picked = random.Random(0).sample(docs, 140)
    train, held = picked[:120], picked[120:]
    model = AttributionModel(n_features=2**16, n_clusters=32)
    model.fit(polnear_articles(train), [d.relations for d in train])
    articles = polnear_articles(held)
    rules = attribution_metrics(held, [find_attributions(a) for a in articles])
    learned = attribution_metrics(held, model.predict(articles))
    assert learned["cue_recall"] > rules["cue_recall"] + 0.05
    for part in ("cue", "source", "content"):
        assert learned[f"{part}_f1"] > rules[f"{part}_f1"] + 0.01


def test_a_source_never_takes_in_its_cue():
    assert beside((10, 20), (10, 11)) == (11, 20)  # "said Leonard Mayhew, a researcher ..."
    assert beside((3, 9), (8, 9)) == (3, 8)  # "... the ministry said"
    assert beside((4, 9), (6, 7)) == (7, 9)  # a tie keeps the side after the cue
    assert beside((0, 3), (5, 6)) == (0, 3)


def test_a_source_inside_the_content_of_a_cue_before_it_is_dropped(scorer):
    assert inside((12, 14), (8, 15)) and not inside((6, 9), (8, 15))
    text = (
        "North Korea is supplying Russia with shells, the United States said on Tuesday, "
        "citing satellite imagery of rail traffic near the two countries' shared border."
    )
    report = scorer.score(text, id="x")
    assert "the two countries" not in {s.name for s in report.sources}


def test_a_model_from_before_the_second_pass_runs_its_one_pass(tiny_docs, tiny_model):
    """Bundles of credscore 0.1 hold a one-pass cue tagger over all of CUE_TEMPLATES."""
    articles = polnear_articles(tiny_docs)
    one_pass = copy.deepcopy(tiny_model)
    del one_pass.stack_coef_, one_pass.stack_intercept_
    del one_pass.n_folds  # not saved then: the class default stands in
    assert one_pass.get_params()["n_folds"] == 3
    assert len(one_pass.relations(articles[0])) == len(articles[0].sentences)


def test_fitting_on_one_article_is_a_clear_error(tiny_docs):
    with pytest.raises(ValueError, match="give at least 2"):
        AttributionModel(n_features=2**10, n_clusters=0).fit(
            polnear_articles(tiny_docs[:1]), [tiny_docs[0].relations]
        )


def _batch_articles():
    """Examples and story fixtures, a one-line article, and one with no tokens at all."""
    examples = sorted((FIXTURES.parents[1] / "examples").glob("*.txt"))
    paths = [*examples, *sorted((FIXTURES / "story").glob("*.txt"))]
    articles = [parse(p.read_text("utf-8"), id=p.stem) for p in paths]
    articles.insert(1, parse("Talks\n\n“We will win,” Harlow said.", id="short"))
    articles.insert(3, parse("Advertisement", id="no-tokens"))  # boilerplate: no sentence
    return articles


@pytest.mark.parametrize("which", ["shipped", "tiny", "in small groups"])
def test_a_batch_tags_as_each_article_alone(which, tiny_model, monkeypatch):
    if which == "in small groups":  # a few articles' tokens at a time, some articles alone
        monkeypatch.setattr(attribution_module, "BATCH_TOKENS", 400)
    model = tiny_model if which == "tiny" else load_bundle().model("attribution")
    articles = _batch_articles()
    alone = [model.relations(a) for a in articles]
    assert model.relations_many(articles) == alone
    assert any(any(found) for found in alone)  # the batch finds relations, not only nothing
    assert extract_attributions_many(articles, model) == [
        extract_attributions(a, model) for a in articles
    ]
    assert model.relations_many([]) == []


def test_the_scorer_reports_a_chunk_as_each_article_alone(scorer):
    articles = _batch_articles()
    together = [r.to_dict() for r in scorer.score_articles(articles)]
    assert together == [scorer.score_articles([a])[0].to_dict() for a in articles]
