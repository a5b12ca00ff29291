"""ArticleFeatures: one row of article-level counts and rates per article text (no model inside).

The row is built from the pure extractors: :func:`credscore.text.parse` (sentences, quotes,
wire credit), :func:`~credscore.features.hedging.hedge_cues` and
:func:`~credscore.features.hedging.booster_cues`,
:func:`~credscore.features.attribution.find_attributions` and
:func:`~credscore.features.sourcing.source_inventory`. Columns are named by family
(``hedge__``, ``booster__``, ``attribution__``, ``source__``, ``share__``, ``size__``), see
:data:`ARTICLE_FEATURES`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from credscore.features._texts import as_texts
from credscore.features.attribution import ResolvedAttribution, find_attributions
from credscore.features.hedging import HEDGE_KINDS, booster_cues, hedge_cues
from credscore.features.sourcing import SOURCE_KINDS, source_inventory
from credscore.segment import is_claim, iter_words
from credscore.text import Article, parse

__all__ = ["ARTICLE_FEATURES", "ArticleFeatures", "article_row"]

#: Column names of :class:`ArticleFeatures`, in order. Rates are per 100 words of body text;
#: ``source__<kind>`` counts distinct sources of that kind; shares are in [0, 1].
ARTICLE_FEATURES = (
    *(f"hedge__{kind}" for kind in HEDGE_KINDS),
    *(f"hedge__{kind}_rate" for kind in HEDGE_KINDS),
    "hedge__total_rate",
    "hedge__in_quote_share",
    "booster__count",
    "booster__rate",
    "attribution__direct",
    "attribution__indirect",
    "attribution__according_to",
    "attribution__no_source",
    *(f"source__{kind}" for kind in SOURCE_KINDS),
    "source__total",
    "source__unnamed_share",
    "share__attributed_sentences",
    "share__quoted_chars",
    "size__sentences",
    "size__claims",
    "size__log_words",
    "size__wire_credit",
)
_INDEX = {name: i for i, name in enumerate(ARTICLE_FEATURES)}


def article_row(
    article: Article, *, hedge_lexicon: Mapping[str, Sequence[str]] | None = None
) -> list[float]:
    """The :data:`ARTICLE_FEATURES` row of one parsed article.

    Examples
    --------
    >>> a = parse('Rates may rise, officials said. "It is final," Lee said.', id="a")
    >>> row = dict(zip(ARTICLE_FEATURES, article_row(a)))
    >>> row["hedge__modal"], row["attribution__direct"], row["size__claims"]
    (1.0, 1.0, 2.0)
    """
    text, sentences = article.text, article.sentences
    row = [0.0] * len(ARTICLE_FEATURES)
    n_words = sum(sum(1 for _ in iter_words(text, s.start, s.end)) for s in sentences)
    per_100 = 100.0 / max(1, n_words)
    hedges = [
        c
        for s in sentences
        for c in hedge_cues(text, s.start, s.end, quotes=article.quotes, lexicon=hedge_lexicon)
    ]
    for cue in hedges:
        row[_INDEX[f"hedge__{cue.kind}"]] += 1
    for kind in HEDGE_KINDS:
        row[_INDEX[f"hedge__{kind}_rate"]] = row[_INDEX[f"hedge__{kind}"]] * per_100
    row[_INDEX["hedge__total_rate"]] = len(hedges) * per_100
    row[_INDEX["hedge__in_quote_share"]] = _share(sum(c.in_quote for c in hedges), len(hedges))
    boosters = [
        c for s in sentences for c in booster_cues(text, s.start, s.end, quotes=article.quotes)
    ]
    row[_INDEX["booster__count"]] = len(boosters)
    row[_INDEX["booster__rate"]] = len(boosters) * per_100
    relations = find_attributions(article)
    _attribution_counts(row, text, relations)
    sources = source_inventory(article, relations)
    for source in sources:
        row[_INDEX[f"source__{source.kind}"]] += 1
    row[_INDEX["source__total"]] = len(sources)
    anonymous = sum(s.kind == "anonymous" for s in sources)
    row[_INDEX["source__unnamed_share"]] = _share(anonymous, len(sources))
    spans = [(s.start, s.end) for s in sentences]
    attributed = sum(any(_overlaps(span, r.content) for r in relations) for span in spans)
    row[_INDEX["share__attributed_sentences"]] = _share(attributed, len(spans))
    body = sum(e - s for s, e in spans)
    row[_INDEX["share__quoted_chars"]] = _share(_covered(spans, article.quotes), body)
    row[_INDEX["size__sentences"]] = len(sentences)
    row[_INDEX["size__claims"]] = sum(is_claim(text[s:e]) for s, e in spans)
    row[_INDEX["size__log_words"]] = math.log1p(n_words)
    row[_INDEX["size__wire_credit"]] = float(article.wire is not None)
    return [float(x) for x in row]


def _attribution_counts(
    row: list[float], text: str, relations: Sequence[ResolvedAttribution]
) -> None:
    """Fill the ``attribution__`` columns: direct / indirect, "according to", no source."""
    for rel in relations:
        row[_INDEX["attribution__direct" if rel.direct else "attribution__indirect"]] += 1
        if text[rel.cue[0] : rel.cue[1]].lower().startswith("according"):
            row[_INDEX["attribution__according_to"]] += 1
        if rel.source is None:
            row[_INDEX["attribution__no_source"]] += 1


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _covered(spans: Sequence[tuple[int, int]], quotes: Sequence[tuple[int, int]]) -> int:
    """Characters of ``spans`` that lie inside some quote span (nested quotes counted once)."""
    merged: list[list[int]] = []
    for s, e in sorted(quotes):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return sum(
        max(0, min(e, qe) - max(s, qs)) for s, e in spans for qs, qe in merged if qs < e and s < qe
    )


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """Article-level hedging, attribution and sourcing features of article texts (dense).

    Each text (plain or HTML) is parsed and mapped to one row of :data:`ARTICLE_FEATURES`:
    hedge counts and rates by kind, booster count and rate, attribution relations by type,
    distinct sources by kind, the shares of sentences attributed and of text quoted, and the
    article's size. Nothing is learned and no model runs inside, so the row is the same
    whatever the data it was fitted on; use it as the input of your own classifier.

    Parameters
    ----------
    html : bool or None
        How to read the texts: True as HTML, False as plain text, None (default) guesses per
        text, as ``credscore score`` does.
    hedge_lexicon : mapping of str to sequence of str, optional
        Hedge kind -> entries replacing the shipped hedge lists (see
        :func:`~credscore.features.hedging.hedge_cues`); kinds left out count 0.

    Examples
    --------
    >>> f = ArticleFeatures().fit(["Rates may rise, officials said."])
    >>> X = f.transform(["Rates may rise, officials said.", "Rates rose."])
    >>> X.shape == (2, len(f.get_feature_names_out())), float(X[0, 0])
    (True, 1.0)
    """

    def __init__(
        self,
        *,
        html: bool | None = None,
        hedge_lexicon: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.html = html
        self.hedge_lexicon = hedge_lexicon

    def fit(self, X: Iterable[str], y: object = None) -> ArticleFeatures:
        """Nothing to learn; checks the parameters and that the texts are str."""
        if self.html is not None and not isinstance(self.html, bool):
            raise ValueError(f"html must be True, False or None, got {self.html!r}")
        if self.hedge_lexicon is not None:
            unknown = sorted(set(self.hedge_lexicon) - set(HEDGE_KINDS))
            if unknown:
                raise ValueError(f"unknown hedge kinds {unknown}; expected some of {HEDGE_KINDS}")
        as_texts(X, "article texts")
        self.n_features_out_ = len(ARTICLE_FEATURES)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of :data:`ARTICLE_FEATURES` per text (float64)."""
        check_is_fitted(self, "n_features_out_")
        rows = [
            article_row(parse(text, id=str(i), html=self.html), hedge_lexicon=self.hedge_lexicon)
            for i, text in enumerate(as_texts(X, "article texts"))
        ]
        return np.asarray(rows, dtype=np.float64).reshape(-1, len(ARTICLE_FEATURES))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Prefixed names: ``hedge__modal``, ``source__state_media``, ``share__quoted_chars`` ..."""
        check_is_fitted(self, "n_features_out_")
        return np.asarray(ARTICLE_FEATURES, dtype=object)
