"""The Scorer end to end on the bundled examples: spans, scores, claims, pickling."""

import json
import pickle

import numpy as np
import pytest

import credscore
from credscore.text import decode


def all_spans(report: dict):
    """Every span dict in an ArticleReport's JSON form."""
    for claim in report["claims"]:
        yield claim
        yield from claim["hedges"]
        yield from claim["boosters"]
    for relation in report["attributions"]:
        yield relation["cue"]
        yield relation["content"]
        if relation["source"]:
            yield relation["source"]


def test_every_span_of_every_example_points_at_its_text(scorer, example_paths):
    for path in example_paths:
        text = decode(path.read_bytes())
        report = json.loads(json.dumps(scorer.score(text, id=path.stem).to_dict()))
        spans = list(all_spans(report))
        assert len(spans) > 20
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"], (path.name, span)
        for dropped in report["dropped"]:
            assert 0 <= dropped["start"] < dropped["end"] <= len(text)


def test_scores_are_in_the_unit_interval(scorer, example_paths):
    for path in example_paths:
        scores = scorer.score(path.read_text("utf-8"), id=path.stem).scores.to_dict()
        assert scores["corroboration"] is None
        for name, value in scores.items():
            if name != "corroboration":
                assert 0.0 <= value <= 1.0, (path.name, name)


def test_claims_exclude_headline_questions_and_boilerplate(scorer):
    text = (
        "Bridge to reopen Friday\n\n"
        "The city said the bridge will reopen on Friday.\n\n"
        "Will traffic return to normal?\n\n"
        "Subscribe to our newsletter for daily updates\n\n"
        "Engineers may inspect the supports again next month, the mayor said."
    )
    report = scorer.score(text, id="bridge")
    assert [c.text for c in report.claims] == [
        "The city said the bridge will reopen on Friday.",
        "Engineers may inspect the supports again next month, the mayor said.",
    ]
    assert [c.id for c in report.claims] == ["bridge#c1", "bridge#c2"]
    assert [h.text for h in report.claims[1].hedges] == ["may"]
    assert report.claims[1].attribution is not None


def test_hedged_claims_score_lower_than_firm_ones(scorer):
    firm, hedged = scorer.claim_confidence(
        [
            "The ministry confirmed that the shipments arrived on Wednesday.",
            "The shipments may possibly have arrived, some analysts suggest.",
        ]
    )
    assert firm > hedged


def test_claim_confidence_is_an_array_in_the_unit_interval(scorer):
    out = scorer.claim_confidence(["It rained.", "It might rain.", "Perhaps it rained."])
    assert isinstance(out, np.ndarray) and out.shape == (3,)
    assert ((out >= 0) & (out <= 1)).all()
    assert scorer.claim_confidence([]).shape == (0,)


def test_score_many_accepts_texts_and_records(scorer, example_paths):
    texts = [p.read_text("utf-8") for p in example_paths[:2]]
    records = [{"id": "r1", "title": "Given title", "text": texts[0], "outlet": "Ledger"}, texts[1]]
    reports, story = scorer.score_many(records, story=False)
    assert story is None
    assert reports[0].id == "r1" and reports[0].title == "Given title"
    assert reports[0].outlet == "Ledger"
    assert reports[1].id == scorer.score(texts[1]).id


def test_score_many_in_parallel_matches_serial(scorer, example_paths):
    texts = [p.read_text("utf-8") for p in example_paths]
    serial, _ = scorer.score_many(texts, n_jobs=1)
    parallel, _ = scorer.score_many(texts, n_jobs=2)
    assert [r.to_dict() for r in serial] == [r.to_dict() for r in parallel]


def test_scorer_is_immutable_and_pickles(scorer, example_paths):
    with pytest.raises(AttributeError, match="immutable"):
        scorer.anything = 1
    text = example_paths[0].read_text("utf-8")
    clone = pickle.loads(pickle.dumps(scorer))
    assert clone.score(text, id="x").to_dict() == scorer.score(text, id="x").to_dict()


def test_bad_record_raises_input_error(scorer):
    with pytest.raises(credscore.errors.InputError, match="article 1: record has no 'text'"):
        scorer.score_many([{"id": "x"}])


def test_score_each_hands_back_the_failure_of_one_article_and_scores_the_rest(scorer, monkeypatch):
    from credscore.scoring.scorer import Scorer
    from credscore.text import parse

    original = Scorer.score_articles

    def fragile(self, articles, *, n_jobs=1):
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("extractor fell over")
        return original(self, articles, n_jobs=n_jobs)

    good = parse("The council met on Tuesday and passed the budget.", id="good")
    bad = parse("The council met on Tuesday. BOOM.", id="bad")
    assert [r.id for r in scorer.score_each([good])] == ["good"]
    monkeypatch.setattr(Scorer, "score_articles", fragile)
    fallbacks = []
    report, failure = scorer.score_each([good, bad], on_fallback=fallbacks.append)
    assert [str(e) for e in fallbacks] == ["extractor fell over"]
    assert report.to_dict() == original(scorer, [good])[0].to_dict()
    assert isinstance(failure, RuntimeError) and str(failure) == "extractor fell over"


def test_someone_who_did_not_respond_is_not_a_source(scorer):
    report = scorer.score(
        "The port reopened on Monday after a two-day strike, officials said. The ministry did "
        "not immediately respond to a request for comment. Union leader Ana Ruiz said talks "
        "would continue.",
        id="port",
    )
    assert [(s.name, s.kind) for s in report.sources] == [
        ("officials", "anonymous"),
        ("Ana Ruiz", "named_person"),
    ]
    assert len(report.claims) == 2
