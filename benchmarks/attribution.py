"""Attribution benchmark: the learned model with the rules vs the rules alone, on PolNeAR.

Run from the repository root::

    PYTHONPATH=. python benchmarks/attribution.py [--split dev] [--data DIR] [--model BUNDLE]
        [--rounds 3] [--write/--no-write]

The learned model is trained on PolNeAR train in the run (``train_attribution``, seeded, the
shipped settings), or taken from ``--model`` (a bundle with an attribution model). Both
extractors then read each text of ``--split`` parsed as plain text (``parse(text,
html=False)``) exactly as the scorer would, so a first line that ``parse`` takes for a headline
is not analysed; the gold relations there still count, and a second table leaves out gold (and
predicted) relations whose cue lies inside the detected headline. Speed: milliseconds per
article of about 650 words (the split's paragraphs joined in order until each article has 650
words), best of ``--rounds``, parse excluded. Scoring: see ``credscore.training.evaluate``.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from _results import (
    REPO,
    RESULTS,
    add_data_option,
    add_write_option,
    git_commit,
    machine,
    write_section,
)

from credscore.features.attribution import find_attributions
from credscore.scoring.attribution import AttributionModel, extract_attributions
from credscore.scoring.bundle import Bundle, load_bundle, save_bundle
from credscore.text import Article, parse
from credscore.training.attribution import polnear_articles, train_attribution
from credscore.training.corpora import data_dir
from credscore.training.evaluate import attribution_metrics
from credscore.training.polnear import PolnearDoc, read_polnear, twice_annotated

HEADING = "## Attribution (PolNeAR dev)"
PARTS = ("cue", "source", "content")
#: BBC Citron on PARC 3.0 (another corpus), exact-match F1
PEER_EXACT = {"cue": 82.3, "source": 82.0, "content": 59.3}
#: the issue's targets, token-overlap F1
TARGETS = {"cue": 0.80, "source": 0.78}
WORDS = 650

Range = tuple[int, int]


def main(argv: list[str] | None = None) -> int:
    """Train (or load) the model, score both extractors, print and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    add_data_option(parser)
    parser.add_argument("--model", help="bundle whose attribution model to use (default: train)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best counts)")
    add_write_option(parser, HEADING, note=" (dev split only)")
    args = parser.parse_args(argv)
    root = data_dir(args.data) / "polnear"
    started = time.perf_counter()
    model, trained = get_model(args.model, root / "train")
    docs = read_polnear(root / args.split)
    articles = polnear_articles(docs)
    runs = {
        "model+rules": [extract_attributions(a, model) for a in articles],
        "rules": [find_attributions(a) for a in articles],
    }
    texts = news_texts(docs)
    speed = {
        "model+rules": ms_per_article(texts, lambda a: extract_attributions(a, model), args.rounds),
        "rules": ms_per_article(texts, find_attributions, args.rounds),
    }
    facts = {
        "agreement": agreement(root / "train"),
        "trained": trained,
        "size": model_size(model),
        "speed": speed,
        "words": sum(len(t.split()) for t in texts) / len(texts),
        "n_texts": len(texts),
        "wall": time.perf_counter() - started,
    }
    section = render(args, docs, [a.headline for a in articles], runs, facts, model)
    print(section)
    if args.write and args.split == "dev":
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    elif args.write:
        print(f"not written: {HEADING!r} holds dev numbers only", file=sys.stderr)
    return 0


def get_model(bundle: str | None, train: Path) -> tuple[AttributionModel, float | None]:
    """The bundle's attribution model, or one trained on ``train`` and the seconds it took."""
    if bundle:
        model = load_bundle(bundle).model("attribution")
        if model is None:
            raise SystemExit(f"{bundle}: the bundle has no attribution model")
        return model, None
    started = time.perf_counter()
    return train_attribution(train), time.perf_counter() - started


def agreement(folder: Path) -> tuple[int, dict]:
    """How many texts of ``folder`` two annotators did, and the second scored against the first."""
    pairs = twice_annotated(folder)
    firsts = [first for first, _ in pairs]
    return len(pairs), attribution_metrics(firsts, [second.relations for _, second in pairs])


def news_texts(docs: Sequence[PolnearDoc], words: int = WORDS) -> list[str]:
    """The documents' body paragraphs (headline lines dropped), joined until ``words`` each."""
    out: list[str] = []
    current: list[str] = []
    count = 0
    for doc in docs:
        for paragraph in doc.text.split("\n\n")[1:]:
            if not paragraph.strip():
                continue
            current.append(paragraph.strip())
            count += len(paragraph.split())
            if count >= words:
                out.append("\n\n".join(current))
                current, count = [], 0
    return out


def ms_per_article(texts: Sequence[str], extract: Callable[[Article], list], rounds: int) -> float:
    """Milliseconds per article of ``extract`` over the parsed texts, best of ``rounds``."""
    articles = [parse(t, id=str(n), html=False) for n, t in enumerate(texts)]
    best = float("inf")
    for _ in range(max(1, rounds)):
        start = time.perf_counter()
        for article in articles:
            extract(article)
        best = min(best, time.perf_counter() - start)
    return best / len(articles) * 1000


def model_size(model: AttributionModel) -> int:
    """Bytes of a bundle holding only the attribution model (as the default bundle stores it)."""
    with tempfile.TemporaryDirectory() as folder:
        path = save_bundle(Bundle({"name": "size"}, {"attribution": model}), Path(folder) / "a")
        return path.stat().st_size


def outside(relations: list, headline: Range | None) -> list:
    """The relations whose cue does not lie inside ``headline``."""
    if headline is None:
        return list(relations)
    return [r for r in relations if not (headline[0] <= r.cue[0] and r.cue[1] <= headline[1])]


def distinct(relations_per_doc: list[list], part: str) -> int:
    """How many distinct spans of ``part`` the documents hold (as the metrics count them)."""
    return sum(len({getattr(r, part) for r in rels} - {None}) for rels in relations_per_doc)


def table(docs: list[PolnearDoc], runs: dict[str, list[list]]) -> list[str]:
    """The markdown rows of each extractor's scores."""
    gold_rels = [doc.relations for doc in docs]
    rows = [
        "| extractor | span | gold | predicted | P | R | F1 | P exact | R exact | F1 exact |"
        " target (F1) | peer exact F1 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|",
    ]
    for name, predictions in runs.items():
        m = attribution_metrics(docs, predictions)
        for part in PARTS:
            keys = [f"{k}{s}" for s in ("", "_exact") for k in ("precision", "recall", "f1")]
            target = TARGETS.get(part)
            verdict = "—" if target is None else f"≥ {target:.2f} ({_met(m[f'{part}_f1'], target)})"
            cells = [
                name,
                part,
                str(distinct(gold_rels, part)),
                str(distinct(predictions, part)),
                *(f"{m[f'{part}_{key}']:.3f}" for key in keys),
                verdict,
                f"{PEER_EXACT[part] / 100:.3f}",
            ]
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def _met(value: float, target: float) -> str:
    return "met" if value >= target else "not met"


def render(args, docs, headlines, runs, facts, model) -> str:
    """The RESULTS.md section: command, provenance, speed, both tables, peers and targets."""
    n_rel = sum(len(doc.relations) for doc in docs)
    pairs = zip(docs, headlines, strict=True)
    trimmed_docs = [replace(d, relations=outside(d.relations, h)) for d, h in pairs]
    trimmed_runs = {
        name: [outside(p, h) for p, h in zip(preds, headlines, strict=True)]
        for name, preds in runs.items()
    }
    in_headline = n_rel - sum(len(d.relations) for d in trimmed_docs)
    command = "PYTHONPATH=. python benchmarks/attribution.py " + shlex.join(_argv_used(args))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    speed = facts["speed"]
    if facts["trained"] is None:
        origin = f"the attribution model of `{args.model}`"
    else:
        origin = (
            f"trained in this run on PolNeAR train in {facts['trained']:.0f} s, "
            f"`AttributionModel({_params(model)})`"
        )
    lines = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {now}; commit `{git_commit()}`",
        f"- Machine: {machine()}",
        f"- Data: PolNeAR {args.split}, {len(docs)} texts, {n_rel} gold relations; one .ann file "
        "per text (the first in sorted order, when several annotators did a text); discontinuous "
        "spans taken from their smallest start to their largest end",
        f"- Model: {origin}; {facts['size'] / 1e6:.2f} MB as a bundle of its own (skops, deflated)",
        f"- Speed (one process, best of {args.rounds}, parse excluded): "
        f"{speed['model+rules']:.1f} ms per article with the model, {speed['rules']:.1f} ms with "
        f"the rules alone, on {facts['n_texts']} articles of {facts['words']:.0f} words on "
        f"average (the split's paragraphs joined in order); whole run {facts['wall']:.0f} s",
        f"- Human agreement: on the {facts['agreement'][0]} PolNeAR train texts annotated twice, "
        f"the second annotator scored against the first: {_scores(facts['agreement'][1])}; "
        "about the ceiling for a model of one annotation per text",
        "- Matching: token overlap = a predicted span matches a gold span when they share a word "
        "token (`\\w+`); exact = same offsets once whitespace and punctuation are stripped from "
        "both edges; 1:1 greedy matching, micro-averaged over distinct spans per document; "
        "relations without a source or content count for cue only",
        "",
        f"### All gold relations (n = {len(docs)} documents)",
        "",
        *table(docs, runs),
        "",
        "### Headline excluded",
        "",
        f"Gold relations whose cue lies inside the first line that `parse()` took for a headline "
        f"(and so does not analyse) are left out: {in_headline} relations, "
        f"{sum(h is not None for h in headlines)} of {len(docs)} texts had a headline detected.",
        "",
        *table(trimmed_docs, trimmed_runs),
        "",
        "Peer reference (last column): BBC Citron on PARC 3.0, exact-match F1 cue 82.3, source "
        "82.0, content 59.3; another corpus and annotation scheme, so a direction, not a "
        "like-for-like comparison. Issue targets (token-overlap F1): cue ≥ 0.80, source ≥ 0.78.",
        "",
    ]
    return "\n".join(lines)


def _scores(m: dict) -> str:
    """Token-overlap and exact F1 of each part, in a line."""
    return ", ".join(f"{p} F1 {m[f'{p}_f1']:.3f} (exact {m[f'{p}_f1_exact']:.3f})" for p in PARTS)


def _params(model: AttributionModel) -> str:
    """The model's settings."""
    return ", ".join(f"{k}={v}" for k, v in model.get_params().items())


def _argv_used(args) -> list[str]:
    out = ["--split", args.split]
    if args.data:
        out += ["--data", args.data]
    if args.model:
        out += ["--model", args.model]
    return out + ["--rounds", str(args.rounds), "--write" if args.write else "--no-write"]


if __name__ == "__main__":
    sys.exit(main())
