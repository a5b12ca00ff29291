"""credscore: how firmly news articles state their claims, who says them, and who backs them.

The public API is imported on first use (PEP 562), so ``import credscore.text`` stays light:
it loads no scikit-learn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from credscore._version import __version__

if TYPE_CHECKING:
    from credscore.scoring.report import ArticleReport, StoryReport
    from credscore.scoring.scorer import Scorer, load

__all__ = ["ArticleReport", "Scorer", "StoryReport", "__version__", "load"]

_HOMES = {
    "ArticleReport": "credscore.scoring.report",
    "StoryReport": "credscore.scoring.report",
    "Scorer": "credscore.scoring.scorer",
    "load": "credscore.scoring.scorer",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'credscore' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
