"""One claim or body analysed for the pair features: tokens, stems, cue positions, n-grams.

Each text is analysed once per :class:`~credscore.features.pairs.PairFeatures` call, however many
pairs share it; the functions below turn two analysed texts into overlap and cue counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from credscore._segment import paragraphs, sentence_spans
from credscore.features._lexicon import load_lexicon
from credscore.features.hedging import HEDGE_KINDS, booster_cues, hedge_cues

__all__ = [
    "STOP_LIST",
    "Text",
    "analyse",
    "body_sentences",
    "hit_rate",
    "jaccard",
    "near",
    "ngrams",
    "rate",
    "stem",
    "tf_stop_words",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUESTION = re.compile(r"\s*[^.!?\n]*\?")
_STOP = ENGLISH_STOP_WORDS
STOP_LIST = sorted(_STOP)


@cache
def tf_stop_words() -> list[str]:
    """Stop words for the TF vectors: the English list minus every single-word stance cue in
    the negation, hedge, booster and refuting lexicons ("not", "may", "never", "seems" ...)."""
    cues = ["negation", "boosters", "stance_refuting"]
    cues += [f"hedge_{kind}" for kind in HEDGE_KINDS]
    keep = {w.lower() for name in cues for w in load_lexicon(name) if " " not in w}
    return sorted(_STOP - keep)


@cache
def _refuting() -> frozenset[str]:
    return frozenset(load_lexicon("stance_refuting"))


@cache
def _reporting_verbs() -> frozenset[str]:
    """Single-word reporting verbs ("said", "claims", "reported") of the attribution lexicon."""
    forms = (line.split("\t")[0].strip().lower() for line in load_lexicon("attribution_verbs"))
    return frozenset(w for w in forms if w and " " not in w)


@cache
def _negations() -> frozenset[str]:
    return frozenset(load_lexicon("negation"))


#: (suffix, replacement), tried in order; the first that leaves a stem of 3+ letters applies
_SUFFIXES = (
    ("ies", "i"),
    ("ied", "i"),
    ("sses", "ss"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("ing", ""),
    ("ed", ""),
    ("s", ""),
)


@lru_cache(maxsize=2**16)
def stem(word: str) -> str:
    """A crude, fast English stem: lowercase, possessive and common inflections stripped.

    Enough to match "denies" with "denied" and "hoaxes" with "hoax" when counting overlap;
    not a linguistic lemma.

    Examples
    --------
    >>> [stem(w) for w in ("Denies", "denied", "hoaxes", "running", "Obama's", "class")]
    ['deni', 'deni', 'hoax', 'runn', 'obama', 'class']
    """
    w = word.lower().replace("’", "'").removesuffix("'s")
    if w.endswith(("ss", "us", "is")):
        return w
    for suffix, replacement in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + replacement
    return w


@dataclass(frozen=True)
class Text:
    """One claim or body, analysed once: tokens, stems and cue positions."""

    words: list[str]  # lowercase word tokens
    stems: np.ndarray  # int ids of the stems (call-local vocabulary), one per token
    content: frozenset[int]  # ids of the stems of non-stopword tokens
    n_intro: int  # tokens that start inside the first `intro_chars` characters
    refuting: np.ndarray  # token positions of refuting cues
    hedges: np.ndarray  # token positions of hedge cues
    boosters: np.ndarray  # token positions of booster cues
    reporting: np.ndarray  # token positions of reporting verbs
    negations: np.ndarray  # token positions of negation words
    question: bool  # the first sentence is a question


def analyse(text: str, vocab: dict[str, int], intro_chars: int, cues: bool) -> Text:
    """Tokens, stem ids (``vocab`` grows as new stems are seen) and cue positions of ``text``."""
    matches = list(_WORD.finditer(text))
    words = [m.group(0).lower() for m in matches]
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    ids = np.fromiter(
        (vocab.setdefault(stem(w), len(vocab)) for w in words), dtype=np.int64, count=len(words)
    )
    refuting, negations = _refuting(), _negations()
    hedges = boosters = np.zeros(0, dtype=np.int64)
    if cues and words:
        hedges = _token_index(starts, [c.start for c in hedge_cues(text)])
        boosters = _token_index(starts, [c.start for c in booster_cues(text)])
    return Text(
        words=words,
        stems=ids,
        content=frozenset(int(i) for w, i in zip(words, ids, strict=True) if w not in _STOP),
        n_intro=int(np.searchsorted(starts, intro_chars)),
        refuting=_positions(words, refuting),
        hedges=hedges,
        boosters=boosters,
        reporting=_positions(words, _reporting_verbs()),
        negations=np.asarray(
            [i for i, w in enumerate(words) if w in negations or w.endswith(("n't", "n’t"))],
            dtype=np.int64,
        ),
        question=bool(_QUESTION.match(text)),
    )


def _positions(words: list[str], lexicon: frozenset[str]) -> np.ndarray:
    """Positions of the words that are in ``lexicon``."""
    return np.asarray([i for i, w in enumerate(words) if w in lexicon], dtype=np.int64)


def _token_index(starts: np.ndarray, offsets: list[int]) -> np.ndarray:
    """Index of the token each character offset falls in (or just after)."""
    return np.maximum(np.searchsorted(starts, offsets, side="right") - 1, 0)


def body_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (paragraph by paragraph); the whole text if it has none."""
    spans = [span for s, e in paragraphs(text) for span in sentence_spans(text, s, e)]
    return [text[s:e] for s, e in spans] or [text]


def ngrams(ids: np.ndarray, n: int, keep: frozenset[int] | None = None) -> set[tuple[int, ...]]:
    """The n-grams of a stem-id sequence (those with a content stem when ``keep`` is given)."""
    seq = ids.tolist()
    grams = {tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)}
    if keep is not None:
        grams = {g for g in grams if any(t in keep for t in g)}
    return grams


def near(positions: np.ndarray, anchors: np.ndarray, window: int) -> int:
    """How many ``positions`` lie within ``window`` tokens of some (sorted) anchor."""
    if len(positions) == 0 or len(anchors) == 0:
        return 0
    right = np.searchsorted(anchors, positions)
    after = anchors[np.minimum(right, len(anchors) - 1)]
    before = anchors[np.maximum(right - 1, 0)]
    dist = np.minimum(np.abs(after - positions), np.abs(positions - before))
    return int((dist <= window).sum())


def hit_rate(grams: set[tuple[int, ...]], target: set[tuple[int, ...]]) -> float:
    return len(grams & target) / len(grams) if grams else 0.0


def rate(positions: np.ndarray, text: Text) -> float:
    """Occurrences per 100 words."""
    return 100.0 * len(positions) / max(len(text.words), 1)


def jaccard(a: frozenset, b: frozenset) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
