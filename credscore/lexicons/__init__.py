"""The bottom layer: word lists kept as data files in this folder, how to read them, and the
matchers every layer shares (the token pattern, the negation words).

Every other part of credscore may import this package; it imports nothing of credscore.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = ["TOKEN", "lexicon_names", "load_lexicon", "negations"]

#: a word (with inner apostrophes, hyphens and dots: "don't", "U.S", "co-op") or one mark
TOKEN = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*|[^\w\s]")


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """Entries of ``lexicons/<name>.txt``: one a line; blank lines and ``#`` lines skipped.

    Examples
    --------
    >>> "reportedly" in load_lexicon("hedge_evidential")
    True
    """
    path = resources.files(__name__) / f"{name}.txt"
    if not path.is_file():
        raise ValueError(f"no lexicon named {name!r}; known: {', '.join(lexicon_names())}")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def lexicon_names() -> list[str]:
    """Names of every lexicon shipped with the package."""
    folder = resources.files(__name__)
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))


@cache
def negations() -> frozenset[str]:
    """The negation words ("not", "never", "n't", ...), lowercase with a plain apostrophe."""
    return frozenset(w.lower().replace("’", "'") for w in load_lexicon("negation"))
