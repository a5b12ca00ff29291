"""One article of the HTML report: provenance, scores, highlighted text and source table."""

from __future__ import annotations

from html import escape

from credscore.scoring._highlight import Mark, Piece, highlight_pieces, pieces
from credscore.scoring.report import SCORE_NAMES, ArticleReport, Claim
from credscore.text import Article

__all__ = ["link", "meter", "number", "plural", "render_article"]


def meter(value: float, corr: bool = False) -> str:
    """A small bar filled to ``value`` (in [0, 1]); the number is always printed beside it."""
    width = round(max(0.0, min(1.0, value)) * 100)
    cls = "meter corr" if corr else "meter"
    return f'<span class="{cls}" aria-hidden="true"><span style="width:{width}%"></span></span>'


def link(anchors: dict[str, str], key: str, text: str | None = None) -> str:
    """A link to an article or claim of the page (plain text when it is not on the page)."""
    label = escape(text if text is not None else key)
    return f'<a href="#{anchors[key]}">{label}</a>' if key in anchors else label


def plural(n: int, word: str) -> str:
    """``n word`` or ``n words``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def number(value: float | None) -> str:
    """A score with two decimals, or a dash when there is none."""
    return "—" if value is None else f"{value:.2f}"


def render_article(
    r: ArticleReport, article: Article | None, n: int, anchors: dict[str, str]
) -> str:
    """The ``n``-th article (anchor ``a{n}``): title, provenance, scores, text and sources.

    ``anchors`` maps the page's article and claim ids to their anchors, for links.
    """
    meta = [f"id {escape(r.id)}"]
    meta += [f"outlet {escape(r.outlet)}"] if r.outlet else []
    meta += [f"wire {escape(r.wire)}"] if r.wire else []
    meta += [f"copy of {link(anchors, r.copy_of)}"] if r.copy_of else []
    meta += [
        plural(len(r.claims), "claim") + f" ({sum(c.speculative for c in r.claims)} speculative)",
        plural(len(r.sources), "source"),
        f"{plural(len(r.dropped), 'line')} dropped",
    ]
    return "\n".join(
        [
            f'<section class="article" id="a{n}">',
            f"<h2>{escape(r.title or r.id)}</h2>",
            f'<p class="meta">{" · ".join(meta)}</p>',
            '<div class="columns">',
            _text(r, article, n),
            _scores(r),
            "</div>",
            _sources(r),
            "</section>",
        ]
    )


def _scores(r: ArticleReport) -> str:
    """The article's six scores as bars with their numbers."""
    rows = []
    for name in SCORE_NAMES:
        value = getattr(r.scores, name)
        if value is None:
            shown = '<td></td><td class="num" title="scored alone, not in a story">—</td>'
        else:
            shown = f'<td>{meter(value)}</td><td class="num value">{value:.2f}</td>'
        rows.append(f"<tr><th>{name.replace('_', ' ')}</th>{shown}</tr>")
    return f'<aside>\n<h3>Scores</h3>\n<table class="scores">{"".join(rows)}</table>\n</aside>'


def _sources(r: ArticleReport) -> str:
    """The source table: name, kind, role, mentions."""
    if not r.sources:
        return '<p class="note">No sources found.</p>'
    rows = "".join(
        f"<tr><td>{escape(s.name)}</td><td>{escape(s.kind.replace('_', ' '))}</td>"
        f'<td>{escape(s.role or "")}</td><td class="num">{s.mentions}</td></tr>'
        for s in r.sources
    )
    head = '<tr><th>Source</th><th>Kind</th><th>Role</th><th class="num">Mentions</th></tr>'
    return f'<h3>Sources</h3>\n<table class="sources">{head}{rows}</table>'


def _text(r: ArticleReport, article: Article | None, n: int) -> str:
    """The article's paragraphs with every span highlighted (its claims alone without text)."""
    marks = _marks(r, n)
    if article is not None:
        shown, note = pieces(article), ""
    else:
        shown = [Piece(c.text, range(c.start, c.end)) for c in r.claims]
        note = '<p class="note">The article text was not given; its claims are shown.</p>\n'
    paragraphs = "".join(f"<p>{html}</p>\n" for html in highlight_pieces(shown, marks))
    return f'<div class="text">\n{note}{paragraphs}</div>'


def _tag(text: str) -> str:
    """A small visible label after a highlight, so that no meaning rests on colour alone."""
    return f'<span class="tag">{escape(text)}</span>'


def _marks(r: ArticleReport, n: int) -> list[Mark]:
    """Every span of the report to highlight, one mark per distinct span."""
    marks = [
        Mark(
            "dropped",
            d.start,
            d.end,
            f"left out of the analysis: {d.reason}",
            after=_tag(f"dropped · {d.reason}"),
        )
        for d in r.dropped
    ]
    for k, c in enumerate(r.claims, 1):
        marks.append(_claim_mark(c, r, f"a{n}-c{k}"))
        for h in c.hedges:
            where = ", inside a quote" if h.in_quote else ""
            marks.append(
                Mark(
                    "hedge",
                    h.start,
                    h.end,
                    f"hedge: {h.kind}{where}",
                    after=_tag(h.kind or "hedge"),
                )
            )
        marks += [
            Mark("booster", b.start, b.end, "booster: stated as certain", after=_tag("booster"))
            for b in c.boosters
        ]
    for a in r.attributions:
        who = a.source_name or (a.source.text if a.source else "an unnamed source")
        kind = (a.source_kind or "source").replace("_", " ")
        if a.source is not None:
            marks.append(
                Mark(
                    "source",
                    a.source.start,
                    a.source.end,
                    f"source: {who} ({kind})",
                    after=_tag(kind),
                )
            )
        how = "direct quote" if a.direct else "indirect"
        marks.append(
            Mark(
                "cue",
                a.cue.start,
                a.cue.end,
                f"attribution cue: {who} ({how})",
                before='<span class="sr">attributed by: </span>',
            )
        )
    unique: dict[str, Mark] = {}
    for m in marks:
        unique.setdefault(m.key, m)
    return list(unique.values())


def _claim_mark(c: Claim, r: ArticleReport, anchor: str) -> Mark:
    """A claim with its confidence badge (marked when speculative), and its corroboration badge
    in a story."""
    who = ""
    if c.attribution is not None:
        a = r.attributions[c.attribution]
        who = f"; carried by {a.source_name or (a.source.text if a.source else 'a source')}"
    speculative = " · speculative" if c.speculative else ""
    badge = (
        f'<span class="badge{" spec" if c.speculative else ""}" title="confidence '
        f"{c.confidence:.2f}: how firmly the claim is stated (1 = as fact)"
        f'{"; below the claim threshold" if c.speculative else ""}">'
        f'<span class="sr">claim, confidence </span>'
        f"{meter(c.confidence)}{c.confidence:.2f}{speculative}</span>"
    )
    title = f"claim {c.id}: confidence {c.confidence:.2f}{speculative}{who}"
    return Mark("claim", c.start, c.end, title, before=badge + _corr_badge(c), anchor=anchor)


def _corr_badge(c: Claim) -> str:
    """The claim's corroboration from other origins, when it is in a claim group."""
    k = c.corroboration
    if k is None:
        return ""
    votes = ", ".join(f"{len(getattr(k, s))} {s}" for s in ("agree", "discuss", "disagree"))
    origins = plural(k.independent_origins, "origin")
    score = k.score
    shown = "–" if score is None else f"{score:.2f}"
    return (
        f'<span class="badge corr" title="probability {shown} that the claim holds; other '
        f'origins: {votes}"><span class="sr">corroboration </span>{meter(score or 0.0, True)}'
        f"{shown} · {origins}</span>"
    )
