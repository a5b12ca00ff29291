"""Claim confidence: which sentences are claims, and how firmly each is asserted (a model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from credscore.features.vectorize import ClaimFeatures
from credscore.scoring.claim_rows import balance, f1_threshold, row_folds, row_groups
from credscore.segment import is_claim

__all__ = [
    "EVEN_ODDS",
    "CorpusMixture",
    "claim_threshold",
    "claims_pipeline",
    "fit_claims",
    "is_claim",
    "predict_confidence",
    "soft_labels",
]

#: a probability's yes/no cut when no cut was learned: accuracy "at even odds", the line
#: between firm and uncertain in a graded confidence label, the claim threshold of a model
#: fitted before it learnt one
EVEN_ODDS = 0.5
#: Inverse regularisation of the L1 aspect logistic regressions: Pei & Jurgens CV r 0.708 (L2
#: at C = 1: 0.707, but dense weights would add 5 MB to the model file; L1 keeps ~400 weights).
ASPECT_C = 2.0


class CorpusMixture(ClassifierMixin, BaseEstimator):
    """P(firm) as a gated mixture of per-corpus calibrated experts.

    Training corpora disagree on what "uncertain" means (Wikipedia weasel words, graded
    certainty of science findings, hedged headlines), so each corpus gets its own expert: a
    class-balanced logistic regression, sigmoid-calibrated on predictions cross-validated
    within that corpus. A multinomial logistic regression over the same features (the gate)
    estimates which corpus a sentence is like, and the output is the gate-weighted mean of the
    experts' probabilities: ``P(firm | x) = sum_k P(corpus k | x) * P_k(firm | x)``. Fitted
    without corpus labels it is a single calibrated logistic regression.

    A corpus named in ``graded`` (graded targets, given as weighted binary rows, see
    :func:`soft_labels`) gets a ridge regression on those targets instead, sigmoid-calibrated
    the same way; given ``aspects`` to :meth:`fit` (sentences with binary labels of aspects of
    their certainty), its inputs also hold the probabilities of one logistic regression per
    aspect label, cross-fitted for the training rows (a training sentence's own aspect labels
    never inform its inputs).

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
    graded : sequence of str
        Corpora whose expert is a ridge regression (``alpha = 1 / C``) on the graded targets.

    Attributes
    ----------
    corpora_ : ndarray of str
        The corpora, in the order of the experts and of the gate's columns.
    calibration_ : ndarray of shape (n_corpora, 2)
        Each expert's sigmoid calibration: ``P_k = 1 / (1 + exp(-(a * decision + b)))``.
    claim_threshold_ : float
        The decision cut: a sentence whose P(firm) is below it is called uncertain (speculative).
        It maximises the F1 of the uncertain class on the model's cross-validated predictions
        of the training rows named by ``cut_rows`` (see :meth:`fit`); the output stays
        calibrated, so this cut is not 0.5 when the uncertain class is a minority.
    aspect_columns_ : ndarray of int or None
        The feature columns that any aspect regression weighs (L1 keeps few), or None without
        aspects.
    aspect_coef_ : ndarray of shape (n_aspect_labels, len(aspect_columns_) + 1) or None
        Each aspect regression's weights on those columns, then its intercept.
    """

    #: class-level defaults, so bundles saved before these existed load unchanged
    graded: Sequence[str] = ()
    aspect_columns_ = aspect_coef_ = claim_threshold_ = None

    def __init__(
        self,
        *,
        C: float = 2.0,
        gate_C: float = 32.0,
        cv: int = 3,
        gate_prior: Mapping[str, float] | None = None,
        graded: Sequence[str] = (),
    ) -> None:
        self.C = C
        self.gate_C = gate_C
        self.cv = cv
        self.gate_prior = gate_prior
        self.graded = graded

    def fit(
        self,
        X: object,
        y: Sequence[int],
        sample_weight: Sequence[float] | None = None,
        corpus: Sequence[str] | None = None,
        aspects: tuple[object, Sequence[Sequence[int]]] | None = None,
        cut_rows: Sequence[bool] | None = None,
    ) -> CorpusMixture:
        """Fit one expert per corpus (``corpus[i]`` names row i's corpus), the gate and the cut.

        ``aspects`` is (feature matrix, 0/1 label columns) of the aspect-labelled sentences;
        ``cut_rows`` marks the rows whose labels choose ``claim_threshold_`` (all by default).
        """
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
        cut = np.ones(n, dtype=bool) if cut_rows is None else np.asarray(cut_rows, dtype=bool)
        if len(w) != n or len(names) != n or len(cut) != n:
            raise ValueError(f"sample_weight, corpus and cut_rows need one value per row ({n})")
        if len(np.unique(y[cut])) < 2:
            raise ValueError("cut_rows must hold both classes, to choose the claim threshold")
        self.classes_ = np.array([0, 1])
        self.corpora_ = np.unique(names).astype(str)
        unknown = sorted(set(prior) - set(self.corpora_))
        if unknown:
            raise ValueError(f"gate_prior names unknown corpora {unknown}; known: {self.corpora_}")
        unknown = sorted(set(self.graded) - set(self.corpora_))
        if unknown:
            raise ValueError(f"graded names unknown corpora {unknown}; known: {self.corpora_}")
        fitted = (None, None) if aspects is None else self._fit_aspects(*aspects)
        self.aspect_columns_, self.aspect_coef_ = fitted
        self.experts_, calibration = [], []
        own = np.zeros(n)  # each row's P(firm) from its corpus's expert, cross-validated
        for name in self.corpora_:
            rows = names == name
            if len(np.unique(y[rows])) < 2:
                raise ValueError(f"corpus {str(name)!r} has one class only; give it both classes")
            inputs = X[rows]
            if name in self.graded and aspects is not None:
                inputs = _with_aspects(inputs, self._cross_fitted(inputs, *aspects))
            expert, a, b, own[rows] = self._fit_expert(inputs, y[rows], w[rows], name)
            self.experts_.append(expert)
            calibration.append((a, b))
        self.calibration_ = np.asarray(calibration)
        self.gate_ = self._fit_gate(X, names, y, w) if len(self.corpora_) > 1 else None
        for model in (*self.experts_, self.gate_):
            if model is not None:  # float32 weights: half the model file, P(firm) within 1e-6
                model.coef_ = model.coef_.astype(np.float32)
        firm = self._cross_validated_firm(X, names, y, w, own, cut)
        self.claim_threshold_ = round(f1_threshold(y[cut], firm, w[cut]), 4)
        return self

    def _fit_gate(
        self, X: sparse.csr_matrix, names: np.ndarray, y: np.ndarray, w: np.ndarray
    ) -> LogisticRegression:
        """The gate: which corpus each row is like, every (corpus, class) cell weighing the same."""
        gate = LogisticRegression(C=self.gate_C, max_iter=3000)
        return gate.fit(X, names.astype(str), sample_weight=w * balance(names, y, w))

    def _cross_validated_firm(
        self,
        X: sparse.csr_matrix,
        names: np.ndarray,
        y: np.ndarray,
        w: np.ndarray,
        own: np.ndarray,
        cut: np.ndarray,
    ) -> np.ndarray:
        """The mixture's P(firm) of the ``cut`` rows as if they had been held out: the gate is
        cross-fitted (folds by row content), a row's own expert gives ``own`` (its
        cross-validated prediction), and the other experts never saw the row."""
        experts = self._expert_proba(X[cut])
        for k, name in enumerate(self.corpora_):
            experts[names[cut] == name, k] = own[cut][names[cut] == name]
        if self.gate_ is None:
            return experts[:, 0]
        gate = np.zeros_like(experts)
        fold = row_folds(X, self.cv)
        for k in np.unique(fold[cut]):
            fitted = self._fit_gate(X[fold != k], names[fold != k], y[fold != k], w[fold != k])
            held_out = (fold == k)[cut]
            proba = fitted.predict_proba(X[cut & (fold == k)])
            for j, name in enumerate(fitted.classes_):  # a corpus absent from the fold stays 0
                gate[held_out, list(self.corpora_).index(name)] = proba[:, j]
        return (self._with_prior(gate) * experts).sum(axis=1)

    def _fit_expert(
        self, X: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, name: str
    ) -> tuple[LogisticRegression | Ridge, float, float, np.ndarray]:
        """An expert fitted on all rows, its sigmoid calibration (a, b) from cross-validated
        decisions, and the calibrated cross-validated P(firm) of each row."""
        folds = StratifiedGroupKFold(n_splits=self.cv, shuffle=True, random_state=0)
        decision = np.zeros(len(y))
        for train, test in folds.split(X, y, groups=row_groups(X)):
            expert = self._expert(name).fit(X[train], y[train], w[train])
            decision[test] = _decision(expert, X[test])
        platt = LogisticRegression(C=1e4).fit(decision[:, None], y, sample_weight=w)
        firm = platt.predict_proba(decision[:, None])[:, 1]
        expert = self._expert(name).fit(X, y, w)
        return expert, float(platt.coef_[0, 0]), float(platt.intercept_[0]), firm

    def _expert(self, name: str) -> LogisticRegression | Ridge:
        """A corpus's unfitted expert: ridge for a graded corpus, else balanced LR."""
        if name in self.graded:
            return Ridge(alpha=1.0 / self.C)
        return LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear")

    def _fit_aspects(
        self, X: object, labels: Sequence[Sequence[int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """One L1 logistic regression per aspect label column: the columns any of them weighs,
        and each one's weights on those columns, then its intercept."""
        X, labels = sparse.csr_matrix(X), np.asarray(labels)
        rows = []
        for j in range(labels.shape[1]):
            if len(np.unique(labels[:, j])) < 2:
                raise ValueError(f"aspect label column {j} has one value only; give it both")
            lr = LogisticRegression(C=ASPECT_C, l1_ratio=1.0, solver="liblinear", random_state=0)
            lr.fit(X, labels[:, j])
            rows.append(np.r_[lr.coef_[0], lr.intercept_])
        coef = np.asarray(rows)
        columns = np.flatnonzero(coef[:, :-1].any(axis=0))
        return columns, coef[:, np.r_[columns, -1]]

    def _cross_fitted(
        self, X: sparse.csr_matrix, aspect_X: object, labels: Sequence[Sequence[int]]
    ) -> np.ndarray:
        """Aspect probabilities of training rows, each from models fitted without the aspect
        rows of its fold (folds by row content, so a sentence and its aspect row share one)."""
        aspect_X, labels = sparse.csr_matrix(aspect_X), np.asarray(labels)
        fold, aspect_fold = row_folds(X, self.cv), row_folds(aspect_X, self.cv)
        out = np.zeros((X.shape[0], labels.shape[1]))
        for k in range(self.cv):
            columns, coef = self._fit_aspects(aspect_X[aspect_fold != k], labels[aspect_fold != k])
            out[fold == k] = _aspect_proba(columns, coef, X[fold == k])
        return out

    def predict_corpus_proba(self, X: object) -> np.ndarray:
        """The gate: how much each of ``corpora_`` applies to each row (rows sum to 1)."""
        check_is_fitted(self, "experts_")
        if self.gate_ is None:
            return np.ones((X.shape[0], 1))
        return self._with_prior(self.gate_.predict_proba(X))

    def _with_prior(self, gate: np.ndarray) -> np.ndarray:
        """Gate probabilities times ``gate_prior``, renormalised."""
        if not self.gate_prior:
            return gate
        gate = gate * np.array([self.gate_prior.get(name, 1.0) for name in self.corpora_])
        return gate / gate.sum(axis=1, keepdims=True)

    def _expert_proba(self, X: object) -> np.ndarray:
        """Each expert's calibrated P(firm), one column per corpus."""
        aspects = None
        if self.aspect_coef_ is not None and set(self.graded) & set(self.corpora_):
            aspects = _aspect_proba(self.aspect_columns_, self.aspect_coef_, X)
        out = np.zeros((X.shape[0], len(self.experts_)))
        for k, (expert, (a, b)) in enumerate(zip(self.experts_, self.calibration_, strict=True)):
            if aspects is not None and self.corpora_[k] in self.graded:
                score = _stacked_decision(expert, X, aspects)
            else:
                score = _decision(expert, X)
            out[:, k] = 1.0 / (1.0 + np.exp(-(a * score + b)))
        return out

    def predict_proba(self, X: object) -> np.ndarray:
        """Columns P(uncertain), P(firm)."""
        firm = (self.predict_corpus_proba(X) * self._expert_proba(X)).sum(axis=1)
        return np.column_stack([1.0 - firm, firm])

    def predict(self, X: object) -> np.ndarray:
        """1 (firm) where P(firm) >= ``claim_threshold_`` (0.5 for a model fitted before the
        cut existed), else 0 (uncertain)."""
        cut = EVEN_ODDS if self.claim_threshold_ is None else self.claim_threshold_
        return (self.predict_proba(X)[:, 1] >= cut).astype(int)


def _decision(expert: LogisticRegression | Ridge, X: object) -> np.ndarray:
    """An expert's uncalibrated score: the LR decision function or the ridge prediction."""
    return expert.predict(X) if isinstance(expert, Ridge) else expert.decision_function(X)


def _aspect_proba(columns: np.ndarray, coef: np.ndarray, X: object) -> np.ndarray:
    """Probabilities of the aspect regressions (rows of ``coef``: weights on ``columns``, then
    intercept)."""
    logits = sparse.csr_matrix(X)[:, columns] @ coef[:, :-1].T
    return 1.0 / (1.0 + np.exp(-(logits + coef[:, -1])))


def _stacked_decision(expert: Ridge, X: object, aspects: np.ndarray) -> np.ndarray:
    """The ridge prediction on ``X`` with ``aspects`` appended, without building that matrix."""
    n = X.shape[1]
    return X @ expert.coef_[:n] + aspects @ expert.coef_[n:] + expert.intercept_


def _with_aspects(X: object, proba: np.ndarray) -> sparse.csr_matrix:
    """``X`` with the aspect probabilities appended as columns."""
    return sparse.hstack([sparse.csr_matrix(X), sparse.csr_matrix(proba)]).tocsr()


def claims_pipeline(
    *,
    C: float = 2.0,
    cv: int = 3,
    features: ClaimFeatures | None = None,
    gate_prior: Mapping[str, float] | None = None,
    graded: Sequence[str] = (),
) -> Pipeline:
    """An unfitted claim model: ClaimFeatures into a :class:`CorpusMixture`."""
    return Pipeline(
        [
            ("features", features if features is not None else ClaimFeatures()),
            ("model", CorpusMixture(C=C, cv=cv, gate_prior=gate_prior, graded=graded)),
        ]
    )


def soft_labels(
    texts: Sequence[str], confidences: Sequence[float]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Expand graded confidences into weighted binary rows: c -> (firm, weight c), (not, 1 - c)."""
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    hard = np.isin(conf, (0.0, 1.0))
    X = list(texts)
    y = list((conf >= EVEN_ODDS).astype(int))
    w = list(np.where(hard, 1.0, np.maximum(conf, 1.0 - conf)))
    for text, c in zip(np.asarray(texts, dtype=object)[~hard], conf[~hard], strict=True):
        X.append(text)
        y.append(int(c < EVEN_ODDS))
        w.append(min(c, 1.0 - c))
    return X, np.asarray(y), np.asarray(w)


def fit_claims(
    texts: Sequence[str],
    confidences: Sequence[float],
    *,
    pipeline: Pipeline | None = None,
    corpora: Sequence[str] | None = None,
    aspects: tuple[Sequence[str], Sequence[Sequence[int]]] | None = None,
) -> Pipeline:
    """Fit the claim model on sentences and their confidence targets (1 = firm, 0 = speculative).

    ``corpora`` names each sentence's corpus; the model then keeps one calibrated expert per
    corpus (see :class:`CorpusMixture`). Without it all sentences form one corpus. ``aspects``
    is (sentences, 0/1 label columns) for the graded experts' aspect inputs.

    The claim threshold is chosen on the sentences with binary labels (0 or 1), pooled across
    corpora; when every target is graded, on the graded ones split at 0.5 (weighted rows).
    """
    X, y, w = soft_labels(texts, confidences)
    if len(set(y)) < 2:
        raise ValueError("the claim model needs both firm and uncertain examples; got one class")
    model = pipeline if pipeline is not None else claims_pipeline()
    params = {"model__sample_weight": w, "model__cut_rows": _cut_rows(confidences, len(y))}
    if corpora is not None:
        if len(corpora) != len(texts):
            raise ValueError(f"corpora needs one name per text ({len(texts)}), got {len(corpora)}")
        conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
        graded = [c for c, v in zip(corpora, conf, strict=True) if v not in (0.0, 1.0)]
        params["model__corpus"] = [*corpora, *graded]
    if aspects is None:
        return model.fit(X, y, **params)
    features = model[:-1]
    matrix = features.fit_transform(X)
    fit_params = {key.removeprefix("model__"): value for key, value in params.items()}
    aspect_X = features.transform(list(aspects[0]))
    model[-1].fit(matrix, y, aspects=(aspect_X, aspects[1]), **fit_params)
    return model


def _cut_rows(confidences: Sequence[float], n_rows: int) -> np.ndarray:
    """Which rows of :func:`soft_labels` choose the claim threshold: those of the sentences with
    binary targets, or every row when no sentence has one (or when they are all of one class)."""
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    hard = np.isin(conf, (0.0, 1.0))
    if len(np.unique(conf[hard])) < 2:
        return np.ones(n_rows, dtype=bool)
    return np.r_[hard, np.zeros(n_rows - len(conf), dtype=bool)]


def predict_confidence(model: Pipeline, sentences: Sequence[str]) -> np.ndarray:
    """Probability that each sentence asserts its claim firmly, in [0, 1]."""
    if len(sentences) == 0:
        return np.zeros(0)
    proba = model.predict_proba(list(sentences))
    return proba[:, list(model.classes_).index(1)]


def claim_threshold(model: object) -> float | None:
    """The claim model's learnt cut (``claim_threshold_`` of its last step), or None for a model
    fitted before credscore learnt one."""
    final = model[-1] if isinstance(model, Pipeline) else model
    cut = getattr(final, "claim_threshold_", None)
    return None if cut is None else float(cut)
