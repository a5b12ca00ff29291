"""Cross-article source coreference: mention descriptions, pair features, the pair model and
clustering (credscore/scoring/corroboration/{mentions,coreference,coreference_model}.py), and
how origins count (counting.py)."""

import numpy as np
import pytest

from credscore.scoring.corroboration.copies import Copies
from credscore.scoring.corroboration.coreference import (
    PAIR_FEATURES,
    cluster,
    entities_of,
    pair_matrix,
    rule_probability,
)
from credscore.scoring.corroboration.coreference_model import PairModel, pair_model
from credscore.scoring.corroboration.counting import first_hand, origin_stance
from credscore.scoring.corroboration.mentions import (
    Mention,
    channel_of,
    head_of,
    name_key,
    quote_shingles,
)
from credscore.text import parse

QUOTE = "has never transferred a single missile to Iran and never will"


@pytest.mark.parametrize(
    ("sentence", "channel"),
    [
        ("A defense official told KCNA the claim was a fabrication.", "KCNA"),
        ("The official said, according to the Korean Central News Agency, that it was false.",
         "KCNA"),
        ("Smith said in an interview with KHOU that he was stunned.", "KHOU"),
        ("He wrote on Twitter that it was fake.", "Twitter"),
        ("The group tweeted a photo of the truck.", "Twitter"),
        ("Kroll said on Thursday the images were clear.", None),
        ("The ministry said it was sharing its findings.", None),
    ],
)
def test_channel_of_names_the_medium_that_carried_the_words(sentence, channel):
    assert channel_of(sentence) == channel


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Pyongyang", "North Korea", True),
        ("Mr Titchmarsh", "Titchmarsh", True),
        ("Sheikh Mohammed Saleh al-Munajjid", "Munajjid", False),  # one inside the other
        ("Dock workers", "dock workers", True),  # capitalised as the first word: not a name
        ("John Marlow", "Margaret Ellison", False),
    ],
)
def test_name_key_reads_proper_names_through_synonyms_and_titles(a, b, same):
    assert (name_key(a) == name_key(b)) is same
    if a.endswith("Munajjid"):
        assert name_key(b) < name_key(a)


@pytest.mark.parametrize(
    ("span", "head"),
    [
        ("a senior North Korean defense official", "official"),
        ("Sanctions experts", "expert"),
        ("the company's spokesman", "spokesman"),
        ("he", ""),
    ],
)
def test_head_of_is_the_singular_head_noun(span, head):
    assert head_of(span) == head


def test_quote_shingles_are_shared_by_two_reports_of_one_statement():
    a = quote_shingles(f'Pyongyang "{QUOTE}."')
    b = quote_shingles(f'that the country "{QUOTE}," the official said')
    assert len(a & b) >= 7
    assert not a & quote_shingles("We have clear evidence that these missiles left Nampo.")


# --- pair features ------------------------------------------------------------------------------

ARTICLES = [parse(f"Story {n}\n\nA sentence about the missiles.", id=f"a{n}") for n in range(4)]
NO_COPIES = Copies(np.arange(4), np.ones(4), (None,) * 4)


def mention(article, text, kind, quote="", channel=None, name=None, start=0):
    return Mention(article, start, start + len(text), text, name or text, kind, None, quote,
                   bool(quote), channel)  # fmt: skip


def features(a: Mention, b: Mention, copies=NO_COPIES) -> dict[str, float]:
    entities, _ = entities_of([a, b], ARTICLES, copies)
    rows, pairs = pair_matrix(entities)
    assert pairs == [(0, 1)]
    return dict(zip(PAIR_FEATURES, rows[0].tolist(), strict=True))


DESCRIPTIONS = [
    "an unnamed North Korean defense official",
    "a senior North Korean defense official",
    "a Defense Ministry official",
    "the unnamed national-defense official",
]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("Daniel Harlow", "named_person"), ("Harlow", "named_person"),
         {"name_inside": 1, "last_word": 1, "names_conflict": 0}),
        (("Alan Titchmarsh", "named_person"), ("Titchmarsch", "named_person"),
         {"surname_close": 1, "names_conflict": 0}),
        (("Hannah Kroll", "named_person"), ("Margaret Ellison", "named_person"),
         {"names_conflict": 1, "people_both": 1}),
        (("analysts at Orbis Analytics", "expert"), ("U.S. State Department", "organization"),
         {"names_conflict": 1}),
        ((DESCRIPTIONS[0], "anonymous"), (DESCRIPTIONS[2], "anonymous"),
         {"names_conflict": 0, "unnamed_both": 1, "head_equal": 1, "anonymous_both": 1}),
        (("AutoNation", "organization"), ("an AutoNation spokesman", "anonymous"),
         {"name_in_description": 1, "body_and_anonymous": 1, "names_conflict": 0}),
        (("one Twitter user", "anonymous"), ("another user", "anonymous"), {"distinct_either": 1}),
    ],
)
def test_pair_features_table(a, b, expected):
    got = features(mention(0, *a), mention(1, *b))
    assert {k: got[k] for k in expected} == pytest.approx(expected)


def test_a_shared_quotation_and_channel_are_features():
    a = mention(0, DESCRIPTIONS[0], "anonymous", quote=QUOTE, channel="KCNA")
    b = mention(1, DESCRIPTIONS[3], "anonymous", quote=f"North Korea {QUOTE}", channel="KCNA")
    got = features(a, b)
    assert got["quote_shared"] > 2 and got["quote_share"] == 1.0 and got["channel_equal"] == 1
    c = mention(1, DESCRIPTIONS[3], "anonymous", quote="the missiles left Nampo", channel="AP")
    got = features(a, c)
    assert got["quote_shared"] == 0 and got["channel_differ"] == 1


def test_copies_citing_one_source_at_one_place_are_aligned():
    copies = Copies(np.array([0, 0, 2, 3]), np.ones(4), ("Reuters", "Reuters", None, None))
    a, b = mention(0, "the ministry", "organization"), mention(1, "the ministry", "organization")
    assert features(a, b, copies)["copy_aligned"] == 1
    assert features(a, b)["copy_aligned"] == 0


# --- the model and the clustering ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "pairs", "proba", "threshold", "expected"),
    [
        (3, [(0, 1), (0, 2), (1, 2)], [0.9, 0.8, 0.7], 0.5, [0, 0, 0]),
        (3, [(0, 1), (0, 2), (1, 2)], [0.9, 0.1, 0.2], 0.5, [0, 0, 2]),  # no chain through 1
        (3, [(0, 1), (0, 2), (1, 2)], [0.9, 0.1, 0.95], 0.6, [0, 1, 1]),  # best pair first
        (3, [(0, 1), (0, 2), (1, 2)], [0.9, 0.1, 0.95], 0.5, [0, 0, 0]),  # then mean 0.5
        (4, [(0, 1), (2, 3), (0, 2), (1, 3), (0, 3), (1, 2)], [0.9, 0.9, 0.6, 0.6, 0.2, 0.2],
         0.5, [0, 0, 2, 2]),  # two pairs; their cross pairs average 0.4: they stay apart
        (2, [(0, 1)], [0.5], 0.5, [0, 0]),
        (2, [], [], 0.5, [0, 1]),
    ],
)
def test_average_link_clustering_table(n, pairs, proba, threshold, expected):
    labels = cluster(n, pairs, np.array(proba, dtype=float), threshold)
    groups = {}
    assert [groups.setdefault(x, i) for i, x in enumerate(labels)] == expected


def test_the_shipped_pair_model_reads_the_current_features_and_never_joins_names_apart():
    model = pair_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    a = mention(0, "Hannah Kroll", "named_person", quote=QUOTE)
    b = mention(1, "Margaret Ellison", "named_person", quote=QUOTE)
    entities, _ = entities_of([a, b], ARTICLES, NO_COPIES)
    rows, _ = pair_matrix(entities)
    assert model.proba(rows).tolist() == [0.0]  # a shared quote does not make two people one
    c = mention(1, "Kroll", "named_person", quote=QUOTE)
    entities, _ = entities_of([a, c], ARTICLES, NO_COPIES)
    assert model.proba(pair_matrix(entities)[0])[0] > model.threshold


def test_a_pair_model_for_other_features_is_refused():
    with pytest.raises(ValueError, match="rebuild it"):
        PairModel.from_dict({"features": ["x"], "mean": [0], "scale": [1], "coef": [1],
                             "intercept": 0, "threshold": 0.5})  # fmt: skip


def test_the_rule_fallback_joins_names_and_shared_quotes_only():
    col = {name: n for n, name in enumerate(PAIR_FEATURES)}
    rows = np.zeros((3, len(PAIR_FEATURES)))
    rows[0, col["name_equal"]] = 1
    rows[1, col["quote_shared"]] = 1.5
    assert rule_probability(rows).tolist() == [1.0, 1.0, 0.0]


# --- counting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A Reuters reporter saw trucks crossing the border.", True),
        ("Documents seen by the Gazette show the payments.", True),
        ("The Gazette has learned that the deal collapsed.", True),
        ("The trucks reportedly crossed the border.", False),
        ("The Pacific Daily could not independently verify either account.", False),
    ],
)
def test_first_hand_reporting_table(sentence, expected):
    assert first_hand(sentence) is expected


@pytest.mark.parametrize(
    ("stances", "source", "expected"),
    [
        (["agree", "disagree"], True, "against"),  # a dispute is never "for"
        (["agree", "agree", "disagree"], True, "against"),  # one dispute decides
        (["discuss", "agree"], True, "for"),
        (["discuss"], True, "neutral"),
        (["agree", "agree", "disagree"], False, "for"),
        (["agree", "disagree"], False, "against"),  # a tie leans to against
        (["agree", "discuss"], False, "neutral"),
    ],
)
def test_origin_stance_table(stances, source, expected):
    assert origin_stance(stances, source) == expected


# --- context and prominence features ------------------------------------------------------------


def _story(*sentences: str) -> list:
    return [parse(f"Story {n}\n\n{s}", id=f"s{n}") for n, s in enumerate(sentences)]


def _cited(article, text, kind, span=None):
    start = article.text.index(span or text)
    return mention(0, text, kind, start=start)


def context_features(first, second, sentences, kind=("named_person", "anonymous")):
    """Features of the pair (first in article 0, second in the last article)."""
    articles = _story(*sentences)
    a = _cited(articles[0], first, kind[0])
    b = _cited(articles[-1], second, kind[1])
    b = Mention(len(articles) - 1, b.start, b.end, b.text, b.name, b.kind, None, "", False, None)
    entities, _ = entities_of([a, b], articles, Copies(np.arange(len(articles)),
                                                       np.ones(len(articles)),
                                                       (None,) * len(articles)))
    rows, _ = pair_matrix(entities)
    return dict(zip(PAIR_FEATURES, rows[0].tolist(), strict=True))


@pytest.mark.parametrize(
    ("first", "second", "sentences", "expected"),
    [
        # the unnamed one's role is a word of the sentence that names the other
        ("Mark Oberholtzer", "The plumber",
         ("Texas plumber Mark Oberholtzer said the truck was his.", "The plumber said so."),
         {"context_head": 1, "context_intro": 0, "top_either": 1, "top_and_lead": 1,
          "first_both": 1, "first_and_top": 1}),
        # a role the sentence does not give
        ("Mark Oberholtzer", "The dealer",
         ("Mark Oberholtzer said the truck was his.", "The dealer said so."),
         {"context_head": 0, "context_description": 0}),
        # one article: a lead's description, then the name with the role in its sentence
        ("Sheikh Munajjid", "A prominent cleric",
         ("Sheikh Munajjid, a cleric, said snowmen were banned.",
          "A prominent cleric said so."),
         {"context_head": 1, "context_description": 0.5}),  # "cleric", not "prominent"
        # two named people: no role words compared
        ("Mark Oberholtzer", "Jeff Smith",
         ("Texas plumber Mark Oberholtzer said so.", "Plumber Jeff Smith said so."),
         {"context_head": 0, "context_description": 0, "first_and_top": 0}),
    ],
)
def test_context_and_prominence_features_table(first, second, sentences, expected):
    kinds = ("named_person", "named_person" if second == "Jeff Smith" else "anonymous")
    got = context_features(first, second, sentences, kinds)
    assert {k: got[k] for k in expected} == pytest.approx(expected)


def test_context_intro_is_the_role_named_in_one_article():
    articles = _story("A prominent cleric said snowmen were banned. Sheikh Munajjid, a cleric, "
                      "said so.")  # fmt: skip
    text = articles[0].text
    a = mention(0, "A prominent cleric", "anonymous", start=text.index("A prominent"))
    b = mention(0, "Sheikh Munajjid", "named_person", start=text.index("Sheikh"))
    entities, _ = entities_of([a, b], articles, Copies(np.zeros(1, int), np.ones(1), (None,)))
    got = dict(zip(PAIR_FEATURES, pair_matrix(entities)[0][0].tolist(), strict=True))
    assert (got["context_intro"], got["same_article"], got["first_and_top"]) == (1, 1, 1)
