"""The parts of corroboration on their own: the fallback stance, claim similarity, union-find,
blocking, stories on synthetic data and the corroboration formula."""

import numpy as np
import pytest
import scipy.sparse as sp

from credscore.scoring import corroboration as C
from credscore.scoring.corroboration.benchmark import synthetic_texts

SHIP = "The ship delivered rockets to Vostochny"


@pytest.mark.parametrize(
    ("claim", "body", "expected"),
    [
        (SHIP, "Officials said the ship delivered rockets to Vostochny.", "agree"),
        (SHIP, "The port denied that the ship delivered rockets to Vostochny.", "disagree"),
        (SHIP, "No ship delivered any rockets to Vostochny, the port said.", "disagree"),
        (SHIP, "The ship may have delivered rockets to Vostochny.", "discuss"),
        (SHIP, "Washington accused the ship of delivering rockets to Vostochny.", "discuss"),
        (SHIP, "There is no doubt the ship delivered rockets to Vostochny.", "agree"),
        (SHIP, "The port has no idea how the ship delivered rockets to Vostochny.", "discuss"),
        (SHIP, "It is not clear whether the ship delivered rockets to Vostochny.", "discuss"),
        (SHIP, "The port isn't surprised the ship delivered rockets to Vostochny.", "agree"),
        (SHIP, "The ship didn't only deliver rockets to Vostochny.", "agree"),
        (SHIP, "Rail fares will rise by 4 percent in April.", "unrelated"),
        # a plain negation reaches only its own clause; a refuting word its whole sentence
        (SHIP, "The ship delivered rockets to Vostochny, so the port was not open.", "agree"),
        (SHIP, "The ship did not deliver rockets to Vostochny, the port said.", "disagree"),
        (SHIP, "The ship delivered rockets to Vostochny? That is not true.", "disagree"),
        (SHIP, "The ship delivered rockets to Vostochny, officials falsely said.", "disagree"),
        ('"These are not rumours. The ship delivered rockets to Vostochny," he said.',
         "The ship delivered rockets to Vostochny.", "agree"),
        (
            "Pyongyang has never exported weapons to Russia",
            "North Korea has never had arms dealings with Russia.",
            "agree",
        ),
    ],
)
def test_fallback_stance(claim, body, expected):
    proba = C.rule_stance_proba([claim], [body])
    assert C.STANCES[int(proba.argmax())] == expected
    assert proba.shape == (1, 4) and proba.sum() == pytest.approx(1.0)


ROCKETS = "A North Korean ship delivered artillery rockets to Vostochny"
PAIRS = [  # (claim, claim, same claim?) -- compared within one batch, as within a story
    (
        'Pyongyang "has never exported weapons or ammunition to Russia"',
        "North Korea has never had arms dealings with Russia",
        True,
    ),
    (
        "The Pyoksong 7 delivered artillery rockets to Vostochny",
        "The Pyoksong 7 shipped rockets to the Russian port of Vostochny",
        True,
    ),
    (ROCKETS, "A North Korean ship did not deliver artillery rockets to Vostochny", False),
    (ROCKETS, "No North Korean ship delivered rockets to Vostochny", False),
    (ROCKETS, "Russia's embassy did not respond to a request for comment", False),
    (
        "The ministry was sharing its findings with Washington and Seoul",
        "The company had not shared its findings with the U.S. government",
        False,
    ),
]


def test_claim_similarity_matches_paraphrases_not_neighbours():
    texts = [t for a, b, _ in PAIRS for t in (a, b)]
    terms = [C.claim_terms(t) for t in texts]
    i = np.arange(0, len(texts), 2)
    _, grouping = C.claim_similarity(terms, texts, [None] * len(texts), i, i + 1)
    found = [bool(s >= C.CLAIM_THRESHOLD) for s in grouping]
    assert found == [same for _, _, same in PAIRS], grouping.round(3)


def test_union_find_on_random_edges_matches_connected_components():
    rng = np.random.default_rng(1)
    n = 400
    i, j = rng.integers(0, n, 300), rng.integers(0, n, 300)
    uf = C.UnionFind(n)
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        uf.union(a, b)
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    count, expected = sp.csgraph.connected_components(graph, directed=False)
    labels = uf.labels()
    assert len(set(labels.tolist())) == count
    pairs = rng.integers(0, n, (2000, 2))
    same = labels[pairs[:, 0]] == labels[pairs[:, 1]]
    assert (same == (expected[pairs[:, 0]] == expected[pairs[:, 1]])).all()
    assert labels[0] == 0 and sorted(set(labels.tolist())) == list(range(count))


def test_blocking_pairs_short_postings_fully_and_long_ones_by_window():
    n = 1000
    keys = sp.lil_matrix((n, 3))
    keys[:, 0] = 1  # one key every row holds: a long posting list
    keys[0:5, 1] = 1  # five rows sharing two more keys: a short posting list
    keys[0:5, 2] = 1
    order = np.random.default_rng(0).random(n)
    i, j = C.candidate_pairs(keys.tocsr(), max_postings=32, window=4, orders=[order])
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    assert {(a, b) for a in range(5) for b in range(a + 1, 5)} <= pairs
    assert len(pairs) <= 4 * n + 10 < n * (n - 1) // 2
    ranked = np.argsort(order)
    neighbours = {tuple(sorted((int(ranked[k]), int(ranked[k + 1])))) for k in range(n - 1)}
    assert neighbours <= pairs  # sorted neighbours stay connected: a long story is not lost
    assert all(a < b for a, b in pairs)


def test_stories_on_synthetic_data_are_recovered_with_linear_blocking():
    texts, truth = synthetic_texts(600, seed=3)
    found = C.find_stories(texts)
    made = truth[:, None] == truth[None, :]
    assert ((found.labels[:, None] == found.labels[None, :]) == made).all()
    assert len(found.pairs[0]) < 10 * len(texts)


def test_a_story_larger_than_a_posting_list_stays_whole():
    rng = np.random.default_rng(5)
    letters = list("abcdefghijklmnopqrstuvwxyz")

    def words(n):
        return ["".join(rng.choice(letters, 8)) for _ in range(n)]

    topic, common = words(20), words(3000)
    story = [" ".join([*rng.choice(topic, 70), *words(30)]) for _ in range(200)]
    others = [" ".join(rng.choice(common, 100)) for _ in range(300)]
    found = C.find_stories(story + others, max_postings=16)  # the story's keys: 200 articles
    assert len(set(found.labels[:200].tolist())) == 1
    assert not set(found.labels[200:].tolist()) & {found.labels[0]}
    assert len(found.pairs[0]) < 20 * 500


def test_corroboration_score_formula():
    assert C.corroboration_score({}) == 0.5
    one_agree = C.corroboration_score({"a": {"agree": 3.0}})  # one origin, one vote
    assert one_agree == pytest.approx(2 / 3)
    assert C.corroboration_score({"a": {"discuss": 1.0}}) == pytest.approx(1.25 / 2.25)
    split = C.corroboration_score({"a": {"agree": 1.0, "disagree": 1.0}})
    assert split == pytest.approx(1.5 / 3)
    assert C.corroboration_score({"a": {"disagree": 1}, "b": {"disagree": 1}}) == 0.25
