"""credscore.dask on a real dask.distributed cluster: two worker processes started here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import credscore.dask  # noqa: E402
from credscore.dask import (  # noqa: E402
    ROW_COLUMNS,
    report_row,
    row_meta,
    score_bag,
    score_dataframe,
    score_records,
)

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def records():
    texts = [p.read_text("utf-8") for p in EXAMPLES]
    return [
        {"id": f"{p.stem}-{k}", "title": None if k else p.stem, "text": t, "outlet": "Ledger"}
        for k in range(2)
        for p, t in zip(EXAMPLES, texts, strict=True)
    ]


def test_a_scorer_object_without_a_client_goes_in_the_graph(scorer, records):
    with pytest.raises(ValueError):  # runs before the cluster fixture starts a client
        distributed.default_client()
    bag = dask.bag.from_sequence(records[:2], npartitions=2)
    rows = score_bag(bag, scorer, flat=True).compute(scheduler="sync")
    assert rows == [report_row(scorer.score_articles([_article(r)])[0]) for r in records[:2]]


def test_bag_reports_equal_the_local_scorer(client, scorer, records):
    bag = dask.bag.from_sequence(records, npartitions=4)
    got = score_bag(bag).compute()
    expected = [scorer.score_articles([_article(r)])[0].to_dict() for r in records]
    assert got == expected
    loaded = client.run(lambda: credscore.dask._loaded.cache_info())
    assert len(loaded) == 2  # two worker processes
    assert all(info.currsize <= 1 and info.misses <= 1 for info in loaded.values())
    assert sum(info.hits + info.misses for info in loaded.values()) == 4  # one per partition
    json.dumps(got)  # JSON-ready


def test_bag_of_texts_with_a_scorer_object_gives_flat_rows(client, scorer, records):
    bag = dask.bag.from_sequence([r["text"] for r in records], npartitions=3)
    rows = score_bag(bag, scorer, flat=True).compute()
    assert [list(row) for row in rows] == [list(ROW_COLUMNS)] * len(records)
    expected = [report_row(scorer.score(r["text"])) for r in records]
    assert rows == expected


def test_dataframe_rows_keep_the_index_and_the_stated_meta(client, scorer, records):
    frame = pd.DataFrame(records, index=pd.RangeIndex(100, 100 + len(records)))
    frame.loc[101, "text"] = None  # one row that cannot be scored
    ddf = dd.from_pandas(frame, npartitions=3)
    out = score_dataframe(ddf, with_report=True)
    assert list(out.columns) == [*ROW_COLUMNS, "report"]
    got = out.compute()
    assert got.dtypes.to_dict() == row_meta(with_report=True).dtypes.to_dict()
    assert list(got.index) == list(frame.index)
    bad = got.loc[101]
    assert bad["id"] == records[1]["id"] and "has no 'text' string" in bad["error"]
    assert pd.isna(bad["credibility"]) and pd.isna(bad["claims"])
    good = got.drop(index=101)
    assert good["error"].isna().all()
    for index, row in good.iterrows():
        record = records[index - 100]
        report = scorer.score_articles([_article(record)])[0]
        assert json.loads(row["report"]) == report.to_dict()
        assert row["credibility"] == report.scores.to_dict()["credibility"]
        assert row["claims"] == len(report.claims) and row["title"] == report.title


def test_dataframe_without_a_text_column_is_refused():
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match=r"no column 'text' in the dataframe; columns: \['body'\]"):
        score_dataframe(ddf)


def test_score_records_reports_failures_in_place(scorer):
    items = ["Officials said the bridge may reopen on Friday.", {"id": 7}, 3]
    rows = score_records(items, scorer)
    assert rows[0]["id"] == scorer.score(items[0]).id
    assert rows[1] == {"id": "7", "error": "article 2: record has no 'text' string; give each "
                       "record a text field"}
    assert rows[2]["id"] is None and "expected a str or a record" in rows[2]["error"]


def _article(record):
    from credscore.inputs import to_article

    return to_article(record, 1)


def test_an_article_that_breaks_the_scorer_gives_an_error_row_and_the_rest_are_scored(
    scorer, monkeypatch
):
    from credscore.dask import score_records
    from credscore.scoring.scorer import Scorer

    original = Scorer.score_articles

    def fragile(self, articles, *, n_jobs=1):
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("extractor fell over")
        return original(self, articles, n_jobs=n_jobs)

    monkeypatch.setattr(Scorer, "score_articles", fragile)
    records = [
        {"id": "good", "text": "The council met on Tuesday and passed the budget."},
        {"id": "bad", "text": "The council met on Tuesday. BOOM."},
    ]
    rows = score_records(records, scorer, flat=True)
    assert [r["id"] for r in rows] == ["good", "bad"]
    assert rows[0]["error"] is None and rows[0]["claims"] == 1
    assert rows[1]["error"] == "could not be scored (RuntimeError: extractor fell over)"
