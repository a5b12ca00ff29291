"""The ``credscore train`` and ``credscore evaluate`` commands: parse, call the library, print."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from credscore._cli_common import errors, existing, model_option
from credscore.errors import ModelError
from credscore.scoring.bundle import Bundle, save_bundle
from credscore.training.corroboration import UNKNOWN_STRATEGIES
from credscore.training.datasets import ARTICLE_FORMATS, CLAIM_FORMATS, STANCE_FORMATS
from credscore.training.tasks import (
    evaluate_attribution,
    evaluate_claims,
    evaluate_stance,
    retrain_article,
    retrain_claims,
    retrain_corroboration,
    retrain_stance,
)

__all__ = ["evaluate", "train"]

_claim_format_option = click.option(
    "--format", "fmt", type=click.Choice(CLAIM_FORMATS), help="Data format [default: by extension]."
)
_stance_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(STANCE_FORMATS),
    help="Data format [default: fnc1 with --bodies, else by extension].",
)


def _bundle_options(command: Callable) -> Callable:
    """--out, --base and --force, which every train command takes."""
    for option in reversed(
        (
            click.option(
                "--out", required=True, type=click.Path(dir_okay=False), help="Bundle to write."
            ),
            click.option(
                "--base", type=click.Path(dir_okay=False), help="Bundle for the other models."
            ),
            click.option("--force", is_flag=True, help="Replace --out if it exists."),
        )
    ):
        command = option(command)
    return command


def _write_trained(ctx: click.Context, out: str, force: bool, train: Callable[[], Bundle]) -> None:
    """Refuse an existing --out without --force, train, save the bundle, say what was written."""
    with errors(ctx):
        if Path(out).exists() and not force:
            raise ModelError(f"{out}: file exists; pass --force to replace it")
        bundle = train()
        save_bundle(bundle, out, force=force)
    click.echo(f"wrote {out}: {json.dumps(bundle.card['metrics'])}", err=True)


_bodies_option = click.option(
    "--bodies", type=click.Path(dir_okay=False), help="FNC-1 bodies CSV (Body ID, articleBody)."
)


@click.group()
def train() -> None:
    """Train a model on labelled data and save it as a bundle."""


@train.command("claims")
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_claim_format_option
@_bundle_options
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
    paths = existing(data)
    _write_trained(ctx, out, force, lambda: retrain_claims(paths, format=fmt, base=base))


@train.command("stance")
@click.argument("data", type=click.Path(dir_okay=False))
@_stance_format_option
@_bodies_option
@_bundle_options
@click.option(
    "--statements/--no-statements",
    default=False,
    show_default=True,
    help="Also train on the best-matching sentence of each long body.",
)
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
    existing([data] + ([bodies] if bodies else []))
    _write_trained(
        ctx,
        out,
        force,
        lambda: retrain_stance(data, format=fmt, bodies=bodies, base=base, statements=statements),
    )


@train.command("article")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ARTICLE_FORMATS),
    help="Data format [default: by extension].",
)
@_bundle_options
@click.pass_context
def train_article_command(
    ctx: click.Context, data: str, fmt: str | None, out: str, base: str | None, force: bool
) -> None:
    """Train an article classifier on DATA (text, label 1 = credible, 0 = not); a bundle
    with one reports its probability as scores.credibility."""
    existing([data])
    _write_trained(ctx, out, force, lambda: retrain_article(data, format=fmt, base=base))


@train.command("corroboration")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option(
    "--bodies",
    required=True,
    type=click.Path(dir_okay=False),
    help="Bodies CSV (Body ID, articleBody) holding every body_id of DATA.",
)
@_bundle_options
@click.option(
    "--stance-pairs",
    type=click.Path(dir_okay=False),
    help="FNC-1 stances CSV the base stance model was trained on: cross-fit the stance "
    "features (one stance fit per fold).",
)
@click.option(
    "--unknown",
    type=click.Choice(UNKNOWN_STRATEGIES),
    default="skip",
    show_default=True,
    help="Unknown-truth stories: leave out, or self-train on them.",
)
@click.pass_context
def train_corroboration_command(
    ctx: click.Context,
    data: str,
    bodies: str,
    out: str,
    base: str | None,
    stance_pairs: str | None,
    unknown: str,
    force: bool,
) -> None:
    """Train the corroboration model on DATA: stories (claim_id, claim, truth, body_id) whose
    truth is true, false or unknown, with their article bodies in --bodies."""
    existing([data, bodies] + ([stance_pairs] if stance_pairs else []))
    _write_trained(
        ctx,
        out,
        force,
        lambda: retrain_corroboration(
            data, bodies=bodies, base=base, stance_pairs=stance_pairs, unknown=unknown
        ),
    )


@click.group()
def evaluate() -> None:
    """Measure a model bundle or an extractor on labelled data."""


@evaluate.command("claims")
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_claim_format_option
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def evaluate_claims_command(
    ctx: click.Context, data: tuple[str, ...], fmt: str | None, model: str | None, as_json: bool
) -> None:
    """Claim-model metrics on DATA: F1 of the uncertain class, accuracy, Brier, ECE, Pearson."""
    with errors(ctx):
        metrics = evaluate_claims(existing(data), format=fmt, model=model)
    _print_metrics(metrics, as_json)


@evaluate.command("stance")
@click.argument("data", type=click.Path(dir_okay=False))
@_stance_format_option
@_bodies_option
@model_option
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
    with errors(ctx):
        paths = existing([data] + ([bodies] if bodies else []))
        metrics = evaluate_stance(paths[0], format=fmt, bodies=bodies, model=model)
    _print_metrics(metrics, as_json)


@evaluate.command("attribution")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["polnear"]), default="polnear", show_default=True
)
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def evaluate_attribution_command(
    ctx: click.Context, folder: str, fmt: str, model: str | None, as_json: bool
) -> None:
    """Cue, source and content F1 (token overlap and exact) on a PolNeAR-style FOLDER.

    Uses the bundle's attribution model merged with the rules, or the rules alone when the
    bundle has none ("extractor" in the output says which).
    """
    with errors(ctx):
        metrics = evaluate_attribution(existing([folder])[0], model=model)
    _print_metrics(metrics, as_json)


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
