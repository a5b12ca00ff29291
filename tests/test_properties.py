"""Property-based tests: scoring never raises, and every span points at the text it names."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credscore.errors import InputError
from credscore.text import parse

NEWSY = st.sampled_from(
    [
        "SEOUL (Reuters) - ",
        '"We will win," he said. ',
        "“It may be over,” officials said. ",
        "according to the ministry, ",
        "Mr. Kim, a U.S. envoy, said that ",
        "Subscribe to our newsletter\n\n",
        "© 2026 AP\n",
        "\n\n",
        "‘",
        "”",
        "<p>",
        "&amp;",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=80), NEWSY), max_size=12).map("".join)
WEIRD = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet="\u202e\u200f\u0000\u0007\ufeff\u00a0\U0001f600 \n.\"'", max_size=200),
    st.builds(lambda n: "x" * n, st.integers(0, 10_000)),
    TEXTS,
)
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def spans(report: dict):
    for claim in report["claims"]:
        yield claim
        yield from claim["hedges"]
        yield from claim["boosters"]
    for relation in report["attributions"]:
        yield from (relation["cue"], relation["content"])
        if relation["source"]:
            yield relation["source"]


@settings(max_examples=150)
@given(WEIRD)
def test_score_never_raises_and_spans_point_at_their_text(scorer, text):
    try:
        report = json.loads(json.dumps(scorer.score(text, id="p").to_dict()))
    except InputError as exc:  # an HTML page with no article: the one documented refusal
        assert str(exc) == "no article text found in this HTML page; nothing to score"
        return
    read = report["text"] if report["text"] is not None else text
    for span in spans(report):
        assert 0 <= span["start"] <= span["end"] <= len(read)
        assert read[span["start"] : span["end"]] == span["text"]
    for name, value in report["scores"].items():
        assert value is None or 0.0 <= value <= 1.0, name
    assert json.loads(json.dumps(scorer.score(text, id="p").to_dict())) == report


@settings(max_examples=150)
@given(WEIRD)
def test_parse_offsets_stay_in_bounds(text):
    try:
        article = parse(text, id="p")
    except InputError:
        return
    for s in article.sentences:
        assert 0 <= s.start < s.end <= len(article.text)
    for d in article.dropped:
        assert 0 <= d.start <= d.end <= len(article.text)
