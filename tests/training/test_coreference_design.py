"""Choosing the coreference design by grouped CV on training stories
(credscore/training/coreference_design.py)."""

from types import SimpleNamespace

import numpy as np
import pytest

from credscore.scoring.corroboration.coreference import PAIR_FEATURES
from credscore.training.coreference import StoryPairs
from credscore.training.coreference_design import (
    GRID,
    Design,
    design_scores,
    grouped_folds,
    mention_f1,
    mention_tally,
    pair_weights,
    select_design,
)


@pytest.mark.parametrize(
    ("gold", "articles", "labels", "expected"),
    [
        (["o1", "o1"], [0, 1], [0, 0], (1, 0, 0)),
        (["o1", "o1"], [0, 1], [0, 1], (0, 0, 1)),
        (["o1", "o2"], [0, 1], [3, 3], (0, 1, 0)),
        (["o1", "o1"], [0, 0], [0, 1], (0, 0, 0)),  # one article: not a cross-article pair
        (["o1", "o1", "o1"], [0, 1, 2], [0, 0, 1], (1, 0, 2)),
    ],
)
def test_mention_tally_table(gold, articles, labels, expected):
    assert mention_tally(gold, articles, labels) == expected


@pytest.mark.parametrize(
    ("tally", "f1"), [((1, 0, 0), 1.0), ((1, 1, 0), 2 / 3), ((0, 3, 2), 0.0), ((0, 0, 0), 0.0)]
)
def test_mention_f1_table(tally, f1):
    assert mention_f1(tally) == pytest.approx(f1)


@pytest.mark.parametrize(
    ("n", "folds", "expected"),
    [(5, 2, [[0, 2, 4], [1, 3]]), (3, 4, [[0], [1], [2]]), (4, 4, [[0], [1], [2], [3]])],
)
def test_grouped_folds_keep_each_story_whole(n, folds, expected):
    assert grouped_folds(n, folds) == expected


def _story(signal: float, seed: int) -> StoryPairs:
    """Three articles, two entities each; entity k speaks for origin k % 2; the first feature
    says whether a pair is one origin, with noise of ``signal``."""
    rng = np.random.default_rng(seed)
    entities = [SimpleNamespace(mentions=(None,) * (1 + k % 3)) for k in range(6)]
    pairs = [(i, j) for i in range(6) for j in range(i + 1, 6)]
    labels = np.array([int(i % 2 == j % 2) for i, j in pairs])
    features = rng.normal(scale=signal, size=(len(pairs), len(PAIR_FEATURES)))
    features[:, 0] += labels
    features[:, PAIR_FEATURES.index("names_conflict")] = 0
    entity_of = [k for k in range(6) for _ in entities[k].mentions]
    mentions = [SimpleNamespace(article=k // 2) for k in entity_of]
    gold = [f"o{k % 2}" for k in entity_of]
    return StoryPairs(None, [], [], None, mentions, gold, entities, entity_of, features, pairs,
                      labels)  # fmt: skip


def test_pair_weights_count_the_mention_pairs_an_entity_pair_stands_for():
    part = _story(0.1, 0)
    assert pair_weights(part, "pairs").tolist() == [1.0] * 15
    assert pair_weights(part, "mentions")[:3].tolist() == [2.0, 3.0, 1.0]  # sizes 1, 2, 3, 1
    with pytest.raises(ValueError, match="unknown weighting 'words'"):
        pair_weights(part, "words")


def test_select_design_prefers_the_design_that_clusters_held_out_stories_right():
    parts = [_story(0.1, seed) for seed in range(8)]
    good = Design(0.3, "pairs", "average", 0.5)
    merges_all = Design(0.3, "pairs", "single", 0.0)  # every pair joined: precision falls
    scores = design_scores(parts, [merges_all, good], folds=4)
    assert scores[good] == pytest.approx(1.0) and scores[merges_all] < 0.7
    assert select_design(parts, [merges_all, good], folds=4) == (good, scores[good])


def test_the_grid_is_single_link_only_and_covers_both_weightings():
    # average link would make the story view and corroborate count different origins
    assert {d.linkage for d in GRID} == {"single"}
    assert {d.weighting for d in GRID} == {"pairs", "mentions"}
    assert len(GRID) == len(set(GRID))
