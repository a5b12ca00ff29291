"""Real web pages with main-content snippets, rendered to text the way scrapers do.

The corpus is trafilatura's evaluation set (``pages/trafilatura_eval.tar.xz`` under the data
folder): saved HTML pages and, for each, snippets of its main content (``with``) and of its page
furniture (``without``). :func:`page_split` carves the dev pages used everywhere: English pages
of a seeded half of the English sites, so that no site has pages on both sides.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import lxml.html
import numpy as np

from credscore.clean import normalize
from credscore.errors import TrainingDataError
from credscore.text import decode
from credscore.training.corpora import data_dir

__all__ = [
    "GOLD_WEIGHT",
    "PAGES_ARCHIVE",
    "Page",
    "PageSplit",
    "extract_silver",
    "is_english",
    "line_labels",
    "page_lines",
    "page_split",
    "read_article_lines",
    "read_pages",
    "render_text",
    "snippets_in",
]

PAGES_ARCHIVE = "pages/trafilatura_eval.tar.xz"
DEV_SITE_SHARE = 0.5
SEED = 0


@dataclass(frozen=True)
class Page:
    """One saved page: its HTML and the evaluation set's snippets and metadata."""

    url: str
    file: str
    html: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    title: str | None
    site: str
    english: bool


@dataclass(frozen=True)
class PageSplit:
    """Pages for training the line classifier and the English dev pages held out from it."""

    train: list[Page]
    dev: list[Page]
    archive: Path


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac"})


def _site(url: str) -> str:
    """The registered part of a page's host ("https://www.bbc.co.uk/x" -> "bbc.co.uk"); the
    corpus names some pages "hard::<host>-<slug>.html" instead of by URL."""
    if url.startswith("hard::"):
        labels = url.removeprefix("hard::").split("-")[0].lower().split(".")
        end = next((i for i in range(1, len(labels)) if len(labels[i]) <= 3), len(labels) - 1)
        if labels[end] in _SECOND_LEVEL and end + 1 < len(labels) and len(labels[end + 1]) == 2:
            end += 1
        labels = labels[: end + 1]
    else:
        labels = urlparse(url).netloc.lower().split(":")[0].split(".")
    keep = 3 if len(labels) > 2 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def read_pages(data: str | Path | None = None) -> tuple[list[Page], Path]:
    """Every page of the archive that has snippets, in URL order, and the archive's path."""
    archive = data_dir(data) / PAGES_ARCHIVE
    if not archive.is_file():
        raise TrainingDataError(f"{archive}: no such file; the pages corpus is needed here")
    files: dict[str, bytes] = {}
    meta: dict = {}
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile():
                continue
            data_bytes = tar.extractfile(member).read()  # type: ignore[union-attr]
            name = Path(member.name).name
            if name == "evaldata.json":
                meta = json.loads(data_bytes)
            else:
                files[name] = data_bytes
    pages = []
    for url in sorted(meta):
        entry = meta[url]
        if entry["file"] not in files:
            continue
        html = decode(files[entry["file"]], name=entry["file"])
        pages.append(
            Page(
                url=url,
                file=entry["file"],
                html=html,
                with_=tuple(entry.get("with", ())),
                without=tuple(entry.get("without", ())),
                title=entry.get("title") or None,
                site=_site(url),
                english=is_english(render_text(html)),
            )
        )
    return pages, archive


def page_split(data: str | Path | None = None) -> PageSplit:
    """Train pages (all languages) and English dev pages, with no site on both sides."""
    pages, archive = read_pages(data)
    english_sites = sorted({p.site for p in pages if p.english})
    order = np.random.default_rng(SEED).permutation(len(english_sites))
    dev_sites = {english_sites[i] for i in order[: round(DEV_SITE_SHARE * len(english_sites))]}
    dev = [p for p in pages if p.site in dev_sites and p.english]
    train = [p for p in pages if p.site not in dev_sites]
    return PageSplit(train, dev, archive)


# Frequent function words; a text is English when its share of English ones is high and at
# least twice that of the others (German, French, Spanish, Italian: the corpus's languages).
_ENGLISH = frozenset(
    "the of and to in is that for it with as was on be by this are from at have has not but an"
    " which".split()
)
_OTHER = frozenset(
    "der die und das ist nicht ein eine zu den mit sich auf für von dem des im auch es sie le la"
    " les et est une un du que qui el los las y en por con para del se lo il di che".split()
)
_LETTERS = re.compile(r"[^\W\d_]+")


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English, by its share of common function words.

    >>> is_english("The minister said that the talks were over."), is_english("Das ist gut.")
    (True, False)
    """
    words = _LETTERS.findall(text.lower())
    if not words:
        return False
    english = sum(w in _ENGLISH for w in words) / len(words)
    other = sum(w in _OTHER for w in words) / len(words)
    return english > 0.08 and english > 2 * other


_SKIP = frozenset("script style noscript template svg iframe object head".split())
_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header footer nav aside main"
    " blockquote figure figcaption pre hr dd dt dl address form button label option select"
    " title body".split()
)
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _blocks(root: lxml.html.HtmlElement) -> Iterator[str]:
    """The text of each block of a page, in order: inline text joined, blocks apart."""
    pieces: list[str] = []

    def flush() -> Iterator[str]:
        text = _SPACE.sub(" ", "".join(pieces)).strip()
        pieces.clear()
        if text:
            yield text

    def walk(el: lxml.html.HtmlElement) -> Iterator[str]:
        if not isinstance(el.tag, str):
            return  # an HTML comment or processing instruction: scrapers show neither
        tag = el.tag
        if tag in _SKIP:
            return
        block = tag in _BLOCK
        if block:
            yield from flush()
        if el.text:
            pieces.append(el.text)
        for child in el:
            yield from walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            yield from flush()

    yield from walk(root)
    yield from flush()


def render_text(html: str, *, separator: str = "\n\n") -> str:
    """The visible text of a page as a scraper saves it: the ``<title>`` first, then one line
    per block (menus, captions and comments included), lines joined by ``separator``.

    >>> render_text("<title>T | Site</title><p>A <b>bold</b> move.</p><!-- ad --><nav>Home</nav>")
    'T | Site\\n\\nA bold move.\\n\\nHome'
    """
    html = _XML_DECLARATION.sub("", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    title = _SPACE.sub(" ", root.findtext(".//title") or "").strip()
    body = root.find("body")
    lines = [title, *_blocks(root if body is None else body)]
    return separator.join(line for line in lines if line)


def snippets_in(snippets: Sequence[str], text: str) -> list[bool]:
    """Whether each snippet occurs in ``text`` (both normalized)."""
    haystack = normalize(text)
    return [normalize(s) in haystack for s in snippets if normalize(s)]


def page_lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def extract_silver(pages: Sequence[Page], *, n_jobs: int = 1) -> dict[str, str]:
    """trafilatura's main text of each page (its file name -> text), the silver labels."""
    from joblib import Parallel, delayed

    texts = Parallel(n_jobs=n_jobs)(delayed(_trafilatura_text)(p.html) for p in pages)
    return {p.file: t for p, t in zip(pages, texts, strict=True)}


def _trafilatura_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


#: a line labelled by a snippet weighs this many silver lines
GOLD_WEIGHT = 3.0
#: silver lines shorter than this must equal a line of trafilatura's text, not just occur in it
SILVER_MIN_WORDS = 6


def read_article_lines(path: str | Path) -> dict[str, set[int]]:
    """Hand labels of pages' article lines (benchmarks/data/pages/*_content.jsonl): file name
    -> the indices of its article lines among :func:`page_lines` of :func:`render_text`."""
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        out[entry["file"]] = {i for a, b in entry["article"] for i in range(a, b + 1)}
    return out


def line_labels(
    page: Page, lines: Sequence[str], silver: str, article: set[int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Furniture (1) or article (0) for each rendered line, and which labels are gold.

    With hand labels (``article``: the indices of the article lines) every line is gold.
    Else gold where the page says: a line holding a ``with`` snippet (or inside one) is
    article, one holding a ``without`` snippet is furniture, and the page's own headline is
    article; silver for the rest: article when trafilatura's main text holds the line.
    """
    if article is not None:
        return (
            np.array([int(i not in article) for i in range(len(lines))]),
            np.ones(len(lines), dtype=bool),
        )
    with_ = [s for s in map(normalize, page.with_) if s]
    without = [s for s in map(normalize, page.without) if s]
    title = normalize(page.title or "")
    silver_lines = {normalize(x) for x in silver.splitlines() if x.strip()}
    silver_text = normalize(silver)
    labels, gold = [], []
    for line in lines:
        text = normalize(line)
        if text == title or any(s in text or (len(text.split()) >= 3 and text in s) for s in with_):
            labels.append(0)
            gold.append(True)
        elif any(s in text or text in s for s in without):
            labels.append(1)
            gold.append(True)
        else:
            found = text in silver_lines or (
                len(text.split()) >= SILVER_MIN_WORDS and text in silver_text
            )
            labels.append(0 if found else 1)
            gold.append(False)
    return np.array(labels), np.array(gold)
