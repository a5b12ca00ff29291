"""Training data for source coreference: the annotated origins dev set as entity pairs.

The dev set (``benchmarks/data/origins``: stories of ``stories/train.csv``, every source mention
of every body with its hand-given origin) is read against the FNC-1 bodies, each body parsed
and scored once. Each hand-marked mention becomes a :class:`Mention` (:func:`span_mention`),
the mentions of one article with one resolved name an :class:`Entity`, and each pair of
entities of a story a row of :data:`PAIR_FEATURES` labelled same origin or not (each entity
takes its mentions' most common origin). :func:`fit_pairs` fits the pairwise model and
:func:`pair_model_dict` writes it as the plain numbers ``credscore/models/coreference.json``
holds; :mod:`.coreference_design` chooses its C, pair weighting, linkage and threshold.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from credscore.scoring.corroboration.copies import Copies
from credscore.scoring.corroboration.coreference import (
    PAIR_FEATURES,
    Entity,
    entities_of,
    pair_matrix,
)
from credscore.scoring.corroboration.coverage import one_story
from credscore.scoring.corroboration.mentions import Mention, span_mention
from credscore.scoring.report import ArticleReport
from credscore.scoring.scorer import Scorer
from credscore.text import Article, parse
from credscore.training.corpora import data_dir
from credscore.training.stories import read_stories

__all__ = [
    "DEFAULT_C",
    "DEV_SET",
    "described_pairs",
    "AnnotatedStory",
    "StoryPairs",
    "fit_pairs",
    "load_dev_set",
    "pooled",
    "pair_model_dict",
    "read_annotations",
    "story_pairs",
]

DEFAULT_C = 0.3  # the regularisation when no design is given (coreference_design chooses one)
#: the annotated origins dev set, beside the package in the repository
DEV_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "origins"


@dataclass(frozen=True)
class AnnotatedStory:
    """One annotated story: its claim, bodies, hand-given origins and mentions."""

    claim_id: str
    claim: str
    body_ids: tuple[str, ...]
    origins: tuple[dict, ...]
    independent_origins: dict[str, int]
    mentions: tuple[tuple[str, int, int, str], ...]  # (body id, start, end, origin)


@dataclass(frozen=True)
class StoryPairs:
    """A story's parsed articles, reports, copies, gold mentions, entities and entity pairs."""

    story: AnnotatedStory
    articles: list[Article]
    reports: list[ArticleReport]
    copies: Copies
    mentions: list[Mention]
    gold: list[str]  # each mention's hand-given origin
    entities: list[Entity]
    entity_of: list[int]  # each mention's entity
    features: np.ndarray  # (pairs, PAIR_FEATURES)
    pairs: list[tuple[int, int]]
    labels: np.ndarray  # 1 when the pair's entities have one origin


def read_annotations(folder: Path, claims: dict[str, str]) -> list[AnnotatedStory]:
    """The annotated stories of ``folder`` (stories.jsonl, mentions.jsonl); ``claims`` maps each
    claim id to its claim text (stories/train.csv)."""
    mentions: dict[str, list[tuple[str, int, int, str]]] = {}
    with open(folder / "mentions.jsonl", encoding="utf-8") as f:
        for line in f:
            m = json.loads(line)
            mentions.setdefault(m["claim_id"], []).append(
                (str(m["body_id"]), m["start"], m["end"], m["origin"])
            )
    out = []
    with open(folder / "stories.jsonl", encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            out.append(
                AnnotatedStory(
                    claim_id=s["claim_id"],
                    claim=claims[s["claim_id"]],
                    body_ids=tuple(str(b) for b in s["body_ids"]),
                    origins=tuple(s["origins"]),
                    independent_origins=s["independent_origins"],
                    mentions=tuple(mentions.get(s["claim_id"], [])),
                )
            )
    return out


def load_dev_set(
    data: str | Path | None = None, folder: Path = DEV_SET
) -> tuple[list[AnnotatedStory], dict[str, str]]:
    """The annotated stories and the FNC-1 bodies they use, from the data folder."""
    root = data_dir(data)
    stories, bodies = read_stories(
        root / "stories" / "train.csv", root / "fnc1" / "train_bodies.csv"
    )
    return read_annotations(folder, {s.claim_id: s.claim for s in stories}), bodies


def story_pairs(story: AnnotatedStory, bodies: dict[str, str], scorer: Scorer) -> StoryPairs:
    """Parse and score a story's bodies, and describe its hand-marked mentions as pairs."""
    articles = [parse(bodies[b], id=b) for b in story.body_ids]
    return described_pairs(story, articles, scorer.score_articles(articles))


def described_pairs(
    story: AnnotatedStory, articles: list[Article], reports: list[ArticleReport]
) -> StoryPairs:
    """A story's hand-marked mentions as entity pairs, on its parsed and scored bodies."""
    copies = one_story(articles)
    position = {b: k for k, b in enumerate(story.body_ids)}
    mentions: list[Mention] = []
    gold = []
    for body, start, end, origin in sorted(story.mentions, key=lambda m: (position[m[0]], m[1])):
        k = position[body]
        mentions.append(span_mention(k, articles[k], reports[k], start, end, mentions))
        gold.append(origin)
    entities, entity_of = entities_of(mentions, articles, copies)
    features, pairs = pair_matrix(entities)
    members: list[list[str]] = [[] for _ in entities]
    for n, e in enumerate(entity_of):
        members[e].append(gold[n])
    majority = [Counter(m).most_common(1)[0][0] for m in members]
    labels = np.array([majority[i] == majority[j] for i, j in pairs], dtype=np.int64)
    return StoryPairs(
        story, articles, reports, copies, mentions, gold, entities, entity_of, features, pairs,
        labels,
    )


def fit_pairs(
    features: np.ndarray,
    labels: np.ndarray,
    c: float = DEFAULT_C,
    weights: np.ndarray | None = None,
) -> Pipeline:
    """The pairwise model: standardised features into a balanced logistic regression, each row
    weighted by ``weights`` when given."""
    model = make_pipeline(
        StandardScaler(), LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    )
    return model.fit(features, labels, logisticregression__sample_weight=weights)


def pair_model_dict(
    model: Pipeline, threshold: float, card: dict, linkage: str = "average"
) -> dict:
    """The fitted pipeline as the plain numbers the scorer reads, with its model card."""
    scaler, logistic = model[0], model[-1]
    return {
        "features": list(PAIR_FEATURES),
        "mean": [round(float(x), 8) for x in scaler.mean_],
        "scale": [round(float(x), 8) for x in scaler.scale_],
        "coef": [round(float(x), 8) for x in logistic.coef_[0]],
        "intercept": round(float(logistic.intercept_[0]), 8),
        "threshold": threshold,
        "linkage": linkage,
        "card": card,
    }


def pooled(parts: Sequence[StoryPairs]) -> tuple[np.ndarray, np.ndarray]:
    """The stories' pair rows and labels stacked."""
    rows = [p.features for p in parts]
    labels = [p.labels for p in parts]
    return np.vstack(rows), np.concatenate(labels)
