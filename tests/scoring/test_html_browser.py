"""The HTML report in a real browser: headless Chromium draws it, and pixels and layout are read.

Skips when Chromium is not installed (``apt-get install chromium``), except on CI (``CI=true``),
where .ci/run installs it and a missing browser fails these tests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from credscore.inputs import to_article
from credscore.scoring._html_style import CSS
from credscore.scoring.html import render_html
from credscore.text import decode, parse

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "render_screenshots", ROOT / "scripts" / "render_screenshots.py"
)
shots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shots)

CHROMIUM = shots.find_chromium()
ON_CI = os.environ.get("CI", "").lower() == "true"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not ON_CI,
    reason="Chromium is not installed (apt-get install chromium); .ci/run installs it",
)
WIDTH, HEIGHT = 1200, 1600
STORY = ROOT / "tests" / "fixtures" / "story"
#: after load, list the elements whose content spills out of their box, and the page's own
#: horizontal overflow, into the body's data-overflow attribute (read back from the dumped DOM)
OVERFLOW_PROBE = """<script>
addEventListener("load", () => {
  const spilled = [...document.querySelectorAll("body *")]
    .filter(e => getComputedStyle(e).overflowX === "visible" && e.clientWidth > 0
                 && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
  const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  document.body.dataset.overflow = JSON.stringify({spilled, page});
});
</script>"""


def colours(rows: list[bytes]) -> Counter:
    """How many pixels of each RGB colour."""
    return Counter(row[i : i + 3] for row in rows for i in range(0, len(row), 3))


def css_colour(name: str) -> bytes:
    """The RGB bytes of a colour variable of the report's style sheet."""
    value = CSS.split(f"--{name}: #", 1)[1][:6]
    return bytes.fromhex(value)


def near(counts: Counter, colour: bytes, tolerance: int = 3) -> int:
    """Pixels within ``tolerance`` of ``colour`` in every channel."""
    return sum(
        n
        for c, n in counts.items()
        if all(abs(x - y) <= tolerance for x, y in zip(c, colour, strict=True))
    )


def test_chromium_is_there_on_ci():
    assert CHROMIUM is not None, "CI=true but no Chromium: .ci/run should have installed it"


@pytest.fixture(scope="module")
def screenshot(scorer, tmp_path_factory):
    """The north_korea_arms report as Chromium draws it: width, height and RGB rows."""
    path = ROOT / "examples" / "north_korea_arms.txt"
    article = parse(decode(path.read_bytes()), id=path.stem)
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(
        render_html(scorer.score_articles([article]), None, [article]), encoding="utf-8"
    )
    png = page.with_suffix(".png")
    shots.screenshot(CHROMIUM, page, png, width=WIDTH, height=HEIGHT)
    return shots.read_png(png.read_bytes())


def test_the_screenshot_is_a_png_of_the_window_size(screenshot):
    width, height, rows = screenshot
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(rows) == HEIGHT and all(len(r) == WIDTH * 3 for r in rows)


def test_the_page_is_drawn_with_its_highlights(screenshot):
    _, height, rows = screenshot
    counts = colours(rows)
    assert counts[b"\xff\xff\xff"] < 0.95 * sum(counts.values()), "the page is almost blank"
    assert len([c for c, n in counts.items() if n >= 20]) >= 12, "too few distinct colours"
    text = colours(rows[height // 2 :])  # below the legend: the article's own text
    for name in ("hedge-bg", "cue-bg", "source-bg"):
        assert near(text, css_colour(name)) > 500, name
    assert near(counts, css_colour("boost-bg")) > 50  # at least the legend's sample
    assert near(counts, css_colour("ink"), tolerance=10) > 1000  # dark text


def _story_page(scorer) -> str:
    """The HTML report of the five fixture articles on one story."""
    articles = [
        to_article({"id": p.stem, "text": decode(p.read_bytes())}, n)
        for n, p in enumerate(sorted(STORY.glob("*.txt")), 1)
    ]
    reports, story = scorer.corroborate(articles, scorer.score_articles(articles))
    return render_html(reports, story, articles)


@pytest.mark.parametrize("width", [390, 1200])
def test_no_text_spills_out_of_its_box(scorer, tmp_path, width):
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", _story_page(scorer))
    page = tmp_path / "story.html"  # without its policy, which rightly refuses the probe
    page.write_text(html.replace("</body>", OVERFLOW_PROBE + "</body>"), "utf-8")
    dom = shots.dump_dom(CHROMIUM, page, width=width, height=900)
    found = re.search(r'data-overflow="([^"]*)"', dom)
    assert found, "the probe did not run"
    overflow = json.loads(found.group(1).replace("&quot;", '"'))
    assert overflow == {"spilled": [], "page": 0}
