"""Stance benchmark on unseen claims: FNC-1 (claim-disjoint dev), ARC and Emergent, into RESULTS.md.

Run from the repository root::

    PYTHONPATH=. python benchmarks/stance.py [--data DIR] [--no-select] [--ablation ROWS]
                                             [--emergent-only | --ablation-only] [--no-write]

FNC-1: its headlines and bodies are grouped into claims (``claim_groups``: the parts of the
graph of related pairs, one per Emergent claim), and a seeded 20% of the claims is held out
with all their headlines and bodies (``fnc1_split``); pairs joining a held-out side to a
training side are dropped. With ``--select`` (the default) the design is chosen by grouped
5-fold cross-validation over the training claims (the ablation table, ``_stance_ablation``;
``--ablation 9,10`` runs only those rows, ``--ablation-only`` only the table); dev is then
scored once, for the shipped design and for the peers replicated on the same split (UCLMR, the
official baseline). ARC (out of domain) is scored by the same fitted models. Emergent: see
``_stance_emergent``.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import skops.io as sio
from _results import add_data_option, add_write_option, git_commit, machine, write_section
from _stance_ablation import ABLATION_HEADING, render_ablation, select_design
from _stance_emergent import EMERGENT_HEADING, render_emergent, run_emergent
from _stance_peers import UCLMR, OfficialBaseline

from credscore.features.pairs import DENSE_FEATURES
from credscore.scoring.corroboration import rule_stance_proba
from credscore.scoring.stance import (
    DISAGREE_OFFSETS,
    STANCES,
    predict_stance,
    stance_pipeline,
)
from credscore.training.corpora import data_dir
from credscore.training.datasets import StanceExample, read_stance
from credscore.training.evaluate import stance_metrics
from credscore.training.stance import fnc1_split, train_stance

FNC_HEADING = "## Stance (FNC-1 dev)"
REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
#: FNC-1 competition test scores (their test, not this split)
PEERS = {"SOLAT in the SWEN": 82.02, "Athene": 81.97, "UCLMR": 81.72}
TARGET_MARGIN, TARGET_F1 = 1.5, 0.62
HISTORY = (
    "For the record, the body-only split this section used before (bodies held out, every dev "
    "headline also in training) gave the credscore 0.2 model FNC score 88.51 (macro-F1 0.756); "
    "on this claim-disjoint dev the same model scored 76.94 (macro-F1 0.550, F1 disagree "
    "0.108) without its statement copies and 71.17 (0.510) with them (commit 15ee795)."
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the markdown sections, and write them into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    parser.add_argument(
        "--select",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the ablation / selection CV over the FNC-1 training claims",
    )
    parser.add_argument(
        "--ablation",
        type=_row_numbers,
        help="run only these rows of the ablation table, e.g. 9,10,11 (default: all)",
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--emergent-only", action="store_true", help="the Emergent section only")
    only.add_argument("--ablation-only", action="store_true", help="the ablation section only")
    add_write_option(parser, FNC_HEADING, ABLATION_HEADING, EMERGENT_HEADING)
    args = parser.parse_args(argv)
    root = data_dir(args.data)
    started = time.perf_counter()
    sections = {}
    if args.ablation_only:
        split = fnc1_split(root)
        selection = select_design(split.train, split, args.ablation)
        sections[ABLATION_HEADING] = render_ablation(_provenance(args), selection)
    elif not args.emergent_only:
        fnc = run_fnc(root, select=args.select, rows=args.ablation)
        sections[FNC_HEADING] = render_fnc(args, fnc)
        if fnc["selection"] is not None:
            sections[ABLATION_HEADING] = render_ablation(_provenance(args), fnc["selection"])
    if not args.ablation_only:
        emergent = run_emergent(root)
        sections[EMERGENT_HEADING] = render_emergent(_provenance(args), emergent)
    wall = time.perf_counter() - started
    for heading, text in sections.items():
        sections[heading] = text.replace("{wall}", f"{wall / 60:.1f}")
        print(sections[heading])
    if args.write:
        for heading, text in sections.items():
            write_section(RESULTS, heading, text)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- FNC-1 ----------------------------------------------------------------------------------


def _row_numbers(text: str) -> list[int]:
    """``--ablation 9,10,11`` -> [9, 10, 11]."""
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected row numbers like 9,10,11, got {text!r}"
        ) from None


def run_fnc(root: Path, *, select: bool, rows: list[int] | None = None) -> dict:
    """Selection CV on the training claims, then the shipped design and the peers on dev."""
    split = fnc1_split(root)
    train, dev = split.train, split.dev
    for field in ("claim", "body_id"):
        both = {getattr(e, field) for e in train} & {getattr(e, field) for e in dev}
        assert not both, f"{field}s on both sides of the split: {sorted(both)[:3]}"
    out: dict = {"split": split, "n_train": len(train), "n_dev": len(dev)}
    out["selection"] = select_design(train, split, rows) if select else None
    disagree = out["selection"]["chosen"] if select else DISAGREE_OFFSETS[1]
    out["offsets"] = (0.0, disagree, 0.0)
    gold = [e.stance for e in dev]
    start = time.perf_counter()
    model = train_stance(train, pipeline=stance_pipeline(model__offsets=out["offsets"]))
    out["fit_seconds"] = time.perf_counter() - start
    predicted = _predict(model, dev)
    out["rows"] = {"credscore stance model (shipped design)": stance_metrics(gold, predicted)}
    out["confusion"] = _confusion(gold, predicted)
    peers = {
        "UCLMR, as in the paper (L2 1e-5)": UCLMR(alpha=1e-5),
        "UCLMR, L2 1e-2 in place of dropout": UCLMR(alpha=1e-2),
        "FNC-1 official baseline": OfficialBaseline(),
    }
    for name, peer in peers.items():
        _log(f"peer {name}")
        peer.fit(train)
        out["rows"][name] = stance_metrics(gold, peer.predict(dev))
    out["rows"]["statement rules (no training)"] = stance_metrics(
        gold, _rules([e.claim for e in dev], [e.body for e in dev])
    )
    out["arc"] = _arc(root, model, peers)
    out.update(_speed_and_size(model, dev, read_stance(split.stances, bodies=split.bodies)))
    return out


def _predict(model, examples: Sequence[StanceExample]) -> list[str]:
    return predict_stance(model, [e.claim for e in examples], [e.body for e in examples])


def _rules(claims: Sequence[str], bodies: Sequence[str]) -> list[str]:
    return [STANCES[k] for k in rule_stance_proba(list(claims), list(bodies)).argmax(axis=1)]


def _confusion(gold: Sequence[str], predicted: Sequence[str]) -> list[list[int]]:
    index = {s: i for i, s in enumerate(STANCES)}
    matrix = np.zeros((4, 4), dtype=int)
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g], index[p]] += 1
    return matrix.tolist()


def _arc(root: Path, model, peers: dict) -> dict:
    """The FNC-1-trained models on all of ARC's labelled pairs (comments; out of domain)."""
    arc = read_stance(
        root / "arc" / "arc_stances_train.csv", bodies=root / "arc" / "arc_bodies.csv"
    )
    gold = [e.stance for e in arc]
    rows = {"credscore stance model (shipped design)": stance_metrics(gold, _predict(model, arc))}
    rows.update({name: stance_metrics(gold, peer.predict(arc)) for name, peer in peers.items()})
    rows["statement rules (no training)"] = stance_metrics(
        gold, _rules([e.claim for e in arc], [e.body for e in arc])
    )
    return {"n": len(arc), "rows": rows}


def _speed_and_size(model, dev: Sequence[StanceExample], every: list[StanceExample]) -> dict:
    """Pairs per second (dev pairs; every FNC-1 pair of the dev bodies; one pair per body),
    and the model file's size and load time."""
    dev_bodies = {e.body_id for e in dev}
    repeated = [e for e in every if e.body_id in dev_bodies]
    alone = list({e.body_id: e for e in dev}.values())
    out: dict = {"speed": {}}
    for name, pairs in (("dev", dev), ("repeated", repeated), ("alone", alone)):
        start = time.perf_counter()
        _predict(model, pairs)
        out["speed"][name] = (len(pairs), len({e.body_id for e in pairs}),
                              len(pairs) / (time.perf_counter() - start))  # fmt: skip
    data = sio.dumps(model, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    out["size"], out["untrusted"] = len(data), sio.get_untrusted_types(data=data)
    start = time.perf_counter()
    sio.loads(data, trusted=out["untrusted"])
    out["load_seconds"] = time.perf_counter() - start
    return out



_HEADER = (
    "| model | FNC score | macro-F1 | accuracy | F1 agree | F1 disagree | F1 discuss "
    "| F1 unrelated |\n|---|--:|--:|--:|--:|--:|--:|--:|"
)


def _row(name: str, m: dict) -> str:
    f1 = [m["per_class"][s]["f1"] for s in STANCES]
    cells = [name, f"{m['fnc_score']:.2f}", f"{m['f1_macro']:.3f}", f"{m['accuracy']:.3f}"]
    return "| " + " | ".join(cells + [f"{x:.3f}" for x in f1]) + " |"


def _targets(rows: dict) -> str:
    ours = rows["credscore stance model (shipped design)"]
    uclmr = max(m["fnc_score"] for name, m in rows.items() if name.startswith("UCLMR"))
    need = uclmr + TARGET_MARGIN
    return (
        f"FNC score ≥ the better UCLMR row + {TARGET_MARGIN} = {need:.2f}: "
        f"{_met(ours['fnc_score'] >= need)} ({ours['fnc_score']:.2f}); macro-F1 ≥ "
        f"{TARGET_F1}: {_met(ours['f1_macro'] >= TARGET_F1)} ({ours['f1_macro']:.3f}); "
        f"F1 disagree {ours['per_class']['disagree']['f1']:.3f}"
    )


def render_fnc(args: argparse.Namespace, r: dict) -> str:
    """The FNC-1 section: provenance, the split, dev table with the peers, ARC, speed, CV."""
    split = r["split"]
    n_claims = split.groups.n_claims
    speed = r["speed"]
    lines = [
        FNC_HEADING,
        "",
        *_provenance(args),
        f"- Split (unseen claims): FNC-1's {len(split.groups.headline)} training pairs grouped "
        f"into {n_claims} claims by `claim_groups` (the connected parts of the graph whose "
        "edges are the related pairs: each is one Emergent claim, its article headlines and "
        f"bodies); `fnc1_split` holds out a seeded 20% of the claims ({len(split.dev_claims)}) "
        f"with all their headlines and bodies: train {r['n_train']} pairs, dev {r['n_dev']} "
        f"pairs, {split.dropped} unrelated pairs dropped because they join a held-out side to a "
        "training side. No headline and no body is on both sides (asserted). This is what "
        "FNC-1's competition test holds out (new claims, new headlines, new bodies); it keeps "
        "fewer unrelated pairs (only those within held-out claims), so its scores sit lower "
        "than on a test that is 72% unrelated.",
        "- Model: `train_stance` = `stance_pipeline()`: PairFeatures (the "
        f"{len(DENSE_FEATURES)} dense features, no TF vectors) → TwoStageStance "
        "(HistGradientBoosting related/unrelated; then the average of an MLP(100, alpha 0.1) "
        "and a HistGradientBoosting classifier for agree/disagree/discuss, disagree shifted by "
        f"+{r['offsets'][1]:g} in log-probability), pairs weighed by `claim_weights`; fit "
        f"{r['fit_seconds']:.0f} s; model file {r['size'] / 1e6:.2f} MB (skops, deflate 9), "
        f"loads in {r['load_seconds']:.2f} s",
        f"- Speed (predict, one process): {speed['repeated'][2]:.0f} pairs/s over every FNC-1 "
        f"pair of the dev bodies ({speed['repeated'][0]} pairs, {speed['repeated'][1]} bodies, "
        "bodies repeating as in FNC-1); "
        f"{speed['dev'][2]:.0f} pairs/s over the dev pairs ({speed['dev'][0]} pairs, "
        f"{speed['dev'][1]} bodies); {speed['alone'][2]:.0f} pairs/s with one pair per body",
        "- Peers, re-implemented in `benchmarks/_stance_peers.py` and trained and scored on the "
        "same split: UCLMR (Riedel et al. 2017: TF vectors of headline and body over the 5,000 "
        "most frequent words, their TF-IDF cosine, one hidden layer of 100; without dropout, so "
        "also a row with stronger L2 in its place), and the FNC-1 official baseline "
        "(hand features into GradientBoosting, 200 trees). Rows, not targets tuned against: "
        "dev was scored once, after the design was fixed by the CV below.",
        "",
        "Dev (unseen claims):",
        "",
        _HEADER,
        *(_row(name, m) for name, m in r["rows"].items()),
        "",
        f"Targets: {_targets(r['rows'])}. Peers on FNC-1's competition test (not this split): "
        + ", ".join(f"{k} {v:.2f}" for k, v in PEERS.items())
        + "; re-scored macro-F1 of the top systems there 0.56–0.60.",
        "",
        "Confusion on dev (rows gold, columns predicted: agree, disagree, discuss, unrelated): "
        + "; ".join(f"{s} {row}" for s, row in zip(STANCES, r["confusion"], strict=True)),
        "",
        f"ARC (out of domain: {r['arc']['n']} user comments on debate topics, all of ARC's "
        "labelled pairs), the same models as above, trained on the FNC-1 training claims:",
        "",
        _HEADER,
        *(_row(name, m) for name, m in r["arc"]["rows"].items()),
        "",
        HISTORY,
        "",
    ]
    return "\n".join(lines)




def _provenance(args: argparse.Namespace) -> list[str]:
    command = "PYTHONPATH=. python benchmarks/stance.py " + shlex.join(_argv_used(args))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"- Command: `{command}` (whole run: {{wall}} min)",
        f"- Date: {now}; commit `{git_commit()}`",
        f"- Machine: {machine()}",
    ]


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def _argv_used(args: argparse.Namespace) -> list[str]:
    out = ["--data", args.data] if args.data else []
    out += ["--emergent-only"] if args.emergent_only else []
    out += ["--ablation-only"] if args.ablation_only else []
    out += ["--ablation", ",".join(map(str, args.ablation))] if args.ablation else []
    out.append("--select" if args.select else "--no-select")
    return out + ["--write" if args.write else "--no-write"]


if __name__ == "__main__":
    sys.exit(main())
