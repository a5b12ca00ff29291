"""Claim-model routing: what the gate costs each corpus, by cross-validation on train only.

Run from the repository root::

    PYTHONPATH=. python benchmarks/claims_routing.py [--data DIR] [--write/--no-write]

Fits the default claim model's parts on the combined train parts (as ``claims_part`` does) and
measures, on the train rows only, each corpus's cross-validated metrics under several ways of
mixing the experts: each sentence scored by its own corpus's expert (perfect routing, the
ceiling), and the gate with priors 1, 4, 8 (the shipped one) and 16 on the Pei & Jurgens
expert. Each expert's predictions of its own corpus are cross-validated (3 folds by row
content, as the model calibrates them); the gate is cross-fitted on the same folds; the other
experts never saw the row. Dev is not touched. Round 2 ablation (issue 17), same experts:
priors with a gate temperature (more of the graded expert where the gate is unsure), gates
refitted with another ``gate_C``, on (corpus, class) cells, on character n-grams and cues only,
and a logistic combiner learnt on the cross-validated experts and gate instead of the mixture.
Writes the "## Claim routing" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from _results import add_data_option, add_write_option, git_commit, machine, write_section
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from credscore.scoring.claim_rows import balance, f1_threshold, row_folds
from credscore.scoring.claims import _with_aspects, claims_pipeline, fit_claims, soft_labels
from credscore.training.corpora import aspect_train, claim_splits
from credscore.training.train import DEFAULT_GATE_PRIOR, DEFAULT_GRADED

HEADING = "## Claim routing"
REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
PRIORS = (1.0, 4.0, 8.0, 16.0)
#: (Pei & Jurgens prior, temperature): the gate's probabilities to the power 1 / temperature
TEMPERED = ((8.0, 0.5), (4.0, 1.5), (8.0, 1.5), (8.0, 2.0))
#: refitted gates, each mixed with the shipped prior: label -> (gate_C, cells, without word
#: n-grams, with the aspect file's extra findings)
GATES = {
    "gate_C 4": (4.0, False, False, False),
    "gate_C 128": (128.0, False, False, False),
    "on (corpus, class) cells, summed per corpus": (32.0, True, False, False),
    "on character n-grams and cues only": (32.0, False, True, False),
    "with the aspect file's other findings as Pei & Jurgens rows": (32.0, False, False, True),
}


def main(argv: list[str] | None = None) -> int:
    """Run the routing study, print the markdown section, and write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    splits = claim_splits(args.data)
    train = [e for split in splits.values() for e in split.train]
    dev_texts = [e.text for split in splits.values() for e in split.dev]
    aspects = aspect_train(args.data, exclude=dev_texts)
    texts, targets = [e.text for e in train], [e.confidence for e in train]
    corpora = [e.source for e in train]
    model = fit_claims(
        texts,
        targets,
        pipeline=claims_pipeline(gate_prior=DEFAULT_GATE_PRIOR, graded=DEFAULT_GRADED),
        corpora=corpora,
        aspects=aspects,
    )
    features, mixture = model[:-1], model[-1]
    rows, y, w = soft_labels(texts, targets)
    graded = [c for c, t in zip(corpora, targets, strict=True) if t not in (0, 1)]
    names = np.asarray([*corpora, *graded])
    X = features.transform(rows)
    experts = held_out_experts(mixture, X, y, w, names, features.transform(aspects[0]), aspects)
    gate = cross_fitted_gate(mixture, X, y, w, names)
    study = {"own corpus's expert (perfect routing)": own_expert(mixture, names)}
    for prior in PRIORS:
        study[f"gate, Pei & Jurgens prior {prior:g}"] = tempered(mixture, gate, prior)
    for prior, temperature in TEMPERED:
        label = f"gate, prior {prior:g}, temperature {temperature:g}"
        study[label] = tempered(mixture, gate, prior, temperature)
    shipped = DEFAULT_GATE_PRIOR["pei-jurgens"]
    extra = features.transform(_other_findings(aspects[0], texts))
    for label, (gate_C, cells, no_words, more) in GATES.items():
        skip = model[0].n_features if no_words else 0
        rows_added = extra if more else None
        refitted = cross_fitted_gate(mixture, X, y, w, names, gate_C, cells, skip, rows_added)
        study[f"gate {label}, prior {shipped:g}"] = tempered(mixture, refitted, shipped)
    mixed = {label: (weights * experts).sum(1) for label, weights in study.items()}
    mixed["logistic combiner on gate × expert logits"] = combined(experts, gate, y, w, targets)
    graded_targets = np.asarray(targets)
    table = {label: metrics(firm, y, w, names, graded_targets) for label, firm in mixed.items()}
    section = render(args, table, mixture, gate, names, time.perf_counter() - started)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


def held_out_experts(mixture, X, y, w, names, aspect_X, aspects) -> np.ndarray:
    """Each expert's calibrated P(firm) of every row; for its own corpus's rows, cross-validated
    (the aspect inputs of the graded corpus cross-fitted as in training)."""
    out = mixture._expert_proba(X)
    for k, name in enumerate(mixture.corpora_):
        rows = names == name
        inputs = X[rows]
        if name in mixture.graded:
            inputs = _with_aspects(inputs, mixture._cross_fitted(inputs, aspect_X, aspects[1]))
        out[rows, k] = mixture._fit_expert(inputs, y[rows], w[rows], name)[3]
    return out


def cross_fitted_gate(
    mixture, X, y, w, names, gate_C=None, cells=False, skip=0, extra=None
) -> np.ndarray:
    """The gate's probabilities of every row from a gate fitted without the row's fold: the
    shipped gate, or one with another ``gate_C``, fitted on (corpus, class) cells (summed per
    corpus), without the first ``skip`` columns (the word n-grams of ClaimFeatures), or with
    ``extra`` rows of graded-corpus sentences (each as two half-weight rows, one per class) in
    every fold's training rows."""
    X = sparse.csr_matrix(X)
    fold = row_folds(X, mixture.cv)
    X = X[:, skip:]
    out = np.zeros((X.shape[0], len(mixture.corpora_)))
    for k in range(mixture.cv):
        fit_X, fit_y, fit_w, fit_names = X[fold != k], y[fold != k], w[fold != k], names[fold != k]
        if extra is not None:
            n = extra.shape[0]
            fit_X = sparse.vstack([fit_X, extra, extra]).tocsr()
            fit_y, fit_w = (
                np.r_[fit_y, np.zeros(n, int), np.ones(n, int)],
                np.r_[fit_w, [0.5] * 2 * n],
            )
            fit_names = np.r_[fit_names, [mixture.graded[0]] * 2 * n]
        labels = [f"{c}|{v}" if cells else c for c, v in zip(fit_names, fit_y, strict=True)]
        gate = LogisticRegression(C=gate_C or mixture.gate_C, max_iter=3000)
        gate.fit(
            fit_X, np.asarray(labels, str), sample_weight=fit_w * balance(fit_names, fit_y, fit_w)
        )
        proba = gate.predict_proba(X[fold == k])
        for j, label in enumerate(gate.classes_):
            out[fold == k, list(mixture.corpora_).index(label.split("|")[0])] += proba[:, j]
    return out


def _other_findings(aspect_texts, texts) -> list[str]:
    """The aspect file's training findings that are not among the sentence-level ones."""
    seen = {" ".join(t.split()) for t in texts}
    return [t for t in aspect_texts if " ".join(t.split()) not in seen]


def tempered(mixture, gate, prior: float, temperature: float = 1.0) -> np.ndarray:
    """Gate weights to the power 1 / temperature, times the Pei & Jurgens prior, renormalised."""
    weights = gate ** (1.0 / temperature)
    weights = weights * np.array([prior if c in mixture.graded else 1.0 for c in mixture.corpora_])
    return weights / weights.sum(1, keepdims=True)


def combined(experts, gate, y, w, targets, folds: int = 5) -> np.ndarray:
    """P(firm) from a logistic regression on gate × expert logit and the gate, cross-validated
    over sentences (a graded sentence's two rows share a fold)."""
    clipped = np.clip(experts, 1e-6, 1 - 1e-6)
    inputs = np.c_[gate * np.log(clipped / (1 - clipped)), gate]
    targets = np.asarray(targets)
    sentence = np.r_[np.arange(len(targets)), np.flatnonzero(~np.isin(targets, (0.0, 1.0)))]
    out = np.zeros(len(y))
    for train, test in GroupKFold(folds).split(inputs, y, sentence):
        model = LogisticRegression(max_iter=2000).fit(inputs[train], y[train], w[train])
        out[test] = model.predict_proba(inputs[test])[:, 1]
    return out


def own_expert(mixture, names) -> np.ndarray:
    """Weights that give each row to its own corpus's expert."""
    return (names[:, None] == mixture.corpora_[None, :]).astype(float)


def metrics(firm, y, w, names, targets) -> dict:
    """Per corpus: AUC and best-cut F1 of the uncertain class (binary), Pearson r (graded).

    Rows are those of :func:`soft_labels`: one per sentence first (``targets`` in order), then
    the second row of each graded sentence, which is left out here."""
    out = {}
    once = np.arange(len(y)) < len(targets)
    for name in np.unique(names):
        rows = (names == name) & once
        if not np.isin(targets[rows[: len(targets)]], (0.0, 1.0)).all():
            r = np.corrcoef(firm[rows], targets[rows[: len(targets)]])[0, 1]
            out[name] = {"pearson": float(r)}
            continue
        cut = f1_threshold(y[rows], firm[rows], w[rows])
        uncertain, called = y[rows] == 0, firm[rows] < cut
        f1 = 2 * (uncertain & called).sum() / (uncertain.sum() + called.sum())
        out[name] = {"auc": float(roc_auc_score(y[rows], firm[rows])), "f1": float(f1)}
    return out


def render(args, table, mixture, gate, names, wall: float) -> str:
    """The RESULTS.md section: command, provenance, the table, what it shows."""
    command = "PYTHONPATH=. python benchmarks/claims_routing.py " + shlex.join(
        (["--data", args.data] if args.data else []) + ["--write" if args.write else "--no-write"]
    )
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    right = {
        str(c): float((gate[names == c].argmax(1) == k).mean())
        for k, c in enumerate(mixture.corpora_)
    }
    lines = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {now}; commit `{git_commit()}`; whole study {wall:.0f} s",
        f"- Machine: {machine()}",
        "- Train parts only (claim_splits), cross-validated: each expert's predictions of its "
        f"own corpus from {mixture.cv} folds by row content, the gate cross-fitted on the same "
        "folds, the other experts never saw the row; dev untouched. F1 of the uncertain class "
        "at the cut where it peaks on these predictions; Pearson r of P(firm) against the 1-6 "
        "certainty.",
        "- The cross-fitted gate puts a sentence in its own corpus (argmax) for "
        + ", ".join(f"{c} {v:.1%}" for c, v in right.items())
        + " of the train rows.",
        "",
        "| mixing | CoNLL AUC | CoNLL F1 unc. | P&J r | Emergent AUC | Emergent F1 obs. |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for label, m in table.items():
        c, p, e = m["conll2010"], m["pei-jurgens"], m["emergent"]
        lines.append(
            f"| {label} | {c['auc']:.3f} | {c['f1']:.3f} | {p['pearson']:.3f} | "
            f"{e['auc']:.3f} | {e['f1']:.3f} |"
        )
    lines += [
        "",
        "Any prior that gives science findings more of the graded expert takes the same "
        "share from Wikipedia sentences the gate cannot tell from them, so P&J r and CoNLL "
        "move in opposite directions; perfect routing is the ceiling of both. The round-2 "
        "rows (issue 17) try to leave that trade-off: a temperature above 1 gives the graded "
        "expert more where the gate is unsure, the refitted gates change what tells the "
        "corpora apart, the aspect file's other findings give the gate more science "
        "sentences, and the combiner learns the mixing from the cross-validated experts. "
        "Read each row against the priors: a row is only better if it beats the prior row "
        "with the same P&J r on CoNLL, or the one with the same CoNLL on P&J r.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
