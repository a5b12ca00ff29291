"""Tests for credscore.training.polnear: brat standoff to gold attribution relations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from credscore.errors import TrainingDataError
from credscore.training.corpora import data_dir
from credscore.training.polnear import GoldRelation, PolnearDoc, read_polnear, twice_annotated

TEXT = (
    "Lee said it rained.\n\n"  # 0-19
    '"No," Kim told us, "never."\n\n'  # 21-48
    "Polls show a tie, aides say.\n"  # 50-78
)
ANN = "\n".join(
    [
        "T1\tSource 0 3\tLee",
        "T2\tCue 4 8\tsaid",
        "T3\tContent 9 18\tit rained",
        "T4\tAttribution 4 8\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "#1\tAnnotatorNotes T3\ta note",
        "",
        # discontinuous content, fragments out of order; Content2 role; no-source trigger
        'T5\tContent 40 48;21 25\t"never." "No,',
        "T6\tCue 31 38\ttold us",
        "T7\tSource 27 30\tKim",
        "T8\tAttribution 31 38\ttold us",
        "E2\tAttribution:T8 Cue:T6 Source:T7 Content2:T5",
        # an event without a Cue: the loose Cue at its trigger stands in
        "T9\tCue 74 77\tsay",
        "T10\tAttribution-no-source 74 77\tsay",
        "T11\tContent 50 66\tPolls show a tie",
        "E3\tAttribution-no-source:T10 Content:T11",
        "T12\tDiscuss 50 78\tPolls show a tie, aides say.",
        "",
    ]
)


def make_split(tmp_path: Path, texts: dict[str, str], anns: dict[str, str]) -> Path:
    """A split folder with text/<stem>.txt and attributions/<name>.ann files."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for stem, text in texts.items():
        (tmp_path / "text" / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
    for name, ann in anns.items():
        (tmp_path / "attributions" / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")
    return tmp_path


def test_relations_from_events(tmp_path: Path) -> None:
    assert TEXT[0:3] == "Lee" and TEXT[31:38] == "told us" and TEXT[74:77] == "say"
    [doc] = read_polnear(make_split(tmp_path, {"a_b-c": TEXT}, {"a_b-c_x1": ANN}))
    assert doc == PolnearDoc(
        id="a_b-c",
        text=TEXT,
        annotator="x1",
        relations=[
            GoldRelation(source=(0, 3), cue=(4, 8), content=(9, 18)),
            GoldRelation(source=(27, 30), cue=(31, 38), content=(21, 48)),
            GoldRelation(source=None, cue=(74, 77), content=(50, 66)),
        ],
    )


def test_first_annotation_file_in_sorted_order_is_used(tmp_path: Path) -> None:
    other = "T1\tCue 0 3\tLee\nT2\tAttribution 0 3\tLee\nE1\tAttribution:T2 Cue:T1\n"
    folder = make_split(tmp_path, {"a": TEXT}, {"a_zz": ANN, "a_b2": other, "ab_c": ANN})
    [doc] = read_polnear(folder)
    assert doc.annotator == "b2"
    assert doc.relations == [GoldRelation(None, (0, 3), None)]


def test_twice_annotated_pairs_the_first_two_files(tmp_path: Path) -> None:
    other = "T1\tCue 0 3\tLee\nT2\tAttribution 0 3\tLee\nE1\tAttribution:T2 Cue:T1\n"
    files = {"a_zz": ANN, "a_b2": other, "a_zzz": "", "b_x": ANN}
    [(first, second)] = twice_annotated(make_split(tmp_path, {"a": TEXT, "b": TEXT}, files))
    assert (first.id, first.annotator, second.annotator) == ("a", "b2", "zz")
    assert first == read_polnear(tmp_path)[0] and len(second.relations) == 3


@pytest.mark.parametrize(
    ("ann", "expected"),
    [
        # event naming only its trigger: the trigger span is the cue
        ("T1\tAttribution 4 8\tsaid\nE1\tAttribution:T1\n", [GoldRelation(None, (4, 8), None)]),
        # loose source, cue and content that no event joins: one relation, nearest parts
        (
            "T1\tSource 0 3\tLee\nT2\tCue 4 8\tsaid\nT3\tContent 9 18\tit rained\n"
            "T4\tSource 56 60\tshow\n",
            [GoldRelation((0, 3), (4, 8), (9, 18))],
        ),
        # a span whose text runs over a blank line (brat writes it as is)
        (
            'T1\tContent 9 25\tit rained.\n\n"No,\nT2\tCue 4 8\tsaid\n'
            "T3\tAttribution 4 8\tsaid\nE1\tAttribution:T3 Cue:T2 Content:T1\n",
            [GoldRelation(None, (4, 8), (9, 25))],
        ),
        ("", []),
    ],
)
def test_fallbacks(tmp_path: Path, ann: str, expected: list[GoldRelation]) -> None:
    [doc] = read_polnear(make_split(tmp_path, {"a": TEXT}, {"a_x": ann}))
    assert doc.relations == expected


def test_byte_order_mark_counts_as_a_character(tmp_path: Path) -> None:
    ann = "T1\tCue 5 9\tsaid\nT2\tAttribution 5 9\tsaid\nE1\tAttribution:T2 Cue:T1\n"
    [doc] = read_polnear(make_split(tmp_path, {"a": "\ufeffLee said so."}, {"a_x": ann}))
    assert doc.relations[0].cue == (5, 9)
    assert doc.text[5:9] == "said"


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tCue 4 8\tsaid\nthis is not brat\n", "a_x.ann:2: malformed line 'this is not brat'"),
        ("T1\tCue 4\tsaid\n", "a_x.ann:1: malformed span line"),
        ("T1\tCue four 8\tsaid\n", "a_x.ann:1: malformed span line"),
        ("\nT1\tCue 4 8;9\tsaid\n", "a_x.ann:2: malformed span line"),
        ("T1\tCue 4 8\tsaid\nE1\tAttribution\n", "a_x.ann:2: malformed event line"),
        ("T1\tCue 4 8\tsaid\nE1\tCue:T1 Source:T9\n", r"a_x.ann:2: event names Source:T9"),
        ("T1\tCue 0 4\tsaid\n", r"a_x.ann:1: span T1 0 4 does not match"),
        ("T1\tCue 4 900\tsaid\n", r"a_x.ann:1: span T1 4 900 does not match"),
        ("T1\tSource 0 3\tLee\nE1\tSource:T1\n", "a_x.ann:2: event has neither a Cue"),
    ],
)
def test_malformed_annotation_names_file_and_line(tmp_path: Path, ann: str, message: str) -> None:
    folder = make_split(tmp_path, {"a": TEXT}, {"a_x": ann})
    with pytest.raises(TrainingDataError, match=re.escape(message)):
        read_polnear(folder)


def test_folder_without_text_and_attributions(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    with pytest.raises(TrainingDataError, match="expected text/ and attributions/"):
        read_polnear(tmp_path)


def test_text_without_annotation_file(tmp_path: Path) -> None:
    folder = make_split(tmp_path, {"a": TEXT, "b": TEXT}, {"a_x": ANN})
    with pytest.raises(TrainingDataError, match=r"b\.txt: no annotation file"):
        read_polnear(folder)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="no .txt files"):
        read_polnear(make_split(tmp_path, {}, {}))


def test_real_dev_split_reads() -> None:
    try:
        folder = data_dir() / "polnear" / "dev"
    except TrainingDataError:
        pytest.skip("no data folder")
    if not folder.is_dir():
        pytest.skip("no PolNeAR in the data folder")
    docs = read_polnear(folder)
    assert len(docs) == len({d.id for d in docs}) > 0
    for doc in docs:
        for r in doc.relations:
            for span in (r.cue, r.source, r.content):
                assert span is None or 0 <= span[0] < span[1] <= len(doc.text)
