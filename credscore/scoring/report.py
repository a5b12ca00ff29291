"""Result dataclasses (the JSON report of DESIGN.md) and their JSON, CSV and table renderings."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from credscore.text import Dropped, Span

if TYPE_CHECKING:  # the sources are the feature layer's records, as they are
    from credscore.features.sourcing import Source

__all__ = [
    "ArticleReport",
    "Attribution",
    "Claim",
    "ClaimCorroboration",
    "Cue",
    "Scores",
    "StoryCopy",
    "StoryGroup",
    "StoryOrigin",
    "StoryReport",
    "render_coverage",
    "render_csv",
    "render_json",
    "render_jsonl_line",
    "render_table",
]

SCORE_NAMES = (
    "credibility",
    "claim_confidence",
    "attribution",
    "hedging",
    "sourcing",
    "corroboration",
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A hedge (with ``kind`` and ``in_quote``) or a booster (``kind`` None) in a claim."""

    text: str
    start: int
    end: int
    kind: str | None = None
    in_quote: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Hedges carry kind and in_quote; boosters only text and offsets."""
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.kind is not None:
            out.update(kind=self.kind, in_quote=self.in_quote)
        return out


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says what: source, cue and content spans in source offsets."""

    source: Span | None
    cue: Span
    content: Span
    source_kind: str | None
    source_name: str | None
    direct: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md's Attribution."""
        return {
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "source_kind": self.source_kind,
            "source_name": self.source_name,
            "direct": self.direct,
        }


@dataclass(frozen=True, slots=True)
class ClaimCorroboration:
    """A claim's backing in its story: its group's P(claim holds) (None without a corroboration
    model), its group's independent origins, and the ids of the claims of other origins that
    agree with it, disagree or discuss it."""

    score: float | None
    independent_origins: int
    agree: tuple[str, ...]
    disagree: tuple[str, ...]
    discuss: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"score", "independent_origins", "agree", "disagree", "discuss"}``."""
        return {
            "score": self.score,
            "independent_origins": self.independent_origins,
            "agree": list(self.agree),
            "disagree": list(self.disagree),
            "discuss": list(self.discuss),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim sentence, how firmly it is asserted, its cues and who carries it.

    ``speculative`` is ``confidence`` below the bundle's claim threshold
    (:attr:`credscore.Scorer.claim_threshold`).
    """

    id: str
    text: str
    start: int
    end: int
    confidence: float
    speculative: bool = False
    hedges: tuple[Cue, ...] = ()
    boosters: tuple[Cue, ...] = ()
    attribution: int | None = None
    corroboration: ClaimCorroboration | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md's Claim."""
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 4),
            "speculative": self.speculative,
            "hedges": [h.to_dict() for h in self.hedges],
            "boosters": [b.to_dict() for b in self.boosters],
            "attribution": self.attribution,
            "corroboration": self.corroboration.to_dict() if self.corroboration else None,
        }


@dataclass(frozen=True, slots=True)
class Scores:
    """The article's scores, each in [0, 1] (corroboration None outside a story)."""

    credibility: float
    claim_confidence: float
    attribution: float
    hedging: float
    sourcing: float
    corroboration: float | None = None

    def to_dict(self) -> dict[str, float | None]:
        return {k: (None if v is None else round(v, 4)) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ArticleReport:
    """Everything credscore found in one article (DESIGN.md's ArticleReport)."""

    id: str
    title: str | None
    outlet: str | None
    wire: str | None
    scores: Scores
    sources: tuple[Source, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    copy_of: str | None = None
    dateline: Span | None = None
    text: str | None = None  # the main text of an HTML page, which the offsets point into

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, field for field as DESIGN.md specifies, with ``dateline`` and, for
        an HTML page, ``text``."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "wire": self.wire,
            "copy_of": self.copy_of,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "scores": self.scores.to_dict(),
            "sources": [asdict(s) for s in self.sources],
            "attributions": [a.to_dict() for a in self.attributions],
            "claims": [c.to_dict() for c in self.claims],
            "dropped": [asdict(d) for d in self.dropped],
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class StoryCopy:
    """An article of a copy family in a story: the article it copies (None: the original), the
    wire it credits and how similar it is to the original."""

    article: str
    copy_of: str | None
    wire: str | None
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        """``{"article", "copy_of", "wire", "similarity"}``."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoryOrigin:
    """An independent origin of a claim group: who, of what kind, its stance on the claim
    ("for", "against" or "neutral"), the channel it reached the articles through, and the
    articles that carry it."""

    name: str
    kind: str
    stance: str
    channel: str | None
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "kind", "stance", "channel", "articles"}``."""
        return {
            "name": self.name,
            "kind": self.kind,
            "stance": self.stance,
            "channel": self.channel,
            "articles": list(self.articles),
        }


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One claim across a story's articles: its text, its member claims' ids, the articles
    whose evidence was read, its origins and how many are for, against and neutral, and the
    corroboration model's P(claim holds) (None without one)."""

    claim: str
    members: tuple[str, ...]
    articles: tuple[str, ...]
    origins: tuple[StoryOrigin, ...]
    independent_origins: Mapping[str, int]
    probability: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"claim", "members", "articles", "origins", "independent_origins",
        "probability"}``."""
        return {
            "claim": self.claim,
            "members": list(self.members),
            "articles": list(self.articles),
            "origins": [o.to_dict() for o in self.origins],
            "independent_origins": dict(self.independent_origins),
            "probability": self.probability,
        }


@dataclass(frozen=True)
class StoryReport:
    """Claim groups across the articles of a batch's stories, and the copies among them.

    ``groups``: a :class:`StoryGroup` each, its origins :class:`StoryOrigin` records and
    ``independent_origins`` ``{"for", "against", "neutral"}`` counts; ``copies``: a
    :class:`StoryCopy` each (an original is listed with ``copy_of`` None); ``stories``: the
    article ids of each story of two or more articles; ``stance``: ``"model"`` when the
    bundle's stance model judged some of the stances, ``"rules"`` when the rules judged them
    all.
    """

    groups: tuple[StoryGroup, ...] = field(default_factory=tuple)
    copies: tuple[StoryCopy, ...] = field(default_factory=tuple)
    stories: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    stance: str = "rules"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, exactly DESIGN.md's StoryReport (``stories`` and ``stance`` feed the
        table only: each group already names its articles)."""
        return {
            "groups": [g.to_dict() for g in self.groups],
            "copies": [c.to_dict() for c in self.copies],
        }


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
