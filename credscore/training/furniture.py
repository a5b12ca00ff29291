"""Train the page-furniture line classifier (:mod:`credscore.furniture`) on real pages.

Each training page is rendered to text the way scrapers save it (:func:`render_text`, with a
blank line or a plain line break between blocks, chosen at random per page, since scraped text
comes both ways) and its lines are labelled by :func:`line_labels`: the evaluation set's snippets
where they say, trafilatura's main text (silver) for the rest.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from credscore import clean
from credscore.boosted_trees import BoostedTrees
from credscore.furniture import (
    N_HASH,
    LinearPass,
    LineModel,
    context_features,
    hashed_tokens,
    line_features,
)
from credscore.training.pages import GOLD_WEIGHT, Page, line_labels, page_lines, render_text

__all__ = [
    "LineData",
    "boosted_trees",
    "clean_dataset",
    "combine",
    "fit_boosted",
    "fit_pass",
    "line_dataset",
    "pick_threshold",
    "train_line_model",
]


@dataclass(frozen=True)
class LineData:
    """The labelled lines of many pages: text, features, labels, and the page and site (the
    cross-validation group) of each line."""

    lines: list[str]
    dense: np.ndarray
    tokens: list[np.ndarray]
    furniture: np.ndarray
    gold: np.ndarray
    page: np.ndarray
    site: np.ndarray


def line_dataset(
    pages: Sequence[Page],
    silver: dict[str, str],
    *,
    article_lines: dict[str, set[int]] | None = None,
    seed: int = 0,
) -> LineData:
    """Render, split and label the lines of ``pages`` (``article_lines``: hand labels of some
    pages' article lines, which then decide every line of those pages)."""
    article_lines = article_lines or {}
    rng = random.Random(seed)
    sites = {s: k for k, s in enumerate(sorted({p.site for p in pages}))}
    texts: list[str] = []
    dense, tokens, labels, gold, page, site = [], [], [], [], [], []
    for k, p in enumerate(pages):
        lines = page_lines(render_text(p.html, separator=rng.choice(["\n", "\n\n"])))
        if not lines:
            continue
        y, g = line_labels(p, lines, silver.get(p.file, ""), article_lines.get(p.file))
        texts += lines
        dense.append(line_features(lines))
        tokens += hashed_tokens(lines)
        labels.append(y)
        gold.append(g)
        page += [k] * len(lines)
        site += [sites[p.site]] * len(lines)
    return LineData(
        texts,
        np.vstack(dense),
        tokens,
        np.concatenate(labels),
        np.concatenate(gold),
        np.array(page),
        np.array(site),
    )


#: clean texts fall into this many cross-validation groups (each text with its excerpt)
CLEAN_GROUPS = 3
#: each clean article also gives an excerpt of up to this many lines, as users paste them
EXCERPT_LINES = 3


def clean_dataset(texts: Sequence[str], *, seed: int = 0) -> LineData:
    """The lines of clean article texts (and a short excerpt of each), every line article
    unless a boilerplate rule names it: pages of prose alone, which real pages lack."""
    rng = random.Random(seed)
    pages: list[list[str]] = []
    for text in texts:
        lines = page_lines(text)
        if lines:
            pages.append(lines)
            start = rng.randrange(len(lines))
            pages.append(lines[start : start + rng.randint(1, EXCERPT_LINES)])
    texts: list[str] = []
    dense, tokens, labels, page = [], [], [], []
    for k, lines in enumerate(pages):
        texts += lines
        dense.append(line_features(lines))
        tokens += hashed_tokens(lines)
        labels.append([int(clean.boilerplate_reason(line) is not None) for line in lines])
        page += [k] * len(lines)
    n = sum(map(len, labels))
    page_of = np.array(page)
    return LineData(
        texts,
        np.vstack(dense),
        tokens,
        np.concatenate(labels),
        np.zeros(n, bool),
        page_of,
        page_of // 2 % CLEAN_GROUPS,
    )


def combine(*parts: LineData) -> LineData:
    """Several datasets as one, their page and site numbers kept apart."""
    offsets = np.cumsum([0] + [int(p.page.max()) + 1 if len(p.page) else 0 for p in parts])
    site_offsets = np.cumsum([0] + [int(p.site.max()) + 1 if len(p.site) else 0 for p in parts])
    return LineData(
        [line for p in parts for line in p.lines],
        np.vstack([p.dense for p in parts]),
        [t for p in parts for t in p.tokens],
        np.concatenate([p.furniture for p in parts]),
        np.concatenate([p.gold for p in parts]),
        np.concatenate([p.page + off for p, off in zip(parts, offsets, strict=False)]),
        np.concatenate([p.site + off for p, off in zip(parts, site_offsets, strict=False)]),
    )


def _design(dense: np.ndarray, tokens: Sequence[np.ndarray], mean, scale) -> sparse.csr_matrix:
    rows = np.repeat(np.arange(len(tokens)), [len(t) for t in tokens])
    cols = np.concatenate(tokens) if tokens else np.zeros(0, dtype=np.int64)
    words = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(tokens), N_HASH))
    return sparse.hstack([sparse.csr_matrix((dense - mean) / scale), words]).tocsr()


def fit_pass(
    dense: np.ndarray, tokens: Sequence[np.ndarray], y: np.ndarray, weight: np.ndarray, C: float
) -> LinearPass:
    """One logistic-regression pass over standardised dense features and hashed words."""
    mean, scale = dense.mean(axis=0), dense.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=3000)
    model.fit(_design(dense, tokens, mean, scale), y, sample_weight=weight)
    coef = model.coef_[0]
    width = dense.shape[1]
    return LinearPass(mean, scale, coef[:width], coef[width:], float(model.intercept_[0]))


def _page_context(proba: np.ndarray, data: LineData) -> np.ndarray:
    """:func:`context_features` computed page by page."""
    out = np.zeros((len(proba), context_features(np.zeros(1), [""]).shape[1]))
    starts = np.flatnonzero(np.diff(data.page, prepend=-1, append=-1))
    for lo, hi in zip(starts[:-1], starts[1:], strict=True):
        out[lo:hi] = context_features(proba[lo:hi], data.lines[lo:hi])
    return out


def _subset(tokens: Sequence[np.ndarray], rows: np.ndarray) -> list[np.ndarray]:
    return [tokens[i] for i in rows]


def _cross_fitted(data: LineData, dense: np.ndarray, weight, C, folds) -> np.ndarray:
    """Out-of-fold P(furniture) of one pass over ``dense``."""
    out = np.zeros(len(data.furniture))
    for fit, held in folds:
        part = fit_pass(dense[fit], _subset(data.tokens, fit), data.furniture[fit], weight[fit], C)
        out[held] = part.proba(dense[held], _subset(data.tokens, held))
    return out


#: the cut keeps at least this share of the gold article lines' words (cross-validated): the
#: issue asks for 95% of article snippets kept, and words are what claims are made of
KEEP_ARTICLE_WORDS = 0.96
#: a furniture line of this many words reads like prose: the kind that turns into claims
LONG_LINE_WORDS = 8
#: the second pass's boosted trees: one setting, compared with a linear second pass by the
#: site-grouped CV on the training pages (it kept fewer furniture lines at every cut)
BOOST = {"max_iter": 300, "learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 40}


def pick_threshold(
    proba: np.ndarray, furniture: np.ndarray, words: np.ndarray, keep: float = KEEP_ARTICLE_WORDS
) -> float:
    """The lowest cut (most furniture dropped) that still keeps ``keep`` of the article lines'
    words, a line being dropped when its P(furniture) reaches the cut."""
    article = furniture == 0
    total = max(1, int(words[article].sum()))
    for cut in np.linspace(0.02, 0.98, 97):
        if words[article & (proba < cut)].sum() / total >= keep:
            return float(cut)
    return 0.98


def boosted_trees(model: HistGradientBoostingClassifier) -> BoostedTrees:
    """A fitted binary ``HistGradientBoostingClassifier`` as numpy-scored :class:`BoostedTrees`
    (every tree's nodes laid end to end, child indices shifted to match)."""
    if len(model.classes_) != 2 or model.is_categorical_ is not None:
        raise ValueError("only a binary model over numeric features converts to BoostedTrees")
    trees = [predictors[0].nodes for predictors in model._predictors]
    sizes = np.array([len(nodes) for nodes in trees])
    roots = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    nodes = np.concatenate(trees)
    offset = np.repeat(roots, sizes)
    return BoostedTrees(
        roots=roots.astype(np.int64),
        feature=nodes["feature_idx"].astype(np.int64),
        threshold=nodes["num_threshold"].astype(float),
        left=nodes["left"].astype(np.int64) + offset,
        right=nodes["right"].astype(np.int64) + offset,
        leaf=nodes["is_leaf"].astype(bool),
        value=nodes["value"].astype(float),
        baseline=float(np.ravel(model._baseline_prediction)[0]),
    )


def fit_boosted(dense: np.ndarray, y: np.ndarray, weight: np.ndarray) -> BoostedTrees:
    """The second pass: boosted trees over the stacked dense features."""
    if not np.isfinite(dense).all():  # BoostedTrees routes no missing values
        raise ValueError("the line features hold NaN or infinity")
    model = HistGradientBoostingClassifier(**BOOST, random_state=0)
    return boosted_trees(model.fit(dense, y, sample_weight=weight))


def _cross_fitted_boost(data: LineData, dense: np.ndarray, weight, folds) -> np.ndarray:
    """Out-of-fold P(furniture) of the boosted second pass."""
    out = np.zeros(len(data.furniture))
    for fit, held in folds:
        out[held] = fit_boosted(dense[fit], data.furniture[fit], weight[fit]).proba(dense[held])
    return out


def _share(kept: np.ndarray, rows: np.ndarray, weight: np.ndarray | None = None) -> float:
    """The (weighted) share of ``rows`` kept; 0 when there are none."""
    weight = np.ones(len(kept)) if weight is None else weight
    return float(weight[rows & kept].sum() / weight[rows].sum()) if rows.any() else 0.0


def train_line_model(
    data: LineData, *, C: float = 0.03, n_folds: int = 3
) -> tuple[LineModel, dict[str, float]]:
    """Both passes, the second on cross-fitted first-pass verdicts; the cut chosen on the
    cross-fitted second pass over the gold lines, folds grouped by site. Returns the model and
    its CV metrics."""
    weight = np.where(data.gold, GOLD_WEIGHT, 1.0)
    folds = list(GroupKFold(n_folds).split(data.dense, groups=data.site))
    first_oof = _cross_fitted(data, data.dense, weight, C, folds)
    stacked = np.hstack([data.dense, _page_context(first_oof, data)])
    second_oof = _cross_fitted_boost(data, stacked, weight, folds)
    gold, article = data.gold, data.furniture == 0
    words = np.array([len(line.split()) for line in data.lines])
    threshold = pick_threshold(second_oof[gold], data.furniture[gold], words[gold])
    first = fit_pass(data.dense, data.tokens, data.furniture, weight, C)
    second = fit_boosted(stacked, data.furniture, weight)
    dropped = second_oof >= threshold
    kept = ~dropped
    metrics = {
        "cv_gold_article_lines_kept": _share(kept, gold & article),
        "cv_gold_article_words_kept": _share(kept, gold & article, words),
        "cv_gold_furniture_lines_kept": _share(kept, gold & ~article),
        "cv_gold_long_furniture_lines_kept": _share(
            kept, gold & ~article & (words >= LONG_LINE_WORDS)
        ),
        "cv_silver_accuracy": float((dropped == ~article)[~gold].mean()),
        "threshold": threshold,
        "lines": int(len(gold)),
        "gold_lines": int(gold.sum()),
    }
    return LineModel(first, second, threshold), metrics
