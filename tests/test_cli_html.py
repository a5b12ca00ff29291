"""`credscore score --format html` through click's CliRunner: stdout, -o FILE, stories, errors."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from credscore.cli import cli

ROOT = Path(__file__).resolve().parents[1]
NK = str(ROOT / "examples" / "north_korea_arms.txt")
STORY = sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "story").glob("*.txt"))


class Tags(HTMLParser):
    """The start tags of a page, checking that every end tag closes the last one opened."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self, page: str) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.feed(page)
        self.close()
        assert not self.stack, self.stack

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            assert self.stack.pop() == tag


@pytest.fixture
def runner():
    return CliRunner()


def test_html_is_offered_in_the_help(runner):
    result = runner.invoke(cli, ["score", "--help"])
    assert result.exit_code == 0
    assert "table|json|jsonl|csv|html" in result.output


def test_html_to_stdout_is_one_well_formed_page(runner):
    result = runner.invoke(cli, ["score", NK, "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!DOCTYPE html>\n")
    assert result.output.endswith("</html>\n")
    tags = Tags(result.output).seen
    assert [a["id"] for t, a in tags if t == "section" and "article" in a.get("class", "")] == [
        "a1"
    ]
    kinds = {a["class"] for t, a in tags if a.get("data-span")}
    assert {"hl hl-claim", "hl hl-hedge", "hl hl-cue", "hl hl-source"} <= kinds
    assert "U.S. says North Korea appears to be supplying artillery shells" in result.output
    assert not any(t == "script" for t, _ in tags)


def test_html_to_a_file_writes_the_same_page(runner, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["score", NK, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    page = out.read_text(encoding="utf-8")
    assert page == runner.invoke(cli, ["score", NK, "--format", "html"]).output


def test_several_articles_get_the_story_view_and_no_story_drops_it(runner):
    result = runner.invoke(cli, ["score", *STORY, "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.output
    assert len(re.findall(r'<section class="article" id="a\d+">', page)) == len(STORY)
    assert '<section class="story">' in page
    assert page.count('<article class="group"') >= 2
    assert '<table class="copies">' in page
    alone = runner.invoke(cli, ["score", *STORY, "--format", "html", "--no-story"]).output
    assert '<section class="story">' not in alone
    assert 'class="badge corr"' not in alone.split('<section class="article"')[1]


def test_a_failed_input_is_reported_and_the_rest_rendered(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(empty), NK, "--format", "html"])
    assert result.exit_code == 1
    assert f"credscore: {empty}: empty article (no text); nothing to score\n" in result.output
    assert result.output.count('<section class="article"') == 1
