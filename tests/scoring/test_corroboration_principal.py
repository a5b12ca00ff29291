"""Principal sources: cited across a story in other words than the claim's
(credscore/scoring/corroboration/coverage.py, _principal_evidence)."""

import pytest

from credscore.scoring.corroboration.coverage import (
    PRINCIPAL_FAMILIES,
    claim_coverage,
    one_story,
    principal_stance,
)
from credscore.scoring.corroboration.stance_rules import rule_stance_proba
from credscore.text import parse

CLAIM = "A Moscow actor woke up in a sauna to find his kidney stolen"
LEDES = [
    "A Moscow actor woke up in a sauna to find his kidney stolen, the Daily Courier has learned.",
    "A Moscow actor says he woke up in a sauna to find his kidney stolen.",
    "Russian media report that a Moscow actor woke up in a sauna with his kidney stolen.",
]
POLICE = [  # the police tell the story without the claim's words
    ' "They drank beer and after that he remembers nothing," police said.',
    ' "They drank beer and after that he remembers nothing," a police spokesman told reporters.',
    " Police said the woman had spiked his drink with an unknown drug.",
]
FILLER = [" The man, 30, had gone out for the evening.", " The victim had met a woman at a bar.",
          " The actor has gone back to work."]  # fmt: skip


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        (["agree"], None),  # one article is no principal
        (["agree", "agree"], "agree"),
        (["agree", "discuss", "agree"], "agree"),
        (["discuss", "discuss", "agree"], "discuss"),
        (["agree", "disagree"], "disagree"),  # a tie leans to disagree ...
        (["agree", "discuss"], "discuss"),  # ... then discuss
        (["disagree", "agree", "agree"], "agree"),
    ],
)
def test_principal_stance_table(stances, expected):
    assert PRINCIPAL_FAMILIES == 2
    assert principal_stance(stances) == expected


def _coverage(scorer, police: list[int]):
    texts = [LEDES[k] + FILLER[k] + (POLICE[k] if k in police else "") for k in range(3)]
    articles = [parse(t, id=f"a{k}") for k, t in enumerate(texts)]
    reports = scorer.score_articles(articles)
    view = claim_coverage(CLAIM, range(3), articles, reports, one_story(articles),
                          stance=rule_stance_proba, statement_stance=rule_stance_proba)  # fmt: skip
    return {o["name"].casefold(): o for o in view.origins}


@pytest.mark.parametrize(
    ("police", "articles"),
    [
        ([0, 1, 2], ["a0", "a1", "a2"]),  # police in every report: for, once
        ([0, 2], ["a0", "a2"]),
        ([1], None),  # quoted by one article only, below the gate: no origin
        ([], None),
    ],
)
def test_a_source_the_story_cites_in_other_words_counts_once(scorer, police, articles):
    found = _coverage(scorer, police)
    if articles is None:
        assert not any("police" in name for name in found)
        return
    assert found["police"]["stance"] == "for"
    assert found["police"]["articles"] == articles
