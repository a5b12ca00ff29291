"""PolNeAR attribution corpus: brat standoff (Source / Cue / Content joined by events) to relations.

A split folder holds ``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``. Some texts
were annotated more than once; :func:`read_polnear` uses ONE file per text, the first of its
``.ann`` files in sorted order, so every text counts once and the choice is reproducible.

Reading choices, applied the same way everywhere:

- Offsets are character offsets into the ``.txt`` decoded as UTF-8 (a byte-order mark, if any, is
  kept as a character, as brat counted it).
- A discontinuous span (``Content 10 15;20 25``) becomes one span from its smallest start to its
  largest end, so it includes what the fragments skip (usually the interrupting cue and source).
- Relations come from the ``E`` lines: roles ``Source``, ``Cue`` and ``Content`` (``Content2``
  when there is no ``Content``). An event without a ``Cue`` takes an unclaimed ``Cue`` span at its
  trigger, else the trigger span itself (triggers sit on the cue). Loose ``Cue`` spans left over
  that no event names become relations too, each with the nearest loose ``Source`` and
  ``Content``. ``Discuss`` and ``Discard`` spans are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from credscore.errors import TrainingDataError

__all__ = ["GoldRelation", "PolnearDoc", "read_polnear", "twice_annotated"]

Range = tuple[int, int]

_ID = re.compile(r"[TERAMN#*]\d*\t")
_T = re.compile(r"(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)", re.DOTALL)
_E = re.compile(r"(E\d+)\t([\w-]+:T\d+(?: [\w-]+:T\d+)*) *")
_TRIGGERS = frozenset({"Attribution", "Attribution-no-source"})
_PARTS = frozenset({"Source", "Cue", "Content"})
_T_FORM = "'T<n><TAB><Kind> <start> <end>[;<start> <end>...]<TAB><text>'"
_E_FORM = "'E<n><TAB><Trigger>:T<n> <Role>:T<n> ...'"


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One annotated attribution: character ranges into :attr:`PolnearDoc.text`."""

    source: Range | None
    cue: Range
    content: Range | None


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    """A PolNeAR text, its gold relations (sorted by cue) and the annotator whose file was used."""

    id: str
    text: str
    relations: list[GoldRelation]
    annotator: str


@dataclass(frozen=True, slots=True)
class _Span:
    kind: str
    range: Range


def read_polnear(folder: str | Path) -> list[PolnearDoc]:
    """Read a PolNeAR split folder (``text/`` and ``attributions/``), one document per text.

    Parameters
    ----------
    folder : str or Path
        A split folder such as ``<data>/polnear/dev``.

    Returns
    -------
    list of PolnearDoc
        Sorted by id; ``relations`` built from the first ``.ann`` file of each text (sorted order).

    Raises
    ------
    TrainingDataError
        When ``text/`` or ``attributions/`` is missing, a text has no ``.ann`` file, or an
        ``.ann`` line is malformed (the message names the file and line).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "text").mkdir(); (root / "attributions").mkdir()
    >>> _ = (root / "text" / "a.txt").write_text("Lee said it rained.", encoding="utf-8")
    >>> _ = (root / "attributions" / "a_x1.ann").write_text(
    ...     "T1\\tSource 0 3\\tLee\\nT2\\tCue 4 8\\tsaid\\nT3\\tContent 9 18\\tit rained\\n"
    ...     "T4\\tAttribution 4 8\\tsaid\\nE1\\tAttribution:T4 Source:T1 Cue:T2 Content:T3\\n",
    ...     encoding="utf-8")
    >>> read_polnear(root)[0].relations
    [GoldRelation(source=(0, 3), cue=(4, 8), content=(9, 18))]
    """
    root = Path(folder)
    texts, anns = root / "text", root / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise TrainingDataError(
            f"{root}: not a PolNeAR split folder; expected text/ and attributions/ inside it"
        )
    by_stem: dict[str, list[Path]] = {}
    for ann in sorted(anns.glob("*.ann")):
        stem, _, _ = ann.stem.rpartition("_")
        by_stem.setdefault(stem, []).append(ann)
    docs = []
    for txt in sorted(texts.glob("*.txt")):
        if txt.stem not in by_stem:
            raise TrainingDataError(
                f"{txt}: no annotation file; expected attributions/{txt.stem}_<annotator>.ann"
            )
        ann = by_stem[txt.stem][0]
        text = txt.read_text(encoding="utf-8", errors="strict")
        relations = _relations(ann, text)
        docs.append(PolnearDoc(txt.stem, text, relations, ann.stem.rpartition("_")[2]))
    if not docs:
        raise TrainingDataError(f"{texts}: no .txt files; expected <stem>.txt for each article")
    return docs


def twice_annotated(folder: str | Path) -> list[tuple[PolnearDoc, PolnearDoc]]:
    """The texts of a split folder annotated more than once: their first two annotations.

    The first of each pair is what :func:`read_polnear` reads; comparing the pairs measures how
    far two annotators agree.
    """
    root = Path(folder)
    by_stem: dict[str, list[Path]] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        by_stem.setdefault(ann.stem.rpartition("_")[0], []).append(ann)
    pairs = []
    for stem, anns in sorted(by_stem.items()):
        txt = root / "text" / f"{stem}.txt"
        if len(anns) < 2 or not txt.is_file():
            continue
        text = txt.read_text(encoding="utf-8", errors="strict")
        first, second = (
            PolnearDoc(stem, text, _relations(ann, text), ann.stem.rpartition("_")[2])
            for ann in anns[:2]
        )
        pairs.append((first, second))
    return pairs


def _relations(ann: Path, text: str) -> list[GoldRelation]:
    """The relations of one ``.ann`` file over ``text``."""
    spans, events = _read_ann(ann, text)
    claimed = {t for _, roles in events for t in roles.values()}
    loose = {t: s for t, s in spans.items() if t not in claimed and s.kind in _PARTS}
    out = []
    for lineno, roles in events:
        trigger = next((t for r, t in roles.items() if r in _TRIGGERS), None)
        cue = _part(roles, spans, "Cue")
        if cue is None:
            if trigger is None:
                raise TrainingDataError(
                    f"{ann}:{lineno}: event has neither a Cue nor an Attribution trigger"
                )
            cue = _loose_cue(loose, spans[trigger].range)
        content = _part(roles, spans, "Content") or _part(roles, spans, "Content2")
        out.append(GoldRelation(_part(roles, spans, "Source"), cue, content))
    out += _loose_relations(loose)
    return sorted(out, key=lambda r: (r.cue, r.content or r.cue))


def _part(roles: dict[str, str], spans: dict[str, _Span], role: str) -> Range | None:
    return spans[roles[role]].range if role in roles else None


def _loose_cue(loose: dict[str, _Span], trigger: Range) -> Range:
    """An unclaimed Cue span overlapping the trigger (claimed now), else the trigger span."""
    for t, span in sorted(loose.items()):
        if span.kind == "Cue" and span.range[0] < trigger[1] and trigger[0] < span.range[1]:
            del loose[t]
            return span.range
    return trigger


def _loose_relations(loose: dict[str, _Span]) -> list[GoldRelation]:
    """A relation per loose Cue, with the nearest still-loose Source and Content."""
    pool = {kind: [s.range for s in loose.values() if s.kind == kind] for kind in _PARTS}
    out = []
    for cue in sorted(pool["Cue"]):
        picked = []
        for kind in ("Source", "Content"):
            near = min(pool[kind], key=lambda r: (_gap(r, cue), r), default=None)
            if near is not None:
                pool[kind].remove(near)
            picked.append(near)
        out.append(GoldRelation(picked[0], cue, picked[1]))
    return out


def _gap(a: Range, b: Range) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _read_ann(ann: Path, text: str) -> tuple[dict[str, _Span], list[tuple[int, dict[str, str]]]]:
    """Text-bound spans by id and events (line number, role -> span id) of one ``.ann`` file."""
    lines = ann.read_text(encoding="utf-8").split("\n")
    spans: dict[str, _Span] = {}
    events: list[tuple[int, dict[str, str]]] = []
    i = 0
    while i < len(lines):
        line, lineno = lines[i].rstrip("\r"), i + 1
        i += 1
        if not line.strip() or (_ID.match(line) and line[0] not in "TE"):
            continue  # blank, or a kind this reader does not use (notes, relations, attributes)
        if line.startswith("T"):
            m = _T.fullmatch(line)
            if not m:
                raise TrainingDataError(f"{ann}:{lineno}: malformed span line {line!r}; {_T_FORM}")
            tid, kind, offsets, said = m.groups()
            frags = [(int(s), int(e)) for s, e in (f.split() for f in offsets.split(";"))]
            expected = " ".join(text[s:e] for s, e in frags)
            while len(said) < len(expected) and i < len(lines):  # span text spanning lines
                said, i = said + "\n" + lines[i], i + 1
            if any(not 0 <= s <= e <= len(text) for s, e in frags) or said != expected:
                raise TrainingDataError(
                    f"{ann}:{lineno}: span {tid} {offsets} does not match the text "
                    f"({len(text)} characters); expected {expected[:60]!r}, got {said[:60]!r}"
                )
            spans[tid] = _Span(kind, (min(s for s, _ in frags), max(e for _, e in frags)))
        elif line.startswith("E"):
            m = _E.fullmatch(line)
            if not m:
                raise TrainingDataError(f"{ann}:{lineno}: malformed event line {line!r}; {_E_FORM}")
            roles = dict(arg.split(":") for arg in m.group(2).split())
            events.append((lineno, roles))
        else:
            raise TrainingDataError(
                f"{ann}:{lineno}: malformed line {line!r}; expected a brat {_T_FORM} or "
                f"{_E_FORM} line"
            )
    for lineno, roles in events:
        for role, tid in roles.items():
            if tid not in spans:
                raise TrainingDataError(
                    f"{ann}:{lineno}: event names {role}:{tid}, but there is no span {tid}"
                )
    return spans, events
