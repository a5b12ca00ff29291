"""The real-pages corpus and the training of the line classifier (credscore.training)."""

import re

import numpy as np
import pytest

from credscore import furniture
from credscore.errors import TrainingDataError
from credscore.text import parse
from credscore.training.furniture import line_dataset, pick_threshold, train_line_model
from credscore.training.pages import (
    Page,
    _site,
    is_english,
    line_labels,
    page_lines,
    page_split,
    read_article_lines,
    render_text,
)

ARTICLE = "".join(
    f"<p>The council voted on the {n} item of the budget on Monday, and the mayor said the city "
    "would publish the results within a week.</p>"
    for n in ("first", "second", "third", "fourth")
)
MENU = "<nav><a>Home</a> <a>World</a> <a>Business</a></nav>"


def synthetic(k: int) -> Page:
    html = (
        f"<html><head><title>Budget {k} | Courier</title></head><body>{MENU}"
        f"<h1>Council passes budget {k}</h1>{ARTICLE}<footer>Privacy Policy</footer></body></html>"
    )
    return Page(
        url=f"https://site{k}.example.com/a",
        file=f"p{k}.html",
        html=html,
        with_=("the mayor said the city",),
        without=("Privacy Policy",),
        title=f"Council passes budget {k}",
        site=f"site{k}.example.com",
        english=True,
    )


def test_render_text_is_what_a_scraper_saves():
    text = render_text(synthetic(1).html)
    lines = page_lines(text)
    assert lines[:3] == ["Budget 1 | Courier", "Home World Business", "Council passes budget 1"]
    assert lines[3].startswith("The council voted on the first item")
    assert lines[-1] == "Privacy Policy" and len(lines) == 8
    assert "\n\n" in text and "<" not in text


def test_lines_are_labelled_by_snippets_title_and_silver_text():
    page = synthetic(1)
    lines = page_lines(render_text(page.html))
    labels, gold = line_labels(page, lines, silver="")
    assert labels.tolist() == [1, 1, 0, 0, 0, 0, 0, 1]
    assert gold.tolist() == [False, False, True, True, True, True, True, True]


def test_hand_labels_decide_every_line(tmp_path):
    page = synthetic(1)
    lines = page_lines(render_text(page.html))
    labels_file = tmp_path / "content.jsonl"
    labels_file.write_text('{"file": "p1.html", "lines": 8, "article": [[2, 3], [5, 5]]}\n')
    article = read_article_lines(labels_file)["p1.html"]
    labels, gold = line_labels(page, lines, silver="", article=article)
    assert labels.tolist() == [1, 1, 0, 0, 1, 0, 1, 1]
    assert gold.all()


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("https://netzfueralle.blog.rosalux.de/2019/", "rosalux.de"),
        ("hard::breakingbelizenews.com-paho.html", "breakingbelizenews.com"),
        ("hard::diaadia.com.pa-ulpiano.html", "diaadia.com.pa"),
    ],
)
def test_site_of_a_page(url, site):
    assert _site(url) == site


def test_is_english():
    assert is_english("The minister said that the talks were over for now.")
    assert not is_english("Der Minister sagte, dass die Gespräche vorbei sind.")
    assert not is_english("")


def test_a_small_model_trains_and_scores_lines():
    pages = [synthetic(k) for k in range(6)]
    data = line_dataset(pages, silver={})
    model, metrics = train_line_model(data, n_folds=3)
    assert metrics["gold_lines"] == int(data.gold.sum())
    arrays = furniture.LineModel.from_arrays(model.to_arrays())
    lines = page_lines(render_text(pages[0].html))
    assert np.array_equal(arrays.proba(lines), model.proba(lines))


@pytest.mark.parametrize(
    ("keep", "lowest", "highest"),
    [
        (1.0, 0.3, 0.4),  # every article word kept: the cut sits just above the article lines
        (0.9, 0.2, 0.3),  # the 10-word article line at 0.3 may go, the 90 words below it stay
    ],
)
def test_pick_threshold_keeps_the_share_of_article_words_asked_for(keep, lowest, highest):
    proba = np.array([0.1, 0.2, 0.3, 0.8, 0.9])
    words = np.array([60, 30, 10, 5, 5])
    cut = pick_threshold(proba, np.array([0, 0, 0, 1, 1]), words, keep=keep)
    assert lowest < cut <= highest


@pytest.fixture(scope="module")
def split():
    try:
        return page_split()
    except TrainingDataError:
        pytest.skip("no pages corpus in the data folder (../shared/data or CREDSCORE_DATA)")


def test_dev_pages_are_english_and_share_no_site_with_training(split):
    assert len(split.dev) >= 50 and all(p.english for p in split.dev)
    assert not {p.site for p in split.dev} & {p.site for p in split.train}


_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&(?:#\d+|[a-zA-Z]{2,31});")


def test_real_pages_give_clean_text_and_sentences(split):
    for page in split.dev[:12]:
        for text, html in ((page.html, True), (render_text(page.html), False)):
            article = parse(text, id=page.file, html=html)
            assert not _MARKUP.search(article.title or "")
            for s in article.sentences:
                assert not _MARKUP.search(article.text[s.start : s.end]), page.file
