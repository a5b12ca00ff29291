"""One claim or body analysed for the pair features: tokens, stems, sentences and cue positions.

Each text is analysed once per :class:`~credscore.features.pairs.PairFeatures` call, however many
pairs share it: one tokenising pass gives the words, their stems and sentences, the cue words of
the lexicons, and the unigram and bigram terms the TF-IDF vectors are hashed from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from credscore.features.hedging import HEDGE_KINDS, booster_cues, hedge_cues
from credscore.lexicons import load_lexicon
from credscore.segment import paragraphs, sentence_spans

__all__ = [
    "CUE_KINDS",
    "STOP_LIST",
    "Text",
    "analyse",
    "content_terms",
    "rate",
    "stem",
    "tf_stop_words",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTE_MARKS = frozenset('"“”')
_STOP = ENGLISH_STOP_WORDS
STOP_LIST = sorted(_STOP)
#: the cue kinds counted per sentence, in the column order of ``Text.sentence_cues``
CUE_KINDS = (
    "refuting",
    "negation",
    "hedge",
    "booster",
    "reporting",
    "denying",
    "distancing",
    "question",
    "quote",
)
_KIND = {kind: k for k, kind in enumerate(CUE_KINDS)}


@cache
def tf_stop_words() -> list[str]:
    """Stop words for the TF vectors: the English list minus every single-word stance cue in
    the negation, hedge, booster and refuting lexicons ("not", "may", "never", "seems" ...)."""
    cues = ["negation", "boosters", "stance_refuting"]
    cues += [f"hedge_{kind}" for kind in HEDGE_KINDS]
    keep = {w.lower() for name in cues for w in load_lexicon(name) if " " not in w}
    return sorted(_STOP - keep)


@cache
def _reporting_verbs() -> frozenset[str]:
    """Single-word reporting verbs ("said", "claims", "reported") of the attribution lexicon."""
    forms = (line.split("\t")[0].strip().lower() for line in load_lexicon("attribution_verbs"))
    return frozenset(w for w in forms if w and " " not in w)


@cache
def _word_kinds() -> dict[str, tuple[int, ...]]:
    """Word -> the cue kinds it is (columns of ``CUE_KINDS``), for the word lexicons."""
    lists = {
        "refuting": load_lexicon("stance_refuting"),
        "negation": load_lexicon("negation"),
        "reporting": _reporting_verbs(),
        "denying": load_lexicon("stance_denying"),
        "distancing": load_lexicon("stance_distancing"),
    }
    kinds: dict[str, list[int]] = {}
    for kind, words in lists.items():
        for w in words:
            kinds.setdefault(w.lower(), []).append(_KIND[kind])
    return {w: tuple(k) for w, k in kinds.items()}


@cache
def _verdicts() -> frozenset[str]:
    return frozenset(load_lexicon("stance_verdicts"))


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
    """One claim or body, analysed once: tokens, stems, sentences and cue positions."""

    words: list[str]  # lowercase word tokens
    stems: np.ndarray  # int ids of the stems (call-local vocabulary), one per token
    content: frozenset[int]  # ids of the stems of non-stopword tokens
    n_intro: int  # tokens that start inside the first `intro_chars` characters
    cue_positions: tuple[np.ndarray, ...]  # token positions of each cue kind (CUE_KINDS[:7])
    sentence_terms: list[list[str]]  # per sentence: its content unigrams and bigrams
    sentence_cues: np.ndarray  # (sentences, len(CUE_KINDS)) counts of each cue kind
    verdicts: tuple[int, int]  # fact-check verdicts in capitals: in all, in the opening
    question: bool  # the first sentence is a question

    def positions(self, kind: str) -> np.ndarray:
        """Token positions of the cues of ``kind`` (one of ``CUE_KINDS[:7]``)."""
        return self.cue_positions[_KIND[kind]]


def _sentence_ranges(text: str) -> list[tuple[int, int]]:
    spans = [span for s, e in paragraphs(text) for span in sentence_spans(text, s, e)]
    return spans or [(0, len(text))]


def content_terms(words: list[str]) -> list[str]:
    """Unigrams and bigrams of the words that are not stop words (as HashingVectorizer's
    ``stop_words`` with ``ngram_range=(1, 2)`` forms them)."""
    kept = [w for w in words if w not in _STOP]
    return kept + [f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)]


def analyse(text: str, vocab: dict[str, int], intro_chars: int, cues: bool) -> Text:
    """Tokens, stem ids (``vocab`` grows as new stems are seen), sentences and cues of ``text``."""
    ranges = _sentence_ranges(text)
    sentence_starts = np.fromiter((s for s, _ in ranges), np.int64, len(ranges))
    matches = list(_WORD.finditer(text))
    words = [m.group(0).lower() for m in matches]
    starts = np.fromiter((m.start() for m in matches), np.int64, len(matches))
    sentence_of = np.maximum(np.searchsorted(sentence_starts, starts, side="right") - 1, 0)
    ids = np.fromiter((vocab.setdefault(stem(w), len(vocab)) for w in words), np.int64, len(words))
    kinds, per_kind = _word_kinds(), [[] for _ in range(7)]
    for i, w in enumerate(words):
        for k in kinds.get(w, ()):
            per_kind[k].append(i)
        if w.endswith(("n't", "n’t")) and w not in kinds:
            per_kind[_KIND["negation"]].append(i)
    if cues and words:
        for kind, found in (("hedge", hedge_cues(text)), ("booster", booster_cues(text))):
            offsets = [c.start for c in found]
            per_kind[_KIND[kind]] = np.maximum(
                np.searchsorted(starts, offsets, side="right") - 1, 0
            ).tolist()
    positions = tuple(np.asarray(p, dtype=np.int64) for p in per_kind)
    counts = np.zeros((len(ranges), len(CUE_KINDS)), dtype=np.float32)
    for k, p in enumerate(positions):
        np.add.at(counts[:, k], sentence_of[p], 1.0)
    bounds = np.searchsorted(sentence_of, np.arange(len(ranges) + 1))
    for k, (s, e) in enumerate(ranges):
        sentence = text[s:e].rstrip()
        counts[k, _KIND["question"]] = sentence.endswith("?")
        counts[k, _KIND["quote"]] = not _QUOTE_MARKS.isdisjoint(sentence)
    n_intro = int(np.searchsorted(starts, intro_chars))
    verdict = [i for i, m in enumerate(matches) if m.group(0).isupper() and words[i] in _verdicts()]
    return Text(
        words=words,
        stems=ids,
        content=frozenset(int(i) for w, i in zip(words, ids, strict=True) if w not in _STOP),
        n_intro=n_intro,
        cue_positions=positions,
        sentence_terms=[
            content_terms(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)
        ],
        sentence_cues=counts,
        verdicts=(len(verdict), sum(i < n_intro for i in verdict)),
        question=bool(counts[0, _KIND["question"]]),
    )


def rate(positions: np.ndarray, text: Text) -> float:
    """Occurrences per 100 words."""
    return 100.0 * len(positions) / max(len(text.words), 1)
