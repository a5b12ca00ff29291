"""Claim experts: what each expert's settings give its own corpus, by cross-validation on train.

Run from the repository root::

    PYTHONPATH=. python benchmarks/claims_experts.py [--data DIR] [--write/--no-write]

The claim model's features (``ClaimFeatures``, fitted on the three train parts together, as
``claims_part`` does) and, per corpus, its expert under other settings, 5-fold cross-validated
on that corpus's train part only (dev is not touched): CoNLL-2010 with the logistic expert at
several C and on naive-Bayes-weighted features (each feature times its log-count ratio
between the classes, learnt on the training folds); Emergent at several C; Pei & Jurgens'
ridge expert at several C (without its aspect inputs). CoNLL-2010 is cross-validated twice,
with random rows as folds (as the dev split was carved until 2026-12-03) and with folds of
whole 50-row blocks of the file (Wikipedia paragraphs stay whole), beside a TF-IDF + logistic
regression reference: the difference says how much a random row split flatters a model
through sentences of the same paragraph on both sides. Writes the "## Claim experts" section
of benchmarks/RESULTS.md.
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
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, KFold

from credscore.features.vectorize import ClaimFeatures
from credscore.scoring.claim_rows import f1_threshold
from credscore.scoring.claims import EVEN_ODDS
from credscore.training.corpora import SEED, claim_splits
from credscore.training.datasets import carve_dev

HEADING = "## Claim experts"
REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
SHIPPED_C = 2.0
BLOCK = 50
FOLDS = 5


def main(argv: list[str] | None = None) -> int:
    """Run the study, print the markdown section, and write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    splits = claim_splits(args.data)
    train = [e for split in splits.values() for e in split.train]
    features = ClaimFeatures().fit([e.text for e in train])
    conll = splits["conll2010"]
    n_rows = len(conll.train) + len(conll.dev)
    order = carve_dev(n_rows, fraction=0.2, seed=SEED)[0]  # file rows of the train part
    X, y = _matrix(features, conll.train)
    schemes = {
        "random rows": list(KFold(FOLDS, shuffle=True, random_state=0).split(y)),
        f"{BLOCK}-row blocks": list(GroupKFold(FOLDS).split(y, groups=order // BLOCK)),
    }
    conll_rows = {}
    for C in (0.5, 1.0, 2.0, 4.0):
        make = _logistic(C)
        conll_rows[f"logistic expert, C {C:g}" + _shipped(C)] = {
            scheme: _binary(make, X, y, folds) for scheme, folds in schemes.items()
        }
    conll_rows["logistic expert on naive-Bayes-weighted features, C 1"] = {
        scheme: _binary(_logistic(1.0), X, y, folds, reweight=True)
        for scheme, folds in schemes.items()
    }
    texts = np.asarray([e.text for e in conll.train], dtype=object)
    conll_rows["TF-IDF (word 1-2) + LR, C 1 (reference)"] = {
        scheme: _tfidf_reference(texts, y, folds) for scheme, folds in schemes.items()
    }
    emergent = splits["emergent"]
    Xe, ye = _matrix(features, emergent.train)
    claims = [e.group for e in emergent.train]
    emergent_folds = list(GroupKFold(FOLDS).split(ye, groups=claims))
    emergent_rows = {
        f"C {C:g}" + _shipped(C): _binary(_logistic(C), Xe, ye, emergent_folds)
        for C in (0.5, 1.0, 2.0, 4.0)
    }
    pj = splits["pei-jurgens"]
    Xp = features.transform([e.text for e in pj.train])
    tp = np.asarray([e.confidence for e in pj.train])
    pj_folds = list(KFold(FOLDS, shuffle=True, random_state=0).split(tp))
    pj_rows = {f"C {C:g}" + _shipped(C): _graded(C, Xp, tp, pj_folds) for C in (0.5, 1.0, 2.0, 4.0)}
    section = render(args, schemes, conll_rows, emergent_rows, pj_rows, started)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


def _shipped(C: float) -> str:
    return " (shipped)" if C == SHIPPED_C else ""


def _matrix(features: ClaimFeatures, examples: list) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Features and 0/1 labels (1 = firm) of binary-labelled examples."""
    labels = np.asarray([int(e.confidence >= EVEN_ODDS) for e in examples])
    return features.transform([e.text for e in examples]), labels


def _logistic(C: float):
    return lambda: LogisticRegression(C=C, class_weight="balanced", solver="liblinear")


def _nb_weights(X: sparse.csr_matrix, y: np.ndarray) -> sparse.dia_matrix:
    """Each column's log-count ratio between firm and uncertain rows (add-one smoothed)."""
    firm = np.asarray(X[y == 1].sum(axis=0)).ravel() + 1.0
    uncertain = np.asarray(X[y == 0].sum(axis=0)).ravel() + 1.0
    return sparse.diags(np.log((firm / firm.sum()) / (uncertain / uncertain.sum())))


def _binary(make, X, y, folds, *, reweight: bool = False) -> dict:
    """Cross-validated AUC of the decision and F1 of the uncertain class at its best cut."""
    score = np.zeros(len(y))
    for train, test in folds:
        scale = _nb_weights(X[train], y[train]) if reweight else sparse.identity(X.shape[1])
        model = make().fit(X[train] @ scale, y[train])
        score[test] = model.decision_function(X[test] @ scale)
    return _scores(y, score)


def _tfidf_reference(texts, y, folds) -> dict:
    """The TF-IDF + logistic regression baseline of benchmarks/claims.py, cross-validated."""
    score = np.zeros(len(y))
    for train, test in folds:
        tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts[train])
        model = LogisticRegression(C=1.0, max_iter=3000)
        model.fit(tfidf.transform(texts[train]), y[train])
        score[test] = model.decision_function(tfidf.transform(texts[test]))
    return _scores(y, score)


def _scores(y: np.ndarray, score: np.ndarray) -> dict:
    firm = 1.0 / (1.0 + np.exp(-score))
    cut = f1_threshold(y, firm, np.ones(len(y)))
    uncertain, called = y == 0, firm < cut
    f1 = 2 * (uncertain & called).sum() / (uncertain.sum() + called.sum())
    return {"auc": float(roc_auc_score(y, score)), "f1": float(f1)}


def _graded(C: float, X, targets, folds) -> float:
    """Cross-validated Pearson r of a ridge regression (alpha = 1 / C) on graded targets."""
    predicted = np.zeros(len(targets))
    for train, test in folds:
        predicted[test] = Ridge(alpha=1.0 / C).fit(X[train], targets[train]).predict(X[test])
    return float(np.corrcoef(predicted, targets)[0, 1])


def render(args, schemes, conll_rows, emergent_rows, pj_rows, started: float) -> str:
    """The RESULTS.md section: command, provenance, the three tables, what they show."""
    command = "PYTHONPATH=. python benchmarks/claims_experts.py " + shlex.join(
        (["--data", args.data] if args.data else []) + ["--write" if args.write else "--no-write"]
    )
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    wall = time.perf_counter() - started
    head = " | ".join(f"{s} AUC | {s} F1 unc." for s in schemes)
    lines = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {now}; commit `{git_commit()}`; whole study {wall:.0f} s",
        f"- Machine: {machine()}",
        f"- Train parts only (claim_splits), {FOLDS}-fold CV within each corpus; dev untouched. "
        "Features: ClaimFeatures fitted on the three train parts together. F1 of the uncertain "
        "class at the cut where it peaks on the cross-validated predictions.",
        "- CoNLL-2010 folds: random rows (as its dev split was carved until 2026-12-03), and "
        f"whole {BLOCK}-row blocks of the file order (the file keeps each Wikipedia paragraph's "
        "sentences together, so blocks keep paragraphs whole but a few at block edges).",
        "",
        f"| CoNLL-2010 expert | {head} |",
        "|---|" + "--:|" * (2 * len(schemes)),
    ]
    for label, by_scheme in conll_rows.items():
        cells = [f"{m['auc']:.3f} | {m['f1']:.3f}" for m in by_scheme.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "| Emergent expert (folds by claim) | AUC | F1 obs. |", "|---|--:|--:|"]
    lines += [f"| {k} | {m['auc']:.3f} | {m['f1']:.3f} |" for k, m in emergent_rows.items()]
    lines += ["", "| Pei & Jurgens ridge (no aspect inputs) | r |", "|---|--:|"]
    lines += [f"| {k} | {r:.3f} |" for k, r in pj_rows.items()]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
