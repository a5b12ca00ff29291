"""Stories, copies, claim groups, stances and origins: a five-article story and synthetic data.

The story (tests/fixtures/story/, invented): two Reuters copies say a North Korean ship delivered
rockets to the Russian port of Vostochny (the State Department, Japan's Defense Ministry) and
carry KCNA's denial; the port's director says it is false; an outlet reports only KCNA's denial;
a satellite firm confirms it independently. rail_fares.txt is an unrelated story.
"""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from credscore.inputs import to_article
from credscore.scoring import corroboration as C
from credscore.scoring import scorer as scorer_module
from credscore.scoring.analysis import with_corroboration
from credscore.scoring.bundle import Bundle
from credscore.scoring.corroboration.copies import article_body
from credscore.scoring.corroboration.model import fit_corroboration
from credscore.scoring.render import render_json, render_table
from credscore.scoring.scorer import Scorer

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
META = {  # id: (outlet, published)
    "wire_ledger": ("The Daily Ledger", "2026-03-12T08:00:00Z"),
    "wire_herald": ("Coastal Herald", "2026-03-12T11:30:00Z"),
    "port_denies": ("Northern Dispatch", "2026-03-13T09:00:00Z"),
    "kcna_denial": ("Asia Briefing", "2026-03-14T10:00:00Z"),
    "satellite_confirms": ("Pacific Monitor", "2026-03-13T15:00:00Z"),
    "rail_fares": ("Lakeshore Post", "2026-03-10T07:00:00Z"),
}
IN_STORY = ["wire_ledger", "wire_herald", "port_denies", "kcna_denial", "satellite_confirms"]


def record(name: str) -> dict:
    outlet, published = META[name]
    text = (STORY / f"{name}.txt").read_text(encoding="utf-8")
    return {"id": name, "outlet": outlet, "published": published, "text": text}


@pytest.fixture(scope="session")
def parsed(scorer):
    """The six articles parsed and scored alone (before the story)."""
    articles = [to_article(record(name), n) for n, name in enumerate(META, 1)]
    return articles, scorer.score_articles(articles)


@pytest.fixture(scope="session")
def rules_parsed(scorer):
    """The six articles scored with attribution by the rules alone, which leave some evidence
    in the reporters' own voice (the learned extractor attributes nearly all of it)."""
    models = {k: v for k, v in scorer._bundle.models.items() if k != "attribution"}
    rules_only = Scorer(Bundle(card=scorer.card, models=models))
    articles = [to_article(record(name), n) for n, name in enumerate(META, 1)]
    return articles, rules_only.score_articles(articles)


@pytest.fixture(scope="session")
def story(scorer):
    """The six articles scored together by the shipped models, without a corroboration model
    (the probabilities are tested with a model of the tests' own)."""
    models = {k: v for k, v in scorer._bundle.models.items() if k != "corroboration"}
    reports, story = Scorer(Bundle(scorer.card, models)).score_many([record(n) for n in META])
    return {r.id: r for r in reports}, story


def claims_by_id(reports):
    return {c.id: c for r in reports.values() for c in r.claims}


def group_of(story, claim_id):
    return next(g for g in story.groups if claim_id in g.members)


MAIN = "wire_ledger#c1"  # "A North Korean cargo ship unloaded ... rockets at ... Vostochny"
DENIAL = "wire_ledger#c9"  # Pyongyang "has never exported weapons or ammunition to Russia ..."


# --- the fixture story --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(META))
def test_fixture_is_a_headline_and_paragraphs_of_250_to_450_words(name):
    text = (STORY / f"{name}.txt").read_text(encoding="utf-8")
    headline, blank, _ = text.partition("\n\n")
    assert blank and "\n" not in headline
    assert 250 <= len(text.split()) <= 450


def test_the_five_articles_form_one_story_and_the_unrelated_one_stays_out(story):
    reports, report = story
    assert [list(s) for s in report.stories] == [IN_STORY]
    assert all("rail_fares" not in g.articles for g in report.groups)
    assert reports["rail_fares"].scores.corroboration is None
    assert reports["rail_fares"].copy_of is None


def test_the_syndicated_copy_is_found_with_its_wire_and_original(story):
    reports, report = story
    assert reports["wire_herald"].copy_of == "wire_ledger"
    assert reports["wire_ledger"].copy_of is None
    assert reports["wire_herald"].wire == reports["wire_ledger"].wire == "Reuters"
    copy = next(c for c in report.copies if c.article == "wire_herald")
    assert copy.copy_of == "wire_ledger" and copy.wire == "Reuters"
    assert copy.similarity >= 0.9
    others = {"port_denies", "kcna_denial", "satellite_confirms", "rail_fares"}
    assert all(reports[k].copy_of is None for k in others)
    assert {c.article for c in report.copies} == {"wire_ledger", "wire_herald"}


def test_the_original_is_the_earliest_published_else_the_first_given(parsed):
    articles, reports = parsed
    later = {"wire_ledger": "2026-03-12T20:00:00+00:00"}
    swapped = [replace(a, published=later.get(a.id, a.published)) for a in articles]
    out, _ = C.corroborate(swapped, reports)
    assert {r.id: r.copy_of for r in out}["wire_ledger"] == "wire_herald"
    undated = [replace(a, published=None) for a in articles]
    order = [1, 0, 2, 3, 4, 5]  # the Herald copy given first
    out, _ = C.corroborate([undated[k] for k in order], [reports[k] for k in order])
    assert {r.id: r.copy_of for r in out}["wire_ledger"] == "wire_herald"


def test_claim_groups_include_the_paraphrase_pair(story):
    _, report = story
    group = group_of(report, DENIAL)  # ... "has never had arms dealings with Russia"
    assert "kcna_denial#c2" in group.members
    assert "wire_herald#c9" in group.members


def test_the_main_claim_groups_its_restatements_across_outlets(story):
    _, report = story
    members = group_of(report, MAIN).members
    assert {"wire_herald#c1", "port_denies#c8", "satellite_confirms#c3"} <= set(members)
    assert DENIAL not in members


def test_copies_count_once_and_one_state_media_statement_is_one_origin(story):
    _, report = story
    main = group_of(report, MAIN)
    assert {"wire_ledger#c1", "wire_herald#c1"} <= set(main.members)
    names = [o.name for o in main.origins]
    assert names.count("U.S. State Department") == 1
    assert len(set(names)) == len(names) == sum(main.independent_origins.values())
    denial = group_of(report, DENIAL)
    carriers = {m.split("#")[0] for m in denial.members}
    assert {"wire_ledger", "wire_herald", "kcna_denial"} <= carriers
    kcna = [o for o in denial.origins if o.name == "KCNA"]
    assert len(kcna) == 1  # carried by three outlets: one statement
    assert {"wire_ledger", "kcna_denial"} <= set(kcna[0].articles)
    assert not any("spokesperson" in o.name for o in denial.origins)  # KCNA quoted them


def test_group_origins_carry_kind_stance_channel_and_articles(story):
    _, report = story
    for g in report.groups:
        assert set(g.independent_origins) == {"for", "against", "neutral"}
        assert sum(g.independent_origins.values()) == len(g.origins)
        for o in g.origins:
            assert list(o.to_dict()) == ["name", "kind", "stance", "channel", "articles"]
            assert o.stance in ("for", "against", "neutral") and o.articles
    main = {o.name: o for o in group_of(report, MAIN).origins}
    assert main["U.S. State Department"].stance == "for"
    assert main["U.S. State Department"].channel == "Reuters"
    assert main["KCNA"].stance == "against"  # a dispute, never an origin of the claim


def test_a_named_ministry_stays_its_own_origin_and_its_wire_copies_count_once(scorer):
    claim = "Patrol aircraft photographed containers of rockets being unloaded at Vostochny"
    view = scorer.corroborate_claim(claim, [record(n) for n in META])
    japan = [o for o in view["origins"] if o["name"].startswith("Japan")]
    assert [(o["name"], o["stance"]) for o in japan] == [("Japan's Defense Ministry", "for")]
    assert set(japan[0]["articles"]) == {"wire_ledger", "wire_herald"}


def test_the_story_and_corroborate_count_the_same_origins(scorer, story):
    """A group's origins are those ``corroborate`` finds for its claim on the story's articles."""
    no_model = Scorer(Bundle(scorer.card, {k: v for k, v in scorer._bundle.models.items()
                                           if k != "corroboration"}))  # fmt: skip
    _, report = story
    records = [record(name) for name in IN_STORY]
    for g in report.groups:
        view = no_model.corroborate_claim(g.claim, records)
        assert g.independent_origins == view["independent_origins"], g.claim
        assert [o.to_dict() for o in g.origins] == [
            {k: o[k] for k in ("name", "kind", "stance", "channel", "articles")}
            for o in view["origins"]
        ]


def test_a_source_is_never_against_its_own_words(story):
    _, report = story
    quote = next(g for g in report.groups if g.claim.startswith('"They have pictures'))
    assert {o.name: o.stance for o in quote.origins}["Viktor Semyonov"] == "for"


def test_the_disagreeing_article_is_under_disagree_for_the_main_claim(story):
    reports, _ = story
    corroboration = claims_by_id(reports)[MAIN].corroboration
    disagree = {c.split("#")[0] for c in corroboration.disagree}
    agree = {c.split("#")[0] for c in corroboration.agree}
    # the director's denial and his quote; "You cannot hide a freighter here" denies only by
    # implication, and the negation no longer reaches past its own clause
    assert {"port_denies#c1", "port_denies#c10"} <= set(corroboration.disagree)
    assert "port_denies" in disagree and "satellite_confirms" in agree


def test_an_article_reporting_a_denial_does_not_agree(scorer, parsed):
    articles, _ = parsed
    body = article_body(next(a for a in articles if a.id == "kcna_denial"))
    claim = (
        "A North Korean cargo ship delivered artillery rockets to the Russian port of Vostochny."
    )
    assert scorer.stance([claim], [body])[0] in ("discuss", "disagree")


@pytest.fixture(scope="module")
def formula_model():
    """A corroboration model that reads the old formula alone: P(holds) rises with it."""
    values = [0.2, 0.25, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.75, 0.8]
    rows = [{"formula": v} for v in values]
    return fit_corroboration(rows, [int(v > 0.5) for v in values])


@pytest.fixture(scope="module")
def modelled(parsed, formula_model):
    """The story with the formula model as the bundle's corroboration model."""
    articles, reports = parsed
    out, story = C.corroborate(articles, reports, model=formula_model)
    return {r.id: r for r in out}, story


def test_probabilities_are_in_the_unit_interval_and_rise_with_the_formula(modelled):
    reports, report = modelled
    scores = [g.probability for g in report.groups]
    scores += [c.corroboration.score for c in claims_by_id(reports).values() if c.corroboration]
    assert scores and all(0.0 <= s <= 1.0 for s in scores)
    formula = {}
    for g in report.groups:  # the formula model reads the group's own coverage origins alone
        counts = g.independent_origins
        stances = {"for": "agree", "against": "disagree", "neutral": "discuss"}
        votes = {f"{s}{n}": {stances[s]: 1.0} for s, k in counts.items() for n in range(k)}
        formula[g.claim] = C.corroboration_score(votes)
    ranked = sorted(report.groups, key=lambda g: formula[g.claim])
    assert len({formula[g.claim] for g in ranked}) > 1
    assert [g.probability for g in ranked] == sorted(g.probability for g in ranked)


def test_each_claim_takes_its_groups_probability(modelled):
    reports, report = modelled
    claims = claims_by_id(reports)
    for g in report.groups:
        assert all(claims[m].corroboration.score == g.probability for m in g.members)


def test_without_a_corroboration_model_there_are_no_probabilities(story):
    reports, report = story  # the shipped models without one (see the story fixture)
    assert report.groups and all(g.probability is None for g in report.groups)
    assert all(r.scores.corroboration is None for r in reports.values())
    assert all(
        c.corroboration.score is None for c in claims_by_id(reports).values() if c.corroboration
    )


def test_claim_corroboration_counts_other_origins_and_lists_claim_ids(story):
    reports, report = story
    claims = claims_by_id(reports)
    c = claims[MAIN].corroboration
    assert set(c.to_dict()) == {"score", "independent_origins", "agree", "discuss", "disagree"}
    assert c.independent_origins == len(group_of(report, MAIN).origins)
    listed = c.agree + c.discuss + c.disagree
    assert listed and all(i in claims for i in listed)
    assert not any(i.startswith(("wire_ledger#", "wire_herald#")) for i in listed)  # own family


def test_article_scores_take_the_mean_claim_corroboration(modelled):
    reports, _ = modelled
    for name in IN_STORY:
        r = reports[name]
        values = [c.corroboration.score for c in r.claims if c.corroboration]
        assert values and r.scores.corroboration == pytest.approx(np.mean(values))
        expected = with_corroboration(replace(r.scores, corroboration=None), np.mean(values))
        assert r.scores.credibility == pytest.approx(expected.credibility)


def test_the_story_renders_as_json_and_as_a_table(scorer, story):
    reports, report = story
    doc = report.to_dict()
    assert set(doc) == {"groups", "copies"} and scorer.stance_source == "model"
    assert set(doc["groups"][0]) == {
        "claim", "members", "articles", "origins", "independent_origins", "probability"
    }  # fmt: skip
    assert '"story": {' in render_json(list(reports.values()), report, {"name": "m"})
    table = render_table(list(reports.values()), report)
    assert "wire_herald copies wire_ledger, wire Reuters (similarity 0.9" in table
    note = "" if report.stance == "model" else " (stances from the rules)"
    assert f"claims, best-corroborated first{note}:" in table
    main = group_of(report, MAIN)
    counts = ", ".join(f"{n} {s}" for s, n in main.independent_origins.items())
    assert f"independent origins {counts} in {len(main.articles)} articles: " in table


def test_readme_shows_the_story_block_the_table_prints(scorer):
    reports, report = scorer.score_many([record(name) for name in META])  # the shipped bundle
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Stories and corroboration") :]
    shown = section.split("```\n", 2)[1]
    table = render_table(reports, report)
    assert table[table.index("stories:") :] == shown


def test_one_article_or_no_story_flag_gives_no_story(scorer):
    reports, story = scorer.score_many([record("wire_ledger")])
    assert story is None and reports[0].scores.corroboration is None
    reports, story = scorer.score_many([record("wire_ledger"), record("rail_fares")])
    assert story is not None and not (story.groups or story.copies or story.stories)
    assert all(r.scores.corroboration is None and r.copy_of is None for r in reports)
    _, story = scorer.score_many([record(n) for n in IN_STORY], story=False)
    assert story is None


def test_copies_alone_make_a_story_without_claim_groups(scorer):
    reports, story = scorer.score_many([record("wire_ledger"), record("wire_herald")])
    assert [list(s) for s in story.stories] == [["wire_ledger", "wire_herald"]]
    assert story.groups == () and reports[1].copy_of == "wire_ledger"
    assert all(r.scores.corroboration is None for r in reports)


# --- a stance model in place of the fallback ---------------------------------------------------


def fake_stance(label):
    """A stance callable that judges every pair ``label`` (and records the pairs)."""
    column = C.STANCES.index(label)

    def stance(claims, bodies):
        stance.calls.append((list(claims), list(bodies)))
        out = np.zeros((len(claims), 4))
        out[:, column] = 1.0
        return out

    stance.calls = []
    return stance


def test_a_stance_model_replaces_the_fallback(rules_parsed, formula_model):
    articles, reports = rules_parsed
    agreeing, agreeing_statements = fake_stance("agree"), fake_stance("agree")
    out, story = C.corroborate(
        articles,
        reports,
        stance=agreeing,
        statement_stance=agreeing_statements,
        model=formula_model,
    )
    assert story.stance == "model" and agreeing.calls and agreeing_statements.calls
    main = {c.id: c for r in out for c in r.claims}[MAIN].corroboration
    assert main.disagree == () and main.discuss == () and main.agree
    assert all(g.probability > 0.5 for g in story.groups)
    refuting = fake_stance("disagree")
    _, story = C.corroborate(
        articles, reports, stance=refuting, statement_stance=refuting, model=formula_model
    )
    member_only = [g for g in story.groups if len(g.members) > 1]
    assert member_only and all(g.probability < 0.5 for g in story.groups)


def test_article_voice_goes_to_the_model_and_statements_to_the_statement_rules(rules_parsed):
    articles, reports = rules_parsed
    bodies, statements = fake_stance("discuss"), fake_stance("discuss")
    C.corroborate(articles, reports, stance=bodies, statement_stance=statements)
    whole = {article_body(a) for a in articles}
    judged_bodies = [b for _, call in bodies.calls for b in call]
    judged_statements = [b for _, call in statements.calls for b in call]
    assert judged_bodies and all(b in whole for b in judged_bodies)
    assert judged_statements and not any(b in whole for b in judged_statements)
    assert all(len(b) < 400 for b in judged_statements)


def test_a_stance_model_of_the_wrong_shape_is_refused(rules_parsed):
    articles, reports = rules_parsed
    with pytest.raises(ValueError, match=r"expected \(\d+, 4\) probabilities"):
        C.corroborate(articles, reports, stance=lambda claims, bodies: np.zeros((1, 3)))


def test_the_scorer_uses_the_bundles_stance_model_when_it_has_one(scorer, monkeypatch):
    stance_model = object()
    seen = []

    def predict_stance_proba(model, claims, bodies):
        seen.append(model)
        out = np.zeros((len(claims), 4))
        out[:, C.STANCES.index("discuss")] = 1.0
        return out

    monkeypatch.setattr(scorer_module, "predict_stance_proba", predict_stance_proba)
    models = {"claims": scorer._bundle.model("claims"), "stance": stance_model}
    with_model = Scorer(Bundle(card={"name": "test"}, models=models))
    claims_only = Scorer(Bundle(card={"name": "test"}, models={"claims": models["claims"]}))
    assert with_model.stance_source == "model" and claims_only.stance_source == "rules"
    article = "The ship sailed. It docked at noon. Crates came off. Then it left. Nobody spoke."
    assert with_model.stance(["The ship docked."], [article]) == ["discuss"]
    assert seen == [stance_model]
    _, story = with_model.score_many([record(n) for n in IN_STORY])
    assert story.stance == "model" and len(seen) > 1


def test_statements_are_read_by_the_rules_and_articles_by_the_model(scorer, monkeypatch):
    def unrelated(model, claims, bodies):
        out = np.zeros((len(claims), 4))
        out[:, 3] = 1.0
        return out

    monkeypatch.setattr(scorer_module, "predict_stance_proba", unrelated)
    models = {"claims": scorer._bundle.model("claims"), "stance": object()}
    with_model = Scorer(Bundle(card={"name": "test"}, models=models))
    claim = "The bridge reopened on Friday."
    denial = "City officials denied that the bridge reopened on Friday."
    article = " ".join([denial, "Traffic was light.", "Shops stayed shut.", "Rain fell."])
    assert with_model.stance([claim, claim], [denial, article]) == ["disagree", "unrelated"]


def test_scorer_stance_reads_statements_by_the_rules(scorer):
    proba = scorer.stance_proba(["The bridge reopened."] * 2, ["The bridge reopened.", "Rain."])
    assert proba.shape == (2, 4) and np.allclose(proba.sum(axis=1), 1.0)
    assert scorer.stance(["The bridge reopened."], ["The bridge reopened on Friday."]) == ["agree"]
    assert scorer.stance_proba([], []).shape == (0, 4)
