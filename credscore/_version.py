"""The package version, read by pyproject and reported in model cards."""

__version__ = "0.2.0"
