"""Feature extractors: hedging, attribution and sourcing heuristics, and sklearn transformers.

The transformers (:class:`ArticleFeatures`, :class:`ClaimFeatures`, :class:`PairFeatures`) are
imported on first use, as the heuristics modules are needed while :mod:`credscore.text` loads.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from credscore.features.article import ArticleFeatures
    from credscore.features.pairs import PairFeatures
    from credscore.features.vectorize import ClaimFeatures

__all__ = ["ArticleFeatures", "ClaimFeatures", "PairFeatures"]

_HOMES = {
    "ArticleFeatures": "credscore.features.article",
    "ClaimFeatures": "credscore.features.vectorize",
    "PairFeatures": "credscore.features.pairs",
}


def __getattr__(name: str) -> Any:
    """Import a transformer from its module the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'credscore.features' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
