"""The origins dev set (benchmarks/data/origins) against the FNC-1 stories, and its checker."""

import importlib.util
import sys
from pathlib import Path

import pytest

from credscore.errors import TrainingDataError
from credscore.training.corpora import data_dir

CHECK = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "origins" / "check.py"
_spec = importlib.util.spec_from_file_location("origins_check", CHECK)
check = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = check
_spec.loader.exec_module(check)


@pytest.fixture(scope="module")
def root():
    try:
        return data_dir()
    except TrainingDataError:
        pytest.skip("no data folder (set CREDSCORE_DATA or put it at ../shared/data)")


def test_files_match_the_data_and_the_readme_counts(root):
    problems, counts = check.check_all(root)
    assert problems == []
    assert counts["cross-article pairs"] >= 300


def test_annotated_stories_are_the_seeded_draw(root):
    drawn = check.seeded_selection(check.load_data(root))
    annotated = [s["claim_id"] for s in check.read_jsonl(check.STORIES)]
    assert sorted(annotated) == sorted(drawn)
    assert len(drawn) == 24


def test_the_fresh_set_is_its_seeded_draw_and_matches_the_data(root):
    data = check.load_data(root)
    assert check.check_fresh(data) == []
    dev = {s["claim_id"] for s in check.read_jsonl(check.STORIES)}
    assert not dev & {s["claim_id"] for s in check.read_jsonl(check.FRESH)}


def test_the_second_fresh_set_is_its_seeded_draw_apart_from_the_others(root):
    data = check.load_data(root)
    assert check.check_fresh(data, check.FRESH2) == []
    second = {s["claim_id"] for s in check.read_jsonl(check.FRESH2)}
    earlier = check.read_jsonl(check.STORIES) + check.read_jsonl(check.FRESH)
    assert len(second) == 8 and not second & {s["claim_id"] for s in earlier}


TEXT = "Police said on Monday that the man was found. A neighbour told reporters he saw it."
DATA = check.Data(
    claims={"c1": {"claim": "A man was found", "truth": "true", "bodies": [1, 2]}},
    bodies={1: TEXT, 2: "A police spokesman confirmed it."},
)


def story(**changes):
    base = {
        "claim_id": "c1", "truth": "true", "body_ids": [1, 2], "copies": [],
        "origins": [
            {"origin": "o1", "name": "police", "kind": "organization", "stance": "for",
             "channel": None},
            {"origin": "o2", "name": "a neighbour", "kind": "anonymous", "stance": "for",
             "channel": None},
        ],
        "independent_origins": {"for": 2, "against": 0, "neutral": 0}, "notes": "",
    }
    return base | changes


MENTIONS = [
    {"claim_id": "c1", "body_id": 1, "start": 0, "end": 6, "origin": "o1"},
    {"claim_id": "c1", "body_id": 1, "start": TEXT.index("A neighbour"), "end": TEXT.index(" told"),
     "origin": "o2"},
    {"claim_id": "c1", "body_id": 2, "start": 0, "end": 18, "origin": "o1"},
]


def test_a_good_story_has_no_problems():
    assert check.check_story(story(), DATA) == []
    assert check.check_mentions({"c1": story()}, MENTIONS, DATA) == []
    assert check.check_no_article_text({"c1": story()}, DATA) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"claim_id": "nope"}, "unknown claim_id"),
        ({"truth": "false"}, "truth 'false'"),
        ({"body_ids": [1]}, "body_ids are not the story's bodies"),
        ({"copies": [[1, 3]]}, "is not two of the story's bodies"),
        ({"copies": [[1, 2]]}, "is not the lowest id of its cluster"),
        ({"independent_origins": {"for": 1, "against": 1, "neutral": 0}}, "independent_origins"),
    ],
)
def test_story_problems_are_named(changes, problem):
    assert any(problem in p for p in check.check_story(story(**changes), DATA))


@pytest.mark.parametrize(
    ("mention", "problem"),
    [
        ({"start": 80, "end": 90}, "outside body"),
        ({"start": 5, "end": 12}, "whitespace"),
        ({"origin": "o9"}, "origin o9 is not in story"),
        ({"body_id": 3}, "is not in story"),
        ({"start": 2, "end": 4}, "overlap"),
    ],
)
def test_mention_problems_are_named(mention, problem):
    mentions = MENTIONS + [MENTIONS[0] | mention]
    assert any(problem in p for p in check.check_mentions({"c1": story()}, mentions, DATA))


def test_an_origin_without_mentions_is_a_problem():
    problems = check.check_mentions({"c1": story()}, MENTIONS[:1] + MENTIONS[2:], DATA)
    assert problems == ["story c1: o2 has no mention"]


def test_article_text_in_notes_is_a_problem():
    copied = story(notes="as reported: police said on monday that the man was found")
    assert check.check_no_article_text({"c1": copied}, DATA) != []


def test_cross_pairs_count_wording():
    pairs = check.cross_pairs(MENTIONS, DATA)
    assert pairs == {"same": 1, "different": 1, "same, worded differently": 1}
