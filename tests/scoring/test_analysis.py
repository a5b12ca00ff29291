"""Tests for credscore.scoring.analysis: linking claim sentences to attribution relations."""

from credscore.features.attribution import ResolvedAttribution
from credscore.scoring.analysis import link_attributions
from credscore.text import Sentence


def relation(content, source=None):
    return ResolvedAttribution(
        cue=(0, 1),
        content=content,
        source=source,
        direct=False,
        source_name=None,
        source_kind=None,
    )


def test_each_sentence_links_to_the_relation_overlapping_it_most():
    sentences = [Sentence(0, 40, 0), Sentence(41, 80, 0), Sentence(81, 120, 1)]
    relations = [relation((0, 10), (50, 55)), relation((5, 35), (50, 55)), relation((45, 60))]
    assert link_attributions(sentences, relations) == [1, 2, None]


def test_a_sourced_relation_beats_a_longer_sourceless_one_and_ties_go_to_the_first():
    sentences = [Sentence(0, 40, 0), Sentence(41, 80, 0)]
    relations = [
        relation((0, 40)),  # "appears": no source
        relation((10, 20), (45, 50)),
        relation((41, 60), (0, 5)),
        relation((41, 60), (20, 25)),
    ]
    assert link_attributions(sentences, relations) == [1, 2]
    assert link_attributions(sentences, []) == [None, None]
    assert link_attributions([], relations) == []
