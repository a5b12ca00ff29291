"""What the command-line modules share: one-line errors, exit codes, common options."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import click

from credscore.errors import CredscoreError
from credscore.inputs import missing_paths

__all__ = [
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "errors",
    "existing",
    "fail",
    "model_option",
    "warn",
]

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> None:
    """Print one error line and exit with the usage/bad-input code."""
    click.echo(f"credscore: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def warn(message: str) -> None:
    """Print one line on stderr (an input that failed, a notice)."""
    click.echo(f"credscore: {message}", err=True)


model_option = click.option(
    "--model", type=click.Path(dir_okay=False), help="Model bundle [default: shipped]."
)


@contextmanager
def errors(ctx: click.Context) -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 2 (a traceback with --debug)."""
    try:
        yield
    except CredscoreError as exc:
        if ctx.obj and ctx.obj.get("debug"):
            raise
        fail(str(exc))


def existing(paths: Iterable[str]) -> list[str]:
    """The paths, after checking that each exists (exit 2 naming the first that does not)."""
    paths = list(paths)
    missing = missing_paths(paths)
    if missing:
        fail(f"{missing[0]}: no such file or directory; check the path")
    return paths


