"""Stories with known outcomes (stories/train.csv's format) and FNC-1's headlines by claim.

A stories file is a CSV with one row per (claim, article body): ``claim_id``, ``claim`` (the
claim's text), ``truth`` (``true``, ``false`` or ``unknown``) and ``body_id`` (a ``Body ID`` of
an FNC-1-style bodies CSV with ``Body ID`` and ``articleBody``). A story is a claim with all its
bodies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from credscore.training.datasets import (
    StanceExample,
    _choice,
    _csv_rows,
    _fail,
    _read_bodies,
    _text,
)

__all__ = [
    "STORY_COLUMNS",
    "TRUTHS",
    "Story",
    "fnc1_headline_claims",
    "read_stories",
    "related_headlines",
]

STORY_COLUMNS = ("claim_id", "claim", "truth", "body_id")
TRUTHS = ("true", "false", "unknown")
_LABELS = {"true": 1, "false": 0, "unknown": None}


@dataclass(frozen=True)
class Story:
    """A claim, its settled truth (1 true, 0 false, None unknown) and the bodies reporting it."""

    claim_id: str
    claim: str
    label: int | None
    body_ids: tuple[str, ...]
    line: int  # the line of its first row in the stories file



class _Row(NamedTuple):
    """One row of a stories file: its line, claim, truth label and body."""

    line: int
    claim: str
    label: int | None
    body_id: str

def read_stories(path: str | Path, bodies: str | Path) -> tuple[list[Story], dict[str, str]]:
    """The stories of ``path`` and the bodies they use (Body ID -> text) from ``bodies``.

    Every row needs a claim, a truth of :data:`TRUTHS` and a body id found in ``bodies``; the
    rows of one claim id must agree on claim and truth. Errors name the file and line.
    """
    path = Path(path)
    texts = _read_bodies(Path(bodies))
    rows: dict[str, list[_Row]] = defaultdict(list)
    for line, row in _csv_rows(path, STORY_COLUMNS):
        claim_id = _text(path, line, row, "claim_id")
        claim = _text(path, line, row, "claim")
        label = _choice(path, line, row, "truth", _LABELS)
        body_id = (row.get("body_id") or "").strip()
        if not body_id:
            raise _fail(
                path,
                line,
                f"story {claim_id!r} has no body_id (an empty story); give the "
                "Body ID of an article that reports the claim, or drop the row",
            )
        if body_id not in texts:
            raise _fail(
                path,
                line,
                f"body_id {body_id!r} is not in {Path(bodies).name}; give the "
                "bodies file that holds it",
            )
        first = rows[claim_id][0] if rows[claim_id] else None
        if first and (first.claim, first.label) != (claim, label):
            raise _fail(
                path,
                line,
                f"story {claim_id!r} has another claim or truth than on line "
                f"{first.line}; give each claim_id one claim and one truth",
            )
        rows[claim_id].append(_Row(line, claim, label, body_id))
    if not rows:
        raise _fail(path, None, "no rows; expected claim_id, claim, truth, body_id rows")
    stories = [
        Story(cid, r[0].claim, r[0].label, tuple(dict.fromkeys(x.body_id for x in r)), r[0].line)
        for cid, r in rows.items()
    ]
    used = {b for s in stories for b in s.body_ids}
    return stories, {b: t for b, t in texts.items() if b in used}


def related_headlines(pairs: Iterable[StanceExample]) -> dict[str, set[str]]:
    """Body ID -> the headlines FNC-1 pairs with it as related (agree, disagree or discuss)."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in pairs:
        if e.stance != "unrelated" and e.body_id is not None:
            out[e.body_id].add(e.claim)
    return out


def fnc1_headline_claims(
    pairs: Sequence[StanceExample], stories: Sequence[Story]
) -> dict[str, str]:
    """Headline -> claim id, for FNC-1 headlines whose related bodies belong to a story.

    FNC-1's headlines are the headlines of Emergent's articles about a claim, and its related
    pairs join them to bodies about the same claim, so a headline belongs to the claim that
    most of its related bodies report (the first story's on a tie).
    """
    claim_of_body = {b: s.claim_id for s in stories for b in s.body_ids}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for body, headlines in related_headlines(pairs).items():
        if body in claim_of_body:
            for headline in headlines:
                votes[headline][claim_of_body[body]] += 1
    return {h: v.most_common(1)[0][0] for h, v in votes.items()}


def held_out_pairs(
    pairs: Sequence[StanceExample], held_out: Sequence[Story], headline_claims: Mapping[str, str]
) -> list[bool]:
    """Whether each pair touches the held-out stories: their bodies, or a headline of theirs
    (by ``headline_claims``, or paired as related with one of their bodies)."""
    bodies = {b for s in held_out for b in s.body_ids}
    claims = {s.claim_id for s in held_out}
    touched = {h for b, hs in related_headlines(pairs).items() if b in bodies for h in hs}
    return [
        e.body_id in bodies or e.claim in touched or headline_claims.get(e.claim) in claims
        for e in pairs
    ]
