"""The HTML report: well formed, self-contained, highlights holding their spans, the story view."""

from __future__ import annotations

import re
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from credscore.scoring._highlight import Mark, Piece, highlight
from credscore.scoring._html_style import CSS
from credscore.scoring.html import render_html
from credscore.scoring.report import ArticleReport, Attribution, Claim, Cue, Scores
from credscore.text import Span, decode, parse

ROOT = Path(__file__).resolve().parents[2]
NK = ROOT / "examples" / "north_korea_arms.txt"
HTML_PAGE = ROOT / "tests" / "fixtures" / "articles" / "wire_copy.html"
STORY = ("wire_ledger", "wire_herald", "port_denies", "kcna_denial", "satellite_confirms")

VOID = {"meta", "link", "br", "img", "hr", "input", "wbr", "source", "col", "area", "base"}
#: Classes of elements whose text is the report's own (labels, badges), not the article's.
OWN_TEXT = {"tag", "badge", "sr"}


class Page(HTMLParser):
    """Reads a report page, failing on any tag that closes out of order or an id used twice."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str], bool]] = []
        self.article = ""  # the id of the article section being read
        # per article section id: data-span key -> the article text inside, kind/start/end,
        # and the number of elements (fragments) that carry it
        self.spans: dict[str, dict[str, str]] = defaultdict(lambda: defaultdict(str))
        self.bounds: dict[str, dict[str, tuple[str, int, int]]] = defaultdict(dict)
        self.fragments: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = defaultdict(list)  # class -> text of each element
        self._text: list[list[str]] = []
        self.feed(page)
        self.close()
        assert not self.stack, f"unclosed: {[t for t, _, _ in self.stack]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            assert a["id"] not in self.ids, f"id {a['id']} used twice"
            self.ids.add(a["id"])
        if tag in VOID:
            return
        classes = set(a.get("class", "").split())
        if tag == "section" and "article" in classes:
            self.article = a["id"]
        if "data-span" in a:
            key = a["data-span"]
            self.fragments[self.article][key] += 1
            bounds = (key.split("-")[0], int(a["data-start"]), int(a["data-end"]))
            self.bounds[self.article][key] = bounds
        own = bool(classes & OWN_TEXT)
        self.stack.append((tag, a, own or any(o for _, _, o in self.stack)))
        self._text.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack, f"</{tag}> closes nothing"
        opened, attrs, _ = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        text = "".join(self._text.pop())
        for cls in attrs.get("class", "").split():
            self.texts[cls].append(text)
        if self._text:
            self._text[-1].append(text)

    def handle_data(self, data: str) -> None:
        if self._text:
            self._text[-1].append(data)
        if self.stack and self.stack[-1][2]:
            return
        for _, attrs, _ in self.stack:
            if "data-span" in attrs:
                self.spans[self.article][attrs["data-span"]] += data

    def shown(self, article: str = "a1") -> dict[str, tuple[str, int, int]]:
        """Each highlighted span of an article section: its text on the page, start, end."""
        return {k: (t, *self.bounds[article][k][1:]) for k, t in self.spans[article].items()}

    def attrs(self, tag: str) -> list[dict[str, str]]:
        """The attributes of every ``tag`` element."""
        return [a for t, a in self.tags if t == tag]


def expected_keys(report: ArticleReport) -> set[str]:
    """The data-span key of every span of the report that the page highlights."""
    keys = {f"dropped-{d.start}-{d.end}" for d in report.dropped}
    for c in report.claims:
        keys.add(f"claim-{c.start}-{c.end}")
        keys |= {f"hedge-{h.start}-{h.end}" for h in c.hedges}
        keys |= {f"booster-{b.start}-{b.end}" for b in c.boosters}
    for a in report.attributions:
        keys.add(f"cue-{a.cue.start}-{a.cue.end}")
        if a.source is not None:
            keys.add(f"source-{a.source.start}-{a.source.end}")
    return keys


@pytest.fixture(scope="module")
def single(scorer):
    article = parse(decode(NK.read_bytes()), id=NK.stem)
    (report,) = scorer.score_articles([article])
    return article, report, render_html([report], None, [article])


@pytest.fixture(scope="module")
def story(scorer):
    paths = [ROOT / "tests" / "fixtures" / "story" / f"{name}.txt" for name in STORY]
    articles = [parse(decode(p.read_bytes()), id=p.stem) for p in paths]
    reports, story = scorer.corroborate(articles, scorer.score_articles(articles))
    return articles, reports, story, render_html(reports, story, articles)


def test_every_highlight_holds_exactly_its_span_text(single):
    article, report, page = single
    shown = Page(page).shown()
    assert set(shown) == expected_keys(report)
    for key, (text, start, end) in shown.items():
        assert text == article.text[start:end], key
    assert {key.split("-")[0] for key in shown} >= {"claim", "hedge", "cue", "source", "dropped"}


@pytest.mark.parametrize("which", ["single", "story"])
def test_the_page_is_self_contained_and_runs_nothing(which, request):
    page = request.getfixturevalue(which)[-1]
    read = Page(page)
    tags = {t for t, _ in read.tags}
    assert not tags & {"script", "iframe", "img", "link", "object", "embed", "form"}
    assert not any(name.startswith("on") for _, a in read.tags for name in a)
    assert not any("src" in a for _, a in read.tags)
    hrefs = [a["href"] for a in read.attrs("a")]
    assert all(h.startswith("#") and h[1:] in read.ids for h in hrefs)
    assert len(hrefs) > (20 if which == "story" else -1)
    assert not re.search(r"url\(|@import|https?:", CSS)
    (csp,) = [a for a in read.attrs("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp["content"]


def test_text_is_escaped_in_the_article_and_its_title(scorer):
    text = (
        "Tom & Jerry said the bridge may reopen on Friday.\n\n"
        "<script>alert('x')</script> The mayor said that the <b>repairs</b> were finished & "
        "paid for."
    )
    article = parse(text, id="<a&b>", title="Bridge <i>may</i> reopen & more", html=False)
    (report,) = scorer.score_articles([article])
    page = render_html([report], None, [article])
    assert "<script" not in page.lower() and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert" in page and "Tom &amp; Jerry" in page
    assert "<title>credscore: Bridge &lt;i&gt;may&lt;/i&gt; reopen &amp; more</title>" in page
    shown = Page(page).shown()
    assert shown and all(text == article.text[s:e] for text, s, e in shown.values())
    assert any(text == "may" for key, (text, _, _) in shown.items() if key.startswith("hedge"))


def _crossing_report() -> tuple[str, ArticleReport]:
    """A report whose spans nest and cross: a hedge in a claim in a quote, a cue over its edge."""
    text = 'Aides said "the deal may close" soon, the mayor said.'

    def span(part: str, after: int = 0) -> Span:
        start = text.index(part, after)
        return Span(start, start + len(part), part)

    quote, may, close = span('"the deal may close"'), span("may"), span("close")
    claim = Claim(
        "x#c1",
        quote.text + " soon",
        quote.start,
        quote.end + 5,
        0.42,
        hedges=(Cue("may", may.start, may.end, "modal", True),),
        boosters=(Cue("close", close.start, close.end),),
        attribution=0,
    )
    relations = (
        Attribution(span("Aides"), span('said "the'), quote, "anonymous", "Aides", True),
        Attribution(span("the mayor"), span("said", 20), quote, "named_person", "mayor", False),
    )
    scores = Scores(0.5, 0.42, 1.0, 1.0, 0.3)
    return text, ArticleReport("x", None, None, None, scores, (), relations, (claim,))


def test_crossing_spans_are_split_into_well_nested_fragments():
    text, report = _crossing_report()
    page = render_html([report], None, [parse(text, id="x", title="t")])
    read = Page(page)
    shown = read.shown()
    assert set(shown) == expected_keys(report)
    for key, (part, start, end) in shown.items():
        assert part == text[start:end], key
    # the cue 'said "the' opens before the claim, so it is outer and the claim is cut in two
    cue, claim = report.attributions[0].cue, report.claims[0]
    assert read.fragments["a1"][f"cue-{cue.start}-{cue.end}"] == 1
    assert read.fragments["a1"][f"claim-{claim.start}-{claim.end}"] == 2
    assert read.fragments["a1"][f"hedge-{claim.hedges[0].start}-{claim.hedges[0].end}"] == 1
    body = page.split('<section class="article"')[1]
    for label in ("modal", "booster", "anonymous", "named person"):
        assert body.count(f'<span class="tag">{label}</span>') == 1, label


def test_highlight_nests_by_extent_and_closes_every_fragment():
    piece = Piece("abcdefghij", range(100, 110))
    marks = [Mark("source", 101, 105, "s"), Mark("cue", 103, 108, "c", after="!")]
    html = highlight(piece, marks)
    assert html == (
        'a<span class="hl hl-source" data-span="source-101-105" data-start="101" data-end="105"'
        ' title="s">bc<span class="hl hl-cue" data-span="cue-103-108" data-start="103"'
        ' data-end="108" title="c">de</span></span><span class="hl hl-cue cont"'
        ' data-span="cue-103-108" data-start="103" data-end="108" title="c">fgh!</span>ij'
    )


def test_each_claim_shows_its_confidence_and_is_an_anchor(single):
    _, report, page = single
    read = Page(page)
    badges = [t for t in read.texts["badge"] if t.startswith("claim, confidence")]
    assert badges == [
        f"claim, confidence {c.confidence:.2f}" + (" · speculative" if c.speculative else "")
        for c in report.claims
    ]
    assert any(c.speculative for c in report.claims) and not all(
        c.speculative for c in report.claims
    )
    claims = [a for a in read.attrs("span") if a.get("data-span", "").startswith("claim")]
    assert [a["id"] for a in claims if "id" in a] == [
        f"a1-c{k}" for k in range(1, len(report.claims) + 1)
    ]


def test_scores_sources_and_legend_are_shown(single):
    _, report, page = single
    read = Page(page)
    values = dict(
        re.findall(
            r"<tr><th>([a-z ]+)</th><td>.*?</td><td class=\"num value\">"
            r"([0-9.]+)</td></tr>",
            page,
        )
    )
    assert values == {
        name.replace("_", " "): f"{getattr(report.scores, name):.2f}"
        for name in ("credibility", "claim_confidence", "attribution", "hedging", "sourcing")
    }
    rows = re.findall(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td class=\"num\">(\d+)</td></tr>",
        page.split('<table class="sources">')[1].split("</table>")[0],
    )
    assert [tuple(unescape(cell) for cell in row) for row in rows] == [
        (s.name, s.kind.replace("_", " "), s.role or "", str(s.mentions)) for s in report.sources
    ]
    legend = page.split('<section class="legend"')[1].split("</section>")[0]
    for cls in ("hl-hedge", "hl-booster", "hl-cue", "hl-source", "hl-dropped", "badge corr"):
        assert cls in legend, cls
    assert "Legend" in read.texts["legend"][0]


def test_a_story_shows_groups_origins_and_copies(story):
    articles, reports, story_report, page = story
    read = Page(page)
    groups = page.split('<section class="story">')[1].split("</section>")[0]
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", groups)
    ranked = sorted(
        story_report.groups,
        key=lambda g: (-(g.probability or -1.0), -len(g.origins), g.claim),
    )
    assert len(quotes) == len(ranked) >= 3
    assert read.texts["group"] and all(
        g.claim in text and all(o.name in text for o in g.origins)
        for g, text in zip(ranked, read.texts["group"], strict=True)
    )
    assert read.texts["chip"] == [
        f"{o.name} ({o.stance})" for g in ranked for o in g.origins
    ]
    copies = re.findall(r"<tr><td><a href=\"#(a\d)\">([^<]+)</a></td><td>(.*?)</td>", groups)
    assert [
        (name, "original" if c == "original" else re.sub("<[^>]+>", "", c)) for _, name, c in copies
    ] == [(c.article, c.copy_of or "original") for c in story_report.copies]
    corroborated = [c for r in reports for c in r.claims if c.corroboration]
    corr_badges = [t for t in read.texts["corr"] if t.startswith("corroboration ")]
    assert len(corr_badges) == len(corroborated) > 0
    for n, (r, a) in enumerate(zip(reports, articles, strict=True), 1):
        shown = read.shown(f"a{n}")
        assert set(shown) == expected_keys(r)
        assert all(text == a.text[start:end] for text, start, end in shown.values())


def test_html_input_is_shown_as_its_main_text(scorer):
    source = HTML_PAGE.read_text(encoding="utf-8")
    article = parse(source, id="wire_copy")
    (report,) = scorer.score_articles([article])
    page = render_html([report], None, [article])
    assert "dataLayer" not in page and "&lt;p&gt;" not in page
    shown = Page(page).shown()
    cues = [v for k, v in shown.items() if k.split("-")[0] in {"hedge", "cue", "booster"}]
    assert len(cues) > 5
    assert all(text == article.text[start:end] for text, start, end in cues)


def test_without_articles_the_claims_are_shown(single):
    _, report, _ = single
    page = render_html([report])
    shown = Page(page).shown()
    assert "The article text was not given" in page
    claims = {k for k in shown if k.startswith("claim")}
    assert claims == {f"claim-{c.start}-{c.end}" for c in report.claims}
    assert all(shown[f"claim-{c.start}-{c.end}"][0] == c.text for c in report.claims)


def test_articles_must_be_the_reports_articles(single):
    article, report, _ = single
    with pytest.raises(ValueError, match="do not match the reports"):
        render_html([report], None, [parse("Another text entirely.", id="other")])


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(
    ("fg", "bg", "least"),
    [
        ("ink", "hedge-bg", 4.5),
        ("hedge-ink", "hedge-bg", 4.5),
        ("ink", "boost-bg", 4.5),
        ("boost-ink", "boost-bg", 4.5),
        ("cue-ink", "cue-bg", 4.5),
        ("ink", "source-bg", 4.5),
        ("source-ink", "source-bg", 4.5),
        ("drop-ink", "drop-bg", 4.5),
        ("muted", "panel", 4.5),
        ("muted", "paper", 4.5),
        ("corr", "paper", 4.5),
        ("hedge-line", "hedge-bg", 3.0),
        ("boost-line", "boost-bg", 3.0),
        ("cue-line", "cue-bg", 3.0),
        ("source-line", "source-bg", 3.0),
        ("meter", "paper", 3.0),
    ],
)
def test_colours_meet_wcag_aa(fg, bg, least):
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", CSS))
    assert _contrast(colours[fg], colours[bg]) >= least


def test_repeated_article_ids_still_give_unique_anchors(single):
    article, report, _ = single
    page = render_html([report, report], None, [article, article])
    read = Page(page)  # fails on an id used twice
    assert {"a1", "a2", "a1-c1", "a2-c1"} <= read.ids
    assert read.shown("a1") == read.shown("a2")
