"""ArticleFeatures: what each family of columns counts, on small articles."""

from __future__ import annotations

import numpy as np
import pytest

from credscore.features.article import ARTICLE_FEATURES, ArticleFeatures, article_row
from credscore.text import parse

CASES = [
    (
        "Prices may rise, and might fall, officials said.",
        {"hedge__modal": 2.0, "attribution__indirect": 1.0, "source__anonymous": 1.0},
    ),
    (
        '"The deal is clearly dead," Ana Ruiz said.',
        {"attribution__direct": 1.0, "booster__count": 1.0, "source__named_person": 1.0},
    ),
    (
        "About 300 people left, according to the Interior Ministry.",
        {"hedge__approximator": 1.0, "attribution__according_to": 1.0,
         "source__organization": 1.0},
    ),
    (
        "SEOUL (Reuters) - North Korea denied the report, KCNA said.",
        {"size__wire_credit": 1.0, "source__state_media": 1.0, "share__attributed_sentences": 1.0},
    ),
    (
        "The bridge reopened on Friday. Traffic was light.",  # 3 words: not a claim
        {"attribution__indirect": 0.0, "source__total": 0.0, "share__quoted_chars": 0.0,
         "size__sentences": 2.0, "size__claims": 1.0, "hedge__total_rate": 0.0},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_article_row(text, expected):
    row = dict(zip(ARTICLE_FEATURES, article_row(parse(text, id="a")), strict=True))
    assert {name: row[name] for name in expected} == expected


def test_rates_are_per_100_words_and_shares_in_the_unit_interval():
    text = 'Prices may rise. "Nothing is certain," she said. Maybe not.'
    row = dict(zip(ARTICLE_FEATURES, article_row(parse(text, id="a")), strict=True))
    assert row["hedge__modal_rate"] == pytest.approx(100 * row["hedge__modal"] / 10)
    assert row["share__quoted_chars"] == pytest.approx(21 / (16 + 31 + 10))
    assert row["share__attributed_sentences"] == pytest.approx(1 / 3)
    assert row["size__log_words"] == pytest.approx(np.log1p(10))


def test_transform_parses_each_text_and_respects_html():
    page = "<p>Prices may rise in the spring.</p>"
    features = ArticleFeatures().fit([page])
    as_html = features.transform([page])
    as_text = ArticleFeatures(html=False).fit([page]).transform([page])
    assert as_html[0, ARTICLE_FEATURES.index("hedge__modal")] == 1.0
    assert as_html.shape == as_text.shape == (1, len(ARTICLE_FEATURES))
    assert ArticleFeatures().fit([]).transform([]).shape == (0, len(ARTICLE_FEATURES))


def test_a_hedge_lexicon_replaces_the_shipped_lists():
    features = ArticleFeatures(hedge_lexicon={"modal": ["perchance"]}).fit([])
    values = features.transform(["It may, perchance, rain."])[0]
    row = dict(zip(ARTICLE_FEATURES, values, strict=True))
    assert row["hedge__modal"] == 1.0


@pytest.mark.parametrize(
    ("params", "match"),
    [({"html": "yes"}, "html must be True, False or None"),
     ({"hedge_lexicon": {"vague": ["sort of"]}}, r"unknown hedge kinds \['vague'\]")],
)
def test_bad_params_raise_in_fit(params, match):
    with pytest.raises(ValueError, match=match):
        ArticleFeatures(**params).fit(["Some text."])


def test_non_str_input_is_a_type_error():
    with pytest.raises(TypeError, match="item 1 is int"):
        ArticleFeatures().fit(["Some text.", 3])


def test_a_bare_string_is_refused():
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        ArticleFeatures().fit(["Some text."]).transform("Some text.")
