"""`credscore train stance|article` and `credscore evaluate stance` through CliRunner."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import credscore
from credscore.cli import cli
from credscore.inputs import to_article
from credscore.scoring import corroboration as C
from credscore.scoring.bundle import Bundle, save_bundle
from credscore.scoring.stance import predict_stance

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STANCE = FIXTURES / "stance" / "tiny.jsonl"
EMERGENT = FIXTURES / "stance" / "emergent_tiny.csv"
ARTICLES = FIXTURES / "articles" / "labelled.jsonl"
ARTICLE_ROWS = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def stance_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("stance") / "stance.skops"
    result = CliRunner().invoke(cli, ["train", "stance", str(STANCE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def article_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("article") / "article.skops"
    result = CliRunner().invoke(cli, ["train", "article", str(ARTICLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_train_stance_saves_a_bundle_whose_model_replaces_the_default(stance_bundle):
    scorer = credscore.load(stance_bundle)
    assert scorer.stance_source == "model" and scorer.card["name"] == "credscore-custom"
    assert "stance/train" in scorer.card["metrics"]
    rows = [json.loads(line) for line in STANCE.read_text(encoding="utf-8").splitlines()]
    claims, bodies = [r["claim"] for r in rows], [r["body"] for r in rows]
    first = scorer.stance_proba(claims, bodies)
    assert (first == credscore.load(stance_bundle).stance_proba(claims, bodies)).all()
    assert first.shape == (len(rows), 4)


@pytest.fixture(scope="module")
def statement_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("statements") / "statements.skops"
    args = ["train", "stance", str(EMERGENT), "--format", "emergent", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def test_a_model_trained_on_bodies_leaves_statements_to_the_rules(stance_bundle):
    scorer = credscore.load(stance_bundle)
    assert scorer.card["stance_trained_on"] == scorer.stance_trained_on == "bodies"
    claims, statements = ["Kim Jong-un is seriously ill"] * 2, ["Pyongyang denies rumours", "Hi."]
    expected = C.rule_stance_proba(claims, statements)
    assert (scorer.stance_proba(claims, statements) == expected).all()


def test_a_model_trained_on_statements_reads_statements(statement_bundle):
    scorer = credscore.load(statement_bundle)
    assert scorer.card["stance_trained_on"] == scorer.stance_trained_on == "statements"
    model = scorer._bundle.model("stance")
    claims = [
        "Kim Jong-un is seriously ill",
        "Apple will sell a gold watch for ten thousand dollars",
    ]
    statements = ["Pyongyang denies rumours", "Apple says nothing of the sort"]
    # the rules find too few shared words to relate these; the model, trained on them, does
    assert [C.STANCES[k] for k in C.rule_stance_proba(claims, statements).argmax(1)] == [
        "unrelated", "unrelated"
    ]  # fmt: skip
    got = scorer.stance(claims, statements)
    assert got == predict_stance(model, claims, statements) and "unrelated" not in got
    body = " ".join(["Kim Jong-un is seriously ill, officials said."] * 4)  # not a statement
    assert scorer.stance_proba(claims[:1], [body]).tolist() == (
        C.rule_stance_proba(claims[:1], [body]).tolist()
    )


@pytest.mark.parametrize(("bundle", "judged_by"), [("stance", "rules"), ("statement", "model")])
def test_the_story_step_gives_statements_to_a_statement_model(request, bundle, judged_by):
    scorer = credscore.load(request.getfixturevalue(f"{bundle}_bundle"))
    names = ("wire_ledger", "port_denies", "kcna_denial", "satellite_confirms")
    story = [(FIXTURES / "story" / f"{name}.txt").read_text(encoding="utf-8") for name in names]
    _, report = scorer.score_many(story)
    assert report.groups and report.stance == judged_by  # every piece of evidence is a statement


def test_evaluate_stance_reports_the_design_metrics(runner, stance_bundle):
    result = runner.invoke(
        cli, ["evaluate", "stance", str(STANCE), "--model", str(stance_bundle), "--json"]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert set(metrics) == {"n", "fnc_score", "f1_macro", "accuracy", "per_class"}
    assert metrics["n"] == 10 and set(metrics["per_class"]) == {
        "agree", "disagree", "discuss", "unrelated"
    }  # fmt: skip
    table = runner.invoke(cli, ["evaluate", "stance", str(STANCE), "--model", str(stance_bundle)])
    assert "per_class.disagree.f1" in table.output and "fnc_score" in table.output


def test_evaluate_stance_needs_a_bundle_with_a_stance_model(runner, scorer, tmp_path):
    claims_only = tmp_path / "claims.skops"
    models = {"claims": scorer._bundle.model("claims")}
    save_bundle(Bundle(card=scorer.card, models=models), claims_only)
    result = runner.invoke(cli, ["evaluate", "stance", str(STANCE), "--model", str(claims_only)])
    assert result.exit_code == 2
    assert result.output.endswith("has no stance model; train one with credscore train stance\n")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "no rows"),
        ([{"claim": "a b", "body": "c d", "stance": "agree"}] * 3, "one stance only"),
        ([{"claim": "a b", "body": "c d", "stance": "maybe"}], "line 1"),
        ([{"claim": "a b", "stance": "agree"}], "body"),
    ],
)
def test_bad_stance_data_is_exit_2_and_writes_nothing(runner, tmp_path, rows, message):
    data, out = tmp_path / "bad.jsonl", tmp_path / "out.skops"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(cli, ["train", "stance", str(data), "--out", str(out)])
    assert result.exit_code == 2 and message in result.output, result.output
    assert result.output.startswith("credscore: error: ") and result.output.count("\n") == 1
    assert not out.exists()


def test_fnc1_format_needs_bodies(runner, tmp_path):
    result = runner.invoke(
        cli, ["train", "stance", str(STANCE), "--format", "fnc1", "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2 and "bodies" in result.output


def test_train_article_makes_credibility_the_classifiers_probability(article_bundle):
    scorer = credscore.load(article_bundle)
    assert scorer.card["metrics"]["article/cv"]["n"] == 12
    assert 0.0 <= scorer.card["metrics"]["article/cv"]["roc_auc"] <= 1.0
    model = scorer._bundle.model("article")
    texts = [r["text"] for r in ARTICLE_ROWS]
    reports = [scorer.score(t, id=r["id"]) for t, r in zip(texts, ARTICLE_ROWS, strict=True)]
    expected = model.predict_proba(texts)[:, 1]
    got = [r.scores.credibility for r in reports]
    assert got == pytest.approx(list(expected))
    credible = [c for c, r in zip(got, ARTICLE_ROWS, strict=True) if r["label"] == 1]
    doubtful = [c for c, r in zip(got, ARTICLE_ROWS, strict=True) if r["label"] == 0]
    assert min(credible) > max(doubtful)  # separable on its own training data


def test_the_classifiers_credibility_stands_in_a_story(article_bundle):
    scorer = credscore.load(article_bundle)
    story = [r["text"] for r in ARTICLE_ROWS[:3]] * 2  # copies make a story
    reports, _ = scorer.score_many(story)
    alone = scorer.score_articles([to_article(t, 1) for t in story])
    assert [r.scores.credibility for r in reports] == [r.scores.credibility for r in alone]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "no rows"),
        ([{"text": "Rates rose.", "label": 1}] * 3, "one label only"),
        ([{"text": "Rates rose.", "label": 7}], "line 1"),
        ([{"label": 1}], "text"),
    ],
)
def test_bad_article_data_is_exit_2_and_writes_nothing(runner, tmp_path, rows, message):
    data, out = tmp_path / "bad.jsonl", tmp_path / "out.skops"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(cli, ["train", "article", str(data), "--out", str(out)])
    assert result.exit_code == 2 and message in result.output, result.output
    assert result.output.count("\n") == 1 and not out.exists()


def test_a_bodies_model_trained_with_statement_copies_reads_both(tmp_path):
    out = tmp_path / "both.skops"
    args = ["train", "stance", str(STANCE), "--statements", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert credscore.load(out).stance_trained_on == "both"
