"""The shipped pairwise source-coreference model, and the clusters it gives a story's mentions.

``credscore/models/coreference.json`` holds a logistic regression over :data:`PAIR_FEATURES`
as plain numbers (scaler mean and scale, coefficients, intercept, the clustering linkage and
threshold),
written by ``scripts/build_coreference_model.py`` from the annotated origins dev set. Without
the file the rule :func:`rule_probability` scores the pairs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np

from credscore.scoring.corroboration.copies import Copies
from credscore.scoring.corroboration.coreference import (
    PAIR_FEATURES,
    RULE_THRESHOLD,
    cluster,
    entities_of,
    pair_matrix,
    rule_probability,
)
from credscore.scoring.corroboration.mentions import Mention, story_mentions
from credscore.scoring.report import ArticleReport
from credscore.text import Article

__all__ = ["PairModel", "SourceClusters", "names_conflict", "pair_model", "source_clusters"]

_FILE = "coreference.json"
#: two sources named apart ("Kroll" / "Ellison") are never one, whatever else they share
_CONFLICT = PAIR_FEATURES.index("names_conflict")


@dataclass(frozen=True)
class PairModel:
    """A standardised logistic regression over pair features, and its clustering."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    linkage: str = "average"

    @classmethod
    def from_dict(cls, data: dict) -> PairModel:
        """The model :func:`credscore.training.coreference.pair_model_dict` wrote."""
        if tuple(data["features"]) != PAIR_FEATURES:
            raise ValueError(
                "the coreference model was trained on other pair features; rebuild it with "
                "python scripts/build_coreference_model.py"
            )
        return cls(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["coef"], dtype=np.float64),
            float(data["intercept"]),
            float(data["threshold"]),
            str(data.get("linkage", "average")),
        )

    def proba(self, features: np.ndarray) -> np.ndarray:
        """P(one source) of each row of pair features; 0 for two sources named apart."""
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return np.where(names_conflict(features), 0.0, 1.0 / (1.0 + np.exp(-z)))


def names_conflict(features: np.ndarray) -> np.ndarray:
    """Whether each pair of entities (rows of pair features) is two sources named apart."""
    return features[:, _CONFLICT] > 0


@cache
def pair_model() -> PairModel | None:
    """The shipped pair model, or None when the package has none."""
    path = resources.files("credscore.models") / _FILE
    if not path.is_file():
        return None
    return PairModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class SourceClusters:
    """A story's source mentions and the cluster (one first-hand source) of each."""

    mentions: tuple[Mention, ...]
    labels: tuple[int, ...]

    def of(self, article: int, attribution: int) -> int | None:
        """The cluster of an article's attribution, None when it has no mention."""
        return self._index.get((article, attribution))

    @cached_property
    def _index(self) -> dict[tuple[int, int], int]:
        return {
            (m.article, m.attribution): label
            for m, label in zip(self.mentions, self.labels, strict=True)
            if m.attribution is not None
        }

    def channels(self, label: int) -> list[str]:
        """The channels the cluster's mentions name, most named first."""
        named = [m.channel for m, x in zip(self.mentions, self.labels, strict=True) if x == label]
        counts = {c: named.count(c) for c in named if c}
        return sorted(counts, key=lambda c: -counts[c])


def source_clusters(
    indices: Sequence[int],
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    copies: Copies,
    model: PairModel | None = None,
) -> SourceClusters:
    """Cluster the story's source mentions (the shipped model unless ``model`` is given)."""
    mentions = story_mentions(indices, reports, articles)
    entities, entity_of = entities_of(mentions, articles, copies)
    features, pairs = pair_matrix(entities)
    model = model or pair_model()
    if model is None:
        proba, threshold, linkage = rule_probability(features), RULE_THRESHOLD, "average"
    else:
        proba, threshold, linkage = model.proba(features), model.threshold, model.linkage
    labels = cluster(len(entities), pairs, proba, threshold, linkage, names_conflict(features))
    return SourceClusters(tuple(mentions), tuple(labels[e] for e in entity_of))
