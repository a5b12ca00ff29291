"""Tests for credscore.training.datasets: format readers, corpus adapters and carve_dev."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from credscore.errors import TrainingDataError
from credscore.training.corpora import aspect_train
from credscore.training.datasets import (
    ASPECTS,
    ArticleExample,
    AspectExample,
    ClaimExample,
    StanceExample,
    carve_dev,
    guess_format,
    read_articles,
    read_aspects,
    read_claims,
    read_stance,
)

BODIES = 'Body ID,articleBody\n7,"Line one.\n\nLine two."\n8,Short body.\n'


def write(tmp_path: Path, name: str, content: str) -> Path:
    """Write `content` to tmp_path/name as UTF-8 and return the path."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    return path


CLAIM_CASES = [
    (
        "claims.jsonl",
        None,
        '{"text": "It rained.", "label": 0}\n{"text": "It may rain.", "label": 1}\n\n'
        '{"text": "Sure.", "label": "certain"}\n{"text": "Maybe.", "label": "Uncertain"}\n'
        '{"text": "Likely  so.", "confidence": 0.75}\n',
        [
            ClaimExample("It rained.", 1.0, "jsonl"),
            ClaimExample("It may rain.", 0.0, "jsonl"),
            ClaimExample("Sure.", 1.0, "jsonl"),
            ClaimExample("Maybe.", 0.0, "jsonl"),
            ClaimExample("Likely so.", 0.75, "jsonl"),
        ],
    ),
    (
        "claims.csv",
        "csv",
        "text,label,confidence\nA fact.,1,0.5\nMight be.,1,\nFirm.,certain,\n",
        [
            ClaimExample("A fact.", 0.5, "csv"),
            ClaimExample("Might be.", 0.0, "csv"),
            ClaimExample("Firm.", 1.0, "csv"),
        ],
    ),
    (
        "wiki.csv",
        "conll2010",
        'text,label\n"It is red.\n",0\n"\n",0\n"It is thought\nto be blue.\n",1\n',
        [
            ClaimExample("It is red.", 1.0, "conll2010"),
            ClaimExample("It is thought to be blue.", 0.0, "conll2010"),
        ],
    ),
    (
        "certainty.jsonl",
        "pei-jurgens",
        '{"id": 0, "finding": "X cures Y.", "sentence-level-certainty": 6.0, "split": "train"}\n'
        '{"id": 1, "finding": "X may help.", "sentence-level-certainty": 2, "split": "val"}\n',
        [
            ClaimExample("X cures Y.", 1.0, "pei-jurgens", split="train"),
            ClaimExample("X may help.", 0.2, "pei-jurgens", split="val"),
        ],
    ),
    (
        "emergent.csv",
        "emergent",
        ",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
        "0,Claim A,A happened,for,a1,c1\n1,Claim A,A did not happen,against,a2,c1\n"
        "2,Claim B,Reports say B,observing,a3,c2\n",
        [
            ClaimExample("A happened", 1.0, "emergent", group="c1"),
            ClaimExample("A did not happen", 1.0, "emergent", group="c1"),
            ClaimExample("Reports say B", 0.0, "emergent", group="c2"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "fmt", "content", "expected"), CLAIM_CASES)
def test_read_claims_formats(tmp_path, name, fmt, content, expected):
    assert read_claims(write(tmp_path, name, content), format=fmt) == expected


STANCE_CASES = [
    (
        "stance.jsonl",
        None,
        '{"claim": "C", "body": "B\\n2", "stance": "agree", "body_id": 3}\n'
        '{"claim": "C", "body": "D", "stance": "Unrelated"}\n',
        [StanceExample("C", "B\n2", "agree", "3"), StanceExample("C", "D", "unrelated")],
    ),
    (
        "stance.csv",
        None,
        "claim,body,stance\nC,B,discuss\nC,D,disagree\n",
        [StanceExample("C", "B", "discuss"), StanceExample("C", "D", "disagree")],
    ),
    (
        "emergent.csv",
        "emergent",
        "claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
        "Claim A,A happened,for,a1,c1\nClaim A,Not A,against,a2,c1\n"
        "Claim A,Maybe A,observing,a3,c1\n",
        [
            StanceExample("Claim A", "A happened", "agree", "a1"),
            StanceExample("Claim A", "Not A", "disagree", "a2"),
            StanceExample("Claim A", "Maybe A", "discuss", "a3"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "fmt", "content", "expected"), STANCE_CASES)
def test_read_stance_formats(tmp_path, name, fmt, content, expected):
    assert read_stance(write(tmp_path, name, content), format=fmt) == expected


@pytest.mark.parametrize("fmt", ["fnc1", None])
def test_read_stance_fnc1_joins_bodies(tmp_path, fmt):
    bodies = write(tmp_path, "bodies.csv", BODIES)
    stances = write(
        tmp_path, "stances.csv", "Headline,Body ID,Stance\nH1,8,agree\nH2,7,unrelated\n"
    )
    assert read_stance(stances, format=fmt, bodies=bodies) == [
        StanceExample("H1", "Short body.", "agree", "8"),
        StanceExample("H2", "Line one.\n\nLine two.", "unrelated", "7"),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "articles.jsonl",
            '{"text": "Body one.", "label": 1, "id": "a"}\n{"text": "Two.", "label": "0"}\n',
        ),
        ("articles.csv", "id,text,label\na,Body one.,1\n,Two.,0\n"),
    ],
)
def test_read_articles_formats(tmp_path, name, content):
    assert read_articles(write(tmp_path, name, content)) == [
        ArticleExample("Body one.", 1, "a"),
        ArticleExample("Two.", 0, None),
    ]


ERROR_CASES = [
    # (reader, file name, content, keyword arguments, expected message)
    (read_claims, "c.jsonl", "\n\n", {}, "c.jsonl: no rows; expected at least one jsonl example"),
    (read_claims, "c.csv", "text,label\n", {}, "c.csv: no rows"),
    (read_articles, "a.csv", "", {}, "a.csv: no rows"),
    (read_claims, "c.csv", "sentence,label\nA.,0\n", {}, "c.csv line 1: missing column 'text'"),
    (
        read_claims,
        "c.jsonl",
        '{"text": "A.", "label": 0}\n{"label": 1}\n',
        {},
        "c.jsonl line 2: no value for 'text'",
    ),
    (
        read_claims,
        "c.csv",
        "text,label\nA.,0\nB.,1\nC.,maybe\n",
        {},
        "c.csv line 4: unknown label 'maybe'; expected one of 0, 1, certain, uncertain",
    ),
    (read_claims, "c.csv", "text\nA.\n", {}, "c.csv line 2: no label or confidence"),
    (
        read_claims,
        "c.jsonl",
        '{"text": "A.", "confidence": NaN}\n',
        {},
        r"c.jsonl line 1: bad confidence nan; expected a number in \[0, 1\]",
    ),
    (
        read_claims,
        "c.csv",
        "text,confidence\nA.,0.5\nB.,nan\n",
        {},
        "c.csv line 3: bad confidence 'nan'",
    ),
    (read_claims, "c.csv", "text,confidence\nA.,inf\n", {}, "c.csv line 2: bad confidence 'inf'"),
    (
        read_claims,
        "c.jsonl",
        '{"text": "A.", "confidence": 1.5}\n',
        {},
        "c.jsonl line 1: bad confidence 1.5",
    ),
    (
        read_claims,
        "c.jsonl",
        '{"text": "  ", "label": 0}\n',
        {},
        "c.jsonl line 1: empty or non-text text '  '",
    ),
    (
        read_claims,
        "c.jsonl",
        '{"text": "A.", "label": 0}\n{"text": "B.", \n',
        {},
        "c.jsonl line 2: malformed JSON",
    ),
    (
        read_claims,
        "c.jsonl",
        '["A.", 0]\n',
        {},
        "c.jsonl line 1: got JSON list; expected a JSON object",
    ),
    (
        read_claims,
        "w.csv",
        'text,label\n"A\n",0\n"B.",2\n',
        {"format": "conll2010"},
        "w.csv line 4: unknown label '2'; expected one of 0, 1",
    ),
    (
        read_claims,
        "p.jsonl",
        '{"finding": "A.", "sentence-level-certainty": 3}\n{"finding": "B."}\n',
        {"format": "pei-jurgens"},
        "p.jsonl line 2: no value for 'sentence-level-certainty'",
    ),
    (
        read_claims,
        "p.jsonl",
        '{"finding": "A.", "sentence-level-certainty": 7}\n',
        {"format": "pei-jurgens"},
        r"p.jsonl line 1: bad sentence-level-certainty 7; expected a number in \[1, 6\]",
    ),
    (
        read_claims,
        "e.csv",
        "claimHeadline,articleHeadline,articleHeadlineStance,claimId\nC,H,ignoring,c1\n",
        {"format": "emergent"},
        "e.csv line 2: unknown articleHeadlineStance 'ignoring'; "
        "expected one of for, against, observing",
    ),
    (
        read_claims,
        "e.csv",
        "claimHeadline,articleHeadline,articleHeadlineStance\nC,H,for\n",
        {"format": "emergent"},
        "e.csv line 1: missing column 'claimId'",
    ),
    (
        read_stance,
        "s.csv",
        "claim,body,stance\nC,B,agree\nC,B,neutral\n",
        {},
        "s.csv line 3: unknown stance 'neutral'; "
        "expected one of agree, disagree, discuss, unrelated",
    ),
    (
        read_stance,
        "s.csv",
        "Headline,Body ID,Stance\nH,8,agree\nH,9,agree\n",
        {"bodies": "BODIES"},
        "s.csv line 3: unknown Body ID '9'; expected an id in bodies.csv",
    ),
    (
        read_stance,
        "s.csv",
        "Headline,Body ID,Stance\nH,8,agree\n",
        {"format": "fnc1"},
        "s.csv: format 'fnc1' with bodies=None; expected bodies=",
    ),
    (
        read_stance,
        "s.csv",
        "claim,body,stance\nC,B,agree\n",
        {"format": "csv", "bodies": "BODIES"},
        "s.csv: format 'csv' with bodies=",
    ),
    (
        read_articles,
        "a.jsonl",
        '{"text": "A.", "label": 1}\n{"text": "B.", "label": 2}\n',
        {},
        "a.jsonl line 2: unknown label 2; expected one of 0, 1",
    ),
    (read_articles, "a.csv", "text,label\nA.,yes\n", {}, "a.csv line 2: unknown label 'yes'"),
    (read_articles, "a.csv", "text,label\nA.\n", {}, "a.csv line 2: no value for 'label'"),
    (
        read_claims,
        "c.csv",
        "text,label\nA.,0\n",
        {"format": "xml"},
        "c.csv: unknown format 'xml'; expected one of jsonl, csv, conll2010",
    ),
    (
        read_claims,
        "c.txt",
        "A.\n",
        {},
        r"c.txt: cannot guess format from extension '.txt'; expected .jsonl or .csv",
    ),
]


@pytest.mark.parametrize(("reader", "name", "content", "kwargs", "message"), ERROR_CASES)
def test_readers_reject_bad_data(tmp_path, reader, name, content, kwargs, message):
    path = write(tmp_path, name, content)
    if kwargs.get("bodies") == "BODIES":
        kwargs = {**kwargs, "bodies": write(tmp_path, "bodies.csv", BODIES)}
    with pytest.raises(TrainingDataError, match=message):
        reader(path, **kwargs)


@pytest.mark.parametrize("reader", [read_claims, read_stance, read_articles])
def test_missing_file_names_the_path(tmp_path, reader):
    path = tmp_path / "absent.jsonl"
    with pytest.raises(TrainingDataError, match=re.escape(f"{path}: no such file")):
        reader(path)


def test_missing_bodies_file_names_the_path(tmp_path):
    stances = write(tmp_path, "s.csv", "Headline,Body ID,Stance\nH,8,agree\n")
    with pytest.raises(TrainingDataError, match=re.escape(f"{tmp_path / 'b.csv'}: no such file")):
        read_stance(stances, bodies=tmp_path / "b.csv")


def test_duplicate_body_id_is_an_error(tmp_path):
    bodies = write(tmp_path, "b.csv", "Body ID,articleBody\n1,A\n1,B\n")
    stances = write(tmp_path, "s.csv", "Headline,Body ID,Stance\nH,1,agree\n")
    with pytest.raises(TrainingDataError, match="b.csv line 3: duplicate Body ID '1'"):
        read_stance(stances, bodies=bodies)


def test_reads_utf8_with_bom(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("text,label\nCafé déjà vu.,0\n".encode("utf-8-sig"))
    assert read_claims(path) == [ClaimExample("Café déjà vu.", 1.0, "csv")]


def test_long_csv_fields_are_read(tmp_path):
    body = "word " * 100_000
    bodies = write(tmp_path, "b.csv", f'Body ID,articleBody\n1,"{body}"\n')
    stances = write(tmp_path, "s.csv", "Headline,Body ID,Stance\nH,1,discuss\n")
    assert read_stance(stances, bodies=bodies)[0].body == body


@pytest.mark.parametrize(
    ("name", "expected"), [("a.jsonl", "jsonl"), ("dir/b.CSV", "csv"), (Path("c.csv"), "csv")]
)
def test_guess_format(name, expected):
    assert guess_format(name) == expected


@pytest.mark.parametrize(("n", "fraction", "n_dev"), [(10, 0.2, 2), (2, 0.2, 1), (101, 0.5, 50)])
def test_carve_dev_is_a_seeded_partition(n, fraction, n_dev):
    train, dev = carve_dev(n, fraction=fraction, seed=3)
    assert len(dev) == n_dev
    assert sorted(np.concatenate([train, dev]).tolist()) == list(range(n))
    again = carve_dev(n, fraction=fraction, seed=3)
    assert np.array_equal(train, again[0]) and np.array_equal(dev, again[1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_carve_dev_keeps_groups_whole(seed):
    groups = [f"claim{i // 3}" for i in range(30)]
    train, dev = carve_dev(30, fraction=0.3, groups=groups, seed=seed)
    assert sorted(np.concatenate([train, dev]).tolist()) == list(range(30))
    assert not {groups[i] for i in train} & {groups[i] for i in dev}
    assert len({groups[i] for i in dev}) == 3


@pytest.mark.parametrize(
    ("n", "kwargs", "error", "message"),
    [
        (1, {}, TrainingDataError, "from 1 examples; expected at least 2"),
        (3, {"groups": ["a", "a", "a"]}, TrainingDataError, "expected at least 2 groups"),
        (3, {"groups": ["a", "b"]}, ValueError, "one non-None key per example"),
        (3, {"groups": ["a", None, "b"]}, ValueError, "one non-None key per example"),
        (3, {"fraction": 1.0}, ValueError, r"fraction must be in \(0, 1\)"),
    ],
)
def test_carve_dev_rejects_bad_arguments(n, kwargs, error, message):
    with pytest.raises(error, match=message):
        carve_dev(n, **kwargs)


def test_non_utf8_file_is_an_error(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"text,label\nCaf\xe9.,0\n")
    with pytest.raises(
        TrainingDataError, match="c.csv line 2: byte 14 is not UTF-8; expected UTF-8"
    ):
        read_claims(path)


def _aspect_row(finding: str, split: str, probability: str) -> str:
    labels = dict.fromkeys(("Number", "Extent", "Condition", "Suggestion", "Framing"), "NotPresent")
    labels["Probability"] = probability
    return json.dumps({"finding": finding, "split": split, "aspect-level-certainty": labels})


def test_read_aspects_and_aspect_train_hold_out_dev_findings(tmp_path):
    rows = [
        _aspect_row("Kids  get more exercise.", "train", "Certain"),
        _aspect_row("It may reduce deaths.", "train", "Uncertain"),
        _aspect_row("A val finding.", "val", "Certain"),
    ]
    (tmp_path / "pei_jurgens").mkdir()
    write(tmp_path, "pei_jurgens/aspect-level-certainty.jsonl", "\n".join(rows) + "\n")
    examples = read_aspects(tmp_path / "pei_jurgens/aspect-level-certainty.jsonl")
    assert examples[0] == AspectExample(
        "Kids get more exercise.",
        ("NotPresent", "NotPresent", "Certain", "NotPresent", "NotPresent", "NotPresent"),
        "train",
    )
    texts, labels = aspect_train(tmp_path, exclude=["It  may reduce deaths."])
    assert texts == ["Kids get more exercise."]
    assert labels.shape == (1, 2 * len(ASPECTS))
    assert labels[0].tolist() == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_read_aspects_rejects_unknown_labels(tmp_path):
    path = write(tmp_path, "a.jsonl", _aspect_row("A finding.", "train", "Sure") + "\n")
    with pytest.raises(TrainingDataError, match="a.jsonl line 1: unknown Probability 'Sure'"):
        read_aspects(path)
