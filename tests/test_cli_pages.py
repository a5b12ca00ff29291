"""The command line on web pages: HTML's main text, the page limit, pages with no article."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from credscore.cli import cli

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))
NK = str(EXAMPLES[[p.stem for p in EXAMPLES].index("north_korea_arms")])


@pytest.fixture
def runner():
    return CliRunner()


PAGE = Path(__file__).resolve().parent / "fixtures" / "articles" / "wire_copy.html"


def test_an_html_page_is_scored_on_its_main_text(runner):
    result = runner.invoke(cli, ["score", str(PAGE), "--format", "json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)["articles"][0]
    assert article["title"] == "Wildfire forces evacuation of 4,000 near Redmond & Sisters"
    text = article["text"]
    dateline = article["dateline"]
    assert dateline["text"] == "BEND, Ore. (AP) — " == text[dateline["start"] : dateline["end"]]
    assert text.startswith(article["title"] + "\n\nBEND, Ore. (AP) — A fast-moving wildfire")
    spans = list(article["claims"]) + [
        s for a in article["attributions"] for s in (a["source"], a["cue"], a["content"]) if s
    ]
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert not any("<" in s["text"] or "&amp;" in s["text"] for s in spans)


def test_plain_text_reports_carry_no_text(runner):
    result = runner.invoke(cli, ["score", NK, "--format", "json"])
    assert json.loads(result.output)["articles"][0]["text"] is None


def test_a_page_with_no_article_fails_alone(runner, tmp_path):
    menu = tmp_path / "menu.html"
    menu.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    result = runner.invoke(cli, ["score", str(menu), NK, "--format", "csv"])
    assert result.exit_code == 1
    assert (
        f"credscore: {menu}: no article text found in this HTML page; nothing to score\n"
    ) in result.output
    assert "\nnorth_korea_arms," in result.output


def test_max_chars_limits_the_article_text_not_the_pages_markup(runner, tmp_path):
    page = tmp_path / "heavy.html"
    script = "<script>var x = '" + "y" * 5000 + "';</script>"
    page.write_text(PAGE.read_text("utf-8").replace("</head>", script + "</head>"), "utf-8")
    result = runner.invoke(cli, ["score", str(page), "--format", "csv", "--max-chars", "3000"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["score", str(page), "--format", "csv", "--max-chars", "1000"])
    assert result.exit_code == 1
    assert f"credscore: {page}: article has " in result.output
    assert "over the limit of 1,000; split it or raise --max-chars" in result.output


def test_a_pathological_page_is_refused_with_one_line(runner, tmp_path):
    huge = tmp_path / "huge.html"
    huge.write_text("<html><body>" + ("<div>" + "x" * 1000 + "</div>\n") * 2_000, "utf-8")
    chars = len(huge.read_text("utf-8"))
    args = ["score", str(huge), NK, "--format", "csv", "--max-chars", "100000"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert (
        f"credscore: {huge}: page has {chars:,} characters, over the limit of 1,000,000; "
        "split it or raise --max-chars"
    ) in result.output
    assert "Traceback" not in result.output and "\nnorth_korea_arms," in result.output


def test_a_broken_encoding_is_read_as_cp1252(runner, tmp_path):
    page = tmp_path / "legacy.html"
    page.write_bytes(PAGE.read_text("utf-8").replace("Pennington", "Peñington").encode("cp1252"))
    result = runner.invoke(cli, ["score", str(page), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Peñington" in json.loads(result.output)["articles"][0]["text"]
