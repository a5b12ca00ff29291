"""Read articles from files, directories, JSONL batches and stdin, reporting each bad one apart."""

from __future__ import annotations

import codecs
import hashlib
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from credscore.errors import InputError
from credscore.text import Article, decode, looks_like_html, parse

__all__ = [
    "Item",
    "Record",
    "SUFFIXES",
    "TEXT_FIELDS",
    "batches",
    "iter_items",
    "length_error",
    "missing_paths",
    "text_id",
    "to_article",
]

SUFFIXES = (".txt", ".text", ".html", ".htm", ".jsonl")
T = TypeVar("T")
Record = Mapping[str, Any]
#: the optional string fields of a record, besides ``id`` and ``text``
TEXT_FIELDS = ("title", "outlet", "url", "published")
MAX_CHARS = 1_000_000  # far beyond any news article (about 150,000 words)
_MAX_BYTES_PER_CHAR = 4  # UTF-8's widest character
#: an HTML page may hold this many characters of markup, scripts and furniture per character
#: of article text allowed; a bigger page is pathological and refused
PAGE_FACTOR = 10


@dataclass(frozen=True)
class Item:
    """One input article as a record (``id``, ``text``, ...), or the error that stopped it."""

    name: str  # where it came from: "a.txt", "batch.jsonl line 3", "-"
    record: dict[str, Any] | None = None
    error: str | None = None


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily.

    >>> list(batches(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def missing_paths(paths: Sequence[str]) -> list[str]:
    """The paths (other than ``-``) that do not exist."""
    return [p for p in paths if p != "-" and not Path(p).exists()]


def iter_items(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Item]:
    """Every article named by ``paths`` (files, directories, ``-`` for stdin), in order.

    JSONL files and JSONL on stdin are read a line at a time, so a batch of any size streams
    in flat memory. A plain-text article longer than ``max_chars`` characters is refused as an
    error item, and so is an HTML page longer than ``PAGE_FACTOR * max_chars`` (its article
    text is checked once extracted: :func:`length_error`); a single-article file too big to
    hold that few characters is refused unread.
    """
    for item in _items(paths, stdin, max_chars):
        text = item.record.get("text", "") if item.record else ""
        if _is_html(item.record) and len(text) > PAGE_FACTOR * max_chars:
            yield Item(item.name, error=_too_long(f"{len(text):,} characters", max_chars, "page"))
        elif not _is_html(item.record) and len(text) > max_chars:
            yield Item(item.name, error=_too_long(f"{len(text):,} characters", max_chars))
        else:
            yield item


def _is_html(record: dict[str, Any] | None) -> bool:
    if not record:
        return False
    html = record.get("html")
    return html if isinstance(html, bool) else looks_like_html(record.get("text", ""))


def length_error(chars: int, max_chars: int) -> str | None:
    """Why an article text of ``chars`` characters is refused, or None if it is not."""
    return _too_long(f"{chars:,} characters", max_chars) if chars > max_chars else None


def _too_long(size: str, max_chars: int, what: str = "article") -> str:
    limit = max_chars * (PAGE_FACTOR if what == "page" else 1)
    return f"{what} has {size}, over the limit of {limit:,}; split it or raise --max-chars"


def _items(paths: Sequence[str], stdin: BinaryIO | None, max_chars: int) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            if stdin is None:
                raise ValueError("'-' given but no stdin stream")
            yield from _sniffed("-", "stdin", stdin)
        elif Path(path).is_dir():
            files = sorted(p for p in Path(path).rglob("*") if p.suffix.lower() in SUFFIXES)
            if not files:
                yield Item(path, error=f"no {', '.join(SUFFIXES)} files in this directory")
            for file in files:
                yield from _from_file(file, max_chars)
        else:
            yield from _from_file(Path(path), max_chars)


def _unreadable(name: str, exc: OSError) -> Item:
    reason = exc.strerror or exc
    return Item(name, error=f"cannot read ({reason}); check that it exists and is readable")


def _from_file(path: Path, max_chars: int) -> Iterator[Item]:
    name, suffix = str(path), path.suffix.lower()
    try:
        if suffix in ("", ".jsonl"):
            with path.open("rb") as f:
                if suffix:
                    yield from _jsonl_stream(name, path.stem, _utf16_lines(f))
                else:
                    yield from _sniffed(name, path.stem, f)
            return
        size = path.stat().st_size
        page = suffix in (".html", ".htm")
        limit = _MAX_BYTES_PER_CHAR * max_chars * (PAGE_FACTOR if page else 1)
        if size > limit:  # more characters than allowed, whatever the encoding
            what = "page" if page else "article"
            yield Item(name, error=_too_long(f"{size:,} bytes", max_chars, what))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    yield from _from_bytes(name, path.stem, data)


def _sniffed(name: str, stem: str, stream: BinaryIO) -> Iterator[Item]:
    """stdin or a file without a suffix: a JSONL stream when its first non-blank line opens a
    JSON object (``{"`` or ``{}``, so a broken first record is still reported as a line),
    else one article."""
    head = []
    for raw in stream:
        head.append(raw)
        if raw.strip():
            break
    first = head[-1].removeprefix(codecs.BOM_UTF8).strip() if head else b""
    if _OPENS_OBJECT.match(first):
        yield from _jsonl_stream(name, stem, itertools.chain(head, stream))
    else:
        yield from _from_bytes(name, stem, b"".join(head) + stream.read())


_OPENS_OBJECT = re.compile(rb'\{\s*(?:"|\}|$)')


def _utf16_lines(stream: io.BufferedReader) -> Iterable[bytes]:
    """A JSONL file's lines as bytes; a UTF-16 file (by its BOM) is decoded whole first."""
    if stream.peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = stream.read().decode("utf-16", errors="replace")
        return (line.encode("utf-8") for line in text.splitlines(keepends=True))
    return stream


def _from_bytes(name: str, stem: str, data: bytes) -> Iterator[Item]:
    try:
        text = decode(data, name=name)
    except InputError as exc:
        yield Item(name, error=str(exc).removeprefix(f"{name}: "))
        return
    if not text.strip():
        yield Item(name, error="empty article (no text); nothing to score")
    else:
        html = True if name.lower().endswith((".html", ".htm")) else None
        yield Item(name, record={"id": stem, "text": text, "html": html})


def _jsonl_stream(name: str, stem: str, lines: Iterable[bytes]) -> Iterator[Item]:
    """The records of JSONL lines, each line decoded on its own (UTF-8, else cp1252)."""
    for number, raw in enumerate(lines, 1):
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        where = f"{name} line {number}"
        try:
            line = decode(raw, name=where)
        except InputError as exc:
            yield Item(where, error=str(exc).removeprefix(f"{where}: "))
            continue
        yield _jsonl_item(where, stem, number, line)


def _jsonl_item(where: str, stem: str, number: int, line: str) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Item(where, error=f"invalid JSON ({exc.msg}); fix or remove the line")
    problem = _record_problem(record)
    if problem:
        return Item(where, error=problem)
    record.setdefault("id", f"{stem}-{number}")
    record["id"] = str(record["id"])
    return Item(where, record=record)


def _record_problem(record: object) -> str | None:
    """What is wrong with a JSONL record, or None."""
    if not isinstance(record, dict):
        return f"expected a JSON object with a 'text' field, got {type(record).__name__}"
    text = record.get("text")
    if not isinstance(text, str):
        return "record has no 'text' string; give each record a text field"
    if not text.strip():
        return "record's 'text' is empty; nothing to score"
    for key in TEXT_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"field {key!r} must be a string, got {type(record[key]).__name__}"
    return None


def to_article(item: str | Record | Article, n: int) -> Article:
    """Parse a text or a record (``id``, ``title``, ``text``, ...) into an :class:`Article`
    (an Article is taken as it is)."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return parse(item, id=text_id(item))
    if not isinstance(item, Mapping):
        raise InputError(
            f"article {n}: expected a str or a record with 'text', got {type(item).__name__}"
        )
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError(f"article {n}: record has no 'text' string; give each record a text field")
    fields = {k: item.get(k) for k in TEXT_FIELDS}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(
                f"article {n}: field {key!r} must be a string, got {type(value).__name__}"
            )
    raw_id = item.get("id")
    html = item.get("html") if isinstance(item.get("html"), bool) else None
    return parse(text, id=str(raw_id) if raw_id is not None else text_id(text), html=html, **fields)


def text_id(text: str) -> str:
    """A stable id for an article given without one: a hash of its text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
