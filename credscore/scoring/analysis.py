"""One article's analysis: its claims with cues and attribution, its sources, and its scores.

The article scores are documented formulas over what the extractors and the claim model found
(README, "Scores"):

- ``claim_confidence``: mean confidence of the claims (0.5 when there are none).
- ``hedging``: share of claims that carry at least one hedge cue (1 = every claim hedged); a
  cue in the text, unlike a claim's ``speculative``, which is the claim model's confidence
  below the bundle's claim threshold.
- ``attribution``: share of claims carried by an attribution relation (someone says it).
- ``sourcing``: mean on-record weight of the sources behind the attributions
  (``SOURCE_WEIGHTS``), times a diversity factor ``1 - 0.5 ** distinct_sources``.
- ``credibility``: 0.4 sourcing + 0.4 attribution + 0.2 claim_confidence; with a story,
  0.3 sourcing + 0.3 attribution + 0.1 claim_confidence + 0.3 corroboration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from credscore.features.attribution import ResolvedAttribution
from credscore.features.hedging import CueMatch, sentence_cues
from credscore.features.sourcing import Source, source_inventory
from credscore.scoring.attribution import AttributionModel, extract_attributions_many
from credscore.scoring.claims import is_claim
from credscore.scoring.report import Attribution, Claim, Cue, Scores
from credscore.segment import is_reporting_note
from credscore.text import Article, Sentence

__all__ = [
    "SOURCE_WEIGHTS",
    "Analysis",
    "analyze",
    "analyze_many",
    "article_scores",
    "attributions",
    "build",
    "link_attributions",
    "with_corroboration",
]

#: How much a source of each kind counts as on the record (named and documented sources most).
SOURCE_WEIGHTS = {
    "named_person": 1.0,
    "document": 0.9,
    "expert": 0.9,
    "organization": 0.8,
    "news_agency": 0.7,
    "anonymous": 0.4,
    "state_media": 0.2,
}


@dataclass(frozen=True)
class Analysis:
    """What the extractors found in one article, before the claim model scores it."""

    article: Article
    sentences: tuple[Sentence, ...]  # the claim sentences
    relations: tuple[ResolvedAttribution, ...]
    sources: tuple[Source, ...]

    def claim_texts(self) -> list[str]:
        """The text of each claim sentence, for the claim model."""
        return [self.article.text[s.start : s.end] for s in self.sentences]


def analyze(article: Article, attribution: AttributionModel | None = None) -> Analysis:
    """Find the claims, attribution relations and sources of ``article``.

    ``attribution`` is a learned attribution model merged with the rules; None: rules alone.
    A relation whose cue is in a note on the reporting ("X declined to comment") is left out:
    its "source" said nothing.
    """
    return analyze_many([article], attribution)[0]


def analyze_many(
    articles: Sequence[Article], attribution: AttributionModel | None = None
) -> list[Analysis]:
    """:func:`analyze` of each article, the learned attribution's taggers run once over all."""
    found = extract_attributions_many(articles, attribution)
    return [_analysis(a, relations) for a, relations in zip(articles, found, strict=True)]


def _analysis(article: Article, found: Sequence[ResolvedAttribution]) -> Analysis:
    """The analysis of ``article`` given its attribution relations ``found``."""
    text = article.text
    sentences = tuple(s for s in article.sentences if is_claim(text[s.start : s.end]))
    claims = set(sentences)
    notes = [  # a note is never a claim: only the few other sentences need the test
        s
        for s in article.sentences
        if s not in claims and is_reporting_note(text[s.start : s.end].strip())
    ]
    relations = tuple(  # "X did not respond to a request for comment": X says nothing
        r for r in found if not any(s.start <= r.cue[0] < s.end for s in notes)
    )
    sources = tuple(source_inventory(article, relations))
    return Analysis(article, sentences, relations, sources)


def link_attributions(
    sentences: Sequence[Sentence], relations: Sequence[ResolvedAttribution]
) -> list[int | None]:
    """For each sentence, the index of the relation whose content overlaps it most, or None; a
    relation with a source beats a sourceless one (an evidential cue such as "appears"), and
    of equals the first wins."""
    if not relations or not sentences:
        return [None] * len(sentences)
    content = np.asarray([r.content for r in relations], dtype=np.int64)
    sourced = np.asarray([r.source is not None for r in relations])
    bounds = np.asarray([(s.start, s.end) for s in sentences], dtype=np.int64)
    overlap = np.minimum(content[:, 1], bounds[:, 1:]) - np.maximum(content[:, 0], bounds[:, :1])
    longest = int(bounds[:, 1].max() - bounds[:, 0].min()) + 1  # beyond any overlap
    key = np.where(overlap > 0, sourced * longest + overlap, 0)
    best = key.argmax(axis=1)
    return [int(i) if key[n, i] > 0 else None for n, i in enumerate(best)]


def _claim(
    analysis: Analysis,
    n: int,
    sentence: Sentence,
    confidence: float,
    attribution: int | None,
    threshold: float,
) -> Claim:
    article = analysis.article
    span = article.span(sentence.start, sentence.end)
    hedges, boosters = sentence_cues(
        article.text, sentence.start, sentence.end, quotes=article.quotes
    )
    return Claim(
        id=f"{article.id}#c{n}",
        text=span.text,
        start=span.start,
        end=span.end,
        confidence=float(confidence),
        speculative=bool(round(float(confidence), 4) < threshold),  # as the JSON shows it
        hedges=tuple(_cue(article, h, h.kind) for h in hedges),
        boosters=tuple(_cue(article, b, None) for b in boosters),
        attribution=attribution,
    )


def _cue(article: Article, cue: CueMatch, kind: str | None) -> Cue:
    span = article.span(cue.start, cue.end)
    return Cue(span.text, span.start, span.end, kind, cue.in_quote)


def _attribution(article: Article, rel: ResolvedAttribution) -> Attribution:
    return Attribution(
        source=article.span(*rel.source) if rel.source else None,
        cue=article.span(*rel.cue),
        content=article.span(*rel.content),
        source_kind=rel.source_kind,
        source_name=rel.source_name,
        direct=rel.direct,
    )


def build(
    analysis: Analysis, confidences: Sequence[float], threshold: float
) -> tuple[tuple[Claim, ...], Scores]:
    """The claims (with their confidences, speculative below ``threshold``) and article scores
    of an analysed article."""
    links = link_attributions(analysis.sentences, analysis.relations)
    claims = tuple(
        _claim(analysis, n, s, c, link, threshold)
        for n, (s, c, link) in enumerate(
            zip(analysis.sentences, confidences, links, strict=True), 1
        )
    )
    return claims, article_scores(claims, analysis.relations, analysis.sources)


def attributions(analysis: Analysis) -> tuple[Attribution, ...]:
    """The article's attribution relations in source offsets."""
    return tuple(_attribution(analysis.article, r) for r in analysis.relations)


def article_scores(
    claims: Sequence[Claim],
    relations: Sequence[ResolvedAttribution],
    sources: Sequence[Source],
    corroboration: float | None = None,
) -> Scores:
    """The article's scores from its claims, relations and sources (formulas in the module doc)."""
    n = len(claims)
    confidence = sum(c.confidence for c in claims) / n if n else 0.5
    hedging = sum(bool(c.hedges) for c in claims) / n if n else 0.0
    attribution = sum(c.attribution is not None for c in claims) / n if n else 0.0
    kinds = [r.source_kind for r in relations if r.source_kind]
    weight = sum(SOURCE_WEIGHTS.get(k, 0.5) for k in kinds) / len(kinds) if kinds else 0.0
    sourcing = weight * (1.0 - 0.5 ** len(sources))
    return Scores(
        credibility=_unit(_credibility(sourcing, attribution, confidence, corroboration)),
        claim_confidence=_unit(confidence),
        attribution=_unit(attribution),
        hedging=_unit(hedging),
        sourcing=_unit(sourcing),
        corroboration=None if corroboration is None else _unit(corroboration),
    )


def with_corroboration(scores: Scores, corroboration: float | None) -> Scores:
    """``scores`` with ``corroboration`` set and ``credibility`` recomputed to match it.

    Examples
    --------
    >>> alone = Scores(0.8, 1.0, 1.0, 0.0, 0.5)
    >>> round(with_corroboration(alone, 0.0).credibility, 4)
    0.55
    """
    credibility = _credibility(
        scores.sourcing, scores.attribution, scores.claim_confidence, corroboration
    )
    return replace(
        scores,
        credibility=_unit(credibility),
        corroboration=None if corroboration is None else _unit(corroboration),
    )


def _credibility(
    sourcing: float, attribution: float, confidence: float, corroboration: float | None
) -> float:
    """The overall score (module doc): with a story, corroboration takes 0.3 of the weight."""
    if corroboration is None:
        return 0.4 * sourcing + 0.4 * attribution + 0.2 * confidence
    return 0.3 * sourcing + 0.3 * attribution + 0.1 * confidence + 0.3 * corroboration


def _unit(x: float) -> float:
    return min(1.0, max(0.0, float(x)))
