"""Readers for credscore's training formats (claims, stance, articles) and public corpora."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sklearn.model_selection import GroupShuffleSplit

from credscore.errors import TrainingDataError
from credscore.scoring.corroboration.stance_rules import STANCES

__all__ = [
    "ARTICLE_FORMATS",
    "CLAIM_FORMATS",
    "STANCES",
    "STANCE_FORMATS",
    "ASPECTS",
    "ArticleExample",
    "AspectExample",
    "ClaimExample",
    "StanceExample",
    "carve_dev",
    "guess_format",
    "read_articles",
    "read_aspects",
    "read_claims",
    "read_stance",
]

CLAIM_FORMATS = ("jsonl", "csv", "conll2010", "pei-jurgens", "emergent")
STANCE_FORMATS = ("jsonl", "csv", "fnc1", "emergent")
ARTICLE_FORMATS = ("jsonl", "csv")
#: Pei & Jurgens's aspects of a finding's certainty, each NotPresent, Certain or Uncertain
ASPECTS = ("Number", "Extent", "Probability", "Condition", "Suggestion", "Framing")

_CLAIM_LABELS = {"0": 1.0, "1": 0.0, "certain": 1.0, "uncertain": 0.0}
_CONLL_LABELS = {"0": 1.0, "1": 0.0}
_EMERGENT_CONFIDENCE = {"for": 1.0, "against": 1.0, "observing": 0.0}
_EMERGENT_STANCES = {"for": "agree", "against": "disagree", "observing": "discuss"}
_STANCE_LABELS = {stance: stance for stance in STANCES}
_ARTICLE_LABELS = {"0": 0, "1": 1}
_ASPECT_LABELS = {"notpresent": "NotPresent", "certain": "Certain", "uncertain": "Uncertain"}

T = TypeVar("T")
Record = Mapping[str, Any]
Parser = Callable[[Path, int, Record], T | None]


@dataclass(frozen=True)
class ClaimExample:
    """A sentence with how firmly it is stated: 1.0 = certain, 0.0 = uncertain or speculative."""

    text: str
    confidence: float
    source: str
    group: str | None = None
    split: str | None = None


@dataclass(frozen=True)
class AspectExample:
    """A finding with the certainty of each of its :data:`ASPECTS` (NotPresent, Certain or
    Uncertain), in that order."""

    text: str
    labels: tuple[str, ...]
    split: str | None = None


@dataclass(frozen=True)
class StanceExample:
    """A claim, a body and the body's stance towards the claim (one of STANCES)."""

    claim: str
    body: str
    stance: str
    body_id: str | None = None


@dataclass(frozen=True)
class ArticleExample:
    """An article text with a binary label."""

    text: str
    label: int
    id: str | None = None


def _fail(path: Path, line: int | None, message: str) -> TrainingDataError:
    """Build an error whose message starts with the file name and, if known, the line."""
    where = path.name if line is None else f"{path.name} line {line}"
    return TrainingDataError(f"{where}: {message}")


def _read_text(path: Path) -> str:
    """Return the whole file decoded as UTF-8 (BOM allowed), newlines untranslated."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        problem = "no such file" if missing else f"cannot be read ({exc.strerror})"
        raise TrainingDataError(f"{path}: {problem}; expected a readable data file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _fail(path, line, f"byte {exc.start} is not UTF-8; expected UTF-8 text") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Record]]:
    """Yield (1-based physical line, object) for each non-blank line of a JSONL file."""
    for number, raw in enumerate(_read_text(path).split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _fail(path, number, f"malformed JSON ({exc.msg}); expected an object") from None
        if not isinstance(record, dict):
            raise _fail(path, number, f"got JSON {type(record).__name__}; expected a JSON object")
        yield number, record


def _csv_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, Record]]:
    """Yield (reader line_num, row) for each CSV row after checking the header has `required`."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    try:
        found = reader.fieldnames or []
        missing = [column for column in required if column not in found]
        if found and missing:
            expected = ", ".join(required)
            raise _fail(path, 1, f"missing column {missing[0]!r}; expected columns {expected}")
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise _fail(path, reader.line_num, f"malformed CSV ({exc})") from None


def _collect(path: Path, fmt: str, required: Sequence[str], parse: Parser[T]) -> list[T]:
    """Parse every row of a jsonl or csv container; an empty result is an error."""
    jsonl = fmt in ("jsonl", "pei-jurgens")
    rows = _jsonl_rows(path) if jsonl else _csv_rows(path, required)
    examples = [example for line, row in rows if (example := parse(path, line, row)) is not None]
    if not examples:
        raise _fail(path, None, f"no rows; expected at least one {fmt} example")
    return examples


def _field(path: Path, line: int, row: Record, key: str) -> Any:
    """Return row[key], which must be present and not null."""
    value = row.get(key)
    if value is None:
        raise _fail(path, line, f"no value for {key!r}; expected a {key!r} field")
    return value


def _text(path: Path, line: int, row: Record, key: str, collapse: bool = True) -> str:
    """Return a non-empty string field, with runs of whitespace collapsed unless told not to."""
    value = _field(path, line, row, key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, line, f"empty or non-text {key} {value!r}; expected non-empty text")
    return " ".join(value.split()) if collapse else value


def _choice(path: Path, line: int, row: Record, key: str, mapping: Mapping[str, T]) -> T:
    """Map the label in row[key] (case and surrounding space ignored) through `mapping`."""
    value = _field(path, line, row, key)
    if str(value).strip().lower() not in mapping:
        raise _fail(path, line, f"unknown {key} {value!r}; expected one of {', '.join(mapping)}")
    return mapping[str(value).strip().lower()]


def _number(path: Path, line: int, row: Record, key: str, low: float, high: float) -> float:
    """Return row[key] as a float in [low, high]; NaN, inf and non-numbers are errors."""
    value = _field(path, line, row, key)
    try:
        number = float("nan") if isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not low <= number <= high:
        raise _fail(path, line, f"bad {key} {value!r}; expected a number in [{low:g}, {high:g}]")
    return number


def _optional(value: Any) -> str | None:
    """Return value as a stripped string, or None when absent or empty."""
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _generic_claim(path: Path, line: int, row: Record, source: str) -> ClaimExample:
    """Parse a jsonl/csv claim with `confidence` (preferred) or `label` (1 = uncertain)."""
    text = _text(path, line, row, "text")
    if _optional(row.get("confidence")) is not None:
        confidence = _number(path, line, row, "confidence", 0.0, 1.0)
    elif _optional(row.get("label")) is not None:
        confidence = _choice(path, line, row, "label", _CLAIM_LABELS)
    else:
        expected = "label 0, 1, certain or uncertain (1 = uncertain), or confidence in [0, 1]"
        raise _fail(path, line, f"no label or confidence; expected {expected}")
    return ClaimExample(text, confidence, source)


def _conll_claim(path: Path, line: int, row: Record) -> ClaimExample | None:
    """Parse a CoNLL-2010 row (1 = uncertain -> 0.0, 0 -> 1.0); blank-text rows are skipped."""
    confidence = _choice(path, line, row, "label", _CONLL_LABELS)
    if isinstance(row.get("text"), str) and not row["text"].strip():
        return None
    return ClaimExample(_text(path, line, row, "text"), confidence, "conll2010")


def _pei_claim(path: Path, line: int, row: Record) -> ClaimExample:
    """Parse a Pei & Jurgens finding: certainty 1-6 maps linearly onto [0, 1]."""
    certainty = _number(path, line, row, "sentence-level-certainty", 1.0, 6.0)
    text, split = _text(path, line, row, "finding"), _optional(row.get("split"))
    return ClaimExample(text, (certainty - 1.0) / 5.0, "pei-jurgens", split=split)


def _pei_aspect(path: Path, line: int, row: Record) -> AspectExample:
    """Parse a Pei & Jurgens aspect-level row: one label per aspect of :data:`ASPECTS`."""
    aspects = _field(path, line, row, "aspect-level-certainty")
    if not isinstance(aspects, dict):
        raise _fail(path, line, "aspect-level-certainty is not an object; expected one")
    labels = tuple(_choice(path, line, aspects, name, _ASPECT_LABELS) for name in ASPECTS)
    text, split = _text(path, line, row, "finding"), _optional(row.get("split"))
    return AspectExample(text, labels, split=split)


def _emergent_claim(path: Path, line: int, row: Record) -> ClaimExample:
    """Parse an Emergent headline: observing is hedged (0.0), for/against asserted (1.0)."""
    confidence = _choice(path, line, row, "articleHeadlineStance", _EMERGENT_CONFIDENCE)
    text = _text(path, line, row, "articleHeadline")
    return ClaimExample(text, confidence, "emergent", group=_text(path, line, row, "claimId"))


def _generic_stance(path: Path, line: int, row: Record) -> StanceExample:
    """Parse a jsonl/csv stance row with claim, body, stance and an optional body_id."""
    stance = _choice(path, line, row, "stance", _STANCE_LABELS)
    body = _text(path, line, row, "body", collapse=False)
    claim = _text(path, line, row, "claim")
    return StanceExample(claim, body, stance, _optional(row.get("body_id")))


def _emergent_stance(path: Path, line: int, row: Record) -> StanceExample:
    """Parse an Emergent row: the article headline is the body, for/against/observing the stance."""
    stance = _choice(path, line, row, "articleHeadlineStance", _EMERGENT_STANCES)
    claim, body = _text(path, line, row, "claimHeadline"), _text(path, line, row, "articleHeadline")
    return StanceExample(claim, body, stance, _optional(row.get("articleId")))


def _read_bodies(path: Path) -> dict[str, str]:
    """Read an FNC-1/ARC bodies CSV (Body ID, articleBody) into a dict; duplicate ids are errors."""
    bodies: dict[str, str] = {}
    for line, row in _csv_rows(path, ("Body ID", "articleBody")):
        body_id = _text(path, line, row, "Body ID")
        if body_id in bodies:
            raise _fail(path, line, f"duplicate Body ID {body_id!r}; expected unique ids")
        bodies[body_id] = _text(path, line, row, "articleBody", collapse=False)
    if not bodies:
        raise _fail(path, None, "no rows; expected at least one article body")
    return bodies


def _fnc1_stance(bodies: Mapping[str, str], bodies_name: str) -> Parser[StanceExample]:
    """Return a parser for FNC-1/ARC stance rows that joins each Body ID against `bodies`."""

    def parse(path: Path, line: int, row: Record) -> StanceExample:
        body_id = _text(path, line, row, "Body ID")
        if body_id not in bodies:
            raise _fail(path, line, f"unknown Body ID {body_id!r}; expected an id in {bodies_name}")
        stance = _choice(path, line, row, "Stance", _STANCE_LABELS)
        return StanceExample(_text(path, line, row, "Headline"), bodies[body_id], stance, body_id)

    return parse


def _article(path: Path, line: int, row: Record) -> ArticleExample:
    """Parse an article row with text, label 0/1 and an optional id."""
    label = _choice(path, line, row, "label", _ARTICLE_LABELS)
    text = _text(path, line, row, "text", collapse=False)
    return ArticleExample(text, label, _optional(row.get("id")))


_EMERGENT_COLUMNS = ("claimId", "claimHeadline", "articleHeadline", "articleHeadlineStance")
_CLAIM_READERS: dict[str, tuple[tuple[str, ...], Parser[ClaimExample]]] = {
    "jsonl": (("text",), partial(_generic_claim, source="jsonl")),
    "csv": (("text",), partial(_generic_claim, source="csv")),
    "conll2010": (("text", "label"), _conll_claim),
    "pei-jurgens": ((), _pei_claim),
    "emergent": (_EMERGENT_COLUMNS, _emergent_claim),
}
_STANCE_READERS: dict[str, tuple[tuple[str, ...], Parser[StanceExample]]] = {
    "jsonl": (("claim", "body", "stance"), _generic_stance),
    "csv": (("claim", "body", "stance"), _generic_stance),
    "emergent": (_EMERGENT_COLUMNS[1:], _emergent_stance),
}


def guess_format(path: str | Path) -> str:
    """Return "jsonl" or "csv" from the file extension; anything else is an error."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".csv"):
        return suffix[1:]
    expected = "expected .jsonl or .csv, or pass format="
    raise _fail(Path(path), None, f"cannot guess format from extension {suffix!r}; {expected}")


def _resolve(path: Path, format: str | None, allowed: Sequence[str]) -> str:
    """Return the given format if allowed, else guess it from the extension."""
    fmt = guess_format(path) if format is None else format
    if fmt not in allowed:
        raise _fail(path, None, f"unknown format {fmt!r}; expected one of {', '.join(allowed)}")
    return fmt


def read_claims(path: str | Path, *, format: str | None = None) -> list[ClaimExample]:
    """Read certainty-labelled claims; in jsonl/csv, label 1 or "uncertain" means uncertain."""
    path = Path(path)
    fmt = _resolve(path, format, CLAIM_FORMATS)
    required, parse = _CLAIM_READERS[fmt]
    return _collect(path, fmt, required, parse)


def read_aspects(path: str | Path) -> list[AspectExample]:
    """Read Pei & Jurgens aspect-level certainty (JSONL with finding, split and
    aspect-level-certainty)."""
    return _collect(Path(path), "pei-jurgens", (), _pei_aspect)


def read_stance(
    path: str | Path, *, format: str | None = None, bodies: str | Path | None = None
) -> list[StanceExample]:
    """Read claim-body stance pairs; `bodies` is required by, and implies, format "fnc1"."""
    path = Path(path)
    default = "fnc1" if bodies is not None else None
    fmt = _resolve(path, format or default, STANCE_FORMATS)
    if (fmt == "fnc1") != (bodies is not None):
        problem = f"format {fmt!r} with bodies={bodies!r}"
        raise _fail(path, None, f"{problem}; expected bodies= exactly when the format is fnc1")
    if bodies is not None:
        parse = _fnc1_stance(_read_bodies(Path(bodies)), Path(bodies).name)
        return _collect(path, fmt, ("Headline", "Body ID", "Stance"), parse)
    required, parse_row = _STANCE_READERS[fmt]
    return _collect(path, fmt, required, parse_row)


def read_articles(path: str | Path, *, format: str | None = None) -> list[ArticleExample]:
    """Read labelled articles (text, label 0/1, optional id) from jsonl or csv."""
    path = Path(path)
    return _collect(path, _resolve(path, format, ARTICLE_FORMATS), ("text", "label"), _article)


def carve_dev(
    n: int, *, fraction: float = 0.2, groups: Sequence[Any] | None = None, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return sorted (train, dev) index arrays over range(n); whole groups go to one side."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be in (0, 1), got {fraction!r}")
    if n < 2:
        raise TrainingDataError(f"cannot carve a dev split from {n} examples; expected at least 2")
    if groups is None:
        order = np.random.default_rng(seed).permutation(n)
        n_dev = min(n - 1, max(1, round(n * fraction)))
        return np.sort(order[n_dev:]), np.sort(order[:n_dev])
    if len(groups) != n or any(group is None for group in groups):
        raise ValueError(f"groups must hold one non-None key per example ({n}), got {groups!r:.80}")
    keys = np.asarray(groups)
    if len(np.unique(keys)) < 2:
        raise TrainingDataError("cannot carve a dev split from 1 group; expected at least 2 groups")
    splitter = GroupShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
    train, dev = next(splitter.split(np.zeros((n, 1)), groups=keys))
    return np.sort(train), np.sort(dev)
