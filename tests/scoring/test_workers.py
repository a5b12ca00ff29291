"""Worker pools: the same outcomes as scoring here, bad records reported, no process left."""

import multiprocessing

import pytest

from credscore.errors import InputError
from credscore.inputs import batches
from credscore.scoring import workers
from credscore.scoring.workers import WorkerPool, score_batch


@pytest.fixture(scope="module")
def records(example_paths):
    texts = [p.read_text("utf-8") for p in example_paths]
    good = [{"id": f"a{n}", "text": t} for n, t in enumerate(texts * 2)]
    return [*good[:3], {"id": "no-text"}, *good[3:], {"id": "long", "text": "It rained. " * 500}]


def _flat(outcomes):
    """What an outcome says, comparable across processes."""
    return [
        (o.report.to_dict() if o.report else None, str(o.error) if o.error else None)
        for o in outcomes
    ]


def test_a_batch_reports_bad_records_and_scores_the_rest(scorer, records):
    batch = score_batch(scorer, records, max_chars=5000, start=5)
    errors = {n: str(o.error) for n, o in enumerate(batch.outcomes) if o.error}
    assert errors == {
        3: "article 8: record has no 'text' string; give each record a text field",
        len(records) - 1: (
            "article has 5,500 characters, over the limit of 5,000; split it or raise --max-chars"
        ),
    }
    assert all(isinstance(o.error, InputError) for o in batch.outcomes if o.error)
    assert [o.report.id for o in batch.outcomes if o.report] == [
        r["id"] for r in records if r["id"] not in ("no-text", "long")
    ]
    assert batch.fallback is None


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_the_pool_gives_what_one_process_gives_in_order(scorer, records, n_jobs):
    here = score_batch(scorer, records, max_chars=5000)
    with WorkerPool(scorer, n_jobs) as pool:
        pooled = [o for b in pool.score(batches(records, 3), max_chars=5000) for o in b.outcomes]
    assert _flat(pooled) == _flat(here.outcomes)
    assert multiprocessing.active_children() == []


def test_workers_started_without_fork_get_the_scorer_once(scorer, records, monkeypatch):
    monkeypatch.setattr(workers, "_start_context", lambda: multiprocessing.get_context("spawn"))
    with WorkerPool(scorer, 2) as pool:
        pooled = [o for b in pool.score(batches(records[:4], 2)) for o in b.outcomes]
    assert _flat(pooled) == _flat(score_batch(scorer, records[:4]).outcomes)
    assert multiprocessing.active_children() == []


def test_leaving_the_pool_early_stops_its_workers(scorer, records):
    with WorkerPool(scorer, 2) as pool:
        first = next(pool.score(batches(records, 1)))
    assert first.outcomes[0].report.id == "a0"
    assert multiprocessing.active_children() == []
