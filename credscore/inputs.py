"""Read articles from files, directories, JSONL batches and stdin, reporting each bad one apart."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from credscore.errors import InputError
from credscore.text import decode

__all__ = ["Item", "SUFFIXES", "iter_items", "missing_paths"]

SUFFIXES = (".txt", ".text", ".html", ".htm", ".jsonl")
MAX_CHARS = 1_000_000  # far beyond any news article (about 150,000 words)


@dataclass(frozen=True)
class Item:
    """One input article as a record (``id``, ``text``, ...), or the error that stopped it."""

    name: str  # where it came from: "a.txt", "batch.jsonl line 3", "-"
    record: dict[str, Any] | None = None
    error: str | None = None


def missing_paths(paths: Sequence[str]) -> list[str]:
    """The paths (other than ``-``) that do not exist."""
    return [p for p in paths if p != "-" and not Path(p).exists()]


def iter_items(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Item]:
    """Every article named by ``paths`` (files, directories, ``-`` for stdin), in order.

    An article longer than ``max_chars`` characters is refused as an error item.
    """
    for item in _items(paths, stdin):
        text = item.record.get("text", "") if item.record else ""
        if len(text) > max_chars:
            yield Item(
                item.name,
                error=f"article has {len(text):,} characters, over the limit of {max_chars:,}; "
                "split it or raise --max-chars",
            )
        else:
            yield item


def _items(paths: Sequence[str], stdin: BinaryIO | None) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            if stdin is None:
                raise ValueError("'-' given but no stdin stream")
            yield from _from_bytes("-", "stdin", stdin.read(), suffix="")
        elif Path(path).is_dir():
            files = sorted(p for p in Path(path).rglob("*") if p.suffix.lower() in SUFFIXES)
            if not files:
                yield Item(path, error=f"no {', '.join(SUFFIXES)} files in this directory")
            for file in files:
                yield from _from_file(file)
        else:
            yield from _from_file(Path(path))


def _from_file(path: Path) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Item(
            str(path),
            error=f"cannot read ({exc.strerror or exc}); check that it exists and is readable",
        )
        return
    yield from _from_bytes(str(path), path.stem, data, suffix=path.suffix.lower())


def _from_bytes(name: str, stem: str, data: bytes, *, suffix: str) -> Iterator[Item]:
    try:
        text = decode(data, name=name)
    except InputError as exc:
        yield Item(name, error=str(exc).removeprefix(f"{name}: "))
        return
    if suffix == ".jsonl" or (not suffix and _looks_like_jsonl(text)):
        yield from _jsonl_items(name, stem, text)
    elif not text.strip():
        yield Item(name, error="empty article (no text); nothing to score")
    else:
        html = True if suffix in (".html", ".htm") else None
        yield Item(name, record={"id": stem, "text": text, "html": html})


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(line.lstrip().startswith("{") for line in lines)


def _jsonl_items(name: str, stem: str, text: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(where, error=f"invalid JSON ({exc.msg}); fix or remove the line")
            continue
        problem = _record_problem(record)
        if problem:
            yield Item(where, error=problem)
            continue
        record.setdefault("id", f"{stem}-{number}")
        record["id"] = str(record["id"])
        yield Item(where, record=record)


def _record_problem(record: object) -> str | None:
    """What is wrong with a JSONL record, or None."""
    if not isinstance(record, dict):
        return f"expected a JSON object with a 'text' field, got {type(record).__name__}"
    text = record.get("text")
    if not isinstance(text, str):
        return "record has no 'text' string; give each record a text field"
    if not text.strip():
        return "record's 'text' is empty; nothing to score"
    for key in ("title", "outlet", "url", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"field {key!r} must be a string, got {type(record[key]).__name__}"
    return None
