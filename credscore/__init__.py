"""credscore: how firmly news articles state their claims, who says them, and who backs them."""

from credscore._version import __version__
from credscore.scoring.report import ArticleReport, StoryReport
from credscore.scoring.scorer import Scorer, load

__all__ = ["ArticleReport", "Scorer", "StoryReport", "__version__", "load"]
