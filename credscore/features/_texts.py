"""The text input every credscore transformer takes: an iterable of str, never one bare str."""

from __future__ import annotations

from typing import Any


def as_texts(X: Any, what: str = "texts") -> list[str]:
    """``X`` as a list of str (lists, arrays, pandas Series); a bare str is refused, as
    scikit-learn's text vectorizers refuse it, rather than read as one text per character."""
    if isinstance(X, (str, bytes)):
        raise ValueError(
            "Iterable over raw text documents expected, string object received; "
            "wrap one text in a list"
        )
    texts = list(X)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"expected {what} as str; item {i} is {type(text).__name__}")
    return texts
