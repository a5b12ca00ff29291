"""A Scorer shared by threads, pickled, or sent to joblib workers gives the same reports."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    p.read_text("utf-8")
    for p in [*sorted((ROOT / "examples").glob("*.txt")),
              *sorted((ROOT / "tests" / "fixtures" / "story").glob("*.txt"))]
]


@pytest.fixture(scope="module")
def serial(scorer):
    """Each text scored alone, one after another: the reference."""
    return [scorer.score(t, id=f"a{i}").to_dict() for i, t in enumerate(TEXTS)]


def test_many_threads_scoring_different_articles_match_serial(scorer, serial):
    jobs = [(i % len(TEXTS)) for i in range(4 * len(TEXTS))]  # each article several times
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda i: scorer.score(TEXTS[i], id=f"a{i}").to_dict(), jobs))
    assert got == [serial[i] for i in jobs]


def test_threads_scoring_batches_match_serial(scorer, serial):
    from credscore.inputs import to_article

    batches = [list(range(k, len(TEXTS), 3)) for k in range(3)] * 3

    def run(batch):
        articles = [to_article({"id": f"a{i}", "text": TEXTS[i]}, 1) for i in batch]
        return [r.to_dict() for r in scorer.score_articles(articles)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        for batch, reports in zip(batches, pool.map(run, batches), strict=True):
            assert reports == [serial[i] for i in batch]


def test_pickle_round_trip_gives_identical_reports(scorer, serial):
    clone = pickle.loads(pickle.dumps(scorer))
    assert clone is not scorer
    assert [clone.score(t, id=f"a{i}").to_dict() for i, t in enumerate(TEXTS)] == serial
    assert clone.model_info == scorer.model_info


@pytest.mark.parametrize("story", [False, True])
def test_score_many_with_two_jobs_equals_one_job(scorer, story):
    records = [{"id": f"a{i}", "text": t} for i, t in enumerate(TEXTS)]
    one, story_one = scorer.score_many(records, n_jobs=1, story=story)
    two, story_two = scorer.score_many(records, n_jobs=2, story=story)
    assert [r.to_dict() for r in two] == [r.to_dict() for r in one]
    assert (story_two and story_two.to_dict()) == (story_one and story_one.to_dict())


def test_batched_scoring_equals_one_article_at_a_time(scorer, serial):
    records = [{"id": f"a{i}", "text": t} for i, t in enumerate(TEXTS)]
    reports, _ = scorer.score_many(records, story=False)
    assert [r.to_dict() for r in reports] == serial
