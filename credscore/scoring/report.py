"""Result dataclasses: the JSON report of DESIGN.md, each record with its ``to_dict``.

Their renderings (JSON, JSON lines, CSV, the table) are :mod:`credscore.scoring.render`.
"""

from __future__ import annotations

from collections.abc import Mapping
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
