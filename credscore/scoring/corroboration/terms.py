"""Claim words: tokens, crude stems, synonyms, stop words and negation (:func:`claim_terms`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from credscore.lexicons import load_lexicon, negations

__all__ = ["DETERMINERS", "Terms", "claim_terms", "stem", "synonyms", "tokens"]

_TOKEN = re.compile(r"[^\W_]+(?:[.’'\-][^\W_]+)*\.?")
# Refuting cues: the refuting-word list of the FNC-1 baseline (fake, fraud, hoax, false, deny,
# denies, not, despite, nope, doubt, doubts, bogus, debunk, pranks, retract), widened to the
# inflections and near-synonyms news copy uses when it contradicts a claim.
_REFUTE = re.compile(
    r"(?:den(?:y|ies|ied|ying|ials?)|reject\w*|refut\w*|rebut\w*|debunk\w*|dismiss(?:es|ed|ing)?"
    r"|false\w*|untrue|baseless|unfounded|fabricat\w*|hoax\w*|bogus|fake\w*|fraud\w*"
    r"|contradict\w*|disput\w*|smear\w*|propaganda|nonsense|retract\w*|nope)"
)
# Words about the telling, not the told: kept out of claim terms.
_DISCOURSE = frozenset(
    "according statement statements spokesperson spokesman spokeswoman spokespeople reporters "
    "reporter quoted quoting citing cited news agency official officials claim claims claimed "
    "accusation accusations accused report reports reported comment request monday tuesday "
    "wednesday thursday friday saturday sunday week weeks month months year years today "
    "yesterday earlier later ago also just".split()
)
#: Words dropped from the front of a name ("the U.S. State Department").
DETERMINERS = frozenset("a an the this that these those its his her their our".split())
# Cue words that do not negate the claim: "no doubt", "isn't only", "not surprised that",
# "deny the ship port access"; and not knowing ("has no idea how", "it isn't clear whether"),
# which doubts, not denies.
_NOT_NEGATING = re.compile(
    r"\b(?:no|without|beyond)\s+(?:doubt|question)\b|(?:\bnot|n[’']t)\s+(?:only|just)\b"
    r"|\bno\s+sooner\b|(?:\bnot|n[’']t)\s+(?:at\s+all\s+)?surprised\b"
    r"|\b(?:no|little)\s+idea\b|(?:\bnot|n[’']t)\s+(?:yet\s+|entirely\s+|immediately\s+)?"
    r"(?:clear|sure|certain|known)\b"
    r"|\bden(?:y|ies|ied|ying)\b(?=(?:\s+[\w'’-]+){0,4}?\s+(?:access|entry|permission|visas?"
    r"|bail|clearance|passage|service)\b)",
    re.I,
)


def stem(word: str) -> str:
    """Crude stemming for matching: lowercase, no possessive, no plural or -ing/-ed ending.

    Examples
    --------
    >>> [stem(w) for w in ["Exported", "weapons", "dealings", "shipped", "supplies", "trade"]]
    ['export', 'weapon', 'deal', 'ship', 'supply', 'trad']
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """Word tokens; a final period is dropped unless the token is an abbreviation ("U.S.")."""
    out = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token.endswith(".") and "." not in token[:-1]:
            token = token[:-1]
        out.append(token)
    return out


@cache
def synonyms() -> tuple[dict[tuple[str, ...], str], dict[str, str], int]:
    """(phrase tokens -> canonical, word stem -> canonical, longest phrase) of the lexicon."""
    phrases: dict[tuple[str, ...], str] = {}
    words: dict[str, str] = {}
    for line in load_lexicon("claim_synonyms"):
        entries = [e.strip() for e in line.split("~") if e.strip()]
        first = tuple(t.lower() for t in tokens(entries[0]))
        canonical = "_".join(stem(t) for t in first)
        for entry in entries:
            entry_tokens = tuple(t.lower() for t in tokens(entry))
            if len(entry_tokens) > 1 or "." in entry:
                phrases.setdefault(entry_tokens, canonical)
            elif entry_tokens:
                words.setdefault(stem(entry_tokens[0]), canonical)
    longest = max((len(p) for p in phrases), default=1)
    return phrases, words, longest


@cache
def _canonical() -> frozenset[str]:
    """The canonical forms of the synonym sets (names among them count as entities)."""
    phrases, words, _ = synonyms()
    return frozenset(phrases.values()) | frozenset(words.values())


@cache
def _stop_words() -> frozenset[str]:
    """Function words, reporting verbs, negations, hedges and discourse words (lowercase)."""
    verbs = {v.partition("\t")[0].lower() for v in load_lexicon("attribution_verbs")}
    hedges = {
        e.lower()
        for kind in ("modal", "evidential", "doxastic")
        for e in load_lexicon(f"hedge_{kind}")
    }
    single = {w for w in verbs | hedges if " " not in w}
    return frozenset(ENGLISH_STOP_WORDS | single | negations() | _DISCOURSE)


def _is_negator(token: str) -> bool:
    """Whether ``token`` is a negation word or a refuting cue."""
    low = token.lower().replace("’", "'")
    return low in negations() or bool(_REFUTE.fullmatch(low))


@dataclass(frozen=True, slots=True)
class Terms:
    """What claim matching and the fallback stance read from a text."""

    terms: tuple[str, ...]  # canonical content terms, in order (repeats kept)
    entities: frozenset[str]  # canonical names and numbers
    negated: bool  # a negation or refuting cue occurs
    refuted: bool = False  # a refuting cue occurs ("denied", "false", "hoax"), not only "not"


def claim_terms(text: str) -> Terms:
    """Content terms, names/numbers and negation of a claim, normalised for matching.

    Examples
    --------
    >>> a = claim_terms('Pyongyang "has never exported weapons or ammunition to Russia"')
    >>> b = claim_terms("North Korea has never had arms dealings with Russia")
    >>> sorted(a.terms), sorted(b.terms)
    (['arm', 'arm', 'export', 'north_korea', 'russia'], ['arm', 'deal', 'north_korea', 'russia'])
    >>> a.negated and b.negated, sorted(a.entities & b.entities)
    (True, ['north_korea', 'russia'])
    """
    phrases, words, longest = synonyms()
    stop = _stop_words()
    toks = tokens(_NOT_NEGATING.sub(" ", text))
    lowered = [t.lower().replace("’", "'") for t in toks]
    terms: list[str] = []
    entities: set[str] = set()
    negated = refuted = False
    i = 0
    while i < len(toks):
        for size in range(min(longest, len(toks) - i), 1, -1):
            canonical = phrases.get(tuple(lowered[i : i + size]))
            if canonical:
                terms.append(canonical)
                if toks[i][0].isupper() or toks[i][0].isdigit():
                    entities.add(canonical)
                i += size
                break
        else:
            token, low = toks[i], lowered[i]
            negated = negated or _is_negator(low)
            refuted = refuted or bool(_REFUTE.fullmatch(low.replace("’", "'")))
            if (low,) in phrases:
                term = phrases[(low,)]
            elif low in stop or len(low) < 2:
                i += 1
                continue
            else:
                base = stem(low)
                term = words.get(base, base)
            if term in stop:
                i += 1
                continue
            terms.append(term)
            if token[0].isdigit() or (token[0].isupper() and (i > 0 or term in _canonical())):
                entities.add(term)
            i += 1
    return Terms(tuple(terms), frozenset(entities), negated, refuted)
