"""Statement-shaped stance pairs, the FNC-1 carving and train_stance's refusals."""

import pytest

from credscore.errors import TrainingDataError
from credscore.training.datasets import StanceExample
from credscore.training.stance import best_sentence, statement_pairs, train_stance

BODY = (
    "Rain fell all day in the capital. The mayor said the Riverside bridge reopened on Friday. "
    "Traffic was light. Shops stayed shut until noon."
)


def test_the_best_sentence_shares_most_content_words_with_the_claim():
    assert best_sentence("Riverside bridge reopened", BODY) == (
        "The mayor said the Riverside bridge reopened on Friday."
    )
    assert best_sentence("shops shut at noon", BODY) == "Shops stayed shut until noon."


def test_a_short_body_is_a_statement_already():
    assert best_sentence("The bridge reopened", "The bridge reopened, he said.") is None


def test_statement_pairs_copy_long_bodies_with_their_label():
    long = StanceExample("The bridge reopened on Friday", BODY, "agree", "b1")
    short = StanceExample("The bridge reopened", "It did, he said.", "agree", "b2")
    pairs = statement_pairs([long, short])
    assert len(pairs) == 1
    assert pairs[0].body.startswith("The mayor said") and pairs[0].stance == "agree"
    assert pairs[0].body_id == "b1"


@pytest.mark.parametrize(
    ("examples", "message"),
    [
        ([], "no stance pairs"),
        ([StanceExample("a", "b", "agree")] * 2, "one stance only"),
    ],
)
def test_train_stance_refuses_empty_or_single_stance_data(examples, message):
    with pytest.raises(TrainingDataError, match=message):
        train_stance(examples)
