"""The credscore command line: parse options, call the library, render, map errors to exit codes.

Exit codes: 0 ok; 1 some inputs failed (the rest were scored and written); 2 usage error or a bad
input path, model file or training file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click

from credscore._version import __version__
from credscore.errors import CredscoreError, ModelError
from credscore.inputs import MAX_CHARS, Item, iter_items, missing_paths
from credscore.scoring.bundle import save_bundle
from credscore.scoring.html import render_html
from credscore.scoring.report import (
    ArticleReport,
    StoryReport,
    render_csv,
    render_json,
    render_jsonl_line,
    render_table,
)
from credscore.scoring.scorer import Scorer, load, to_article
from credscore.text import Article
from credscore.training.datasets import ARTICLE_FORMATS, CLAIM_FORMATS, STANCE_FORMATS
from credscore.training.tasks import (
    evaluate_attribution,
    evaluate_claims,
    evaluate_stance,
    retrain_article,
    retrain_claims,
    retrain_stance,
)

__all__ = ["cli"]

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "json", "jsonl", "csv", "html")
BATCH = 64
PROGRESS_FROM = 20  # show a progress bar from this many inputs, when stderr is a terminal


def _fail(message: str) -> None:
    """Print one error line and exit with the usage/bad-input code."""
    click.echo(f"credscore: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _warn(message: str) -> None:
    click.echo(f"credscore: {message}", err=True)


_model_option = click.option(
    "--model", type=click.Path(dir_okay=False), help="Model bundle [default: shipped]."
)
_claim_format_option = click.option(
    "--format", "fmt", type=click.Choice(CLAIM_FORMATS), help="Data format [default: by extension]."
)
_stance_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(STANCE_FORMATS),
    help="Data format [default: fnc1 with --bodies, else by extension].",
)
_bodies_option = click.option(
    "--bodies", type=click.Path(dir_okay=False), help="FNC-1 bodies CSV (Body ID, articleBody)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="credscore")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score how news articles state and source their claims."""
    ctx.obj = {"debug": debug}


@contextmanager
def _errors(ctx: click.Context) -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 2 (a traceback with --debug)."""
    try:
        yield
    except CredscoreError as exc:
        if ctx.obj and ctx.obj.get("debug"):
            raise
        _fail(str(exc))


def _load(ctx: click.Context, model: str | None) -> Scorer:
    with _errors(ctx):
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
@_model_option
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
        _fail(f"{missing[0]}: no such file or directory; check the path")
    if jobs == 0:
        _fail("--jobs 0: give a number of workers (1 or more, or -1 for every core)")
    scorer = _load(ctx, model)
    tally = _Tally()
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc}); check the folder exists")
    fmt = fmt or ("table" if out.isatty() else "json")
    try:
        items = iter_items(paths, stdin=sys.stdin.buffer, max_chars=max_chars)
        debug = bool(ctx.obj and ctx.obj.get("debug"))
        batches = _scored(
            scorer, _batches(_unique_ids(tally.good(items)), BATCH), jobs, tally, debug=debug
        )
        if fmt == "jsonl":
            for _, reports in batches:
                out.writelines(render_jsonl_line(r) + "\n" for r in reports)
                out.flush()
        else:
            articles, reports = [], []
            for batch_articles, batch_reports in batches:
                articles += batch_articles
                reports += batch_reports
            story = None
            if not no_story and len(reports) > 1:
                reports, story = _corroborated(scorer, articles, reports, tally, debug)
            _write(out, fmt, scorer, reports, story, articles)
    finally:
        if output:
            out.close()
    sys.exit(EXIT_SOME_FAILED if tally.failures else EXIT_OK)


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
        _warn(f"{name}: {message}")

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


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _scored(
    scorer: Scorer,
    batches: Iterable[list[Item]],
    jobs: int,
    tally: _Tally,
    *,
    debug: bool = False,
) -> Iterator[tuple[list[Article], list[ArticleReport]]]:
    """Score each batch; a record that cannot be parsed or scored is reported and skipped."""
    progress = sys.stderr.isatty()
    done = 0
    for batch in batches:
        articles, names = [], []
        for n, item in enumerate(batch, 1):
            try:
                articles.append(to_article(item.record, n))
                names.append(item.name)
            except CredscoreError as exc:
                tally.fail(item.name, str(exc))
        try:
            yield articles, scorer.score_articles(articles, n_jobs=jobs)
        except Exception as exc:
            if debug:
                raise
            _warn(f"a batch failed ({type(exc).__name__}); scoring its articles one by one")
            yield _one_by_one(scorer, articles, names, tally)
        done += len(batch)
        if progress and done >= PROGRESS_FROM:
            click.echo(f"\rscored {done} articles", err=True, nl=False)
    if progress and done >= PROGRESS_FROM:
        click.echo("", err=True)


def _one_by_one(
    scorer: Scorer, articles: list[Article], names: list[str], tally: _Tally
) -> tuple[list[Article], list[ArticleReport]]:
    """A batch that failed, scored article by article; those that fail again are reported."""
    kept, reports = [], []
    for article, name in zip(articles, names, strict=True):
        try:
            reports += scorer.score_articles([article])
            kept.append(article)
        except Exception as exc:  # a bug on this input: report it, keep the rest of the batch
            tally.fail(
                name,
                f"could not be scored ({type(exc).__name__}: {exc}); rerun with --debug for "
                "the traceback and report it",
            )
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
@_model_option
@click.pass_context
def info(ctx: click.Context, model: str | None) -> None:
    """Show the model card: training data with hashes, metrics, versions."""
    scorer = _load(ctx, model)
    click.echo(json.dumps(scorer.card, indent=2, ensure_ascii=False))


@cli.group()
def train() -> None:
    """Train a model on labelled data and save it as a bundle."""


@train.command("claims")
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_claim_format_option
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Bundle to write.")
@click.option("--base", type=click.Path(dir_okay=False), help="Bundle for the other models.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
def train_claims_command(
    ctx: click.Context,
    data: tuple[str, ...],
    fmt: str | None,
    out: str,
    base: str | None,
    force: bool,
) -> None:
    """Train the claim model on DATA files (text + label or confidence)."""
    with _errors(ctx):
        if Path(out).exists() and not force:
            raise ModelError(f"{out}: file exists; pass --force to replace it")
        bundle = retrain_claims(_existing(data), format=fmt, base=base)
        save_bundle(bundle, out, force=force)
    click.echo(f"wrote {out}: {json.dumps(bundle.card['metrics'])}", err=True)


@train.command("stance")
@click.argument("data", type=click.Path(dir_okay=False))
@_stance_format_option
@_bodies_option
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Bundle to write.")
@click.option("--base", type=click.Path(dir_okay=False), help="Bundle for the other models.")
@click.option(
    "--statements/--no-statements",
    default=True,
    show_default=True,
    help="Also train on the best-matching sentence of each long body.",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
def train_stance_command(
    ctx: click.Context,
    data: str,
    fmt: str | None,
    bodies: str | None,
    out: str,
    base: str | None,
    statements: bool,
    force: bool,
) -> None:
    """Train the stance model on DATA (claim, body, stance pairs)."""
    with _errors(ctx):
        if Path(out).exists() and not force:
            raise ModelError(f"{out}: file exists; pass --force to replace it")
        paths = _existing([data] + ([bodies] if bodies else []))
        bundle = retrain_stance(
            paths[0], format=fmt, bodies=bodies, base=base, statements=statements
        )
        save_bundle(bundle, out, force=force)
    click.echo(f"wrote {out}: {json.dumps(bundle.card['metrics'])}", err=True)


@train.command("article")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ARTICLE_FORMATS),
    help="Data format [default: by extension].",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Bundle to write.")
@click.option("--base", type=click.Path(dir_okay=False), help="Bundle for the other models.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
def train_article_command(
    ctx: click.Context, data: str, fmt: str | None, out: str, base: str | None, force: bool
) -> None:
    """Train an article classifier on DATA (text, label 1 = credible, 0 = not); a bundle
    with one reports its probability as scores.credibility."""
    with _errors(ctx):
        if Path(out).exists() and not force:
            raise ModelError(f"{out}: file exists; pass --force to replace it")
        bundle = retrain_article(_existing([data])[0], format=fmt, base=base)
        save_bundle(bundle, out, force=force)
    click.echo(f"wrote {out}: {json.dumps(bundle.card['metrics'])}", err=True)


@cli.group()
def evaluate() -> None:
    """Measure a model bundle or an extractor on labelled data."""


@evaluate.command("claims")
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_claim_format_option
@_model_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def evaluate_claims_command(
    ctx: click.Context, data: tuple[str, ...], fmt: str | None, model: str | None, as_json: bool
) -> None:
    """Claim-model metrics on DATA: F1 of the uncertain class, accuracy, Brier, ECE, Pearson."""
    with _errors(ctx):
        metrics = evaluate_claims(_existing(data), format=fmt, model=model)
    _print_metrics(metrics, as_json)


@evaluate.command("stance")
@click.argument("data", type=click.Path(dir_okay=False))
@_stance_format_option
@_bodies_option
@_model_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def evaluate_stance_command(
    ctx: click.Context,
    data: str,
    fmt: str | None,
    bodies: str | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Stance-model metrics on DATA: FNC score, macro-F1, accuracy, per-class F1."""
    with _errors(ctx):
        paths = _existing([data] + ([bodies] if bodies else []))
        metrics = evaluate_stance(paths[0], format=fmt, bodies=bodies, model=model)
    _print_metrics(metrics, as_json)


@evaluate.command("attribution")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["polnear"]), default="polnear", show_default=True
)
@_model_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def evaluate_attribution_command(
    ctx: click.Context, folder: str, fmt: str, model: str | None, as_json: bool
) -> None:
    """Cue, source and content F1 (token overlap and exact) on a PolNeAR-style FOLDER.

    Uses the bundle's attribution model merged with the rules, or the rules alone when the
    bundle has none ("extractor" in the output says which).
    """
    with _errors(ctx):
        metrics = evaluate_attribution(_existing([folder])[0], model=model)
    _print_metrics(metrics, as_json)


def _existing(paths: Iterable[str]) -> list[str]:
    """The paths, after checking that each exists (exit 2 naming the first that does not)."""
    paths = list(paths)
    missing = missing_paths(paths)
    if missing:
        _fail(f"{missing[0]}: no such file or directory; check the path")
    return paths


def _print_metrics(metrics: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(metrics))
        return
    for name, value in _flat(metrics):
        click.echo(f"{name:<32}{value:.4f}" if isinstance(value, float) else f"{name:<32}{value}")


def _flat(metrics: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Nested metrics as (dotted name, value) rows: ``per_class.agree.f1``."""
    for name, value in metrics.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value
