"""The Scorer: a loaded model bundle that scores articles, one or many."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from credscore.errors import InputError, ModelError
from credscore.inputs import Record, text_id, to_article
from credscore.scoring import analysis as _analysis
from credscore.scoring import corroboration as _corroboration
from credscore.scoring.bundle import Bundle, bundle_claim_threshold, load_bundle
from credscore.scoring.claims import predict_confidence
from credscore.scoring.credibility import predict_credibility
from credscore.scoring.report import ArticleReport, StoryReport
from credscore.scoring.stance import (
    BODIES,
    BOTH,
    STANCE_TRAINED_ON,
    STATEMENTS,
    predict_stance_proba,
)
from credscore.scoring.workers import WorkerPool
from credscore.text import Article, parse

__all__ = ["CHUNK", "Record", "Scorer", "load", "to_article"]  # Record, to_article: from inputs

#: articles per claim-model call in :meth:`Scorer.score_articles`: one vectorised call for all
#: their claims, small enough that the claims' cues are still cached when the reports are built
CHUNK = 64


def load(path: str | Path | None = None) -> Scorer:
    """Load a model bundle (the shipped default when ``path`` is None) into a :class:`Scorer`.

    Examples
    --------
    >>> scorer = load()
    >>> report = scorer.score("Officials said the bridge may reopen on Friday.", id="a1")
    >>> report.id, 0.0 <= report.claims[0].confidence <= 1.0
    ('a1', True)
    """
    return Scorer(load_bundle(path))


class Scorer:
    """Scores articles with the models of one bundle; immutable, thread-safe and picklable."""

    __slots__ = ("_bundle",)

    def __init__(self, bundle: Bundle) -> None:
        if bundle.model("claims") is None:
            raise ModelError("the model bundle has no claims model; train one with credscore train")
        object.__setattr__(self, "_bundle", bundle)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Scorer is immutable; load another bundle instead")

    def __getstate__(self) -> Bundle:
        return self._bundle

    def __setstate__(self, bundle: Bundle) -> None:
        object.__setattr__(self, "_bundle", bundle)

    @property
    def card(self) -> dict[str, Any]:
        """The bundle's model card (training data, metrics, versions)."""
        return dict(self._bundle.card)

    @property
    def model_info(self) -> dict[str, str]:
        """``{"name", "version"}`` of the bundle, as reported in JSON output."""
        card = self._bundle.card
        return {"name": str(card.get("name", "unnamed")), "version": str(card.get("version", "?"))}

    def claim_confidence(self, sentences: Sequence[str]) -> np.ndarray:
        """How firmly each sentence asserts its claim, in [0, 1] (1 = stated as fact)."""
        return predict_confidence(self._bundle.model("claims"), list(sentences))

    @property
    def claim_threshold(self) -> float:
        """The cut below which a claim is speculative (its ``confidence`` is below it).

        Learnt with the claim model, on training data only, where the cross-validated F1 of
        the uncertain class peaks; 0.5 for a bundle saved before credscore learnt one.
        """
        return bundle_claim_threshold(self._bundle)

    @property
    def stance_source(self) -> str:
        """``"model"`` when the bundle holds a stance model, else ``"rules"``."""
        return "model" if self._bundle.model("stance") is not None else "rules"

    @property
    def stance_trained_on(self) -> str | None:
        """What the bundle's stance model was trained on: ``"bodies"`` (article bodies, the
        model reads bodies), ``"statements"`` (it reads statements) or ``"both"``; None
        without a stance model. Bundles whose card does not say were trained on bodies."""
        if self._bundle.model("stance") is None:
            return None
        return str(self._bundle.card.get(STANCE_TRAINED_ON, BODIES))

    def stance_proba(self, claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """Stance of each body toward its claim: array (n, 4) in ``STANCES`` order.

        Columns are ("agree", "disagree", "discuss", "unrelated"). An article body (more than
        three sentences) is read by the bundle's stance model when it was trained on bodies,
        and a statement (a sentence or quote) when it was trained on statements (see
        :attr:`stance_trained_on`); the rest by the statement rules
        (:func:`credscore.scoring.corroboration.rule_stance_proba`), which read what a statement
        itself asserts (README, "Stances").
        """
        if len(claims) != len(bodies):
            raise InputError(
                f"got {len(claims)} claims but {len(bodies)} bodies; give one body per claim"
            )
        claims, bodies = list(claims), list(bodies)
        out = np.zeros((len(claims), len(_corroboration.STANCES)))
        kinds = np.array([_corroboration.is_statement(b) for b in bodies], dtype=bool)
        for fn, rows in ((self._statement_stance_fn(), kinds), (self._stance_fn(), ~kinds)):
            index = np.flatnonzero(rows)
            if len(index):
                out[index] = fn([claims[i] for i in index], [bodies[i] for i in index])
        return out

    def stance(self, claims: Sequence[str], bodies: Sequence[str]) -> list[str]:
        """The most likely stance label of each body toward its claim (see :meth:`stance_proba`).

        Examples
        --------
        >>> load().stance(["The bridge reopened on Friday."],
        ...               ["City officials denied that the bridge reopened on Friday."])
        ['disagree']
        """
        proba = self.stance_proba(claims, bodies)
        return [_corroboration.STANCES[k] for k in proba.argmax(axis=1)]

    @property
    def article_stance(self) -> _corroboration.StanceFn:
        """``fn(claims, bodies) -> array (n, 4)``: how the story step reads an article body
        against a claim (the bundle's stance model, else the rules)."""
        return self._stance_fn()

    def _stance_fn(self) -> _corroboration.StanceFn:
        """The stance of article bodies: the bundle's model if it reads bodies, else the rules."""
        return self._model_stance_fn(reads=BODIES)

    def _statement_stance_fn(self) -> _corroboration.StanceFn:
        """The stance of statements: the bundle's model if it reads them, else the rules."""
        return self._model_stance_fn(reads=STATEMENTS)

    def _model_stance_fn(self, *, reads: str) -> _corroboration.StanceFn:
        trained_on = self.stance_trained_on
        if trained_on not in (reads, BOTH):
            return _corroboration.rule_stance_proba
        return partial(predict_stance_proba, self._bundle.model("stance"))

    def corroborate(
        self, articles: Sequence[Article], reports: Sequence[ArticleReport]
    ) -> tuple[list[ArticleReport], StoryReport]:
        """Stories, copies and corroboration across scored articles (one batch).

        ``reports`` are :meth:`score_articles` of ``articles``, in the same order; returns them
        with ``copy_of``, ``wire``, claim ``corroboration`` and scores filled in, and the batch's
        :class:`StoryReport`.
        """
        out, story = _corroboration.corroborate(
            articles,
            reports,
            stance=self._stance_fn(),
            statement_stance=self._statement_stance_fn(),
            model=self._bundle.model("corroboration"),
        )
        if self._bundle.model("article") is not None:  # the classifier's credibility stands
            out = [
                replace(r, scores=replace(r.scores, credibility=alone.scores.credibility))
                for r, alone in zip(out, reports, strict=True)
            ]
        return out, story

    def corroborate_claim(
        self, claim: str, texts: Iterable[str | Record | Article], *, n_jobs: int = 1
    ) -> dict[str, Any]:
        """One claim against its coverage: who backs it, who disputes it, and P(it holds).

        ``texts`` are the articles that report the claim (texts or records, as
        :meth:`score_many` takes, or parsed Articles). Returns ``{"claim", "probability", "origins",
        "independent_origins", "articles"}`` (:meth:`Coverage.to_dict`); ``probability`` is
        the bundle's corroboration model's P(claim holds), None when the bundle has none.

        Examples
        --------
        >>> view = load().corroborate_claim(
        ...     "The bridge reopened on Friday.",
        ...     ["City officials said the bridge reopened on Friday after repairs.",
        ...      "The bridge did not reopen on Friday, the transport ministry said."])
        >>> sorted(view["independent_origins"])
        ['against', 'for', 'neutral']
        """
        if not isinstance(claim, str) or not claim.strip():
            raise InputError("the claim is empty; give the claim to check as text")
        articles = [to_article(item, n) for n, item in enumerate(texts, 1)]
        if not articles:
            raise InputError("no articles; give at least one article that reports the claim")
        reports = self.score_articles(articles, n_jobs=n_jobs)
        coverage = _corroboration.claim_coverage(
            claim,
            range(len(articles)),
            articles,
            reports,
            _corroboration.one_story(articles),
            stance=self._stance_fn(),
            statement_stance=self._statement_stance_fn(),
        )
        model = self._bundle.model("corroboration")
        return coverage.to_dict(_corroboration.coverage_probability(model, coverage, reports))

    def score(
        self,
        text: str,
        id: str | None = None,
        title: str | None = None,
        *,
        outlet: str | None = None,
        url: str | None = None,
        published: str | None = None,
        html: bool | None = None,
    ) -> ArticleReport:
        """Score one article given as text (plain or HTML)."""
        article = parse(
            text,
            id=id or text_id(text),
            title=title,
            outlet=outlet,
            url=url,
            published=published,
            html=html,
        )
        return self.score_articles([article])[0]

    def score_articles(
        self, articles: Sequence[Article], *, n_jobs: int = 1
    ) -> list[ArticleReport]:
        """Score parsed articles; the claim model runs once over all claims of a chunk."""
        if n_jobs != 1 and len(articles) > 1:
            return self._in_workers(articles, n_jobs)[1]
        return [
            report
            for at in range(0, len(articles), CHUNK)
            for report in self._score_chunk(articles[at : at + CHUNK])
        ]

    def _in_workers(
        self, items: Sequence[str | Record | Article], n_jobs: int
    ) -> tuple[list[Article], list[ArticleReport]]:
        """Parse and score ``items`` on worker processes that each get this scorer once; the
        first item that fails raises, as it would here."""
        with WorkerPool(self, n_jobs) as pool:
            size = min(CHUNK, -(-len(items) // pool.n_workers))
            chunks = (items[at : at + size] for at in range(0, len(items), size))
            articles, reports = [], []
            for batch in pool.score(chunks, debug=True):
                for outcome in batch.outcomes:
                    if outcome.error is not None:
                        raise outcome.error
                    articles.append(outcome.article)
                    reports.append(outcome.report)
        return articles, reports

    def score_each(
        self,
        articles: Sequence[Article],
        *,
        n_jobs: int = 1,
        on_fallback: Callable[[Exception], None] | None = None,
    ) -> list[ArticleReport | Exception]:
        """Reports of ``articles``, as :meth:`score_articles`, for long batch jobs.

        If scoring them together raises (a bug on some input), ``on_fallback`` is called with
        the exception, each article is scored alone, and one that still fails gets its
        exception in place of its report: one bad article does not cost the others.
        """
        try:
            return list(self.score_articles(articles, n_jobs=n_jobs))
        except Exception as exc:
            if on_fallback is not None:
                on_fallback(exc)
            return [self._score_alone(article) for article in articles]

    def _score_alone(self, article: Article) -> ArticleReport | Exception:
        """The report of one article, or the exception scoring it raised."""
        try:
            return self.score_articles([article])[0]
        except Exception as exc:  # handed back: the caller reports it and keeps the rest
            return exc

    def _score_chunk(self, articles: Sequence[Article]) -> list[ArticleReport]:
        """Analyse, run the claim model once over all claims, build the reports."""
        attribution = self._bundle.model("attribution")  # None: the rule extractor alone
        analyses = _analysis.analyze_many(articles, attribution)
        texts = [t for an in analyses for t in an.claim_texts()]
        confidences = self.claim_confidence(texts) if texts else np.zeros(0)
        reports, at = [], 0
        for an in analyses:
            n = len(an.sentences)
            claims, scores = _analysis.build(an, confidences[at : at + n], self.claim_threshold)
            at += n
            reports.append(_report(an, claims, scores))
        return self._with_classifier_credibility(articles, reports)

    def _with_classifier_credibility(
        self, articles: Sequence[Article], reports: list[ArticleReport]
    ) -> list[ArticleReport]:
        """``reports`` with ``credibility`` from the bundle's article classifier, if it has one."""
        model = self._bundle.model("article")
        if model is None:
            return reports
        probability = predict_credibility(model, articles)
        return [
            replace(r, scores=replace(r.scores, credibility=float(p)))
            for r, p in zip(reports, probability, strict=True)
        ]

    def score_many(
        self,
        texts_or_records: Iterable[str | Record],
        n_jobs: int = 1,
        story: bool = True,
    ) -> tuple[list[ArticleReport], StoryReport | None]:
        """Score many articles (texts or records with ``text``); ``n_jobs`` workers via joblib.

        With ``story`` and two or more articles, the articles are also grouped into stories and
        their claims corroborated across articles (:meth:`corroborate`); otherwise the story
        report is None.
        """
        items = list(texts_or_records)
        if n_jobs != 1 and len(items) > 1:
            articles, reports = self._in_workers(items, n_jobs)
        else:
            articles = [to_article(item, n) for n, item in enumerate(items, 1)]
            reports = self.score_articles(articles)
        if not story or len(articles) < 2:
            return reports, None
        return self.corroborate(articles, reports)


def _report(analysis: _analysis.Analysis, claims, scores) -> ArticleReport:
    article = analysis.article
    return ArticleReport(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        wire=article.wire,
        scores=scores,
        sources=analysis.sources,
        attributions=_analysis.attributions(analysis),
        claims=claims,
        dropped=article.dropped,
        dateline=article.span(*article.dateline) if article.dateline else None,
        text=article.text if article.html else None,
    )
