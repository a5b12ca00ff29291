"""Feature extractors: hedging, attribution and sourcing heuristics, and sklearn transformers."""

from credscore.features.article import ArticleFeatures
from credscore.features.pairs import PairFeatures
from credscore.features.vectorize import ClaimFeatures

__all__ = ["ArticleFeatures", "ClaimFeatures", "PairFeatures"]
