"""The highlighted HTML report (``--format html``): one self-contained page, no scripts.

The page shows each article's text with hedges, boosters, attribution cues, sources and dropped
boilerplate highlighted from their offsets, a confidence badge before every claim (and its
corroboration in a story), the article's scores and source table, a legend, and for a story its
claim groups with the independent origins behind each, and the copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from credscore.scoring._html_article_section import link, meter, number, plural, render_article
from credscore.scoring._html_style import CSS
from credscore.scoring.render import origin_counts
from credscore.scoring.report import ArticleReport, StoryCopy, StoryGroup, StoryReport
from credscore.text import Article

__all__ = ["render_html"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def render_html(
    reports: Sequence[ArticleReport],
    story: StoryReport | None = None,
    articles: Sequence[Article] | None = None,
) -> str:
    """The highlighted report of ``reports`` (and ``story``) as one HTML document.

    ``articles`` are the parsed articles the reports were scored from, in the same order (as
    given to :meth:`~credscore.scoring.scorer.Scorer.score_articles`); without them a report
    shows its claims, not the article's full text.

    Examples
    --------
    >>> from credscore import load
    >>> from credscore.text import parse
    >>> article = parse("The bridge may reopen on Friday, officials said.", id="a1")
    >>> page = render_html(load().score_articles([article]), None, [article])
    >>> page.startswith("<!DOCTYPE html>"), 'class="hl hl-hedge"' in page, "<script" in page
    (True, True, False)
    """
    reports = list(reports)
    given = _aligned(reports, articles)
    anchors = _anchors(reports)
    parts = [_header(reports, story), _legend()]
    if story is not None and (story.groups or story.copies):
        parts.append(_story(story, anchors))
    if len(reports) > 1:
        parts.append(_overview(reports, anchors))
    parts += [
        render_article(r, a, n, anchors)
        for n, (r, a) in enumerate(zip(reports, given, strict=True), 1)
    ]
    return _page(_title(reports), "\n".join(parts))


def _title(reports: Sequence[ArticleReport]) -> str:
    """The page's title: the article's, or how many articles there are."""
    if len(reports) == 1:
        return f"credscore: {reports[0].title or reports[0].id}"
    return f"credscore: {plural(len(reports), 'article')}"


def _aligned(
    reports: Sequence[ArticleReport], articles: Sequence[Article] | None
) -> list[Article | None]:
    """The article of each report, checking that ``articles`` matches the reports."""
    if articles is None:
        return [None] * len(reports)
    ids = [a.id for a in articles]
    if ids != [r.id for r in reports]:
        raise ValueError(
            f"articles {ids[:3]}... do not match the reports; pass the articles the reports "
            "were scored from, in the same order"
        )
    return list(articles)


def _anchors(reports: Sequence[ArticleReport]) -> dict[str, str]:
    """Link targets: article id -> ``a1``, claim id -> ``a1-c1`` (the first, if ids repeat)."""
    out: dict[str, str] = {}
    for n, r in enumerate(reports, 1):
        out.setdefault(r.id, f"a{n}")
        for k, c in enumerate(r.claims, 1):
            out.setdefault(c.id, f"a{n}-c{k}")
    return out


def _page(title: str, body: str) -> str:
    """The HTML document around ``body``, with the inline style sheet."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _header(reports: Sequence[ArticleReport], story: StoryReport | None) -> str:
    """The page title and what it covers."""
    what = [plural(len(reports), "article"), plural(sum(len(r.claims) for r in reports), "claim")]
    if story is not None:
        stories = "story" if len(story.stories) == 1 else "stories"
        what += [f"{len(story.stories)} {stories}", plural(len(story.groups), "claim group")]
    return (
        "<header>\n<h1>credscore report</h1>\n"
        f'<p class="sub">{", ".join(what)}: how firmly each claim '
        "is stated, who says it, and who backs it</p>\n</header>"
    )


#: Legend entries: a sample as it appears in the report, and what it is.
_LEGEND = (
    (f'<span class="badge">{meter(0.73)}0.73</span>', "claim confidence"),
    (
        f'<span class="badge spec">{meter(0.31)}0.31 · speculative</span>',
        "speculative claim",
    ),
    (f'<span class="badge corr">{meter(0.67, corr=True)}0.67 · 2 origins</span>', "corroboration"),
    ('<span class="hl hl-hedge">may<span class="tag">modal</span></span>', "hedge and its kind"),
    ('<span class="hl hl-booster">confirmed<span class="tag">booster</span></span>', "booster"),
    ('<span class="hl hl-cue">said</span>', "attribution cue"),
    ('<span class="hl hl-source">Harlow<span class="tag">named person</span></span>', "source"),
    ('<span class="hl hl-dropped">© 2024<span class="tag">copyright</span></span>', "dropped"),
)
_LEGEND_NOTE = (
    "Claim confidence: how firmly a sentence states its claim (1 = as fact, 0 = speculative); "
    "a claim is marked speculative when its confidence is below the model's claim threshold. "
    "Corroboration: backing by independent origins in the other articles of a story (0.5 = no "
    "evidence either way). Hedges have a dashed underline, boosters a double one, attribution "
    "cues a dotted one, sources a box; dropped boilerplate is in grey italics."
)


def _legend() -> str:
    """What each highlight and badge means."""
    items = "".join(
        f'<li><span class="sample">{sample}</span> {escape(text)}</li>' for sample, text in _LEGEND
    )
    return (
        '<section class="legend" aria-label="Legend">\n<h2>Legend</h2>\n'
        f'<ul>{items}</ul>\n<p class="note">{escape(_LEGEND_NOTE)}</p>\n</section>'
    )


def _overview(reports: Sequence[ArticleReport], anchors: dict[str, str]) -> str:
    """One row per article: where it comes from and its main scores."""
    rows = "".join(
        f"<tr><td>{link(anchors, r.id, r.title or r.id)}</td>"
        f"<td>{' · '.join(escape(x) for x in (r.outlet, r.wire) if x)}</td>"
        f"<td>{link(anchors, r.copy_of) if r.copy_of else ''}</td>"
        f'<td class="num">{number(r.scores.credibility)}</td>'
        f'<td class="num">{number(r.scores.corroboration)}</td><td class="num">{len(r.claims)}</td>'
        f'<td class="num">{sum(c.speculative for c in r.claims)}</td></tr>'
        for r in reports
    )
    head = (
        "<tr><th>Article</th><th>From</th><th>Copy of</th>"
        '<th class="num">Credibility</th><th class="num">Corroboration</th>'
        '<th class="num">Claims</th><th class="num">Speculative</th></tr>'
    )
    return f"<section>\n<h2>Articles</h2>\n<table>{head}{rows}</table>\n</section>"


def _story(story: StoryReport, anchors: dict[str, str]) -> str:
    """The story view: its articles, the claim groups and the copies among the articles."""
    parts = ['<section class="story">', "<h2>Story</h2>"]
    for n, ids in enumerate(story.stories, 1):
        links = ", ".join(link(anchors, i) for i in ids)
        parts.append(f'<p class="meta">Story {n}: {links}</p>')
    ranked = sorted(
        story.groups, key=lambda g: (-_probability(g), -len(g.origins), g.claim)
    )
    if ranked:
        note = "" if story.stance == "model" else " (stances from the rules)"
        parts.append(f"<h3>Claims across articles, best-corroborated first{note}</h3>")
        parts += [_group(g, n, anchors) for n, g in enumerate(ranked, 1)]
    if story.copies:
        parts.append(_copies(story.copies, anchors))
    parts.append("</section>")
    return "\n".join(parts)


def _probability(group: StoryGroup) -> float:
    """The group's probability, -1 when it has none (sorted last)."""
    p = group.probability
    return -1.0 if p is None else float(p)


def _copies(copies: Sequence[StoryCopy], anchors: dict[str, str]) -> str:
    """The copy families: which article copies which, the wire credited, how similar."""
    rows = "".join(
        f"<tr><td>{link(anchors, c.article)}</td>"
        f"<td>{link(anchors, c.copy_of) if c.copy_of else 'original'}</td>"
        f"<td>{escape(c.wire or '')}</td>"
        f'<td class="num">{c.similarity:.2f}</td></tr>'
        for c in copies
    )
    head = '<tr><th>Article</th><th>Copy of</th><th>Wire</th><th class="num">Similarity</th></tr>'
    return f'<h3>Copies</h3>\n<table class="copies">{head}{rows}</table>'


def _group(group: StoryGroup, n: int, anchors: dict[str, str]) -> str:
    """One claim group: the claim, its corroboration, its origins, articles and member claims."""
    origins = "".join(
        f'<span class="chip">{escape(o.name)} ({escape(o.stance)})</span>' for o in group.origins
    )
    articles = ", ".join(link(anchors, a) for a in group.articles)
    members = ", ".join(link(anchors, m) for m in group.members)
    count = "independent origins: " + origin_counts(group.independent_origins)
    p = group.probability
    shown = "–" if p is None else f"{p:.2f}"
    return (
        f'<article class="group" id="g{n}">\n'
        f'<p><span class="badge corr" title="probability that the claim holds, from its coverage">'
        '<span class="sr">probability the claim holds </span>'
        f"{meter(p or 0.0, True)}{shown}</span>"
        f"<strong>{count}</strong> in {plural(len(group.articles), 'article')}</p>\n"
        f"<blockquote>{escape(group.claim)}</blockquote>\n"
        f'<p class="origins">Origins: {origins}</p>\n'
        f'<p class="meta">Articles: {articles}. Claims: {members}.</p>\n</article>'
    )
