"""Score articles on Dask: a dask.bag of texts or records, or a dask.dataframe of articles.

How the scorer is applied lives here, apart from what it computes (:mod:`credscore.scoring`).
Each partition is scored in chunks of :data:`CHUNK` articles (one claim-model call per chunk)
by one :class:`~credscore.Scorer` per worker process: a bundle path (or None, the shipped
bundle) is loaded once per process and shared by its threads; a Scorer object is scattered to
every worker of the current dask.distributed client (without one, it goes in the graph once).
Articles are scored alone (no story view: stories need the whole batch in one place). An
article that cannot be scored gives a row with ``error`` set, and the rest of its partition is
still scored.

Needs the ``dask`` extra: ``pip install "credscore[dask]"``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from credscore.inputs import batches
from credscore.scoring.report import SCORE_NAMES, ArticleReport
from credscore.scoring.scorer import CHUNK, Scorer, load
from credscore.scoring.workers import failure_message, score_batch

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = [
    "CHUNK",
    "ROW_COLUMNS",
    "report_row",
    "row_meta",
    "score_bag",
    "score_dataframe",
    "score_records",
]

#: columns of a flat row (:func:`report_row`), in order; ``report`` only when asked for
ROW_COLUMNS = (
    "id",
    "title",
    "outlet",
    "wire",
    *(name for name in SCORE_NAMES if name != "corroboration"),
    "claims",
    "sources",
    "attributions",
    "error",
)
_TEXT_FIELDS = ("id", "title", "outlet", "url", "published")

ScorerLike = Scorer | str | Path | None


def report_row(report: ArticleReport, *, with_report: bool = False) -> dict[str, Any]:
    """A flat, JSON-ready row of one report: ids, scores, counts (and the report as JSON)."""
    scores = report.scores.to_dict()
    row: dict[str, Any] = {
        "id": report.id,
        "title": report.title,
        "outlet": report.outlet,
        "wire": report.wire,
        **{name: scores[name] for name in ROW_COLUMNS if name in scores},
        "claims": len(report.claims),
        "sources": len(report.sources),
        "attributions": len(report.attributions),
        "error": None,
    }
    if with_report:
        row["report"] = json.dumps(report.to_dict(), ensure_ascii=False)
    return row


def _error_row(item_id: Any, message: str, *, with_report: bool) -> dict[str, Any]:
    """The row of an article that could not be scored: its id and the error, nothing else."""
    row: dict[str, Any] = dict.fromkeys(ROW_COLUMNS)
    row.update(id=None if item_id is None else str(item_id), error=message)
    if with_report:
        row["report"] = None
    return row


def row_meta(*, with_report: bool = False) -> pandas.DataFrame:
    """The empty frame that states :func:`score_dataframe`'s columns and dtypes (its ``meta``)."""
    import pandas as pd

    dtypes = dict.fromkeys(("id", "title", "outlet", "wire", "error"), "object")
    dtypes.update({name: "float64" for name in SCORE_NAMES if name != "corroboration"})
    dtypes.update(dict.fromkeys(("claims", "sources", "attributions"), "Int64"))
    if with_report:
        dtypes["report"] = "object"
    columns = [*ROW_COLUMNS, "report"] if with_report else list(ROW_COLUMNS)
    return pd.DataFrame({name: pd.Series(dtype=dtypes[name]) for name in columns})


@lru_cache(maxsize=4)
def _loaded(path: str | None) -> Scorer:
    """The worker process's Scorer for a bundle path (None: the shipped bundle), loaded once."""
    return load(path)


def _resolve(scorer: ScorerLike) -> Scorer:
    if isinstance(scorer, Scorer):
        return scorer
    return _loaded(None if scorer is None else str(scorer))


def score_records(
    items: Iterable[str | Mapping[str, Any]],
    scorer: ScorerLike = None,
    *,
    flat: bool = False,
    with_report: bool = False,
) -> list[dict[str, Any]]:
    """Score texts or records in chunks: report dicts, or flat rows with ``flat`` (one each).

    This is what runs on each partition. A failing item gives ``{"id", "error"}`` (a flat row
    with ``error`` set when ``flat``).

    Examples
    --------
    >>> rows = score_records([{"id": "a1", "text": "Officials said the bridge may reopen."}],
    ...                      flat=True)
    >>> rows[0]["id"], rows[0]["claims"], rows[0]["error"]
    ('a1', 1, None)
    """
    scorer = _resolve(scorer)
    out: list[dict[str, Any]] = []
    start = 1
    for chunk in batches(items, CHUNK):
        outcomes = score_batch(scorer, chunk, start=start).outcomes
        start += len(chunk)
        for item, outcome in zip(chunk, outcomes, strict=True):
            article, report, error = outcome.article, outcome.report, outcome.error
            if error is None:
                out.append(
                    report_row(report, with_report=with_report) if flat else report.to_dict()
                )
                continue
            item_id = (
                article.id if article else item.get("id") if isinstance(item, Mapping) else None
            )
            row = _error_row(item_id, failure_message(error), with_report=with_report)
            out.append(row if flat else {"id": row["id"], "error": row["error"]})
    return out


def _scorer_arg(scorer: ScorerLike) -> Any:
    """A path or None as is; a Scorer scattered to every worker of the current distributed
    client (the graph stays small), else one delayed graph key."""
    if not isinstance(scorer, Scorer):
        return None if scorer is None else str(scorer)
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):  # no distributed, or no client: a local scheduler
        import dask

        return dask.delayed(scorer, pure=True)
    return client.scatter(scorer, broadcast=True, hash=True)


def score_bag(bag: dask.bag.Bag, scorer: ScorerLike = None, *, flat: bool = False) -> dask.bag.Bag:
    """Score a bag of texts or records (``{"id", "title", "text", ...}``), partition by partition.

    Items of the result are JSON-ready report dicts (DESIGN.md's ArticleReport), or flat rows
    of :data:`ROW_COLUMNS` with ``flat``; ``bag.map(json.dumps).to_textfiles(...)`` writes JSONL.
    """
    return bag.map_partitions(_score_partition, _scorer_arg(scorer), flat)


def _score_partition(items: Iterable[Any], scorer: ScorerLike, flat: bool) -> list[dict]:
    return score_records(items, scorer, flat=flat)


def score_dataframe(
    frame: dask.dataframe.DataFrame,
    scorer: ScorerLike = None,
    *,
    text: str = "text",
    with_report: bool = False,
) -> dask.dataframe.DataFrame:
    """Score a dataframe of articles: one flat row of :data:`ROW_COLUMNS` per input row.

    The ``text`` column holds the article; ``id``, ``title``, ``outlet``, ``url`` and
    ``published`` columns are used when present (missing values as None). The result keeps the
    input's index and partitions, with the dtypes of :func:`row_meta`; ``with_report`` adds a
    ``report`` column holding each full report as a JSON string.
    """
    if text not in frame.columns:
        raise ValueError(f"no column {text!r} in the dataframe; columns: {list(frame.columns)}")
    return frame.map_partitions(
        _score_frame,
        _scorer_arg(scorer),
        text,
        with_report,
        meta=row_meta(with_report=with_report),
    )


def _score_frame(
    part: pandas.DataFrame, scorer: ScorerLike, text: str, with_report: bool
) -> pandas.DataFrame:
    """Score one pandas partition into rows of :func:`row_meta`, on the partition's index."""
    import pandas as pd

    fields = [name for name in _TEXT_FIELDS if name in part.columns]
    records = [
        {"text": row[0], **{k: _value(v) for k, v in zip(fields, row[1:], strict=True)}}
        for row in part[[text, *fields]].itertuples(index=False, name=None)
    ]
    rows = score_records(records, scorer, flat=True, with_report=with_report)
    meta = row_meta(with_report=with_report)
    frame = pd.DataFrame(rows, columns=list(meta.columns), index=part.index)
    return frame.astype(meta.dtypes.to_dict())


def _value(value: Any) -> Any:
    """None for pandas' missing values (NaN, None, NA), the value otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        import pandas as pd

        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value
