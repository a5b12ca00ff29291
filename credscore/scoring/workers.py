"""Score batches of records on worker processes that each receive the scorer once.

Shipping the scorer with every task (about 11 MB pickled) cost more than the scoring it spread,
and parsing in the parent left the workers waiting; here each worker gets the scorer once, from
the pool's initializer, and parses its own records. A caller that needs no scorer itself
(writing JSONL) gives the bundle's path instead, and each worker loads it: the parent skips a
load it would only hand on. A :class:`WorkerPool` is a context manager: leaving it stops the
workers, whatever happened inside.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple

from credscore.errors import CredscoreError, InputError
from credscore.inputs import length_error, to_article

if TYPE_CHECKING:
    from credscore.scoring.report import ArticleReport
    from credscore.scoring.scorer import Scorer
    from credscore.text import Article

__all__ = [
    "Batch",
    "Failure",
    "Scored",
    "WorkerPool",
    "failure_message",
    "failure_name",
    "score_batch",
]

#: batches each worker may have queued: one running and one waiting keeps it busy
AHEAD_PER_WORKER = 2

_SCORER: Scorer | None = None  # this worker process's scorer, installed by the pool
_LOAD_ERROR: CredscoreError | None = None  # why this worker could not load its bundle


class Scored(NamedTuple):
    """One input's outcome: its article and report, or the exception that stopped it; and the
    report rendered, when the pool was asked to render (a worker then sends only that)."""

    article: Article | None
    report: ArticleReport | None
    error: Exception | None
    line: str | None = None


class Batch(NamedTuple):
    """The outcomes of one batch, in input order, and why it fell back to one by one, if it did."""

    outcomes: list[Scored]
    fallback: Exception | None = None


def score_batch(
    scorer: Scorer,
    records: Sequence[str | Mapping[str, Any]],
    *,
    max_chars: int | None = None,
    debug: bool = False,
    start: int = 1,
) -> Batch:
    """Parse and score ``records`` (numbered from ``start`` in messages); one that cannot be
    parsed, is over ``max_chars`` or fails to score gets its exception, and the rest are scored
    (``debug``: a failure that is not bad input raises)."""
    outcomes: list[Scored | None] = [None] * len(records)
    articles, at = [], []
    for i, record in enumerate(records):
        try:
            article = to_article(record, start + i)
            too_long = max_chars is not None and length_error(len(article.text), max_chars)
            if too_long:
                raise InputError(too_long)
        except CredscoreError as exc:  # bad input is reported, even with debug
            outcomes[i] = Scored(None, None, exc)
            continue
        except Exception as exc:  # a bug on this input: handed back, unless debugging
            if debug:
                raise
            outcomes[i] = Scored(None, None, exc)
            continue
        articles.append(article)
        at.append(i)
    fallback: list[Exception] = []
    if debug:
        results: list[ArticleReport | Exception] = list(scorer.score_articles(articles))
    else:
        results = scorer.score_each(articles, on_fallback=fallback.append)
    for i, article, result in zip(at, articles, results, strict=True):
        if isinstance(result, Exception):
            outcomes[i] = Scored(article, None, result)
        else:
            outcomes[i] = Scored(article, result, None)
    return Batch([o for o in outcomes if o is not None], fallback[0] if fallback else None)


def _install(scorer: Scorer | None, load: Callable[[], Scorer] | None = None) -> None:
    """Pool initializer: keep this worker process's scorer, or ``load()`` it when it is None;
    a bundle that fails to load is kept as the error every batch raises (an initializer that
    raises would break the pool)."""
    global _SCORER, _LOAD_ERROR
    if scorer is None:
        assert load is not None, "a pool without a scorer needs a loader"
        try:
            scorer = load()
        except CredscoreError as exc:
            _LOAD_ERROR = exc
            return
    _SCORER = scorer
    gc.freeze()  # the scorer lives as long as the worker: no collection need walk it again


def _score_installed(
    records: Sequence[Any],
    options: dict[str, Any],
    articles: bool,
    render: Callable[[ArticleReport], str] | None = None,
) -> Batch:
    """:func:`score_batch` with this worker's scorer, its failures made safe to send back, and
    without the articles unless ``articles`` (rebuilding them costs the parent most of what
    it spends on a result); with ``render``, each report is sent as its rendered line only."""
    if _LOAD_ERROR is not None:
        raise _LOAD_ERROR
    assert _SCORER is not None, "the pool initializer did not run"
    batch = _rendered(score_batch(_SCORER, records, **options), render)
    outcomes = [
        o._replace(
            article=o.article if articles else None,
            report=None if render else o.report,
            error=o.error and _portable(o.error),
        )
        for o in batch.outcomes
    ]
    return Batch(outcomes, _portable(batch.fallback) if batch.fallback else None)


def _rendered(batch: Batch, render: Callable[[ArticleReport], str] | None) -> Batch:
    """``batch`` with each report's ``render``-ed line (as it is, without ``render``)."""
    if render is None:
        return batch
    outcomes = [o._replace(line=render(o.report)) if o.report else o for o in batch.outcomes]
    return batch._replace(outcomes=outcomes)


def _portable(error: Exception) -> Exception:
    """``error`` as it can travel back: credscore's own errors as they are, any other as a
    :class:`Failure` (an exception class that cannot be rebuilt from its arguments would
    break the pool, and the whole run)."""
    if isinstance(error, CredscoreError):
        return error
    return Failure(type(error).__name__, str(error))


class Failure(Exception):
    """An exception raised on a worker, sent back as the name of its type and its message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(kind, message)
        self.kind, self.message = kind, message

    def __str__(self) -> str:
        return self.message


def failure_name(error: Exception) -> str:
    """The name of the type of ``error``, as it was raised (on a worker or here)."""
    return error.kind if isinstance(error, Failure) else type(error).__name__


def failure_message(error: Exception) -> str:
    """What to say of an input that failed: bad input in its own words, a scorer failure
    (a bug) named by its type."""
    if isinstance(error, CredscoreError):
        return str(error)
    return f"could not be scored ({failure_name(error)}: {error})"


class WorkerPool:
    """``n_jobs`` worker processes (-1: one per core) that each hold one copy of ``scorer``;
    with one job there are none, and batches are scored in this process (as they are inside a
    daemonic process, such as another pool's worker, which may not start processes).

    With ``scorer`` None, each worker calls ``load`` (a picklable function that returns a
    scorer, such as ``functools.partial(credscore.load, path)``) itself, and this process only
    if it scores; a bundle that fails to load in a worker raises its
    :class:`~credscore.errors.ModelError` from :meth:`score`.
    """

    def __init__(
        self,
        scorer: Scorer | None,
        n_jobs: int,
        *,
        load: Callable[[], Scorer] | None = None,
    ) -> None:
        from joblib import effective_n_jobs

        if scorer is None and load is None:
            raise ValueError("give a scorer, or a function that loads one")
        self.n_workers = max(1, effective_n_jobs(n_jobs))
        if multiprocessing.current_process().daemon:  # a pool's worker may not start its own
            self.n_workers = 1
        if scorer is None and self.n_workers == 1:
            assert load is not None
            scorer = load()
        self.scorer = scorer
        self._executor = None
        if self.n_workers > 1:
            self._executor = ProcessPoolExecutor(
                self.n_workers,
                mp_context=_start_context(),
                initializer=_install,
                initargs=(scorer, load),
            )

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers; batches not yet started are dropped."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def score(
        self,
        batches: Iterable[Sequence[str | Mapping[str, Any] | Article]],
        *,
        max_chars: int | None = None,
        debug: bool = False,
        articles: bool = True,
        render: Callable[[ArticleReport], str] | None = None,
    ) -> Iterator[Batch]:
        """Each batch's outcomes (:func:`score_batch`), in input order, records numbered across
        batches; a few batches are read ahead, not all. Without ``articles``, outcomes from
        workers carry no article (a caller that only writes the reports needs none). With
        ``render`` (a module-level function, as it travels to the workers), each outcome
        carries its report's line, rendered where it was scored, and from workers no report:
        this process is spared rebuilding and rendering what it only writes."""
        pending: deque[Future[Batch]] = deque()
        ahead = AHEAD_PER_WORKER * self.n_workers
        start = 1
        for records in batches:
            options = {"max_chars": max_chars, "debug": debug, "start": start}
            start += len(records)
            if self._executor is None:
                assert self.scorer is not None  # loaded in __init__ when there are no workers
                yield _rendered(score_batch(self.scorer, records, **options), render)
                continue
            task = (_score_installed, records, options, articles, render)
            pending.append(self._executor.submit(*task))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _start_context() -> multiprocessing.context.BaseContext:
    """Fork on Linux before Python 3.12 when no other thread runs: the workers start at once,
    the scorer already in memory. Forking a process with running threads can deadlock the
    child (later Pythons warn of it, counting numpy's BLAS threads too), and macOS's
    frameworks are not fork-safe, so otherwise a fork server (or, without one, spawn) starts
    them."""
    if (
        sys.platform.startswith("linux")
        and sys.version_info < (3, 12)
        and threading.active_count() == 1
    ):
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
