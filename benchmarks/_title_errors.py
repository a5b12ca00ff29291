"""Title errors on the English training pages, both paths: the gold title, what credscore took,
and what it had to choose from. Training pages only: the dev pages are scored once, by
benchmarks/pages.py, for the design chosen here.

Run from the repository root::

    PYTHONPATH=. python benchmarks/_title_errors.py [--data DIR] [--all]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import lxml.html

from credscore import extract, furniture
from credscore.clean import normalize, site_only
from credscore.text import _layout, parse
from credscore.training.pages import Page, page_lines, page_split, render_text

LABELS = Path(__file__).resolve().parent / "data" / "pages" / "train_content.jsonl"
SHOW_CHARS = 90


def _short(text: str | None) -> str:
    if text is None:
        return "None"
    text = " ".join(text.split())
    return repr(text if len(text) <= SHOW_CHARS else text[: SHOW_CHARS - 1] + "…")


def right(title: str | None, gold: str) -> bool:
    """The benchmark's test: equal but for case, quotes, dashes and spaces."""
    return title is not None and normalize(title) == normalize(gold)


def html_why(page: Page) -> list[str]:
    """The metadata titles and the headings the HTML path chose among."""
    root = lxml.html.document_fromstring(extract._XML_DECLARATION.sub("", page.html))
    out = []
    for xpath in (*extract._META_TITLES, '//meta[@property="og:site_name"]/@content'):
        for value in root.xpath(xpath):
            kind = xpath.split("=")[-1].split("]")[0].strip('"') if "=" in xpath else "<title>"
            note = " (site only)" if site_only(extract._clean(value)) else ""
            out.append(f"  {kind}: {_short(value)}{note}")
    for heading in root.xpath("//h1|//h2")[:8]:
        out.append(f"  <{heading.tag}>: {_short(extract._clean(heading.text_content()))}")
    return out


def text_why(page: Page, gold_line: int | None, taken: str | None) -> list[str]:
    """The scraped text's first lines and those around the gold headline (the hand-labelled
    line) and the line taken, with the text path's furniture verdicts."""
    text = render_text(page.html)
    _, units, _ = _layout(text)
    lines = [text[s:e] for s, e in units]
    rules = furniture.rule_reasons(lines)
    reasons = furniture.line_reasons(lines, rules=rules, learned=True)
    want = page_lines(text)[gold_line].strip() if gold_line is not None else None
    marks = {i for i, line in enumerate(lines) if line.strip() in (want, taken)}
    show = sorted({0, 1, 2} | {j for i in marks for j in range(i - 3, i + 3)})
    return [
        f"  {i:3d} {reasons[i] or 'kept':<16} {'rule' if rules[i] else '    '} "
        f"{'>' if lines[i].strip() == want else ' '}{_short(lines[i])}"
        for i in show if 0 <= i < len(lines)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder")
    parser.add_argument("--all", action="store_true", help="show right titles too")
    parser.add_argument("--path", choices=("html", "text", "both"), default="both")
    parser.add_argument(
        "--every-language", action="store_true",
        help="every training page with a gold title, not only the English ones",
    )
    args = parser.parse_args()
    labels = {e["file"]: e for e in map(json.loads, LABELS.read_text().splitlines())}
    pages = [
        p for p in page_split(args.data).train if p.title and (p.english or args.every_language)
    ]
    score = {"html": [], "text": []}
    for page in pages:
        for kind in ("html", "text") if args.path == "both" else (args.path,):
            as_html = kind == "html"
            source = page.html if as_html else render_text(page.html)
            try:
                title = parse(source, id=page.file, html=as_html).title
            except Exception as exc:  # noqa: BLE001 - a page that fails is an error to list
                title = f"<{type(exc).__name__}: {exc}>"
            ok = right(title, page.title)
            score[kind].append(ok)
            if ok and not args.all:
                continue
            print(f"[{kind}] {'ok ' if ok else 'BAD'} {page.file}")
            print(f"  gold:  {_short(page.title)}")
            print(f"  taken: {_short(title)}")
            if not ok:
                gold_line = labels.get(page.file, {}).get("headline")
                print("\n".join(html_why(page) if as_html else text_why(page, gold_line, title)))
    for kind, oks in score.items():
        if oks:
            print(f"{kind}: {sum(oks)}/{len(oks)} = {sum(oks) / len(oks):.3f}")


if __name__ == "__main__":
    main()
