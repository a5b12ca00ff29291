"""Training the corroboration model on stories: folds, self-training, save and load."""

from pathlib import Path

import numpy as np
import pytest

import credscore
from credscore.errors import TrainingDataError
from credscore.scoring.bundle import load_bundle, save_bundle
from credscore.scoring.corroboration.features import FEATURE_NAMES
from credscore.scoring.corroboration.model import predict_holds
from credscore.training.corroboration import (
    claim_folds,
    labelled,
    score_corpus,
    self_train,
    story_rows,
    story_views,
)
from credscore.training.stories import Story, read_stories
from credscore.training.tasks import retrain_corroboration

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "corroboration"


@pytest.fixture(scope="module")
def fixture_rows(scorer):
    """The fixture stories' feature rows, read by the shipped stance model."""
    stories, texts = read_stories(FIXTURE / "stories.csv", FIXTURE / "bodies.csv")
    corpus = score_corpus(stories, texts, scorer)
    return stories, story_rows(corpus, story_views(corpus, scorer.article_stance))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("corroboration") / "mine.skops"
    bundle = retrain_corroboration(FIXTURE / "stories.csv", bodies=FIXTURE / "bodies.csv")
    save_bundle(bundle, out)
    return bundle, out


def story(label, n=0):
    return Story(f"c{n}", "A claim", label, (str(n),), n + 2)


def test_folds_keep_each_truth_spread_and_every_story_once():
    stories = [story(1, n) for n in range(6)] + [story(0, n) for n in range(6, 15)]
    stories += [story(None, n) for n in range(15, 20)]
    folds = claim_folds(stories, 3, seed=0)
    assert sorted(s for f in folds for s in f) == list(range(20))
    for fold in folds:
        assert sum(stories[s].label == 1 for s in fold) == 2
        assert sum(stories[s].label == 0 for s in fold) == 3


def test_folds_shrink_to_the_smaller_class_and_refuse_one_story():
    stories = [story(1, 0), story(1, 1), story(0, 2), story(0, 3), story(0, 4), story(None, 5)]
    assert len(claim_folds(stories, 5)) == 2
    with pytest.raises(TrainingDataError, match="1 true and 3 false stories"):
        claim_folds(stories[1:], 5)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([1, 1, None], "only true stories"),
        ([0, None], "only false stories"),
        ([None], "no stories with a known truth"),
    ],
)
def test_one_class_is_refused(labels, message):
    with pytest.raises(TrainingDataError, match=message):
        labelled([story(label, n) for n, label in enumerate(labels)])


def test_rows_hold_every_feature_and_debunked_stories_read_as_doubtful(fixture_rows):
    stories, rows = fixture_rows
    assert all(list(row) == list(FEATURE_NAMES) for row in rows.values())
    doubt = {s.label: [] for s in stories}
    for n, row in rows.items():
        doubt[stories[n].label].append(row["articles_doubt"])
    assert min(doubt[0]) > max(doubt[1])  # every false story is called a hoax or denied


def test_self_training_adds_only_sure_rows(fixture_rows):
    stories, rows = fixture_rows
    index = [n for n, s in enumerate(stories) if s.label is not None]
    labels = [stories[n].label for n in index]
    unknown = [rows[n] for n, s in enumerate(stories) if s.label is None]
    model = self_train([rows[n] for n in index], labels, unknown * 4, threshold=0.999)
    alone = self_train([rows[n] for n in index], labels, [], threshold=0.999)
    # no unknown row is that sure, so nothing is added and the two models agree
    assert np.allclose(predict_holds(model, unknown), predict_holds(alone, unknown))


def test_train_save_load_gives_identical_probabilities(trained, fixture_rows):
    bundle, out = trained
    _, rows = fixture_rows
    loaded = load_bundle(out)
    rows = list(rows.values())
    before = predict_holds(bundle.model("corroboration"), rows)
    after = predict_holds(loaded.model("corroboration"), rows)
    assert before.tolist() == after.tolist()
    assert loaded.model("claims") is not None and loaded.model("stance") is not None
    card = loaded.card
    assert set(card["metrics"]["corroboration/cv"]) == {"n", "auc", "accuracy", "brier"}
    assert card["metrics"]["corroboration/cv"]["n"] == 8
    assert [d["name"] for d in card["data"]] == ["stories.csv", "bodies.csv"]
    assert all(len(d["sha256"]) == 64 for d in card["data"])
    assert card["corroboration"]["unknown_truth"] == "skip"
    assert "scikit-learn" in card["versions"]


def test_a_loaded_bundle_gives_probabilities_everywhere(trained):
    _, out = trained
    scorer = credscore.load(out)
    texts = (FIXTURE / "bodies.csv").read_text(encoding="utf-8")
    assert texts  # the claim's own bodies, through the public API
    stories, bodies = read_stories(FIXTURE / "stories.csv", FIXTURE / "bodies.csv")
    hoax = stories[4]
    view = scorer.corroborate_claim(hoax.claim, [bodies[b] for b in hoax.body_ids])
    assert 0.0 <= view["probability"] <= 1.0
    reports, story_report = scorer.score_many([bodies[b] for b in hoax.body_ids])
    assert all(0.0 <= g.probability <= 1.0 for g in story_report.groups)
