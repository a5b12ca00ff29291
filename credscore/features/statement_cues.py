"""Features of a (claim, statement) pair that say how a short statement takes its claim.

After Ferreira & Vlachos 2016 (Emergent): a question mark; hedging and reporting words and
where they sit relative to the words the two share ("Apple Watch to ship in March, claims
analyst"); refuting and negation words the statement has and the claim lacks, and the other
way round; debunking words ("hoax", "fake", "made up"); a shared word negated in one text only
("Nelson isn't dead" against "Nelson is dead"); and how well the claim's content words align
with the statement's (crude stems, synonyms from ``lexicons/claim_synonyms.txt``). Optionally
the statement's own hashed word 1-2 grams follow, as F&V's bag of words of the headline.
Nothing is learned in ``fit``: every column is a pure function of the pair.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer
from sklearn.utils.validation import check_is_fitted

from credscore.features._pair_text import _WORD, stem, tf_stop_words
from credscore.features.pair_input import as_pairs
from credscore.lexicons import load_lexicon, negations

__all__ = [
    "STATEMENT_FEATURES",
    "StatementCues",
    "Words",
    "claim_coverage",
    "cue_positions",
    "negated_terms",
    "negation_mismatch",
    "opens_with_source",
    "read",
    "statement_row",
]

_SOURCE_PREFIX = re.compile(r"^\W*(?:[^\W_]+[\s'’.-]+){0,2}[^\W_]+\s*:\s")
_CLAUSE_BREAK = re.compile(r"[,;:?!.\u2014\u2013]|\s-\s")
@cache
def _question_openers() -> frozenset[str]:
    return frozenset(load_lexicon("question_openers"))


_NEGATION_REACH = 3  # a negation negates the words up to this many tokens after it

#: names of the dense columns, in order
STATEMENT_FEATURES = (
    "statement__question",
    "statement__question_opening",
    "statement__source_prefix",
    "statement__hedges",
    "statement__hedges_new",
    "statement__hedge_before_shared",
    "statement__hedge_after_shared",
    "statement__reporting",
    "statement__reporting_after_shared",
    "statement__refuting_new",
    "statement__refuting_claim_only",
    "statement__negation_new",
    "statement__negation_claim_only",
    "statement__debunking",
    "align__negation_mismatch",
    "align__claim_coverage",
    "align__statement_coverage",
    "align__shared_terms",
    "align__first_shared_position",
    "statement__words",
)


@dataclass(frozen=True)
class Words:
    """A text's lowercase word tokens, per token its canonical stem (synonyms merged), and
    whether clause punctuation (, ; : ? ! . or a dash) stands between it and the word before."""

    words: tuple[str, ...]
    terms: tuple[str, ...]
    breaks: tuple[bool, ...]

    @property
    def content(self) -> frozenset[str]:
        """Canonical stems of the tokens that are not stop words."""
        return frozenset(t for w, t in zip(self.words, self.terms, strict=True) if _is_content(w))


def _is_content(word: str) -> bool:
    return word not in ENGLISH_STOP_WORDS and len(word) > 1


def _term(word: str) -> str:
    """The crude stem, with a doubled final consonant undone ("shipped" -> "ship")."""
    s = stem(word)
    if len(s) >= 4 and s[-1] == s[-2] and s[-1] not in "aeioulsz":
        return s[:-1]
    return s


@cache
def _synonyms() -> dict[str, str]:
    """Stem -> the canonical stem of its synonym set (single-word entries of claim_synonyms)."""
    out: dict[str, str] = {}
    for line in load_lexicon("claim_synonyms"):
        entries = [e.strip().lower() for e in line.split("~") if e.strip()]
        canonical = _term(entries[0].replace(" ", "_"))
        for entry in entries:
            if " " not in entry:
                out.setdefault(_term(entry), canonical)
    return out


def read(text: str) -> Words:
    """Tokens of ``text`` and their canonical stems.

    Examples
    --------
    >>> read("Weapons shipped").terms
    ('arm', 'export')
    """
    matches = list(_WORD.finditer(text))
    words = tuple(m.group(0).lower().replace("’", "'") for m in matches)
    synonyms = _synonyms()
    terms = tuple(synonyms.get(_term(w), _term(w)) for w in words)
    ends = [0, *(m.end() for m in matches)][: len(matches)]
    breaks = tuple(
        bool(_CLAUSE_BREAK.search(text, a, m.start())) for a, m in zip(ends, matches, strict=True)
    )
    return Words(words, terms, breaks)


@cache
def _phrases(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(entry.lower().split()) for entry in load_lexicon(name))


@cache
def _reporting_verbs() -> tuple[tuple[str, ...], ...]:
    forms = (line.split("\t")[0].strip().lower() for line in load_lexicon("attribution_verbs"))
    return tuple((w,) for w in forms if w and " " not in w)


@cache
def _refuting() -> tuple[tuple[str, ...], ...]:
    return _phrases("stance_refuting") + _phrases("stance_denying")


@cache
def _negation() -> tuple[tuple[str, ...], ...]:
    return tuple((w,) for w in negations())


def cue_positions(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> list[int]:
    """Positions where one of ``phrases`` (tuples of words) starts in ``words``; a word ending
    in "n't" counts for a negation list holding "n't".

    Examples
    --------
    >>> cue_positions(["it", "is", "made", "up"], [("made", "up"), ("fake",)])
    [2]
    """
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        firsts.setdefault(phrase[0], []).append(phrase)
    contracted = ("n't",) in phrases
    found = []
    for i, word in enumerate(words):
        if contracted and word.endswith("n't"):
            found.append(i)
            continue
        for phrase in firsts.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.append(i)
                break
    return found


def _new(text: Words, other: Words, positions: list[int]) -> int:
    """How many of the cues of ``text`` (at ``positions``) have a stem ``other`` lacks."""
    stems = set(other.terms)
    return sum(text.terms[i] not in stems for i in positions)


def claim_coverage(claim: Words, statement: Words) -> float:
    """Share of the claim's content stems that the statement has (1.0 for a claim without any).

    Examples
    --------
    >>> claim_coverage(read("Pope dies"), read("The pope is dead"))
    1.0
    """
    terms = claim.content
    return len(terms & statement.content) / len(terms) if terms else 1.0


def negated_terms(text: Words) -> frozenset[str]:
    """Content stems that a negation of ``text`` negates: those at most three tokens after it,
    in the same clause.

    Examples
    --------
    >>> sorted(negated_terms(read("Nelson is not dead, aides say")))
    ['kill']
    >>> sorted(negated_terms(read("No, Nelson is dead")))
    []
    """
    out = set()
    for i in cue_positions(text.words, _negation()):
        for j in range(i + 1, min(i + 1 + _NEGATION_REACH, len(text.words))):
            if text.breaks[j]:
                break
            if _is_content(text.words[j]):
                out.add(text.terms[j])
    return frozenset(out)


def negation_mismatch(claim: Words, statement: Words) -> bool:
    """Whether a content word the two texts share is negated in one of them only ("Nelson is
    dead" / "Nelson isn't dead"), as F&V's negation of aligned words.

    Examples
    --------
    >>> negation_mismatch(read("Judd Nelson is dead"), read("Judd Nelson is not dead"))
    True
    >>> negation_mismatch(read("Nelson is not dead"), read("Nelson is not dead, aides say"))
    False
    """
    shared = claim.content & statement.content
    return bool((negated_terms(claim) ^ negated_terms(statement)) & shared)


def opens_with_source(text: str) -> bool:
    """Whether a statement opens with a label and a colon ("Source: ...", "Hoax alert: ...").

    Examples
    --------
    >>> opens_with_source("Source: Tom Brokaw Wants Brian Williams Fired"), opens_with_source(
    ...     "Brokaw wants Williams fired: source")
    (True, False)
    """
    return bool(_SOURCE_PREFIX.match(text))


def _shared_positions(claim: Words, statement: Words) -> list[int]:
    terms = claim.content
    return [
        i
        for i, (w, t) in enumerate(zip(statement.words, statement.terms, strict=True))
        if t in terms and _is_content(w)
    ]


def statement_row(claim_text: str, statement_text: str) -> list[float]:
    """The ``STATEMENT_FEATURES`` of one pair, in order."""
    claim, statement = read(claim_text), read(statement_text)
    words = statement.words
    shared = _shared_positions(claim, statement)
    hedges = cue_positions(words, _phrases("statement_hedging"))
    reporting = cue_positions(words, _reporting_verbs())
    refuting = cue_positions(words, _refuting())
    negation = cue_positions(words, _negation())
    first, last = (min(shared), max(shared)) if shared else (len(words), -1)
    content = statement.content
    return [
        float("?" in statement_text),
        float(bool(words) and words[0] in _question_openers()),
        float(opens_with_source(statement_text)),
        math.log1p(len(hedges)),
        math.log1p(_new(statement, claim, hedges)),
        float(any(i < first for i in hedges)),
        float(any(i > last for i in hedges)),
        math.log1p(len(reporting)),
        float(any(i > last for i in reporting)),
        math.log1p(_new(statement, claim, refuting)),
        math.log1p(_new(claim, statement, cue_positions(claim.words, _refuting()))),
        math.log1p(_new(statement, claim, negation)),
        math.log1p(_new(claim, statement, cue_positions(claim.words, _negation()))),
        math.log1p(len(cue_positions(words, _phrases("statement_debunking")))),
        float(negation_mismatch(claim, statement)),
        claim_coverage(claim, statement),
        len(content & claim.content) / len(content) if content else 0.0,
        math.log1p(len(content & claim.content)),
        first / len(words) if shared else 1.0,
        math.log1p(len(words)),
    ]


class StatementCues(TransformerMixin, BaseEstimator):
    """The ``STATEMENT_FEATURES`` of (claim, statement) pairs, then, when ``ngram_features`` >
    0, the statement's own hashed word 1-2 grams (L2-normalised; stop words out except the
    stance cues). Stateless: ``fit`` only checks the parameters.

    Parameters
    ----------
    ngram_features : int
        Hash buckets of the statement's n-gram vector; 0 (the default) leaves it out.

    Examples
    --------
    >>> f = StatementCues().fit([("Judd Nelson is dead", "Judd Nelson death is a hoax")])
    >>> row = dict(zip(f.get_feature_names_out(), f.transform([("Judd Nelson is dead",
    ...     "Judd Nelson death is a hoax")])[0]))
    >>> bool(row["statement__debunking"] > 0), float(row["statement__question"])
    (True, 0.0)
    """

    def __init__(self, *, ngram_features: int = 0) -> None:
        self.ngram_features = ngram_features

    def fit(self, X: Any, y: object = None) -> StatementCues:
        """Check the parameters (nothing is learned)."""
        value = self.ngram_features
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"ngram_features must be an int >= 0, got {value!r}")
        self.n_features_out_ = len(STATEMENT_FEATURES) + value
        return self

    def _ngrams(self) -> HashingVectorizer:
        return HashingVectorizer(
            stop_words=tf_stop_words(),
            ngram_range=(1, 2),
            n_features=self.ngram_features,
            alternate_sign=False,
            norm="l2",
            dtype=np.float32,
        )

    def transform(self, X: Any) -> np.ndarray | sp.csr_matrix:
        """One row per pair: the dense features (an array), then the n-grams (a CSR matrix)."""
        check_is_fitted(self, "n_features_out_")
        pairs = as_pairs(X)
        dense = np.asarray([statement_row(c, s) for c, s in pairs], dtype=np.float32).reshape(
            len(pairs), len(STATEMENT_FEATURES)
        )
        if not self.ngram_features:
            return dense
        ngrams = self._ngrams().transform([s for _, s in pairs])
        return sp.hstack([sp.csr_matrix(dense), ngrams], format="csr", dtype=np.float32)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``statement__question`` ..., then ``statement_ngram__h0`` ... for the n-grams."""
        names = list(STATEMENT_FEATURES)
        names += [f"statement_ngram__h{i}" for i in range(self.ngram_features)]
        return np.asarray(names, dtype=object)
