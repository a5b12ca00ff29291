"""The reports as JSON, JSON lines, CSV and a human-readable table (the HTML page: html.py)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from credscore.scoring.report import SCORE_NAMES, ArticleReport, Claim, StoryGroup, StoryReport

__all__ = [
    "CSV_COLUMNS",
    "origin_counts",
    "render_coverage",
    "render_csv",
    "render_json",
    "render_jsonl_line",
    "render_table",
]


def render_json(
    reports: Sequence[ArticleReport], story: StoryReport | None, model: dict[str, str]
) -> str:
    """The one JSON document of ``--format json``."""
    doc = {
        "model": model,
        "articles": [r.to_dict() for r in reports],
        "story": story.to_dict() if story else None,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def render_jsonl_line(report: ArticleReport) -> str:
    """One ArticleReport as a JSON line (``--format jsonl``)."""
    return json.dumps(report.to_dict(), ensure_ascii=False)


CSV_COLUMNS = (
    "id",
    "title",
    "outlet",
    "wire",
    "copy_of",
    *SCORE_NAMES,
    "claims",
    "speculative",
    "sources",
)


def render_csv(reports: Iterable[ArticleReport]) -> str:
    """One CSV row of scores per article, with a header; ``speculative`` counts its speculative
    claims."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in reports:
        scores = r.scores.to_dict()
        meta = [r.id, r.title or "", r.outlet or "", r.wire or "", r.copy_of or ""]
        values = ["" if scores[name] is None else f"{scores[name]:.4f}" for name in SCORE_NAMES]
        speculative = sum(c.speculative for c in r.claims)
        writer.writerow([*meta, *values, len(r.claims), speculative, len(r.sources)])
    return buffer.getvalue()


def _bar(value: float | None, width: int = 10) -> str:
    if value is None:
        return "-".ljust(width + 6)
    filled = round(value * width)
    return "█" * filled + "·" * (width - filled) + f" {value:.2f}"


def _render_article(r: ArticleReport, width: int, most: int) -> list[str]:
    lines = [f"{r.id}" + (f" — {r.title}" if r.title else "")]
    details = [f"outlet {r.outlet}"] if r.outlet else []
    details += [f"wire {r.wire}"] if r.wire else []
    details += [f"copy of {r.copy_of}"] if r.copy_of else []
    speculative = sum(c.speculative for c in r.claims)
    details += [
        f"{len(r.claims)} claims ({speculative} speculative), {len(r.sources)} sources, "
        f"{len(r.dropped)} lines dropped"
    ]
    lines.append("  " + "; ".join(details))
    for name in SCORE_NAMES:
        lines.append(f"  {name:<17}{_bar(getattr(r.scores, name))}")
    if r.sources:
        lines.append("  sources:")
        for s in r.sources:
            role = f", {s.role}" if s.role else ""
            owner = f" of {s.affiliation}" if s.affiliation else ""
            name = textwrap.shorten(s.name, width=60, placeholder=" …")
            lines.append(f"    {name} ({s.kind}{owner}{role}) ×{s.mentions}")
    ranked = sorted(r.claims, key=lambda c: c.confidence)
    if ranked:
        lines.append("  most hedged claims:")
        lines += _claim_lines(ranked[:most], r, width)
        lines.append("  firmest claims:")
        lines += _claim_lines(ranked[::-1][:most], r, width)
    return lines


def _claim_lines(claims: Iterable[Claim], r: ArticleReport, width: int) -> list[str]:
    out = []
    for c in claims:
        who = ""
        if c.attribution is not None:
            a = r.attributions[c.attribution]
            who = f" [{a.source_name or (a.source.text if a.source else '?')}]"
        notes = ["speculative"] if c.speculative else []
        if c.hedges:
            notes.append("hedges: " + ", ".join(h.text for h in c.hedges))
        note = f" ({'; '.join(notes)})" if notes else ""
        text = textwrap.shorten(c.text, width=max(40, width - 20), placeholder=" …")
        out.append(f"    {c.confidence:.2f}  {text}{who}{note}")
    return out


def render_table(
    reports: Sequence[ArticleReport],
    story: StoryReport | None = None,
    *,
    width: int = 100,
    most: int = 3,
) -> str:
    """A human-readable summary: scores as bars, sources, the most hedged and firmest claims.

    With a story, a last block lists its articles, its copies and its claim groups by
    corroboration (the ``most`` best and least when there are more than ``2 * most``).
    """
    blocks = ["\n".join(_render_article(r, width, most)) for r in reports]
    if story is not None and (story.groups or story.copies):
        blocks.append(_render_story(story, width, most))
    return "\n\n".join(blocks) + "\n"


def _render_story(story: StoryReport, width: int, most: int = 3) -> str:
    stories = "; ".join(", ".join(s) for s in story.stories)
    lines = [f"stories: {stories}" if stories else "stories:"]
    copies = [c for c in story.copies if c.copy_of]
    if copies:
        lines.append("  copies:")
        for c in copies:
            wire = f", wire {c.wire}" if c.wire else ""
            similarity = f"(similarity {c.similarity:.2f})"
            lines.append(f"    {c.article} copies {c.copy_of}{wire} {similarity}")
    ranked = sorted(story.groups, key=_group_rank)
    note = "" if story.stance == "model" else " (stances from the rules)"
    if 0 < len(ranked) <= 2 * most:
        lines.append(f"  claims, best-corroborated first{note}:")
        lines += _group_lines(ranked, width)
    elif ranked:
        lines.append(f"  best-corroborated claims{note}:")
        lines += _group_lines(ranked[:most], width)
        lines.append("  least-corroborated claims:")
        lines += _group_lines(ranked[::-1][:most], width)
    return "\n".join(lines)


def _group_rank(g: StoryGroup) -> tuple[float, int, str]:
    """Most likely to hold first (groups without a probability last), then most origins."""
    p = g.probability
    return (-(p if p is not None else -1.0), -len(g.origins), g.members[0])


def origin_counts(counts: Mapping[str, int]) -> str:
    """``{"for": 3, "against": 1, "neutral": 0}`` as "3 for, 1 against, 0 neutral"."""
    return ", ".join(f"{counts[s]} {s}" for s in ("for", "against", "neutral"))


def _group_lines(groups: Iterable[StoryGroup], width: int) -> list[str]:
    out = []
    for g in groups:
        origins = ", ".join(f"{o.name} ({o.stance})" for o in g.origins)
        count = f"independent origins {origin_counts(g.independent_origins)}"
        text = textwrap.shorten(g.claim, width=max(40, width - 20), placeholder=" …")
        p = g.probability
        out.append(f"    {'  - ' if p is None else f'{p:.2f}'}  {text}")
        tail = f"{count} in {len(g.articles)} articles: {origins}"
        out.append(
            "          " + textwrap.shorten(tail, width=max(40, width - 10), placeholder=" …")
        )
    return out


def render_coverage(view: dict[str, Any], *, width: int = 100) -> str:
    """One claim against its coverage (:meth:`Scorer.corroborate_claim`) for people: P(holds),
    then the origins for, against and neutral, each with the sentences that carry it."""
    p = view.get("probability")
    counts = view["independent_origins"]
    lines = [
        "claim: " + textwrap.shorten(view["claim"], width=max(40, width - 7), placeholder=" …"),
        "P(holds): " + ("- (the bundle has no corroboration model)" if p is None else f"{p:.2f}"),
        f"independent origins: {origin_counts(counts)}, in {len(view['articles'])} articles",
    ]
    for stance in ("for", "against", "neutral"):
        origins = [o for o in view["origins"] if o["stance"] == stance]
        if not origins:
            continue
        lines.append(f"{stance}:")
        for o in origins:
            via = f" via {o['channel']}" if o.get("channel") else ""
            lines.append(f"  {o['name']} ({o['kind']}){via}")
            for e in o["evidence"]:
                where = e["claim"] or e["article"]
                text = textwrap.shorten(
                    e["text"] or "(the article as a whole)",
                    width=max(40, width - 8 - len(where)),
                    placeholder=" …",
                )
                lines.append(f"    [{where}] {text}")
    lines.append("articles:")
    for a in view["articles"]:
        proba = ", ".join(f"{s} {v:.2f}" for s, v in a["stance_proba"].items())
        copy = f", copy of {a['copy_of']}" if a.get("copy_of") else ""
        lines.append(f"  {a['id']}: {a['stance']} ({proba}){copy}")
    return "\n".join(lines) + "\n"
