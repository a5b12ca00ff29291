"""The learned attribution extractor, merged with the rule-based one.

Logistic-regression taggers over hashed token features
(:mod:`credscore.features.attribution_tokens`): the cue tagger labels each token as outside,
beginning or inside a cue, in two passes (the second also reads the first's probabilities of the
token, its neighbours and its sentence, :mod:`credscore.features.attribution_stack`, and learns
them from out-of-fold first passes); for each cue found, the role tagger labels every other
token of its sentence as source, content or neither, and the best-scoring runs become the source
and the content. The rule extractor (:mod:`credscore.features.attribution`) feeds the taggers as
features, and its relations are merged with the learned ones: where both find a cue, the rules'
relations are kept when ``prefer_rules`` (and always for "according to X" and "citing X", whose
source the rules read by grammar); cues only the rules find are kept when ``keep_rules``.
Sources are then resolved and quotations continued as the rule extractor does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from credscore.features.attribution import Found, ResolvedAttribution, find_attributions, resolve
from credscore.features.attribution_columns import (
    CUE_TEMPLATES,
    columns_matrix,
    cue_columns,
    role_columns,
)
from credscore.features.attribution_stack import FIRST_PASS_TEMPLATES, RESCORED
from credscore.features.attribution_tokens import Tokens, join_tokens, words
from credscore.features.source_names import inside_name, source_span
from credscore.features.word_clusters import word_clusters
from credscore.scoring.attribution_rows import (
    BEGIN,
    CONTENT,
    INSIDE,
    SOURCE,
    GoldRelation,
    against_label_zero,
    prepare_tokens,
    rule_roles,
    second_pass,
    training_rows,
)
from credscore.scoring.attribution_spans import (
    beside,
    decode_cues,
    decode_span,
    inside,
    over_quotes,
    softmax_scores,
    source_words,
    token_chars,
)
from credscore.text import Article

__all__ = [
    "AttributionModel",
    "decode_cues",
    "decode_span",
    "extract_attributions",
    "extract_attributions_many",
]

Range = tuple[int, int]
_FIXED = re.compile(r"[Aa]ccording\s+to\b|citing\b")  # cues whose source the rules read exactly


#: tokens the taggers score at once: enough to spare numpy's per-call cost, few enough that the
#: column matrices (tokens x templates) stay a few MB
BATCH_TOKENS = 8192


def _groups(sizes: Sequence[int], most: int) -> list[int]:
    """How many items each consecutive group takes, groups summing to at most ``most`` (an
    item over it alone).

    >>> _groups([3, 4, 2, 9, 1], 8)
    [2, 1, 1, 1]
    """
    out: list[int] = []
    total = 0
    for size in sizes:
        if out and total + size <= most:
            out[-1] += 1
            total += size
        else:
            out.append(1)
            total = size
    return out


class AttributionModel(BaseEstimator):
    """Learned cue, source and content tagging, merged with the rule-based extractor.

    Parameters
    ----------
    n_features : int
        Hashed feature space of each tagger.
    C : float
        Inverse L2 regularisation of the logistic regressions.
    min_count : int
        Hashed columns seen on fewer training rows are dropped (weight 0): a smaller model.
    cue_threshold, source_threshold, content_threshold : float
        P(cue), P(source) and P(content) a token needs to start a span (half that to extend it).
    prefer_rules : bool
        Where a rule relation's cue overlaps a learned cue, keep the rule relations instead of
        the learned one.
    keep_rules : bool
        Keep rule relations whose cue the cue tagger did not find.
    n_folds : int
        The second cue pass learns from first-pass probabilities of articles the first pass was
        not fitted on: those of ``n_folds`` folds of the training articles.
    n_clusters : int
        Word clusters learned from the training texts
        (:func:`~credscore.features.word_clusters.word_clusters`); 0: none.
    max_iter, tol : int, float
        Epochs and stopping tolerance of the saga solver.
    random_state : int
        Seed of the solver and the clustering: the same data gives the same model.

    Attributes
    ----------
    cue_coef_, stack_coef_, role_coef_ : ndarray (2, n_features), float16
        Weights of the cue tagger's first and second pass (begin, inside) and of the role tagger
        (source, content), less those of "outside" and "neither", one column per hashed feature.
    cue_intercept_, stack_intercept_, role_intercept_ : ndarray (2,)
    cluster_words_, cluster_numbers_ : ndarray
        The clustered words' codes (sorted) and their cluster numbers.

    A model saved before the second pass existed (credscore 0.1) has no ``stack_coef_``: it
    runs its one pass over all of ``CUE_TEMPLATES``, as it was trained.
    """

    #: class-level default, so models saved before the parameter existed load unchanged
    n_folds = 3

    def __init__(
        self,
        *,
        n_features: int = 2**18,
        C: float = 0.25,
        min_count: int = 3,
        cue_threshold: float = 0.5,
        source_threshold: float = 0.5,
        content_threshold: float = 0.5,
        prefer_rules: bool = False,
        keep_rules: bool = True,
        n_folds: int = 3,
        n_clusters: int = 256,
        max_iter: int = 300,
        tol: float = 1e-3,
        random_state: int = 0,
    ) -> None:
        self.n_features = n_features
        self.C = C
        self.min_count = min_count
        self.cue_threshold = cue_threshold
        self.source_threshold = source_threshold
        self.content_threshold = content_threshold
        self.prefer_rules = prefer_rules
        self.keep_rules = keep_rules
        self.n_folds = n_folds
        self.max_iter = max_iter
        self.tol = tol
        self.n_clusters = n_clusters
        self.random_state = random_state

    def fit(self, X: Sequence[Article], y: Sequence[Sequence[GoldRelation]]) -> AttributionModel:
        """Fit both taggers on parsed articles and their gold relations (analysis offsets)."""
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} articles but y has {len(y)} relation lists")
        if len(X) < 2:
            raise ValueError(
                f"got {len(X)} annotated article(s); give at least 2: the second cue pass learns "
                "from first passes fitted on the other articles"
            )
        for name in ("cue_threshold", "source_threshold", "content_threshold"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {getattr(self, name)!r}")
        least_values = (("n_features", 16), ("min_count", 1), ("n_folds", 2), ("n_clusters", 0))
        for name, least in least_values:
            value = getattr(self, name)
            if not isinstance(value, Integral) or isinstance(value, bool) or value < least:
                raise ValueError(f"{name} must be an int >= {least}, got {value!r}")
        if self.n_clusters:
            clusters = word_clusters(
                (words(a.text) for a in X),
                n_clusters=self.n_clusters,
                random_state=self.random_state,
            )
            self.cluster_words_, self.cluster_numbers_ = clusters
        else:
            self.cluster_words_ = np.zeros(0, dtype=np.uint32)
            self.cluster_numbers_ = np.zeros(0, dtype=np.uint16)
        clusters = self._clusters()
        rows = [
            training_rows(a, gold, self.n_features, clusters) for a, gold in zip(X, y, strict=True)
        ]
        for name, at in (("cue", 1), ("role", 3)):
            columns = np.concatenate([r[at] for r in rows]) if rows else np.zeros((0, 1))
            labels = np.concatenate([r[at + 1] for r in rows]) if rows else np.zeros(0)
            if len(np.unique(labels)) < 2 or not (labels == 0).any():
                raise ValueError(
                    f"the {name} tagger needs tokens outside and inside {name} spans; got "
                    f"labels {sorted(set(labels.tolist()))} from {len(X)} articles: give more "
                    "annotated text"
                )
            coef, intercept = self._fit_tagger(columns, labels)
            setattr(self, f"{name}_coef_", coef)
            setattr(self, f"{name}_intercept_", intercept)
        second = [
            second_pass(r[0], first, self.n_features, 0.0)[1]
            for r, first in zip(rows, self._out_of_fold(rows), strict=True)
        ]
        labels = np.concatenate([r[2] for r in rows])
        self.stack_coef_, self.stack_intercept_ = self._fit_tagger(np.concatenate(second), labels)
        return self

    def _out_of_fold(self, rows: Sequence[tuple[np.ndarray, ...]]) -> list[np.ndarray]:
        """Each article's first-pass probabilities from a cue tagger fitted on the other folds."""
        fold = np.arange(len(rows)) % self.n_folds
        out: list[np.ndarray] = [np.zeros((0, 3))] * len(rows)
        for k in range(min(self.n_folds, len(rows))):
            rest = np.flatnonzero(fold != k)
            columns = np.concatenate([rows[m][1] for m in rest])
            coef, intercept = self._fit_tagger(columns, np.concatenate([rows[m][2] for m in rest]))
            for m in np.flatnonzero(fold == k):
                out[m] = softmax_scores(coef, intercept, rows[m][1])
        return out

    def _clusters(self) -> tuple[np.ndarray, np.ndarray]:
        """The fitted word clusters: sorted word codes and their cluster numbers."""
        return self.cluster_words_, self.cluster_numbers_

    def _fit_tagger(self, columns: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weights and intercepts of one tagger; columns on fewer than ``min_count`` rows stay 0."""
        counts = np.bincount(columns.ravel(), minlength=self.n_features)
        used = np.flatnonzero(counts >= self.min_count)
        compact = np.full(self.n_features, len(used), dtype=np.int64)  # rare: a dropped column
        compact[used] = np.arange(len(used))
        X = columns_matrix(compact[columns], len(used) + 1)[:, : len(used)]
        model = LogisticRegression(
            C=self.C,
            solver="saga",
            max_iter=self.max_iter,
            tol=self.tol,
            random_state=self.random_state,
        ).fit(X, labels)
        return against_label_zero(model, used, self.n_features)

    def relations(self, article: Article) -> list[list[Found]]:
        """Per sentence of ``article.sentences``, the merged (cue, content, source) ranges."""
        return self.relations_many([article])[0]

    def relations_many(self, articles: Sequence[Article]) -> list[list[list[Found]]]:
        """:meth:`relations` of each article; each tagger runs once over all their tokens.

        Every feature and decision of the taggers stays inside one sentence, so the articles'
        tokens are joined end to end (:func:`join_tokens`) and split again after tagging.
        """
        check_is_fitted(self, ("cue_coef_", "role_coef_"))
        prepared = [prepare_tokens(article, self._clusters()) for article in articles]
        out: list[list[list[Found]]] = []
        at = 0
        for group in _groups([len(tokens) for tokens, _ in prepared], BATCH_TOKENS):
            out += self._tagged(articles[at : at + group], prepared[at : at + group])
            at += group
        return out

    def _tagged(
        self, articles: Sequence[Article], prepared: Sequence[tuple[Tokens, list[list[Found]]]]
    ) -> list[list[list[Found]]]:
        """:meth:`relations_many` of articles whose tokens and rule relations are ready."""
        t = join_tokens([tokens for tokens, _ in prepared])
        if not len(t):
            return [rules for _, rules in prepared]
        at = np.cumsum([0] + [len(tokens) for tokens, _ in prepared])
        cues = self._cues(t)
        cue_article = np.searchsorted(at, cues[:, 0], side="right") - 1
        parts = np.full((len(cues), 4), -1, dtype=np.int64)
        for k, (tokens, rules) in enumerate(prepared):
            mine = cue_article == k
            local = rule_roles(tokens, [f for found in rules for f in found], cues[mine] - at[k])
            parts[mine] = np.where(local >= 0, local + at[k], local)
        # where the rules win, the cue's own source and content are never read: not tagged
        tag = np.flatnonzero(parts[:, 0] < 0) if self.prefer_rules else np.arange(len(cues))
        j, owner, columns = role_columns(t, cues[tag], parts[tag], self.n_features)
        roles = softmax_scores(self.role_coef_, self.role_intercept_, columns)
        ends = np.searchsorted(owner, np.arange(len(tag) + 1))  # rows of a cue are contiguous
        found: dict[int, Found | None] = {}
        for m, c in enumerate(tag.tolist()):
            k = int(cue_article[c])
            rows = slice(ends[m], ends[m + 1])
            cue = (int(cues[c, 0] - at[k]), int(cues[c, 1] - at[k]))
            found[c] = self._relation(
                articles[k], prepared[k][0], cue, j[rows] - at[k], roles[rows]
            )
        out = []
        for k, (article, (tokens, rules)) in enumerate(zip(articles, prepared, strict=True)):
            if not len(tokens):
                out.append(rules)
                continue
            learned: list[list[tuple[Range, Found | None]]] = [[] for _ in rules]
            for c in np.flatnonzero(cue_article == k).tolist():
                a, b = int(cues[c, 0] - at[k]), int(cues[c, 1] - at[k])
                learned[int(tokens.sentence[a])].append((token_chars(tokens, (a, b)), found.get(c)))
            out.append(
                [
                    self._merge(article.text, here, mine)
                    for here, mine in zip(rules, learned, strict=True)
                ]
            )
        return out

    def _cues(self, t: Tokens) -> np.ndarray:
        """The cue token ranges the cue tagger finds (both passes, when the model has two)."""
        two_pass = hasattr(self, "stack_coef_")
        templates = FIRST_PASS_TEMPLATES if two_pass else CUE_TEMPLATES
        proba = softmax_scores(
            self.cue_coef_, self.cue_intercept_, cue_columns(t, self.n_features, templates)
        )
        if two_pass:
            rows, second = second_pass(t, proba, self.n_features, RESCORED)
            proba[rows] = softmax_scores(self.stack_coef_, self.stack_intercept_, second)
        first = np.zeros(len(t), dtype=bool)
        first[t.bounds[:-1][t.bounds[:-1] < len(t)]] = True
        return decode_cues(proba[:, BEGIN], proba[:, INSIDE], first, self.cue_threshold)

    def _relation(
        self, article: Article, t: Tokens, cue: Range, js: np.ndarray, proba: np.ndarray
    ) -> Found | None:
        """One learned relation in character ranges (cue, content, source); None: no content."""
        source = decode_span(proba[:, SOURCE], js, self.source_threshold)
        source = source_words(article.text, t, beside(source, cue)) if source else None
        content = decode_span(proba[:, CONTENT], js, self.content_threshold, source or (0, 0))
        if content is None:
            return None
        content_chars = over_quotes(token_chars(t, content), article.quotes)
        if source and inside(source, content) and not inside(cue, content):
            source = None  # "citing intelligence ... near the two countries": not who cites
        return Found(token_chars(t, cue), content_chars, token_chars(t, source) if source else None)

    def _merge(
        self, text: str, rules: list[Found], learned: list[tuple[Range, Found | None]]
    ) -> list[Found]:
        """One sentence's relations from its rule relations and its learned (cue, relation)s.

        The rules' source stands in for a learned one that is none, or that names no source
        (:func:`~credscore.features.source_names.source_span`: a fragment, an event).
        """
        out = []
        covered = set()
        for cue, relation in learned:
            same = [n for n, r in enumerate(rules) if r.cue[0] < cue[1] and cue[0] < r.cue[1]]
            fixed = any(_FIXED.match(text, rules[n].cue[0]) for n in same)
            if same and (self.prefer_rules or fixed):  # "according to X", "citing X": grammar
                out += [rules[n] for n in same]
            elif relation is not None:
                cue, content, source = relation
                unusable = source is None or source_span(text, *source) is None
                if unusable or inside_name(text, source[0]):
                    source = next((rules[n].source for n in same if rules[n].source), source)
                out.append(Found(cue, content, source))
            else:
                continue  # no content found: the rules' relations stand
            covered.update(same)
        if self.keep_rules:
            out += [r for n, r in enumerate(rules) if n not in covered]
        return list(dict.fromkeys(out))

    def predict(self, X: Sequence[Article]) -> list[list[ResolvedAttribution]]:
        """The attribution relations of each article, as :func:`extract_attributions` gives."""
        return extract_attributions_many(X, self)


def extract_attributions(
    article: Article, model: AttributionModel | None = None
) -> list[ResolvedAttribution]:
    """The article's attribution relations: the rules alone, or merged with a learned ``model``."""
    return extract_attributions_many([article], model)[0]


def extract_attributions_many(
    articles: Sequence[Article], model: AttributionModel | None = None
) -> list[list[ResolvedAttribution]]:
    """:func:`extract_attributions` of each article, the learned taggers run once over all."""
    if model is None:
        return [find_attributions(article) for article in articles]
    return [
        resolve(article, found)
        for article, found in zip(articles, model.relations_many(articles), strict=True)
    ]
