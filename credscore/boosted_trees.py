"""Gradient-boosted trees scored with numpy alone, so that parsing text needs no scikit-learn.

Trees are stored flat: every node of every tree in one set of arrays, each tree starting at its
root's index. :mod:`credscore.training.furniture` converts a fitted scikit-learn
``HistGradientBoostingClassifier`` into this form, and a test checks that both give the same
probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BoostedTrees"]

_FIELDS = ("roots", "feature", "threshold", "left", "right", "leaf", "value")


@dataclass(frozen=True)
class BoostedTrees:
    """A binary classifier's trees: at a node a row goes left when its ``feature`` is at most
    ``threshold``; ``left`` and ``right`` are indices into the same arrays; a leaf adds its
    ``value`` to the row's log-odds, which start at ``baseline``."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    baseline: float

    def log_odds(self, dense: np.ndarray) -> np.ndarray:
        """The summed leaf values of each row plus the baseline: every tree walked at once."""
        rows = np.arange(len(dense))[None, :]
        node = np.repeat(self.roots[:, None], len(dense), axis=1)
        while True:
            inner = ~self.leaf[node]
            if not inner.any():
                break
            goes_left = dense[rows, self.feature[node]] <= self.threshold[node]
            step = np.where(goes_left, self.left[node], self.right[node])
            node = np.where(inner, step, node)
        return self.baseline + self.value[node].sum(axis=0)

    def proba(self, dense: np.ndarray, tokens=None) -> np.ndarray:
        """P(positive class) of each row (``tokens`` is ignored: trees read dense features;
        they were fitted on finite features, so a missing value has no learnt side)."""
        return 1.0 / (1.0 + np.exp(-self.log_odds(np.nan_to_num(dense))))

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The trees as named arrays, for ``np.savez``."""
        out = {f"{prefix}_{name}": getattr(self, name) for name in _FIELDS}
        out[f"{prefix}_baseline"] = np.array(self.baseline)
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> BoostedTrees:
        """The inverse of :meth:`to_arrays`."""
        fields = {name: arrays[f"{prefix}_{name}"] for name in _FIELDS}
        return cls(**fields, baseline=float(arrays[f"{prefix}_baseline"]))
