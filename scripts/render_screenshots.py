"""Render the README's screenshots of the HTML report with headless Chromium.

    python scripts/render_screenshots.py [--chromium PATH] [--out DIR]

writes docs/report-article.png (examples/north_korea_arms.txt alone) and docs/report-story.png
(the five articles of tests/fixtures/story/ on one story): the top 1000x1200 pixels of each
page, recompressed. The browser test (tests/scoring/test_html_browser.py) uses the same call.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from credscore import load  # noqa: E402
from credscore.inputs import to_article  # noqa: E402
from credscore.scoring.html import render_html  # noqa: E402
from credscore.text import decode  # noqa: E402

__all__ = ["CHROMIUM_FLAGS", "dump_dom", "find_chromium", "read_png", "screenshot", "write_png"]

#: Headless, and nothing fetched, synced or updated in the background.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
STORY = ("wire_ledger", "wire_herald", "port_denies", "kcna_denial", "satellite_confirms")


def find_chromium() -> str | None:
    """The Chromium executable on PATH (Debian's ``chromium``), or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(
    chromium: str, page: Path, png: Path, *, width: int = 1000, height: int = 1200
) -> None:
    """Screenshot the HTML file ``page`` into ``png`` at ``width`` x ``height`` pixels."""
    with tempfile.TemporaryDirectory(prefix="credscore-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            page.resolve().as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    if not png.is_file():
        raise RuntimeError(f"{chromium} wrote no screenshot to {png}")


def dump_dom(chromium: str, page: Path, *, width: int = 1000, height: int = 1200) -> str:
    """The DOM of the HTML file ``page`` after its scripts ran, at ``width`` x ``height``."""
    with tempfile.TemporaryDirectory(prefix="credscore-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            "--virtual-time-budget=5000",
            f"--window-size={width},{height}",
            page.resolve().as_uri(),
        ]
        done = subprocess.run(command, check=True, capture_output=True, timeout=120, text=True)
    return done.stdout


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, chunks, idat = 8, {}, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (idat.append(body) if kind == b"IDAT" else chunks.setdefault(kind, body))
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        rows.append(
            bytes(line) if channels == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)
        )
        previous = line
    return width, height, rows


def _unfilter(kind: int, line: bytearray, up: bytearray, bpp: int) -> bytearray:
    """Undo one PNG row filter (None, Sub, Up, Average, Paeth) in place."""
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif kind == 2:
        line[:] = bytes((a + b) & 255 for a, b in zip(line, up, strict=True))
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + up[i]) >> 1)) & 255
    elif kind == 4:
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b, c = up[i], up[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    else:
        assert kind == 0, f"unknown PNG filter {kind}"
    return line


def write_png(path: Path, width: int, height: int, rows: list[bytes]) -> None:
    """Write RGB ``rows`` as a PNG, compressed harder than Chromium does."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + row for row in rows), 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _report(paths: list[Path]) -> str:
    """The HTML report of the articles at ``paths``, scored as one batch."""
    scorer = load()
    articles = [
        to_article({"id": p.stem, "text": decode(p.read_bytes())}, n)
        for n, p in enumerate(paths, 1)
    ]
    reports = scorer.score_articles(articles)
    story = None
    if len(articles) > 1:
        reports, story = scorer.corroborate(articles, reports)
    return render_html(reports, story, articles)


def main(argv: list[str] | None = None) -> int:
    """Write both screenshots; exit 2 when Chromium is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=find_chromium(), help="Chromium executable")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args(argv)
    if not args.chromium:
        print("render_screenshots: chromium not found; apt-get install chromium", file=sys.stderr)
        return 2
    jobs = {
        "report-article": [ROOT / "examples" / "north_korea_arms.txt"],
        "report-story": [ROOT / "tests" / "fixtures" / "story" / f"{s}.txt" for s in STORY],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="credscore-report-") as tmp:
        for name, paths in jobs.items():
            page = Path(tmp) / f"{name}.html"
            page.write_text(_report(paths), encoding="utf-8")
            png = args.out / f"{name}.png"
            screenshot(args.chromium, page, png)
            write_png(png, *read_png(png.read_bytes()))
            print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
