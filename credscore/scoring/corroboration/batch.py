"""Corroboration of a batch: stories, copies, then each story's groups, stances and scores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np

from credscore.scoring.corroboration.copies import Copies, article_body, find_copies
from credscore.scoring.corroboration.coverage import Coverage, claim_coverage, memoized
from credscore.scoring.corroboration.groups import ARTICLE, STATEMENT, Requests, plan_story
from credscore.scoring.corroboration.probability import with_probabilities
from credscore.scoring.corroboration.stance_rules import STANCES, StanceFn, rule_stance_proba
from credscore.scoring.corroboration.stories import find_stories
from credscore.scoring.report import (
    ArticleReport,
    ClaimCorroboration,
    StoryCopy,
    StoryGroup,
    StoryReport,
)
from credscore.text import Article

__all__ = ["corroborate"]


def corroborate(
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    *,
    stance: StanceFn | None = None,
    statement_stance: StanceFn | None = None,
    model: Any = None,
) -> tuple[list[ArticleReport], StoryReport]:
    """Stories, copies, claim groups and corroboration for a batch of scored articles.

    Parameters
    ----------
    articles : sequence of Article
        The parsed articles, in batch order.
    reports : sequence of ArticleReport
        Their reports (as :meth:`Scorer.score_articles` returns them), in the same order.
    stance : callable, optional
        ``stance(claims, bodies) -> array (n, 4)`` in :data:`STANCES` order for what articles
        say in their own voice (bodies are whole article bodies), e.g. the stance model's
        ``predict_stance_proba`` bound to the model; None uses the rule-based fallback
        :func:`rule_stance_proba`.
    statement_stance : callable, optional
        The same for what a source is quoted as saying (bodies are single statements); None
        uses :func:`rule_stance_proba`, which reads the statement's own polarity (package doc).
    model : fitted pipeline, optional
        The corroboration model (:mod:`.model`) that gives each group's ``probability``, each
        member claim's ``corroboration.score`` and each article's ``scores.corroboration``
        (:mod:`.probability`); without one they are None.

    Returns
    -------
    (list of ArticleReport, StoryReport)
        The reports with ``copy_of``, ``wire``, claim ``corroboration`` and scores filled in,
        and the story report of the batch.
    """
    if len(articles) != len(reports):
        raise ValueError(
            f"got {len(articles)} articles but {len(reports)} reports; give one report each"
        )
    stance_fn = stance or rule_stance_proba
    stance_fns = {ARTICLE: stance_fn, STATEMENT: statement_stance or rule_stance_proba}
    stories = find_stories([f"{a.title or ''}\n{article_body(a)}" for a in articles])
    copies = find_copies(articles, stories)
    story_groups = [g for g in stories.groups() if len(g) > 1]
    plans = [plan_story(g, articles, reports, copies) for g in story_groups]
    requests: Requests = {}
    for plan in plans:
        plan.request(requests, articles)
    labels = _run_stances(stance_fns, list(requests))
    article_stance, statement = memoized(stance_fn), memoized(stance_fns[STATEMENT])
    claim_info: dict[tuple[int, int], ClaimCorroboration] = {}  # (article, claim index) -> view
    found: list[tuple[StoryGroup, Coverage]] = []
    for g, plan in zip(story_groups, plans, strict=True):
        cover = partial(claim_coverage, indices=g, articles=articles, reports=reports,
                        copies=copies, stance=article_stance, statement_stance=statement,
                        origins=plan.origins)  # fmt: skip
        found += plan.finish(requests, labels, claim_info, articles, cover)
    out = [_update(r, k, copies, articles, claim_info) for k, r in enumerate(reports)]
    story = StoryReport(
        groups=tuple(entry for entry, _ in found),
        copies=tuple(_copy_entries(story_groups, articles, copies)),
        stories=tuple(tuple(articles[k].id for k in g) for g in story_groups),
        stance=_judged_by(stance_fns, list(requests)),
    )
    return with_probabilities(
        articles,
        out,
        story,
        model=model,
        coverages=[coverage for _, coverage in found],
    )


def _judged_by(stance_fns: dict[str, StanceFn], requests: list[tuple[str, str, str]]) -> str:
    """``"model"`` when a stance model judged some of the requests, else ``"rules"``."""
    kinds = {kind for _, _, kind in requests}
    used = any(stance_fns[kind] is not rule_stance_proba for kind in kinds)
    return "model" if used else "rules"


def _run_stances(
    stance_fns: dict[str, StanceFn], requests: list[tuple[str, str, str]]
) -> list[str]:
    """The stance label of each (claim, body, kind) request, by the stance callable of its kind."""
    labels = [""] * len(requests)
    for kind, fn in stance_fns.items():
        index = [n for n, request in enumerate(requests) if request[2] == kind]
        found = _run_stance(fn, [requests[n][:2] for n in index])
        for n, label in zip(index, found, strict=True):
            labels[n] = label
    return labels


def _run_stance(stance_fn: StanceFn, pairs: list[tuple[str, str]]) -> list[str]:
    """The stance label of each (claim, body) pair; refuses probabilities of the wrong shape."""
    if not pairs:
        return []
    proba = np.asarray(stance_fn([c for c, _ in pairs], [b for _, b in pairs]))
    if proba.shape != (len(pairs), len(STANCES)):
        raise ValueError(
            f"the stance model returned shape {proba.shape}; expected ({len(pairs)}, 4) "
            f"probabilities in the order {STANCES}"
        )
    return [STANCES[k] for k in proba.argmax(axis=1)]


def _update(
    report: ArticleReport,
    k: int,
    copies: Copies,
    articles: Sequence[Article],
    claim_info: dict[tuple[int, int], ClaimCorroboration],
) -> ArticleReport:
    """Article ``k``'s report with its claim views, copy and wire."""
    views = [claim_info.get((k, n)) for n in range(len(report.claims))]
    claims = tuple(
        c if view is None else replace(c, corroboration=view)
        for c, view in zip(report.claims, views, strict=True)
    )
    original = int(copies.root[k])
    return replace(
        report,
        claims=claims,
        copy_of=articles[original].id if original != k else None,
        wire=copies.wire[k],
    )


def _copy_entries(
    story_groups: Sequence[Sequence[int]], articles: Sequence[Article], copies: Copies
) -> Iterable[StoryCopy]:
    """The story report's copy entries: every article of a copy family with two or more."""
    for members in story_groups:
        for k in members:
            original = int(copies.root[k])
            if original == k and not any(int(copies.root[m]) == k for m in members if m != k):
                continue
            yield StoryCopy(
                article=articles[k].id,
                copy_of=articles[original].id if original != k else None,
                wire=copies.wire[k],
                similarity=round(float(copies.similarity[k]), 4),
            )
