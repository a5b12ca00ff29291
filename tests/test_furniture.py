"""The page-furniture line classifier (credscore.furniture)."""

import subprocess
import sys

import numpy as np
import pytest

from credscore import furniture


def test_rules_name_the_reason_and_article_lines_are_kept():
    lines = [
        "Skip to main content",
        "Home › World › Asia",
        "The council passed the budget on Monday after a long debate about costs.",
        "Please read our community guidelines before posting.",
        "We use cookies to improve your experience on our site.",
        "A version of this article appears in print on March 2, 2023, Section A, Page 1.",
        "Get The Daily Courier by email and never miss our top stories Free Sign Up",
        "Do you want to be informed of our actions? Sign up here",
        "We want to hear what you think about this article. Submit a letter to the editor.",
        "News date : 04/21/2022 Category : Press Releases",
        "Release Date:",
        "DAILYCOURIER.COM",
    ]
    assert furniture.line_reasons(lines) == [
        "navigation", "breadcrumb", None, "comment_policy", "cookie", "print_edition",
        "subscribe_prompt", "subscribe_prompt", "comment_prompt", "timestamp", "timestamp",
        "masthead",
    ]


def test_items_under_a_related_or_summary_heading_share_its_reason():
    lines = [
        "The council passed the budget on Monday after a long debate about costs.",
        "Related stories",
        "Fire chief warns of gaps in coverage",
        "Library site chosen after long search",
    ]
    assert furniture.line_reasons(lines)[1:] == ["related"] * 3


def test_the_classifier_drops_a_run_of_menu_lines_around_an_article():
    body = [
        f"The council voted on the {n} item of the budget on Monday, and the mayor said the "
        "city would publish the results within a week."
        for n in ("first", "second", "third", "fourth")
    ]
    menu = ["World", "Business", "Tech", "Sport", "Weather"]
    reasons = furniture.line_reasons(menu + body + menu)
    assert reasons[len(menu) : len(menu) + len(body)] == [None] * len(body)
    assert sum(r is not None for r in reasons) >= len(menu)


def test_probabilities_are_one_per_line_and_empty_pages_are_fine():
    p = furniture.furniture_proba(["One line of text here.", "Another"])
    assert p.shape == (2,) and ((0 <= p) & (p <= 1)).all()
    assert furniture.furniture_proba([]).shape == (0,)
    assert furniture.line_features([]).shape[0] == 0


def test_word_hashing_is_stable_across_processes():
    here = [t.tolist() for t in furniture.hashed_tokens(["Share this story", "Über uns"])]
    code = (
        "from credscore import furniture;"
        "print([t.tolist() for t in furniture.hashed_tokens(['Share this story', 'Über uns'])])"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert str(here) == there.strip()
    assert here[0] == sorted(here[0]) and all(0 <= i < furniture.N_HASH for i in here[0])


def test_the_model_round_trips_through_arrays():
    model = furniture.line_model()
    again = furniture.LineModel.from_arrays(model.to_arrays())
    lines = ["Subscribe", "The council passed the budget on Monday.", "Share"]
    assert np.array_equal(model.proba(lines), again.proba(lines))
    assert 0 < model.threshold < 1


def test_context_features_average_the_neighbours():
    ctx = furniture.context_features(np.array([0.0, 1.0, 0.0]), ["a b", "c", "d e f"])
    assert ctx.shape == (3, 11)
    assert ctx[1, 1] == pytest.approx(1 / 3)
    assert ctx[:, 4] == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize(
    ("score", "block"),
    [
        ([1.0, 1.0, 1.0], (0, 3)),
        ([-1.0, 2.0, -0.5, 1.0, -3.0, 1.0], (1, 4)),
        ([-1.0, -2.0], (0, 1)),
        ([0.5, -2.0, 1.0], (2, 3)),
    ],
)
def test_best_block_is_the_run_with_the_largest_sum(score, block):
    assert furniture.best_block(np.array(score)) == block


def test_lines_outside_the_article_block_and_off_its_topic_read_as_such():
    proba = np.array([0.9, 0.1, 0.2, 0.1, 0.9, 0.3])
    lines = [
        "Home",
        "The council passed the budget for the harbour on Monday.",
        "Harbour",
        "The budget gives the harbour a new pier and a dredger.",
        "Share",
        "Celebrity chef opens a restaurant in Paris.",
    ]
    ctx = furniture.context_features(proba, lines)
    inside, distance, shared = ctx[:, 5], ctx[:, 6], ctx[:, 7]
    assert inside.tolist() == [0, 1, 1, 1, 0, 0]
    assert distance[0] > 0 and distance[5] > distance[4] > 0
    assert shared[2] == 1.0 and shared[1] > 0 and shared[5] == 0.0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('-<div id="search-divider-holder" class="nav-divider-vertical"></div>!-', "markup"),
        ("<!-- end: comp mntl-sc-block -->", "markup"),
        ("<![endif]>", "markup"),
        ("You used <pre><code>numbers = [n for n in range(10)]</code></pre> here. " * 6, "markup"),
        ("The council met on Monday and voted on the budget. " * 8, None),
        ("Prices rose 3% as AT&T and Verizon cut jobs.", None),
        ("The council met when 3 < 4 and 5 > 2 held.", None),
        ("Leave a comment", "comment_prompt"),
        ("Related stories", "related"),
    ],
)
def test_a_rule_names_each_shape_of_furniture(line, reason):
    assert furniture.rule_reasons([line]) == [reason]


def test_lines_after_an_article_end_marker_are_marked_as_such():
    prose = (
        "The council voted on the budget on Monday, and the mayor said the city would publish "
        "the results of the vote within a week."
    )
    lines = ["Share this story", prose, prose, "Leave a comment", "Jane at 3:20 pm", prose]
    place = furniture.line_features(lines)[:, furniture.N_SHAPE + len(furniture._reasons()) :]
    since_end, no_prose_since, after_article = place[:, 7], place[:, 8], place[:, 9]
    assert since_end[4] == pytest.approx(np.log1p(1)) and since_end[1] == pytest.approx(np.log1p(1))
    assert no_prose_since.tolist() == [1, 1, 0, 1, 1, 1]
    assert after_article.tolist() == [0, 0, 0, 1, 1, 1]
