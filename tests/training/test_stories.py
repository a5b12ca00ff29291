"""Stories with known outcomes: the reader's checks and FNC-1's headlines by claim."""

from pathlib import Path

import pytest

from credscore.errors import TrainingDataError
from credscore.training.datasets import StanceExample
from credscore.training.stories import (
    fnc1_headline_claims,
    held_out_pairs,
    read_stories,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "corroboration"
HEADER = "claim_id,claim,truth,body_id\n"


@pytest.fixture
def bodies(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text('Body ID,articleBody\n1,"One body."\n2,"Two body."\n', encoding="utf-8")
    return path


def write(tmp_path, rows: str) -> Path:
    path = tmp_path / "stories.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_fixture_reads_as_nine_stories():
    stories, texts = read_stories(FIXTURE / "stories.csv", FIXTURE / "bodies.csv")
    assert len(stories) == 9 and len(texts) == 20
    assert [s.label for s in stories].count(1) == 4
    assert [s.label for s in stories].count(0) == 4
    assert stories[-1].label is None and stories[-1].line == 20
    assert stories[0].body_ids == ("1", "2")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "a,Claim,true,1\na,Claim,true,7\n",
            "stories.csv line 3: body_id '7' is not in bodies.csv; give the bodies file that "
            "holds it",
        ),
        (
            "a,Claim,true,1\nb,Other,false,\n",
            "stories.csv line 3: story 'b' has no body_id (an empty story); give the Body ID of "
            "an article that reports the claim, or drop the row",
        ),
        (
            "a,Claim,maybe,1\n",
            "stories.csv line 2: unknown truth 'maybe'; expected one of true, false, unknown",
        ),
        (
            "a,,true,1\n",
            "stories.csv line 2: empty or non-text claim ''; expected non-empty text",
        ),
        (
            "a,Claim,true,1\na,Claim,false,2\n",
            "stories.csv line 3: story 'a' has another claim or truth than on line 2; give each "
            "claim_id one claim and one truth",
        ),
        ("", "stories.csv: no rows; expected claim_id, claim, truth, body_id rows"),
    ],
)
def test_bad_stories_name_the_row(tmp_path, bodies, rows, message):
    with pytest.raises(TrainingDataError) as error:
        read_stories(write(tmp_path, rows), bodies)
    assert str(error.value) == message


def test_a_missing_column_is_named(tmp_path, bodies):
    path = tmp_path / "stories.csv"
    path.write_text("claim_id,claim,body_id\na,Claim,1\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="missing column 'truth'"):
        read_stories(path, bodies)


def pair(headline: str, body: str, stance: str) -> StanceExample:
    return StanceExample(headline, f"text of {body}", stance, body)


def test_headlines_belong_to_the_claim_of_their_related_bodies():
    stories, _ = read_stories(FIXTURE / "stories.csv", FIXTURE / "bodies.csv")
    pairs = [
        pair("Council backs bridge", "1", "agree"),
        pair("Council backs bridge", "2", "discuss"),
        pair("Council backs bridge", "5", "unrelated"),
        pair("Port strike over", "3", "agree"),
        pair("Shark in subway", "11", "disagree"),
        pair("Shark in subway", "1", "unrelated"),
        pair("Headline of no story", "99", "agree"),
    ]
    assert fnc1_headline_claims(pairs, stories) == {
        "Council backs bridge": "c1",
        "Port strike over": "c2",
        "Shark in subway": "c5",
    }


def test_held_out_pairs_drop_the_bodies_and_headlines_of_held_out_claims():
    stories, _ = read_stories(FIXTURE / "stories.csv", FIXTURE / "bodies.csv")
    pairs = [
        pair("Council backs bridge", "1", "agree"),  # held-out body
        pair("Council backs bridge", "12", "unrelated"),  # held-out claim's headline
        pair("Shark in subway", "11", "disagree"),  # another claim: kept
        pair("Bridge vote next week", "99", "discuss"),  # related to no story body: kept
        pair("Bridge vote next week", "2", "discuss"),  # ... but related to a held-out body
    ]
    claims = fnc1_headline_claims(pairs, stories)
    assert held_out_pairs(pairs, [stories[0]], claims) == [True, True, False, True, True]
