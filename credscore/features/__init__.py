"""Feature extractors: hedging, attribution and sourcing heuristics, and sklearn transformers."""
