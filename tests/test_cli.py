"""The command line, through click's CliRunner: formats, exit codes, stdin, errors."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from credscore import __version__
from credscore.cli import cli

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))
NK = str(EXAMPLES[[p.stem for p in EXAMPLES].index("north_korea_arms")])


@pytest.fixture
def runner():
    return CliRunner()


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"credscore, version {__version__}\n"


@pytest.mark.parametrize("command", [[], ["score"], ["info"]])
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_json_has_the_documented_shape(runner):
    result = runner.invoke(cli, ["score", NK, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"model", "articles", "story"}
    assert set(doc["model"]) == {"name", "version"}
    assert doc["story"] is None
    (article,) = doc["articles"]
    assert set(article) == {
        "id",
        "title",
        "outlet",
        "wire",
        "copy_of",
        "dateline",
        "scores",
        "sources",
        "attributions",
        "claims",
        "dropped",
        "text",
    }
    assert article["id"] == "north_korea_arms"
    assert article["wire"] == "Reuters"
    assert set(article["scores"]) == {
        "credibility",
        "claim_confidence",
        "attribution",
        "hedging",
        "sourcing",
        "corroboration",
    }
    claim = article["claims"][0]
    assert set(claim) == {
        "id",
        "text",
        "start",
        "end",
        "confidence",
        "speculative",
        "hedges",
        "boosters",
        "attribution",
        "corroboration",
    }
    relation = article["attributions"][0]
    assert set(relation) == {"source", "cue", "content", "source_kind", "source_name", "direct"}
    assert {d["reason"] for d in article["dropped"]} == {"credit", "copyright"}


def test_jsonl_is_one_report_per_line(runner, example_paths):
    result = runner.invoke(cli, ["score", *map(str, example_paths), "--format", "jsonl"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [p.stem for p in example_paths]


def test_csv_has_a_row_of_scores_per_article(runner, example_paths):
    result = runner.invoke(cli, ["score", *map(str, example_paths), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["id"] for r in rows] == [p.stem for p in example_paths]
    for row in rows:
        assert 0.0 <= float(row["credibility"]) <= 1.0
        assert row["corroboration"] == ""


def test_table_shows_scores_sources_and_claims(runner):
    result = runner.invoke(cli, ["score", NK, "--format", "table"])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("north_korea_arms — U.S. says North Korea appears")
    for word in ("credibility", "sourcing", "sources:", "most hedged claims:", "firmest claims:"):
        assert word in out
    assert "Daniel Harlow (named_person" in out


def test_default_format_off_a_terminal_is_json(runner):
    result = runner.invoke(cli, ["score", NK])
    assert json.loads(result.output)["articles"][0]["id"] == "north_korea_arms"


def test_stdin_text_and_jsonl(runner):
    text = "Storm hits coast\n\nThe storm may reach the coast on Monday, officials said."
    result = runner.invoke(cli, ["score", "-", "--format", "jsonl"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Storm hits coast"
    batch = "\n".join(
        json.dumps({"id": f"r{i}", "title": "T", "text": text, "outlet": "Ledger"}) for i in (1, 2)
    )
    result = runner.invoke(cli, ["score", "-", "--format", "jsonl"], input=batch)
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["r1", "r2"]
    assert json.loads(result.output.splitlines()[0])["outlet"] == "Ledger"


def test_output_file(runner, tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(cli, ["score", NK, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["articles"][0]["wire"] == "Reuters"


def test_directory_input(runner, tmp_path):
    (tmp_path / "a.txt").write_text("The mayor said the bridge will reopen on Friday.", "utf-8")
    (tmp_path / "b.html").write_text("<p>The council approved the plan on Tuesday.</p>", "utf-8")
    (tmp_path / "notes.md").write_text("ignored", "utf-8")
    result = runner.invoke(cli, ["score", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["a", "b"]


def test_missing_file_is_exit_2_with_one_line(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(cli, ["score", str(missing)])
    assert result.exit_code == 2
    assert (
        result.output == f"credscore: error: {missing}: no such file or directory; check the path\n"
    )


def test_bad_records_are_reported_and_the_rest_scored(runner, tmp_path):
    batch = tmp_path / "batch.jsonl"
    good = {"id": "ok", "text": "The ministry confirmed the shipments on Wednesday."}
    batch.write_text(
        "\n".join([json.dumps(good), "{not json", json.dumps({"id": "x", "text": 5}), ""]), "utf-8"
    )
    result = runner.invoke(cli, ["score", str(batch), "--format", "jsonl"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    bad_json = "invalid JSON (Expecting property name enclosed in double quotes)"
    assert f"credscore: {batch} line 2: {bad_json}; fix or remove the line" in lines
    assert (
        f"credscore: {batch} line 3: record has no 'text' string; give each record a text field"
        in lines
    )
    assert [json.loads(line)["id"] for line in lines if line.startswith("{")] == ["ok"]


def test_empty_and_binary_files_fail_alone(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", "utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(
        cli,
        ["score", str(tmp_path / "empty.txt"), str(tmp_path / "blob.txt"), NK, "--format", "csv"],
    )
    assert result.exit_code == 1
    assert "empty.txt: empty article (no text); nothing to score" in result.output
    assert "blob.txt: looks like a binary file, not text" in result.output
    assert "north_korea_arms," in result.output


@pytest.mark.parametrize("options", [[], ["--format", "jsonl", "--jobs", "2"]])
def test_model_that_is_not_a_bundle_is_exit_2(runner, tmp_path, options):
    junk = tmp_path / "model.skops"
    junk.write_bytes(b"not a zip at all")
    result = runner.invoke(cli, ["score", NK, "--model", str(junk), *options])
    assert result.exit_code == 2
    message = "not a credscore model bundle (not a skops file); it was not loaded"
    assert result.output == f"credscore: error: {junk}: {message}\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_zip_that_is_no_bundle_is_exit_2_where_it_is_loaded(runner, tmp_path, jobs):
    """With --jobs 2 and JSONL the workers load the bundle; its failure reads the same."""
    junk = tmp_path / "model.skops"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("readme.txt", "not a model")
    args = ["score", NK, NK, "--model", str(junk), "--format", "jsonl", "--jobs", jobs]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.startswith(f"credscore: error: {junk}: unreadable model file (")
    assert result.output.endswith("); rebuild or re-download it\n")
    assert result.output.count("\n") == 1


def test_a_broken_bundle_is_exit_2_even_when_there_is_nothing_to_score(runner, tmp_path):
    """No worker loads the bundle when no article comes; the command still checks it."""
    junk = tmp_path / "model.skops"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("readme.txt", "not a model")
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    args = ["score", str(empty), "--model", str(junk), "--format", "jsonl", "--jobs", "2"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.startswith(f"credscore: error: {junk}: unreadable model file (")


def test_info_prints_the_model_card(runner):
    result = runner.invoke(cli, ["info"])
    assert result.exit_code == 0
    card = json.loads(result.output)
    assert card["name"] == "credscore-default"
    names = {d["name"] for d in card["data"]}
    assert {"conll2010", "pei-jurgens", "emergent", "fnc1-stances", "fnc1-bodies"} <= names
    assert all(len(d["sha256"]) == 64 for d in card["data"])
    assert "scikit-learn" in card["versions"]


def test_over_long_article_is_refused_alone(runner, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("The council met on Tuesday. " * 100, "utf-8")
    small = tmp_path / "small.txt"
    small.write_text("The council met on Tuesday and passed the budget.", "utf-8")
    args = ["score", str(big), str(small), "--format", "csv", "--max-chars", "1000"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert (
        f"credscore: {big}: article has 2,800 characters, over the limit of 1,000; "
        "split it or raise --max-chars"
    ) in result.output
    assert "\nsmall," in result.output


STORY = sorted((Path(__file__).resolve().parent / "fixtures" / "story").glob("*.txt"))


def test_several_articles_get_a_story_and_no_story_turns_it_off(runner):
    paths = [str(p) for p in STORY]
    doc = json.loads(runner.invoke(cli, ["score", *paths, "--format", "json"]).output)
    assert set(doc["story"]) == {"groups", "copies"}
    assert doc["story"]["groups"]
    by_id = {a["id"]: a for a in doc["articles"]}
    assert by_id["wire_ledger"]["copy_of"] == "wire_herald"
    assert by_id["wire_herald"]["scores"]["corroboration"] is not None
    alone = json.loads(runner.invoke(cli, ["score", *paths, "--no-story"]).output)
    assert alone["story"] is None
    assert all(a["scores"]["corroboration"] is None for a in alone["articles"])


def test_table_lists_the_story_block(runner):
    result = runner.invoke(cli, ["score", *map(str, STORY), "--format", "table"])
    assert result.exit_code == 0
    assert "copies:\n    wire_ledger copies wire_herald, wire Reuters" in result.output
    assert "claims, best-corroborated first" in result.output


def test_duplicate_ids_are_made_unique(runner, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("The mayor said the bridge reopened.", "utf-8")
    result = runner.invoke(cli, ["score", str(tmp_path), "--format", "jsonl"])
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["story", "story-2"]


def test_unreadable_file_in_a_directory_fails_alone(runner, tmp_path):
    (tmp_path / "good.txt").write_text("The mayor said the bridge reopened on Friday.", "utf-8")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    result = runner.invoke(cli, ["score", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 1
    broken = tmp_path / "broken.txt"
    reason = "cannot read (No such file or directory); check that it exists and is readable"
    assert f"credscore: {broken}: {reason}\n" in result.output
    assert "\ngood," in result.output


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "a", "text": ""}, "record's 'text' is empty; nothing to score"),
        (
            {"id": "a", "text": "Fine text here.", "title": 5},
            "field 'title' must be a string, got int",
        ),
        (["not", "an", "object"], "expected a JSON object with a 'text' field, got list"),
    ],
)
def test_wrong_records_are_named(runner, tmp_path, record, message):
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps(record) + "\n", "utf-8")
    result = runner.invoke(cli, ["score", str(batch), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.output == f"credscore: {batch} line 1: {message}\n"


def test_an_article_that_breaks_the_scorer_is_reported_and_the_rest_are_scored(
    runner, tmp_path, monkeypatch
):
    from credscore.scoring.scorer import Scorer

    original = Scorer.score_articles

    def fragile(self, articles, *, n_jobs=1):
        if any("BOOM" in a.text for a in articles):
            if len(articles) == 1:
                raise RuntimeError("extractor fell over")
            raise RuntimeError("batch fell over")
        return original(self, articles, n_jobs=n_jobs)

    monkeypatch.setattr(Scorer, "score_articles", fragile)
    good = tmp_path / "good.txt"
    good.write_text("The council met on Tuesday and passed the budget.", "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("The council met on Tuesday. BOOM.", "utf-8")
    result = runner.invoke(cli, ["score", str(bad), str(good), "--format", "csv"])
    assert result.exit_code == 1
    assert (
        f"credscore: {bad}: could not be scored (RuntimeError: extractor fell over); rerun with "
        "--debug for the traceback and report it"
    ) in result.output
    assert "\ngood," in result.output and "\nbad," not in result.output
    assert "a batch failed (RuntimeError); scoring its articles one by one" in result.output
    debug = runner.invoke(cli, ["--debug", "score", str(bad), str(good), "--format", "csv"])
    assert isinstance(debug.exception, RuntimeError)


def test_output_into_a_missing_folder_and_zero_jobs_are_one_line_usage_errors(runner, tmp_path):
    example = str(Path(__file__).resolve().parents[1] / "examples" / "north_korea_arms.txt")
    missing = tmp_path / "nowhere" / "out.json"
    result = runner.invoke(cli, ["score", example, "-o", str(missing)])
    assert result.exit_code == 2
    assert result.output == (
        f"credscore: error: {missing}: cannot write (No such file or directory); "
        "check the folder exists\n"
    )
    result = runner.invoke(cli, ["score", example, "--jobs", "0"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "--jobs 0: give a number of workers" in result.output


def test_two_jobs_write_what_one_job_writes_and_leave_no_process(
    runner, tmp_path, example_paths, monkeypatch
):
    import multiprocessing

    import credscore.cli

    monkeypatch.setattr(credscore.cli, "BATCH", 2)  # many batches, spread over both workers
    batch = tmp_path / "b.jsonl"
    lines = [json.dumps({"id": p.stem, "text": p.read_text("utf-8")}) for p in example_paths]
    batch.write_text("\n".join([*lines, "{not json", *lines]) + "\n", "utf-8")
    args = ["score", str(batch), "--format", "jsonl", "--no-story"]
    one = runner.invoke(cli, args)
    two = runner.invoke(cli, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert (two.stdout, two.stderr) == (one.stdout, one.stderr)  # read ahead: interleaved apart
    assert f"credscore: {batch} line {len(lines) + 1}:" in two.stderr
    assert multiprocessing.active_children() == []


def test_a_failing_write_stops_the_workers(runner, tmp_path, example_paths, monkeypatch):
    import multiprocessing

    import credscore.cli

    def broken_pipe(out, lines):
        raise BrokenPipeError("the reader went away")

    monkeypatch.setattr(credscore.cli, "BATCH", 1)
    monkeypatch.setattr(credscore.cli, "_write_lines", broken_pipe)
    args = ["score", *map(str, example_paths), "--format", "jsonl", "--jobs", "2"]
    result = runner.invoke(cli, args)
    assert isinstance(result.exception, BrokenPipeError)
    assert multiprocessing.active_children() == []
