"""Tests for credscore.features.word_clusters: distributional word classes."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from credscore.features import word_clusters as module
from credscore.features.word_clusters import cluster_of, word_clusters, word_code

SENTENCES = [
    f"{name} {verb} that the {noun} was {adj} .".split()
    for name in ("lee", "kim", "ana", "ben", "cho")
    for verb in ("hinted", "signaled", "said")
    for noun in ("port", "plan", "deal", "vote")
    for adj in ("late", "final", "dead", "close")
]


def test_words_of_like_contexts_share_a_cluster():
    clusters = word_clusters(SENTENCES, n_clusters=4, min_count=5, n_components=6)
    codes = np.array([word_code(w) for w in "hinted signaled said port plan unseen".split()])
    found = cluster_of(codes.astype(np.uint64), clusters).tolist()
    assert found[0] == found[1] == found[2] != found[3] == found[4]
    assert found[5] == 0 and min(found[:5]) >= 1


def test_codes_sorted_and_the_same_run_after_run():
    first = word_clusters(SENTENCES, n_clusters=4, min_count=5, n_components=6)
    again = word_clusters(SENTENCES, n_clusters=4, min_count=5, n_components=6)
    assert (np.diff(first[0].astype(np.int64)) > 0).all()
    assert all((a == b).all() for a, b in zip(first, again, strict=True))
    assert first[0].dtype == np.uint32 and first[1].dtype == np.uint16


def test_no_clusters_no_numbers():
    empty = (np.zeros(0, np.uint32), np.zeros(0, np.uint16))
    assert cluster_of(np.array([1, 2], dtype=np.uint64), empty).tolist() == [0, 0]


def test_need_more_words_than_clusters():
    with pytest.raises(ValueError, match="1 words occur 5\\+ times, not more than n_clusters=8"):
        word_clusters([["a", "b", "a", "a", "a", "a"]], n_clusters=8)


def test_doctests():
    assert doctest.testmod(module).failed == 0
