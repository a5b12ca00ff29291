"""Tests for credscore.features.attribution_tokens: tokens, hashed tagger features, clusters."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from credscore.features import attribution_tokens
from credscore.features.attribution_columns import (
    CUE_TEMPLATES,
    ROLE_TEMPLATES,
    columns_matrix,
    cue_columns,
    role_columns,
)
from credscore.features.attribution_tokens import (
    QUOTED,
    RULE,
    WORD,
    article_tokens,
    source_edge,
    span_tags,
    token_ranges,
    words,
)

TEXT = 'Lee insisted it rained. "It did," Kim said.'
SENTENCES = [(0, 23), (24, 43)]
QUOTES = [(24, 33)]
N = 2**12


def _tokens(rule_cues=()):
    return article_tokens(TEXT, SENTENCES, QUOTES, rule_cues)


def test_tokens_and_sentences():
    t = _tokens()
    words = [TEXT[a:b] for a, b in t.spans.tolist()]
    assert words == 'Lee insisted it rained . " It did , " Kim said .'.split()
    assert t.bounds.tolist() == [0, 5, 13]
    assert t.sentence.tolist() == [0] * 5 + [1] * 8
    assert len(t) == 13


def test_quoted_tokens_exclude_the_marks():
    t = _tokens()
    quoted = [
        TEXT[a:b] for (a, b), code in zip(t.spans.tolist(), t.codes[:, QUOTED], strict=True) if code
    ]
    assert quoted == ["It", "did", ","]


def test_rule_cues_are_marked():
    t = _tokens(rule_cues=[(38, 42)])
    said = t.spans[:, 0].tolist().index(38)
    assert t.codes[said, RULE] == 1 and t.codes[:, RULE].sum() == 1
    assert t.marks[said] & (1 << 6)


def test_same_word_same_code_whatever_its_case():
    t = article_tokens("Said said SAID", [(0, 14)], [])
    assert len(set(t.codes[:, WORD].tolist())) == 1


@pytest.mark.parametrize(
    "ranges, expected",
    [
        ([(4, 12)], [[1, 2]]),  # "insisted"
        ([(5, 9)], [[1, 2]]),  # part of a token counts as the token
        ([(0, 15)], [[0, 3]]),
        ([(12, 13)], [[2, 2]]),  # only a space: no token
    ],
)
def test_token_ranges(ranges, expected):
    assert token_ranges(_tokens().spans, ranges).tolist() == expected


def test_span_tags_mark_begin_and_inside():
    tags = span_tags(_tokens().spans, [(0, 12), (38, 42)])
    assert tags.tolist() == [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]


def test_cue_columns_one_per_template_and_deterministic():
    columns = cue_columns(_tokens(), N)
    assert columns.shape == (13, len(CUE_TEMPLATES))
    assert ((columns >= 0) & (columns < N)).all()
    assert (cue_columns(_tokens(), N) == columns).all()
    assert len(np.unique(columns[1])) > len(CUE_TEMPLATES) // 2  # templates rarely collide


def test_cue_columns_see_neighbours_within_the_sentence_only():
    before = cue_columns(_tokens(), N)
    other = 'Ana denied all of it. "It did," Kim said.'  # another first sentence, same second
    after = cue_columns(article_tokens(other, [(0, 21), (22, 41)], [(22, 31)]), N)
    assert (after[-8:] == before[-8:]).all()
    assert (after[0] != before[0]).any()
    shifted = article_tokens("So " + TEXT[:23], [(0, 26)], [])  # a word before "Lee" now
    assert (cue_columns(shifted, N)[1] != before[0]).sum() >= 4


def test_cue_columns_of_some_rows_are_those_rows_of_all():
    rows = np.array([0, 4, 5, 12])
    assert (cue_columns(_tokens(), N, rows=rows) == cue_columns(_tokens(), N)[rows]).all()


def test_cue_columns_read_the_templates_given():
    templates = (("w", ((0, WORD),)), ("w+1.q", ((1, WORD), (0, QUOTED))))
    columns = cue_columns(_tokens(), N, templates)
    assert columns.shape == (13, 2)
    assert (columns[:, 0] == cue_columns(_tokens(), N)[:, 0]).all()  # same name, same column


def test_role_columns_cover_the_cue_sentence_outside_the_cue():
    t = _tokens()
    cues = np.array([[11, 12], [1, 2]])
    rules = np.array([[10, 11, 5, 10], [-1, -1, -1, -1]])
    token, owner, columns = role_columns(t, cues, rules, N)
    assert token[owner == 0].tolist() == [5, 6, 7, 8, 9, 10, 12]
    assert token[owner == 1].tolist() == [0, 2, 3, 4]
    assert columns.shape == (11, len(ROLE_TEMPLATES))


def test_role_columns_read_the_rules_view():
    t = _tokens()
    cue = np.array([[11, 12]])
    with_rule = role_columns(t, cue, np.array([[10, 11, 5, 10]]), N)[2]
    without = role_columns(t, cue, np.array([[-1, -1, -1, -1]]), N)[2]
    assert (with_rule != without).any(axis=1).all()


def test_columns_matrix_adds_repeats():
    matrix = columns_matrix(np.array([[1, 3, 3], [0, 2, 1]]), 4)
    assert matrix.toarray().tolist() == [[0, 1, 0, 2], [1, 1, 1, 0]]


def test_words_are_the_lowercased_tokens():
    assert words('Lee said: "No."') == ["lee", "said", ":", '"', "no", ".", '"']


@pytest.mark.parametrize(
    "token, edge",
    [
        ("and", True),
        ("that", True),
        ("who", True),
        ("with", True),
        ("privately", True),
        ('"', True),
        ("the", False),
        ("This", False),
        ("family", False),
        ("officials", False),
        ("Kim", False),
    ],
)
def test_source_edge(token, edge):
    assert source_edge(token) is edge


def test_doctests():
    assert doctest.testmod(attribution_tokens).failed == 0


def test_the_code_table_gives_each_tokens_own_codes_even_after_emptying():
    table = attribution_tokens._CodeTable(limit=6)  # empties itself every few tokens
    text = "Lee insisted it rained, and KIM said it did; Lee insisted again."
    tokens = attribution_tokens.TOKEN.findall(text)
    for at in range(0, len(tokens), 4):
        chunk = tokens[at : at + 4]
        expected = [list(attribution_tokens._token_codes(token)) for token in chunk]
        assert table.codes(chunk).tolist() == expected
    assert table.codes([]).shape == (0, 5)


#: the first two tokens' codes and first six cue columns of TEXT: a change here changes every
#: tagger feature, and the shipped bundle would need retraining
PINNED_CODES = [
    [1627368638, 0, 0, 3289724770, 0, 0, 13, 0],
    [2462881064, 3061334965, 3552711741, 1050319643, 0, 0, 29, 0],
]
PINNED_COLUMNS = [[3818, 1143, 757, 2239, 1278, 786], [690, 2687, 512, 915, 1278, 786]]
_IN_ANOTHER_PROCESS = """
import json
from credscore.features.attribution_columns import cue_columns
from credscore.features.attribution_tokens import article_tokens
t = article_tokens({text!r}, {sentences!r}, {quotes!r})
print(json.dumps([t.codes[:2].tolist(), cue_columns(t, {n})[:2, :6].tolist()]))
"""


def test_hashed_features_are_the_same_in_every_process():
    t = _tokens()
    assert t.codes[:2].tolist() == PINNED_CODES
    assert cue_columns(t, N)[:2, :6].tolist() == PINNED_COLUMNS
    script = _IN_ANOTHER_PROCESS.format(text=TEXT, sentences=SENTENCES, quotes=QUOTES, n=N)
    for seed in ("0", "12345"):  # str hashes differ between these processes; codes must not
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(out.stdout) == [PINNED_CODES, PINNED_COLUMNS]
