"""`credscore corroborate` and `credscore train corroboration` through CliRunner."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from credscore.cli import cli

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "tests" / "fixtures" / "story"
IN_STORY = ["wire_ledger", "wire_herald", "port_denies", "kcna_denial", "satellite_confirms"]
PATHS = [str(STORY / f"{name}.txt") for name in IN_STORY]
CLAIM = "A North Korean ship delivered artillery rockets to the Russian port of Vostochny"
FIXTURE = ROOT / "tests" / "fixtures" / "corroboration"


@pytest.fixture
def runner():
    return CliRunner()


def test_json_lists_origins_with_their_sentences(runner):
    result = runner.invoke(cli, ["corroborate", CLAIM, *PATHS, "--format", "json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert list(view) == ["claim", "probability", "origins", "independent_origins", "articles"]
    assert view["probability"] is None or 0.0 <= view["probability"] <= 1.0
    assert [a["id"] for a in view["articles"]] == IN_STORY  # in the order given
    against = [o for o in view["origins"] if o["stance"] == "against"]
    assert any(o["name"] == "KCNA" and o["kind"] == "state_media" for o in against)
    assert all(e["text"] for o in view["origins"] for e in o["evidence"])


def test_the_table_names_each_origin_and_quotes_its_sentence(runner):
    result = runner.invoke(cli, ["corroborate", CLAIM, *PATHS, "--format", "table"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"claim: {CLAIM}"
    assert lines[1].startswith("P(holds): ")
    assert re.fullmatch(
        r"independent origins: \d+ for, \d+ against, \d+ neutral, in 5 articles", lines[2]
    )
    assert "against:" in lines and "for:" in lines
    assert any(line.startswith("  KCNA (state_media) via ") for line in lines)
    assert any(line.startswith("    [kcna_denial#c2] Pyongyang \"has never") for line in lines)


def test_readme_shows_what_corroborate_prints(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## One claim against its coverage") :]
    shown = section.split("```\n", 2)[1]
    paths = [str(Path("tests/fixtures/story") / f"{name}.txt") for name in IN_STORY]
    result = runner.invoke(
        cli, ["corroborate", CLAIM, *[str(ROOT / p) for p in paths], "--format", "table"]
    )
    assert result.output == shown


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["  ", *PATHS[:1]],
            2,
            "credscore: error: the claim is empty; give the claim to check as the first argument, "
            "in quotes\n",
        ),
        (
            [CLAIM, "no/such/file.txt"],
            2,
            "credscore: error: no/such/file.txt: no such file or directory; check the path\n",
        ),
        ([CLAIM], 2, None),  # no PATH at all: click's usage error
    ],
)
def test_bad_input_gets_one_line_and_exit_2(runner, args, code, message):
    result = runner.invoke(cli, ["corroborate", *args])
    assert result.exit_code == code
    if message is not None:
        assert result.output == message
    else:
        assert "Missing argument 'PATHS...'" in result.output


def test_no_readable_article_is_exit_2_and_an_unreadable_one_exit_1(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = runner.invoke(cli, ["corroborate", CLAIM, str(empty)])
    assert result.exit_code == 2
    assert result.output == (
        f"credscore: {empty}: empty article (no text); nothing to score\n"
        "credscore: error: no articles to check the claim against; give readable .txt, .html "
        "or .jsonl files\n"
    )
    result = runner.invoke(cli, ["corroborate", CLAIM, str(empty), *PATHS, "--format", "json"])
    assert result.exit_code == 1
    first, rest = result.output.split("\n", 1)
    assert first == f"credscore: {empty}: empty article (no text); nothing to score"
    assert len(json.loads(rest)["articles"]) == 5


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "c1,The council approved it,true,1\nc1,The council approved it,true,404\n",
            "stories.csv line 3: body_id '404' is not in bodies.csv; give the bodies file that "
            "holds it",
        ),
        (
            "c1,The council approved it,true,1\nc2,A shark swam,false,\n",
            "stories.csv line 3: story 'c2' has no body_id (an empty story); give the Body ID of "
            "an article that reports the claim, or drop the row",
        ),
        (
            "c1,The council approved it,true,1\nc2,A shark swam,true,11\nc3,Unknown,unknown,19\n",
            "stories.csv: only true stories; give stories whose truth is true and stories whose "
            "truth is false",
        ),
    ],
)
def test_bad_training_stories_exit_2_naming_the_row_and_write_nothing(
    runner, tmp_path, rows, message
):
    data = tmp_path / "stories.csv"
    data.write_text("claim_id,claim,truth,body_id\n" + rows, encoding="utf-8")
    out = tmp_path / "model.skops"
    result = runner.invoke(
        cli,
        [
            "train",
            "corroboration",
            str(data),
            "--bodies",
            str(FIXTURE / "bodies.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert result.output == f"credscore: error: {message}\n"
    assert not out.exists()


def test_training_refuses_to_replace_a_model_without_force(runner, tmp_path):
    out = tmp_path / "model.skops"
    out.write_bytes(b"keep me")
    result = runner.invoke(
        cli,
        [
            "train",
            "corroboration",
            str(FIXTURE / "stories.csv"),
            "--bodies",
            str(FIXTURE / "bodies.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert result.output == f"credscore: error: {out}: file exists; pass --force to replace it\n"
    assert out.read_bytes() == b"keep me"


def test_every_new_command_has_help(runner):
    for args in (["corroborate", "--help"], ["train", "corroboration", "--help"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "Usage:" in result.output
