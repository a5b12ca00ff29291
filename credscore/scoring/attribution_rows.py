"""The attribution taggers' token rows: tokens with the rules' cues, roles, labels, columns.

What :class:`~credscore.scoring.attribution.AttributionModel` fits and scores: an article's
tokens with the rule extractor's relations, the rules' source and content for each cue, the
gold tags and role labels a training article gives, the second cue pass's columns, and a fitted
logistic regression stored against its label 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression

from credscore.features.attribution import Found, rule_relations
from credscore.features.attribution_columns import cue_columns, role_columns
from credscore.features.attribution_stack import (
    FIRST_PASS_TEMPLATES,
    STACK_TEMPLATES,
    first_pass_tokens,
)
from credscore.features.attribution_tokens import Tokens, article_tokens, span_tags, token_ranges
from credscore.text import Article

__all__ = [
    "BEGIN",
    "CONTENT",
    "INSIDE",
    "NEITHER",
    "OUTSIDE",
    "SOURCE",
    "GoldRelation",
    "against_label_zero",
    "cue_probability",
    "prepare_tokens",
    "role_labels",
    "rule_roles",
    "second_pass",
    "training_rows",
]

Range = tuple[int, int]
OUTSIDE, BEGIN, INSIDE = 0, 1, 2  # cue tags
NEITHER, SOURCE, CONTENT = 0, 1, 2  # role labels


class GoldRelation(Protocol):
    """A gold relation: its cue, source and content character ranges."""

    @property
    def cue(self) -> Range: ...
    @property
    def source(self) -> Range | None: ...
    @property
    def content(self) -> Range | None: ...


def prepare_tokens(
    article: Article, clusters: tuple[np.ndarray, np.ndarray] | None
) -> tuple[Tokens, list[list[Found]]]:
    """The article's tokens (with the rules' cues marked) and the rules' relations per sentence."""
    rules = rule_relations(article)
    sentences = [(s.start, s.end) for s in article.sentences]
    cues = [f.cue for found in rules for f in found]
    return article_tokens(article.text, sentences, article.quotes, cues, clusters), rules


def rule_roles(t: Tokens, rules: Sequence[Found], cues: np.ndarray) -> np.ndarray:
    """Per cue, the rules' source and content token ranges for it ``(s0, s1, c0, c1)``.

    They come from the first rule relation whose cue overlaps the cue; a missing source is an
    empty range, and a cue no rule relation overlaps gets all -1.
    """
    out = np.full((len(cues), 4), -1, dtype=np.int64)
    if not len(rules) or not len(cues):
        return out
    rule_cues = token_ranges(t.spans, [f.cue for f in rules])
    overlap = (rule_cues[None, :, 0] < cues[:, 1:2]) & (cues[:, 0:1] < rule_cues[None, :, 1])
    contents = token_ranges(t.spans, [f.content for f in rules])
    sources = token_ranges(t.spans, [f.source or (0, 0) for f in rules])
    sources[[f.source is None for f in rules]] = 0
    for m in np.flatnonzero(overlap.any(axis=1)):
        r = int(np.argmax(overlap[m]))
        out[m] = (*sources[r], *contents[r])
    return out


def role_labels(
    t: Tokens, j: np.ndarray, owner: np.ndarray, gold: Sequence[GoldRelation]
) -> np.ndarray:
    """Source, content or neither for each role row, from the gold relation that owns it."""
    src = token_ranges(t.spans, [r.source or (0, 0) for r in gold])
    src[[r.source is None for r in gold]] = 0
    content = token_ranges(t.spans, [r.content or (0, 0) for r in gold])
    content[[r.content is None for r in gold]] = 0
    in_src = (src[owner, 0] <= j) & (j < src[owner, 1])
    in_content = (content[owner, 0] <= j) & (j < content[owner, 1])
    return np.where(in_src, SOURCE, np.where(in_content, CONTENT, NEITHER))


def training_rows(
    article: Article,
    gold: Sequence[GoldRelation],
    n_features: int,
    clusters: tuple[np.ndarray, np.ndarray] | None,
) -> tuple[Tokens, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Tokens, cue columns and tags, role columns and labels of one article against its gold."""
    t, rules = prepare_tokens(article, clusters)
    cue_x = cue_columns(t, n_features, FIRST_PASS_TEMPLATES)
    cue_y = span_tags(t.spans, [r.cue for r in gold])
    cues = token_ranges(t.spans, [r.cue for r in gold])
    keep = [m for m, (a, b) in enumerate(cues.tolist()) if a < b]
    kept, cues = [gold[m] for m in keep], cues[keep]
    if len(cues):  # a cue ends in its first token's sentence
        cues[:, 1] = np.minimum(cues[:, 1], t.bounds[t.sentence[cues[:, 0]] + 1])
    flat = [f for found in rules for f in found]
    j, owner, role_x = role_columns(t, cues, rule_roles(t, flat, cues), n_features)
    return t, cue_x, cue_y, role_x, role_labels(t, j, owner, kept)


def cue_probability(proba: np.ndarray) -> np.ndarray:
    """P(cue) of each token: P(begin) + P(inside)."""
    return proba[:, BEGIN] + proba[:, INSIDE]


def second_pass(
    t: Tokens, first: np.ndarray, n_features: int, least: float
) -> tuple[np.ndarray, np.ndarray]:
    """The tokens of first-pass P(cue) ``first`` >= ``least`` and their second-pass columns."""
    p = cue_probability(first)
    rows = np.flatnonzero(p >= least)
    return rows, cue_columns(first_pass_tokens(t, p), n_features, STACK_TEMPLATES, rows)


def against_label_zero(
    model: LogisticRegression, used: np.ndarray, n_features: int
) -> tuple[np.ndarray, np.ndarray]:
    """The weights (float16) and intercepts of labels 1 and 2 minus those of label 0.

    Softmax probabilities do not change when every label's score moves by the same amount, so
    label 0 can score 0: two rows instead of three, a third less to store and to sum. A label
    the model never saw gets an intercept of -inf; a binary model's one weight vector already
    scores its second label against label 0.
    """
    coef = np.zeros((2, n_features), dtype=np.float16)
    intercept = np.full(2, -np.inf)
    seen = model.classes_.astype(np.int64)
    if len(seen) == 2:
        coef[seen[1] - 1, used] = model.coef_[0]
        intercept[seen[1] - 1] = model.intercept_[0]
    else:
        coef[:, used] = model.coef_[1:] - model.coef_[0]
        intercept[:] = model.intercept_[1:] - model.intercept_[0]
    return coef, intercept
