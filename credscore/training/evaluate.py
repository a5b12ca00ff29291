"""Metrics for the claim, stance and attribution models (F1, Pearson, Brier, ECE, span F1)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from sklearn.metrics import (
    brier_score_loss,
    f1_score,
    precision_recall_fscore_support,
    roc_auc_score,
)

from credscore.scoring.claims import EVEN_ODDS
from credscore.scoring.corroboration.stance_rules import STANCES

__all__ = [
    "attribution_metrics",
    "claims_metrics",
    "expected_calibration_error",
    "fnc_score",
    "span_prf",
    "stance_metrics",
]

def expected_calibration_error(
    y_true: Sequence[int], proba: Sequence[float], *, bins: int = 10
) -> float:
    """Expected calibration error: mean |accuracy - confidence| over equal-width bins, weighted.

    Examples
    --------
    >>> expected_calibration_error([1, 0, 1, 0], [1.0, 0.0, 1.0, 0.0])
    0.0
    """
    y, p = np.asarray(y_true, dtype=float), np.asarray(proba, dtype=float)
    which = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(y[mask].mean() - p[mask].mean())
    return float(total / len(y)) if len(y) else 0.0


def claims_metrics(
    confidence_true: Sequence[float],
    confidence_pred: Sequence[float],
    *,
    threshold: float | None = None,
) -> dict:
    """Claim-model metrics for the targets given (all get ``n``).

    Binary targets give ``f1_uncertain`` and ``accuracy`` with uncertain = confidence < 0.5,
    ``roc_auc`` (of the confidence against firm = 1, when both classes occur), ``brier`` and
    ``ece``; with ``threshold``, also ``claim_threshold`` and ``f1_uncertain_at_threshold``
    and ``accuracy_at_threshold`` with uncertain = confidence < threshold. Graded targets give
    Pearson r.

    Examples
    --------
    >>> m = claims_metrics([1, 1, 0, 0], [0.9, 0.6, 0.55, 0.2], threshold=0.58)
    >>> m["f1_uncertain"], m["f1_uncertain_at_threshold"], m["roc_auc"]
    (0.6666666666666666, 1.0, 1.0)
    """
    t = np.asarray(confidence_true, dtype=float)
    p = np.asarray(confidence_pred, dtype=float)
    out: dict[str, float | int] = {"n": int(len(t))}
    if len(t) == 0:
        return out
    binary = np.isin(t, (0.0, 1.0)).all()
    if binary:
        uncertain_true = t < EVEN_ODDS
        out.update(_at_cut(uncertain_true, p, EVEN_ODDS, ""))
        out["brier"] = float(brier_score_loss(t.astype(int), p))
        out["ece"] = expected_calibration_error(t.astype(int), p)
        if len(np.unique(t)) == 2:
            out["roc_auc"] = float(roc_auc_score(t.astype(int), p))
        if threshold is not None:
            out["claim_threshold"] = float(threshold)
            out.update(_at_cut(uncertain_true, p, threshold, "_at_threshold"))
    elif len(t) > 1 and t.std() > 0 and p.std() > 0:
        out["pearson"] = float(np.corrcoef(t, p)[0, 1])
    return out


def _at_cut(uncertain_true: np.ndarray, p: np.ndarray, cut: float, suffix: str) -> dict:
    """F1 of the uncertain class and accuracy when confidence < ``cut`` is called uncertain."""
    uncertain_pred = p < cut
    return {
        f"f1_uncertain{suffix}": float(
            f1_score(uncertain_true, uncertain_pred, zero_division=0.0)
        ),
        f"accuracy{suffix}": float((uncertain_true == uncertain_pred).mean()),
    }


_WORD = re.compile(r"\w+")
_PARTS = ("cue", "source", "content")


def span_prf(
    gold: Sequence[Sequence[tuple[int, int]]],
    pred: Sequence[Sequence[tuple[int, int]]],
    texts: Sequence[str],
    *,
    exact: bool,
) -> dict[str, float]:
    """Micro-averaged span precision, recall and F1 over documents, with 1:1 matching.

    Parameters
    ----------
    gold, pred : sequence of sequence of (start, end)
        Per document, the gold and the predicted character ranges into that document's text.
    texts : sequence of str
        The document texts (one per document, same order).
    exact : bool
        False: a prediction matches a gold span when they share at least one word token
        (``\\w+`` over the text; sharing means both ranges cover part of it). True: the
        ranges are identical once whitespace and punctuation are stripped from both edges.

    Returns
    -------
    dict
        ``{"precision", "recall", "f1"}``: matched predictions / predictions, matched gold /
        gold. Each gold span is matched at most once, greedily, most shared tokens first. A
        ratio over nothing is 0.0, except that no gold and no predictions at all give 1.0.

    Examples
    --------
    >>> text = 'Lee said "it rained."'
    >>> span_prf([[(9, 21)]], [[(10, 19)]], [text], exact=True)
    {'precision': 1.0, 'recall': 1.0, 'f1': 1.0}
    >>> span_prf([[(0, 3), (9, 21)]], [[(10, 13), (13, 19)]], [text], exact=False)
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    if not len(gold) == len(pred) == len(texts):
        raise ValueError(
            f"gold, pred and texts must be one per document; got {len(gold)}, {len(pred)} and "
            f"{len(texts)}"
        )
    matched = n_gold = n_pred = 0
    for g, p, text in zip(gold, pred, texts, strict=True):
        n_gold, n_pred = n_gold + len(g), n_pred + len(p)
        if exact:
            matched += _matches([{_trim(text, s)} for s in g], [{_trim(text, s)} for s in p])
        else:
            starts, ends = [], []
            for m in _WORD.finditer(text):
                starts.append(m.start())
                ends.append(m.end())
            matched += _matches(
                [_tokens(starts, ends, s) for s in g], [_tokens(starts, ends, s) for s in p]
            )
    if n_gold == n_pred == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _trim(text: str, span: Sequence[int]) -> tuple[int, int]:
    """``span`` without whitespace or punctuation at either edge (as is, if nothing is left)."""
    s, e = span
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return (s, e) if s < e else (span[0], span[1])


def _tokens(starts: Sequence[int], ends: Sequence[int], span: Sequence[int]) -> set[int]:
    """Indices of the word tokens (sorted ``starts``/``ends``) that ``span`` covers part of."""
    s, e = span
    if e <= s:
        return set()
    return set(range(bisect.bisect_right(ends, s), bisect.bisect_left(starts, e)))


def _matches(gold: Sequence[set[Any]], pred: Sequence[set[Any]]) -> int:
    """Greedy 1:1 matching of spans given as item sets, largest overlap first; the match count."""
    pairs = sorted(
        ((len(g & p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if g & p),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_gold, used_pred = set(), set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    return len(used_gold)


class _Relation(Protocol):
    @property
    def cue(self) -> tuple[int, int]: ...
    @property
    def source(self) -> tuple[int, int] | None: ...
    @property
    def content(self) -> tuple[int, int] | None: ...


class _Document(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def relations(self) -> Sequence[_Relation]: ...


def attribution_metrics(
    docs: Sequence[_Document], predictions: Sequence[Sequence[_Relation]]
) -> dict[str, float | int]:
    """Cue, source and content P/R/F1 of predicted attributions, token-overlap and exact.

    Parameters
    ----------
    docs : sequence of PolnearDoc
        Anything with ``.text`` and ``.relations`` (items with ``.cue``, ``.source`` and
        ``.content`` ranges, ``None`` allowed for source and content).
    predictions : sequence of sequence of Attribution
        Per document, the predicted relations (same attributes), e.g. from ``find_attributions``.

    Returns
    -------
    dict
        ``n`` (documents), ``cue_f1``, ``source_f1``, ``content_f1``, their ``*_f1_exact``
        variants, and ``<part>_precision``, ``<part>_recall`` (``..._exact`` too). Spans are
        scored once per document however many relations share them; missing parts are skipped.
        See :func:`span_prf`.

    Examples
    --------
    >>> from credscore.training.polnear import GoldRelation, PolnearDoc
    >>> doc = PolnearDoc("d", "Lee said it rained.", [GoldRelation((0, 3), (4, 8), (9, 18))], "x")
    >>> m = attribution_metrics([doc], [[GoldRelation(None, (4, 8), (9, 19))]])
    >>> m["n"], m["cue_f1"], m["source_f1"], m["content_f1_exact"]
    (1, 1.0, 0.0, 1.0)
    """
    if len(docs) != len(predictions):
        raise ValueError(
            f"predictions must be one list per document; got {len(predictions)} for {len(docs)}"
        )
    texts = [doc.text for doc in docs]
    scores = {}
    for part in _PARTS:
        gold = [_part_spans(doc.relations, part) for doc in docs]
        pred = [_part_spans(rels, part) for rels in predictions]
        scores[part] = span_prf(gold, pred, texts, exact=False)
        scores[part + "_exact"] = span_prf(gold, pred, texts, exact=True)
    out: dict[str, float | int] = {"n": len(docs)}
    for metric in ("f1", "precision", "recall"):
        for suffix in ("", "_exact"):
            out.update({f"{p}_{metric}{suffix}": scores[p + suffix][metric] for p in _PARTS})
    return out


def _part_spans(relations: Sequence[_Relation], part: str) -> list[tuple[int, int]]:
    """The distinct ranges of one part (cue, source or content) of ``relations``, in order."""
    return sorted({tuple(span) for r in relations if (span := getattr(r, part)) is not None})


_RELATED = frozenset(STANCES[:3])


def _stance_labels(gold: Sequence[str], pred: Sequence[str]) -> tuple[list[str], list[str]]:
    """``gold`` and ``pred`` as lists of equal length holding only the four stance labels."""
    gold, pred = list(gold), list(pred)
    if len(gold) != len(pred):
        raise ValueError(
            f"gold and pred must be one label per pair; got {len(gold)} and {len(pred)}"
        )
    for name, labels in (("gold", gold), ("pred", pred)):
        unknown = sorted({str(label) for label in labels} - set(STANCES))
        if unknown:
            raise ValueError(
                f"unknown {name} stance {unknown[0]!r}; expected one of {', '.join(STANCES)}"
            )
    return gold, pred


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """The FNC-1 score as a percentage of the best achievable on ``gold`` (official scorer).

    Each pair earns 0.25 when gold and prediction are both "unrelated", 0.25 when both are
    related (agree, disagree or discuss), and 0.75 more when the related label is exact.
    The maximum gives every pair its full due: 0.25 for an unrelated one, 1.0 for a related one.

    Examples
    --------
    >>> fnc_score(["agree", "unrelated"], ["discuss", "unrelated"])  # (0.25 + 0.25) / 1.25
    40.0
    >>> fnc_score(["disagree"], ["disagree"])
    100.0
    """
    gold, pred = _stance_labels(gold, pred)
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        related = g in _RELATED
        best += 1.0 if related else 0.25
        if related and p in _RELATED:
            score += 0.25 + (0.75 if g == p else 0.0)
        elif not related and p == g:
            score += 0.25
    return 100.0 * score / best if best else 0.0


def stance_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Stance-model metrics: ``n``, ``fnc_score`` (%), ``f1_macro`` over the four labels,
    ``accuracy`` and ``per_class`` precision, recall and F1 (a label never seen scores 0.0).

    Examples
    --------
    >>> m = stance_metrics(["agree", "disagree", "unrelated"], ["agree", "discuss", "unrelated"])
    >>> m["n"], round(m["fnc_score"], 2), round(m["accuracy"], 3), m["per_class"]["agree"]["f1"]
    (3, 66.67, 0.667, 1.0)
    """
    gold, pred = _stance_labels(gold, pred)
    out: dict[str, Any] = {"n": len(gold)}
    if not gold:
        zero = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        return {
            **out,
            "fnc_score": 0.0,
            "f1_macro": 0.0,
            "accuracy": 0.0,
            "per_class": {label: dict(zero) for label in STANCES},
        }
    precision, recall, f1, _ = precision_recall_fscore_support(
        gold, pred, labels=list(STANCES), zero_division=0.0
    )
    out["fnc_score"] = fnc_score(gold, pred)
    out["f1_macro"] = float(np.mean(f1))
    out["accuracy"] = float(np.mean([g == p for g, p in zip(gold, pred, strict=True)]))
    out["per_class"] = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f)}
        for label, p, r, f in zip(STANCES, precision, recall, f1, strict=True)
    }
    return out
