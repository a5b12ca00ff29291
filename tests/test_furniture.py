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
    ctx = furniture.context_features(np.array([0.0, 1.0, 0.0]))
    assert ctx.shape == (3, 5)
    assert ctx[1, 1] == pytest.approx(1 / 3)
    assert ctx[:, -1] == pytest.approx([1 / 3] * 3)
