"""The credscore command line: parse options, call the library, render, map errors to exit codes.

Exit codes: 0 ok; 1 some inputs failed (the rest were scored and written); 2 usage error or a bad
input path, model file or training file.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from functools import partial
from itertools import tee
from typing import Any, TextIO

import click

from credscore._cli_common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    errors,
    fail,
    model_option,
    warn,
)
from credscore._cli_models import evaluate, train
from credscore._version import __version__
from credscore.errors import CredscoreError
from credscore.inputs import MAX_CHARS, Item, batches, iter_items, missing_paths, to_article
from credscore.scoring.bundle import bundle_file
from credscore.scoring.html import render_html
from credscore.scoring.render import (
    render_coverage,
    render_csv,
    render_json,
    render_jsonl_line,
    render_table,
)
from credscore.scoring.report import ArticleReport, StoryReport
from credscore.scoring.scorer import CHUNK as BATCH
from credscore.scoring.scorer import Scorer, load
from credscore.scoring.workers import Scored, WorkerPool, failure_message, failure_name
from credscore.text import Article

__all__ = ["cli"]

FORMATS = ("table", "json", "jsonl", "csv", "html")
PROGRESS_FROM = 20  # show a progress bar from this many inputs, when stderr is a terminal


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="credscore")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score how news articles state and source their claims."""
    ctx.obj = {"debug": debug}


def _load(ctx: click.Context, model: str | None) -> Scorer:
    with errors(ctx):
        return load(model)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: table on a terminal, json otherwise].",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here.")
@model_option
@click.option("--jobs", type=click.IntRange(min=-1), default=1, show_default=True, help="Workers.")
@click.option("--no-story", is_flag=True, help="Score articles alone, without the story view.")
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=MAX_CHARS,
    show_default=True,
    help="Refuse longer articles (each is reported; the rest are scored).",
)
@click.pass_context
def score(
    ctx: click.Context,
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    model: str | None,
    jobs: int,
    no_story: bool,
    max_chars: int,
) -> None:
    """Score articles: PATHS are .txt/.html/.jsonl files, directories, or - for stdin."""
    missing = missing_paths(paths)
    if missing:
        fail(f"{missing[0]}: no such file or directory; check the path")
    if jobs == 0:
        fail("--jobs 0: give a number of workers (1 or more, or -1 for every core)")
    if fmt == "jsonl" and jobs != 1:  # only the workers score: each loads the bundle itself
        with errors(ctx):
            bundle_file(model)
        scorer = None
    else:
        scorer = _load(ctx, model)
    # what is loaded now lives as long as the run: freezing it spares every full garbage
    # collection a walk over the model and the modules (about a tenth of the scoring time)
    gc.freeze()
    tally = _Tally()
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc}); check the folder exists")
    fmt = fmt or ("table" if out.isatty() else "json")
    try:
        items = iter_items(paths, stdin=sys.stdin.buffer, max_chars=max_chars)
        debug = bool(ctx.obj and ctx.obj.get("debug"))
        scored = _scored(
            scorer,
            batches(_unique_ids(tally.good(items)), BATCH),
            jobs,
            tally,
            debug=debug,
            max_chars=max_chars,
            articles=fmt != "jsonl",  # JSONL writes each report as it comes, nothing else
            model=model,
            render=render_jsonl_line if fmt == "jsonl" else None,  # rendered where scored
        )
        # its workers stop even when writing fails (a closed pipe); a bundle a worker could not
        # load is reported as the parent's own load would be
        with closing(scored), errors(ctx):
            if fmt == "jsonl":
                wrote = False
                for _, lines in scored:
                    _write_lines(out, lines)
                    wrote = True
                if not wrote and scorer is None:  # no worker loaded the bundle: check it here
                    _load(ctx, model)
            else:
                articles, reports = [], []
                for batch_articles, batch_reports in scored:
                    articles += batch_articles
                    reports += batch_reports
        if fmt != "jsonl":
            story = None
            assert scorer is not None  # loaded here for every format but JSONL
            if not no_story and len(reports) > 1:
                reports, story = _corroborated(scorer, articles, reports, tally, debug)
            _write(out, fmt, scorer, reports, story, articles)
    finally:
        gc.unfreeze()  # a caller running the command in its own process keeps collecting
        if output:
            out.close()
    sys.exit(EXIT_SOME_FAILED if tally.failures else EXIT_OK)


def _write_lines(out: TextIO, lines: Iterable[str]) -> None:
    """Write a batch's JSONL lines and flush them: a reader down a pipe gets each batch."""
    out.writelines(line + "\n" for line in lines)
    out.flush()


def _corroborated(
    scorer: Scorer,
    articles: list[Article],
    reports: list[ArticleReport],
    tally: _Tally,
    debug: bool,
) -> tuple[list[ArticleReport], StoryReport | None]:
    """The story view of the batch; if it fails (a bug), the reports without it, reported."""
    try:
        return scorer.corroborate(articles, reports)
    except Exception as exc:
        if debug:
            raise
        tally.fail(
            "story",
            f"could not be built ({type(exc).__name__}: {exc}); the articles are written "
            "without it; rerun with --debug for the traceback and report it",
        )
        return reports, None


class _Tally:
    """Counts inputs that failed, printing one line on stderr for each."""

    def __init__(self) -> None:
        self.failures = 0

    def fail(self, name: str, message: str) -> None:
        self.failures += 1
        warn(f"{name}: {message}")

    def good(self, items: Iterable[Item]) -> Iterator[Item]:
        """The items that were read; the others are reported."""
        for item in items:
            if item.error:
                self.fail(item.name, item.error)
            else:
                yield item


def _unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Items with ids made unique in the run ("story", "story-2", ...), as stories need."""
    seen: set[str] = set()
    for item in items:
        record = dict(item.record or {})
        base = str(record.get("id") or item.name)
        unique, n = base, 1
        while unique in seen:
            n += 1
            unique = f"{base}-{n}"
        seen.add(unique)
        record["id"] = unique
        yield Item(item.name, record=record)


def _scored(
    scorer: Scorer | None,
    batches: Iterable[list[Item]],
    jobs: int,
    tally: _Tally,
    *,
    debug: bool = False,
    max_chars: int = MAX_CHARS,
    articles: bool = True,
    model: str | None = None,
    render: Callable[[ArticleReport], str] | None = None,
) -> Iterator[tuple[list[Article | None], list[Any]]]:
    """Score each batch, on ``jobs`` worker processes unless 1; a record that cannot be parsed
    or scored, or whose article text is over ``max_chars``, is reported and skipped. Without
    ``articles``, workers send back reports only (the articles are None); with ``render``,
    each report comes as its line, rendered where it was scored. Without ``scorer``, the
    bundle ``model`` is loaded where the scoring happens. On a terminal, a progress bar counts
    the articles from the PROGRESS_FROM-th on."""
    ahead, behind = tee(batches)  # the pool reads ahead; the names follow its results
    records = ([item.record for item in batch] for batch in ahead)
    names = ([item.name for item in batch] for batch in behind)
    tty = sys.stderr.isatty()
    with WorkerPool(scorer, jobs, load=partial(load, model)) as pool:
        scored = pool.score(
            records, max_chars=max_chars, debug=debug, articles=articles, render=render
        )
        bar = click.progressbar(scored, label="scored", show_pos=True, file=sys.stderr, hidden=True)
        with bar:
            done = 0
            for batch, batch_names in zip(scored, names, strict=True):
                if batch.fallback is not None:
                    _fallback_notice(batch.fallback)
                yield _reported(batch.outcomes, batch_names, tally)
                done += len(batch_names)
                bar.hidden = not (tty and done >= PROGRESS_FROM)
                bar.update(len(batch_names))


def _fallback_notice(exc: Exception) -> None:
    warn(f"a batch failed ({failure_name(exc)}); scoring its articles one by one")


def _reported(
    outcomes: list[Scored], names: list[str], tally: _Tally
) -> tuple[list[Article], list[Any]]:
    """The articles scored and their reports (or rendered lines, if the pool rendered them);
    each input that failed is reported."""
    kept, reports = [], []
    for outcome, name in zip(outcomes, names, strict=True):
        if outcome.error is not None:  # reported; the rest are kept
            bug = not isinstance(outcome.error, CredscoreError)
            hint = "; rerun with --debug for the traceback and report it" if bug else ""
            tally.fail(name, failure_message(outcome.error) + hint)
        else:
            kept.append(outcome.article)
            reports.append(outcome.report if outcome.line is None else outcome.line)
    return kept, reports


def _write(
    out: TextIO,
    fmt: str,
    scorer: Scorer,
    reports: list[ArticleReport],
    story: StoryReport | None,
    articles: list[Article],
) -> None:
    if fmt == "json":
        out.write(render_json(reports, story, scorer.model_info) + "\n")
    elif fmt == "html":
        out.write(render_html(reports, story, articles))
    elif fmt == "csv":
        out.write(render_csv(reports))
    else:
        width = click.get_terminal_size()[0] if out.isatty() else 100
        out.write(render_table(reports, story, width=width))


@cli.command()
@click.argument("claim")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default=None,
    help="Output format [default: table on a terminal, json otherwise].",
)
@model_option
@click.pass_context
def corroborate(
    ctx: click.Context, claim: str, paths: tuple[str, ...], fmt: str | None, model: str | None
) -> None:
    """Check one CLAIM against the articles that report it (PATHS, as for score): who backs
    it, who disputes it, with the sentence that carries each, and P(claim holds)."""
    if not claim.strip():
        fail("the claim is empty; give the claim to check as the first argument, in quotes")
    missing = missing_paths(paths)
    if missing:
        fail(f"{missing[0]}: no such file or directory; check the path")
    scorer = _load(ctx, model)
    tally = _Tally()
    articles = []
    for n, item in enumerate(_unique_ids(tally.good(iter_items(paths, stdin=sys.stdin.buffer))), 1):
        try:
            articles.append(to_article(item.record, n))
        except CredscoreError as exc:
            tally.fail(item.name, str(exc))
    if not articles:
        fail("no articles to check the claim against; give readable .txt, .html or .jsonl files")
    with errors(ctx):
        view = scorer.corroborate_claim(claim, articles)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        click.echo(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        width = click.get_terminal_size()[0] if sys.stdout.isatty() else 100
        click.echo(render_coverage(view, width=width), nl=False)
    sys.exit(EXIT_SOME_FAILED if tally.failures else EXIT_OK)


@cli.command()
@model_option
@click.pass_context
def info(ctx: click.Context, model: str | None) -> None:
    """Show the model card: training data with hashes, metrics, versions."""
    scorer = _load(ctx, model)
    click.echo(json.dumps(scorer.card, indent=2, ensure_ascii=False))


cli.add_command(train)
cli.add_command(evaluate)
