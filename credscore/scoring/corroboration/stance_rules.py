"""Stance labels, the stance callable's type, and the rule-based FALLBACK stance from cues."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from credscore.features.hedging import hedge_cues
from credscore.scoring.corroboration.terms import claim_terms

__all__ = ["STANCES", "StanceFn", "is_statement", "rule_stance_proba"]

#: Stance labels, in the column order of every stance probability array.
STANCES = ("agree", "disagree", "discuss", "unrelated")
#: ``stance(claims, bodies) -> array (n, 4)`` of probabilities in :data:`STANCES` order.
StanceFn = Callable[[Sequence[str], Sequence[str]], np.ndarray]

# Words that report or distance a claim rather than endorse it ("claimed", "alleged", "accused").
_DISTANCING = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|alleg\w*|accus\w*|reportedly|purported\w*|so-called|according to"
    r"|rumou?r\w*|unverified|unconfirmed|(?:no|little)\s+idea|unclear"
    r"|(?:not|n[’']t)\s+(?:yet\s+|entirely\s+|immediately\s+)?(?:clear|sure|certain|known))\b",
    re.I,
)
# Where a plain negation's scope ends: clause punctuation and linking words.
_CLAUSE_BREAK = re.compile(
    r"[,;:()!?\u2014\u2013]|\.(?=[\s\"\u201d\u2019']|$)|\s-\s"
    r"|\b(?:and|but|while|whereas|although|though|because|so|yet|after|before|when|whenever"
    r"|if|unless)\b",
    re.I,
)
# Plain negations that deny the whole statement they answer, as a refuting word does.
_DENIED = re.compile(
    r"\b(?:not|n[’']t|never)\s+(?:at\s+all\s+)?(?:true|correct|accurate|the\s+case|happen\w*)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_UNIT_SENTENCES = 3  # a body of at most this many sentences is read as one unit


@dataclass(frozen=True, slots=True)
class _Read:
    """One body sentence (or the claim) as the fallback stance reads it."""

    terms: frozenset[str]
    refuted: bool  # a refuting cue anywhere ("denied", "false", "hoax", "not true")
    negated_clauses: tuple[frozenset[str], ...]  # terms of each clause with a plain negation
    hedged: bool

    def negated_about(self, other: frozenset[str]) -> bool:
        """Whether this text negates what it shares with ``other``: a refuting cue anywhere,
        or a plain negation ("not", "never", "no") in a clause that is itself about ``other``
        (two shared terms, all if ``other`` has fewer) or has no content of its own ("that is
        not true"). "Each company said no, so I never changed" does not deny the recovery."""
        need = min(2, len(other))
        return self.refuted or any(
            not clause or len(clause & other) >= need for clause in self.negated_clauses
        )


def is_statement(body: str) -> bool:
    """Whether a body is a statement (at most three sentences, e.g. a quote) not an article.

    >>> is_statement('"We have the imagery," he said. "The ship delivered rockets."')
    True
    """
    return len([s for s in _SENTENCE_END.split(body) if s.strip()]) <= _UNIT_SENTENCES


def _sentences(body: str) -> list[str]:
    """The units the fallback stance reads: sentences, or the whole of a short body."""
    parts = [s for s in _SENTENCE_END.split(body) if s.strip()]
    return [body] if len(parts) <= _UNIT_SENTENCES else parts


def _read(sentence: str) -> _Read:
    """The terms of a sentence, its refuting cue, its negated clauses, and whether it is hedged
    or distancing."""
    t = claim_terms(sentence)
    hedged = bool(hedge_cues(sentence)) or bool(_DISTANCING.search(sentence))
    refuted = t.refuted or bool(_DENIED.search(sentence))
    negated: list[frozenset[str]] = []
    if t.negated and not refuted:
        for clause in _CLAUSE_BREAK.split(sentence):
            c = claim_terms(clause)
            if c.negated:
                negated.append(frozenset(c.terms))
        negated = negated or [frozenset()]  # the negation straddles a break: the whole sentence
    return _Read(frozenset(t.terms), refuted, tuple(negated), hedged)


def _votes(claim: _Read, units: Sequence[_Read]) -> np.ndarray:
    """The (agree, disagree, discuss) votes of a body's units about a claim."""
    terms = claim.terms
    votes = np.zeros(3)
    for position, sentence in enumerate(units):
        shared = len(terms & sentence.terms)
        cover = shared / max(1, min(len(terms), len(sentence.terms)))
        if not terms or shared < min(2, len(terms)) or cover < 0.34:
            continue
        weight = cover * (2.0 if position < 3 else 1.0)
        if sentence.negated_about(terms) != claim.negated_about(sentence.terms):
            votes[1] += weight
        elif sentence.hedged:
            votes[2] += weight
        else:
            votes[0] += weight
    return votes


def rule_stance_proba(claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
    """FALLBACK stance from cues, used when the model bundle has no stance model.

    The body is read sentence by sentence (a body of at most three sentences, such as a claim
    with its quote, as one unit). A unit is related when it shares at least two content terms
    with the claim (all of them if the claim has fewer), and at least a third of the shorter
    side's terms. A related unit votes *disagree* when exactly one of claim and unit is negated
    or refuted (negation words, "denied", "false", "fabrication", ...), else *discuss* when it
    is hedged or distancing ("may", "reportedly", "alleged", "accused"), else *agree*; its vote
    is that share of terms, doubled in the first three sentences (the lede). Ties go to
    disagree, then discuss. No related unit gives *unrelated*.

    Returns
    -------
    numpy.ndarray, shape (n, 4)
        Vote shares in :data:`STANCES` order (``[0, 0, 0, 1]`` for unrelated).

    Examples
    --------
    >>> p = rule_stance_proba(
    ...     ["The freighter delivered rockets to Vostochny"] * 3,
    ...     ["Port officials said the freighter delivered rockets to Vostochny.",
    ...      "State media denied the freighter delivered any rockets to Vostochny.",
    ...      "Rail fares will rise in April."])
    >>> [STANCES[k] for k in p.argmax(axis=1)]
    ['agree', 'disagree', 'unrelated']
    """
    if len(claims) != len(bodies):
        raise ValueError(f"got {len(claims)} claims but {len(bodies)} bodies; give one body each")
    out = np.zeros((len(claims), len(STANCES)))
    bias = np.array([0.0, 2e-9, 1e-9])  # ties: disagree, then discuss, then agree
    cache_: dict[str, list[_Read]] = {}
    for n, (claim, body) in enumerate(zip(claims, bodies, strict=True)):
        if body not in cache_:
            cache_[body] = [_read(s) for s in _sentences(body)]
        votes = _votes(_read(claim), cache_[body])
        if votes.sum() == 0:
            out[n, 3] = 1.0
        else:
            out[n, :3] = (votes + bias) / (votes + bias).sum()
    return out
