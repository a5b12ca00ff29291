"""Claim confidence: which sentences are claims, and how firmly each is asserted (a model)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from credscore._segment import is_claim
from credscore.features.vectorize import ClaimFeatures

__all__ = [
    "CorpusMixture",
    "claims_pipeline",
    "fit_claims",
    "is_claim",
    "predict_confidence",
    "soft_labels",
]


class CorpusMixture(ClassifierMixin, BaseEstimator):
    """P(firm) as a gated mixture of per-corpus calibrated experts.

    Training corpora disagree on what "uncertain" means (Wikipedia weasel words, graded
    certainty of science findings, hedged headlines), so each corpus gets its own expert: a
    class-balanced logistic regression, sigmoid-calibrated on predictions cross-validated
    within that corpus. A multinomial logistic regression over the same features (the gate)
    estimates which corpus a sentence is like, and the output is the gate-weighted mean of the
    experts' probabilities: ``P(firm | x) = sum_k P(corpus k | x) * P_k(firm | x)``. Fitted
    without corpus labels it is a single calibrated logistic regression.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the experts.
    gate_C : float
        Inverse regularisation strength of the gate.
    cv : int
        Folds for the experts' calibration (identical rows stay in one fold).
    gate_prior : mapping of str to float, optional
        Prior weight of named corpora in the gate (others weigh 1): the gate's probabilities
        are multiplied by it and renormalised. The gate is trained with every corpus (and
        class) weighing the same, so without it all corpora have equal priors.

    Attributes
    ----------
    corpora_ : ndarray of str
        The corpora, in the order of the experts and of the gate's columns.
    calibration_ : ndarray of shape (n_corpora, 2)
        Each expert's sigmoid calibration: ``P_k = 1 / (1 + exp(-(a * decision + b)))``.
    thresholds_ : ndarray of shape (n_corpora,)
        Each expert's F1 threshold: the calibrated P(firm) below which calling a sentence
        uncertain maximised the F1 of the uncertain class on the cross-validated predictions
        (information for evaluation; predictions do not use it).
    """

    def __init__(
        self,
        *,
        C: float = 2.0,
        gate_C: float = 32.0,
        cv: int = 3,
        gate_prior: Mapping[str, float] | None = None,
    ) -> None:
        self.C = C
        self.gate_C = gate_C
        self.cv = cv
        self.gate_prior = gate_prior

    def fit(
        self,
        X: object,
        y: Sequence[int],
        sample_weight: Sequence[float] | None = None,
        corpus: Sequence[str] | None = None,
    ) -> CorpusMixture:
        """Fit one expert per corpus (``corpus[i]`` names row i's corpus) and the gate."""
        X = sparse.csr_matrix(X)
        y = np.asarray(y)
        n = X.shape[0]
        if not isinstance(self.cv, int) or self.cv < 2:
            raise ValueError(f"cv must be an int >= 2, got {self.cv!r}")
        prior = dict(self.gate_prior or {})
        if any(not isinstance(v, int | float) or not v > 0 for v in prior.values()):
            raise ValueError(f"gate_prior weights must be positive numbers, got {prior!r}")
        if set(np.unique(y)) != {0, 1}:
            raise ValueError(f"y must hold both 0 (uncertain) and 1 (firm); got {np.unique(y)}")
        w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        names = np.full(n, "all", dtype=object) if corpus is None else np.asarray(corpus, object)
        if len(w) != n or len(names) != n:
            raise ValueError(f"sample_weight and corpus need one value per row ({n})")
        self.classes_ = np.array([0, 1])
        self.corpora_ = np.unique(names).astype(str)
        unknown = sorted(set(prior) - set(self.corpora_))
        if unknown:
            raise ValueError(f"gate_prior names unknown corpora {unknown}; known: {self.corpora_}")
        self.experts_, calibration, thresholds = [], [], []
        for name in self.corpora_:
            rows = names == name
            if len(np.unique(y[rows])) < 2:
                raise ValueError(f"corpus {str(name)!r} has one class only; give it both classes")
            expert, a, b, threshold = self._fit_expert(X[rows], y[rows], w[rows])
            self.experts_.append(expert)
            calibration.append((a, b))
            thresholds.append(threshold)
        self.calibration_ = np.asarray(calibration)
        self.thresholds_ = np.asarray(thresholds)
        self.gate_ = None
        if len(self.corpora_) > 1:
            self.gate_ = LogisticRegression(C=self.gate_C, max_iter=3000)
            self.gate_.fit(X, names.astype(str), sample_weight=w * _balance(names, y, w))
        return self

    def _fit_expert(
        self, X: sparse.csr_matrix, y: np.ndarray, w: np.ndarray
    ) -> tuple[LogisticRegression, float, float, float]:
        """An expert fitted on all rows, its sigmoid calibration (a, b) and F1 threshold, both
        from cross-validated decisions."""
        folds = StratifiedGroupKFold(n_splits=self.cv, shuffle=True, random_state=0)
        decision = np.zeros(len(y))
        for train, test in folds.split(X, y, groups=_row_groups(X)):
            expert = self._expert().fit(X[train], y[train], w[train])
            decision[test] = expert.decision_function(X[test])
        platt = LogisticRegression(C=1e4).fit(decision[:, None], y, sample_weight=w)
        firm = platt.predict_proba(decision[:, None])[:, 1]
        expert = self._expert().fit(X, y, w)
        return (
            expert,
            float(platt.coef_[0, 0]),
            float(platt.intercept_[0]),
            _f1_threshold(y, firm, w),
        )

    def _expert(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear")

    def predict_corpus_proba(self, X: object) -> np.ndarray:
        """The gate: how much each of ``corpora_`` applies to each row (rows sum to 1)."""
        check_is_fitted(self, "experts_")
        if self.gate_ is None:
            return np.ones((X.shape[0], 1))
        gate = self.gate_.predict_proba(X)
        if self.gate_prior:
            gate = gate * np.array([self.gate_prior.get(name, 1.0) for name in self.corpora_])
            gate /= gate.sum(axis=1, keepdims=True)
        return gate

    def predict_proba(self, X: object) -> np.ndarray:
        """Columns P(uncertain), P(firm)."""
        gate = self.predict_corpus_proba(X)
        firm = np.zeros(X.shape[0])
        for k, (expert, (a, b)) in enumerate(zip(self.experts_, self.calibration_, strict=True)):
            firm += gate[:, k] / (1.0 + np.exp(-(a * expert.decision_function(X) + b)))
        return np.column_stack([1.0 - firm, firm])

    def predict(self, X: object) -> np.ndarray:
        """1 (firm) where P(firm) >= 0.5, else 0."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def _balance(names: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Row weights giving every (corpus, class) cell the same total, so the gate learns which
    corpus a sentence is like, not which corpus has more uncertain sentences."""
    out = np.ones(len(y))
    cells = [(name, label) for name in np.unique(names) for label in (0, 1)]
    for name, label in cells:
        rows = (names == name) & (y == label)
        if rows.any():
            out[rows] = w.sum() / (len(cells) * w[rows].sum())
    return out


def _f1_threshold(y: np.ndarray, firm: np.ndarray, w: np.ndarray) -> float:
    """The cut t maximising the weighted F1 of the uncertain class (0) when firm < t is called
    uncertain; candidates are the midpoints between sorted distinct probabilities."""
    order = np.argsort(firm)
    p, uncertain = firm[order], np.where(y[order] == 0, w[order], 0.0)
    caught = np.cumsum(uncertain)  # weight of true uncertain among the k lowest
    called = np.cumsum(w[order])
    f1 = 2 * caught / (called + uncertain.sum())
    last = np.r_[p[1:] != p[:-1], True]  # cut only between distinct values
    k = int(np.argmax(np.where(last, f1, -1.0)))
    return float((p[k] + p[k + 1]) / 2) if k + 1 < len(p) else 1.0


def _row_groups(X: sparse.csr_matrix) -> np.ndarray:
    """A group id per row, equal for identical rows (the soft-label copies of one sentence)."""
    keys = [
        hashlib.blake2b(X.indices[s:e].tobytes() + X.data[s:e].tobytes(), digest_size=8).digest()
        for s, e in zip(X.indptr[:-1], X.indptr[1:], strict=True)
    ]
    return np.unique(keys, return_inverse=True)[1]


def claims_pipeline(
    *,
    C: float = 2.0,
    cv: int = 3,
    features: ClaimFeatures | None = None,
    gate_prior: Mapping[str, float] | None = None,
) -> Pipeline:
    """An unfitted claim model: ClaimFeatures into a :class:`CorpusMixture`."""
    return Pipeline(
        [
            ("features", features if features is not None else ClaimFeatures()),
            ("model", CorpusMixture(C=C, cv=cv, gate_prior=gate_prior)),
        ]
    )


def soft_labels(
    texts: Sequence[str], confidences: Sequence[float]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Expand graded confidences into weighted binary rows: c -> (firm, weight c), (not, 1 - c)."""
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    hard = np.isin(conf, (0.0, 1.0))
    X = list(texts)
    y = list((conf >= 0.5).astype(int))
    w = list(np.where(hard, 1.0, np.maximum(conf, 1.0 - conf)))
    for text, c in zip(np.asarray(texts, dtype=object)[~hard], conf[~hard], strict=True):
        X.append(text)
        y.append(int(c < 0.5))
        w.append(min(c, 1.0 - c))
    return X, np.asarray(y), np.asarray(w)


def fit_claims(
    texts: Sequence[str],
    confidences: Sequence[float],
    *,
    pipeline: Pipeline | None = None,
    corpora: Sequence[str] | None = None,
) -> Pipeline:
    """Fit the claim model on sentences and their confidence targets (1 = firm, 0 = speculative).

    ``corpora`` names each sentence's corpus; the model then keeps one calibrated expert per
    corpus (see :class:`CorpusMixture`). Without it all sentences form one corpus.
    """
    X, y, w = soft_labels(texts, confidences)
    if len(set(y)) < 2:
        raise ValueError("the claim model needs both firm and uncertain examples; got one class")
    model = pipeline if pipeline is not None else claims_pipeline()
    params = {"model__sample_weight": w}
    if corpora is not None:
        if len(corpora) != len(texts):
            raise ValueError(f"corpora needs one name per text ({len(texts)}), got {len(corpora)}")
        conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
        graded = [c for c, v in zip(corpora, conf, strict=True) if v not in (0.0, 1.0)]
        params["model__corpus"] = [*corpora, *graded]
    return model.fit(X, y, **params)


def predict_confidence(model: Pipeline, sentences: Sequence[str]) -> np.ndarray:
    """Probability that each sentence asserts its claim firmly, in [0, 1]."""
    if len(sentences) == 0:
        return np.zeros(0)
    proba = model.predict_proba(list(sentences))
    return proba[:, list(model.classes_).index(1)]
