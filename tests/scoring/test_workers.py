"""Worker pools: the same outcomes as scoring here, bad records reported, no process left."""

import multiprocessing
import zipfile
from functools import partial

import pytest

import credscore
from credscore.errors import InputError, ModelError
from credscore.inputs import batches
from credscore.scoring import workers
from credscore.scoring.render import render_jsonl_line
from credscore.scoring.workers import WorkerPool, failure_name, score_batch


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


class _Unpicklable(Exception):
    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")


def test_a_failure_that_cannot_travel_comes_back_named(scorer, records, monkeypatch):
    # the patched scorer reaches the workers only by fork (another test's thread would
    # otherwise make the pool start them afresh)
    monkeypatch.setattr(workers, "_start_context", lambda: multiprocessing.get_context("fork"))
    from credscore.scoring.scorer import Scorer

    def fragile(self, articles, *, n_jobs=1):
        raise _Unpicklable("extractor", "fell over")

    monkeypatch.setattr(Scorer, "score_articles", fragile)
    with WorkerPool(scorer, 2) as pool:
        batch = next(pool.score([records[:2]]))
    errors = [o.error for o in batch.outcomes] + [batch.fallback]
    named = [(failure_name(e), str(e)) for e in errors]
    assert named == [("_Unpicklable", "extractor: fell over")] * 3


def test_with_debug_a_workers_failure_raises_here(scorer, records, monkeypatch):
    # the patched scorer reaches the workers only by fork (another test's thread would
    # otherwise make the pool start them afresh)
    monkeypatch.setattr(workers, "_start_context", lambda: multiprocessing.get_context("fork"))
    from credscore.scoring.scorer import Scorer

    def fragile(self, articles, *, n_jobs=1):
        raise RuntimeError("extractor fell over")

    monkeypatch.setattr(Scorer, "score_articles", fragile)
    with pytest.raises(RuntimeError, match="extractor fell over"), WorkerPool(scorer, 2) as pool:
        list(pool.score(batches(records, 2), debug=True))
    assert multiprocessing.active_children() == []


def test_score_many_on_workers_raises_on_a_bad_record(scorer, records):
    with pytest.raises(InputError, match="article 4: record has no 'text'"):
        scorer.score_many(records, n_jobs=2)
    assert multiprocessing.active_children() == []


def test_workers_can_leave_the_articles_behind(scorer, records):
    with WorkerPool(scorer, 2) as pool:
        bare = [o for b in pool.score(batches(records, 3), articles=False) for o in b.outcomes]
    assert all(o.article is None for o in bare)
    assert _flat(bare) == _flat(score_batch(scorer, records).outcomes)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_pool_without_a_scorer_loads_the_bundle_where_it_scores(scorer, records, n_jobs):
    with WorkerPool(None, n_jobs, load=credscore.load) as pool:
        pooled = [o for b in pool.score(batches(records, 3), max_chars=5000) for o in b.outcomes]
    assert _flat(pooled) == _flat(score_batch(scorer, records, max_chars=5000).outcomes)
    assert multiprocessing.active_children() == []


def test_a_bundle_the_workers_cannot_load_raises_its_error_here(records, tmp_path):
    broken = tmp_path / "broken.skops"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("readme.txt", "not a model")
    with (
        pytest.raises(ModelError, match="broken.skops: unreadable model file"),
        WorkerPool(None, 2, load=partial(credscore.load, str(broken))) as pool,
    ):
        list(pool.score(batches(records, 3)))
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_pool_asked_to_render_sends_each_reports_line(scorer, records, n_jobs):
    here = score_batch(scorer, records, max_chars=5000).outcomes
    with WorkerPool(scorer, n_jobs) as pool:
        scored = pool.score(batches(records, 3), max_chars=5000, render=render_jsonl_line)
        lines = [o.line for b in scored for o in b.outcomes]
    assert lines == [render_jsonl_line(o.report) if o.report else None for o in here]
