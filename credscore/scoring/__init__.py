"""Scoring: claim confidence, corroboration, the Scorer and its reports."""
