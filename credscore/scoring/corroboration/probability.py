"""P(claim holds) for a story's claim groups, from the corroboration model over their coverage.

Each reported group's claim is read against every article of its story (:mod:`.coverage`),
the coverage becomes a feature row (:mod:`.features`) and the bundle's corroboration model
(:mod:`.model`) gives the group's ``probability``. Each member claim's ``corroboration.score`` is
its group's probability, and an article's ``scores.corroboration`` the mean over its claims in
groups. Without a model they stay None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from credscore.scoring.analysis import with_corroboration
from credscore.scoring.corroboration.coverage import Coverage
from credscore.scoring.corroboration.features import story_features
from credscore.scoring.corroboration.model import predict_holds
from credscore.scoring.report import ArticleReport, StoryReport
from credscore.text import Article

__all__ = ["coverage_probability", "with_probabilities"]


def coverage_probability(
    model: Any, coverage: Coverage, reports: Sequence[ArticleReport]
) -> float | None:
    """The model's P(claim holds) for one claim's coverage; None without a model."""
    if model is None:
        return None
    row = story_features(coverage.to_dict(), {r.id: r for r in reports})
    return float(predict_holds(model, [row])[0])


def with_probabilities(
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    story: StoryReport,
    *,
    model: Any,
    coverages: Sequence[Coverage],
) -> tuple[list[ArticleReport], StoryReport]:
    """The reports and story with each group's ``probability``, each member claim's
    ``corroboration.score`` and each article's ``scores.corroboration`` (module doc);
    ``coverages``: each group's claim read against its story, in the order of the groups (the
    coverage its origins were counted from)."""
    position = {a.id: k for k, a in enumerate(articles)}
    story_of = {a: [position[x] for x in ids] for ids in story.stories for a in ids}
    groups, score_of = [], {}
    for g, coverage in zip(story.groups, coverages, strict=True):
        p = None
        if model is not None:
            members = story_of[g.members[0].rsplit("#", 1)[0]]
            p = coverage_probability(model, coverage, [reports[k] for k in members])
        groups.append(replace(g, probability=None if p is None else round(p, 4)))
        score_of.update(dict.fromkeys(g.members, groups[-1].probability))
    out = [_with_scores(r, score_of) for r in reports]
    return out, replace(story, groups=tuple(groups))


def _with_scores(report: ArticleReport, score_of: dict[str, float | None]) -> ArticleReport:
    """The report with its claims' scores set from their groups, and their mean as the
    article's corroboration."""
    claims = tuple(
        replace(c, corroboration=replace(c.corroboration, score=score_of.get(c.id)))
        if c.corroboration is not None
        else c
        for c in report.claims
    )
    scores = [c.corroboration.score for c in claims if c.corroboration is not None]
    known = [s for s in scores if s is not None]
    mean = float(np.mean(known)) if known else None
    return replace(report, claims=claims, scores=with_corroboration(report.scores, mean))
