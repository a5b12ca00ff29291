"""Stories, copies, claim groups, stances and independent origins across the articles of a batch.

The steps (README, "Stories and corroboration"), with the constants below:

1. **Stories.** Each article (title + body) becomes a hashed TF-IDF vector (2^20 word features,
   IDF from the batch: no stored vocabulary). Blocking: each article's ``TOP_TERMS``
   highest-weighted terms that another article also has are its keys; a key held by at most
   ``MAX_POSTINGS`` articles pairs those sharing two keys, a key held by more pairs each article
   with the ``WINDOW`` next ones in two random-projection orders (sorted neighbourhood). When
   near-duplicates appear (cosine >= ``NEAR_DUPLICATE``) the keys are chosen again with each
   cluster of them counted once, so a wire copy's keys are not the words it shares only with its
   original. Work is ``O(n · TOP_TERMS · MAX_POSTINGS)``, never all pairs. Candidates with cosine
   >= ``STORY_THRESHOLD`` are joined by union-find: a story is a connected component.
2. **Copies.** Within a story (all pairs up to 64 articles, else the verified story pairs), two
   articles are copies when word 5-gram shingle containment (shared / the smaller set) is
   >= ``COPY_CONTAINMENT``; or they credit the same wire and have containment >=
   ``WIRE_CONTAINMENT``, two identical paragraphs or two identical quotations; or they share
   three identical paragraphs and half their shingles. Copy families (union-find) have one
   original: the earliest ``published``, else the first given; the others are ``copy_of`` it
   and inherit its wire credit when they have none.
3. **Claim groups.** Claims of a story are compared when they share a content term (inverted
   index). Similarity = 0.30·terms + 0.25·word + 0.20·char + 0.15·entities + 0.10·speaker:
   content-term overlap (mean of set cosine and overlap coefficient, after lowercasing, crude
   stemming and the synonym sets of ``lexicons/claim_synonyms.txt``; stop, reporting, hedge,
   negation and discourse words dropped), hashed word and character (3-5) TF-IDF cosines,
   Jaccard of names and numbers, and 1 for the same named source; 0 when fewer than two terms
   are shared. A claim negated or refuted and one that is not never group: the denial is
   evidence against the claim instead. Pairs with similarity >= ``CLAIM_THRESHOLD`` merge their
   groups best first, if the two groups' members average at least ``RELATED_THRESHOLD`` (so a
   chain of near-matches does not drag distinct claims together). A group's claim is the member
   nearest its centroid.
4. **Stances.** Each article's evidence about a group: its members, and up to ``MAX_RELATED``
   claims with similarity >= ``RELATED_THRESHOLD`` to a member. Evidence a source carries
   ("KCNA said ...") takes the source's stance, the stance of (group claim, that sentence);
   evidence in the reporter's voice takes the article's stance, (group claim, article body).
   Stances come from the stance model when the bundle has one, else from the rule-based
   FALLBACK :func:`rule_stance_proba`. A member judged unrelated counts as agreeing.
5. **Origins.** Each piece of evidence has one origin: a state medium it is carried by (with the
   government that owns it: "North Korea's state news agency KCNA"), one statement however many
   outlets repeat it; else its named source, by proper-name words (a spokesperson or analyst
   whose role names an organisation of the story counts as that organisation; "Harlow" as
   "Daniel Harlow"; an unnamed "director" the article then names is that person); else the
   article's home: its copy family's wire service, else its original's outlet, else its
   original's id. An unnamed source counts apart per home. A group's ``origins`` are those of
   its evidence, for or against.

Corroboration. Every origin casts one vote, split evenly over the stances of its evidence. With
``A``, ``U`` and ``D`` the agree, discuss and disagree totals::

    score = (A + 0.25·U + 1) / (A + 0.25·U + D + 2)

Agreeing origins raise it toward 1, disagreeing ones lower it toward 0, discussing ones count a
quarter of an agreeing one, and no evidence gives 0.5. A group's score counts all its origins; a
claim's counts the others: origins other than its own, from articles outside its copy family
(its ``agree``, ``discuss`` and ``disagree`` list those claims). An article's ``corroboration`` is
the mean over its claims in groups (None when none is). A group is reported when its members
come from two copy families, or when another family's evidence disagrees with it at similarity
>= ``CLAIM_THRESHOLD``.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer
from sklearn.preprocessing import normalize

from credscore.features._lexicon import load_lexicon
from credscore.features.hedging import hedge_cues
from credscore.scoring.article import with_corroboration
from credscore.scoring.report import ArticleReport, Claim, StoryReport
from credscore.text import Article

__all__ = [
    "CLAIM_THRESHOLD",
    "RELATED_THRESHOLD",
    "STANCES",
    "STORY_THRESHOLD",
    "Copies",
    "StanceFn",
    "Stories",
    "UnionFind",
    "candidate_pairs",
    "claim_similarity",
    "claim_terms",
    "corroborate",
    "corroboration_score",
    "find_copies",
    "find_stories",
    "rule_stance_proba",
    "stem",
    "tfidf",
    "top_terms",
]

#: Stance labels, in the column order of every stance probability array.
STANCES = ("agree", "disagree", "discuss", "unrelated")
#: ``stance(claims, bodies) -> array (n, 4)`` of probabilities in :data:`STANCES` order.
StanceFn = Callable[[Sequence[str], Sequence[str]], np.ndarray]

STORY_THRESHOLD = 0.2  # cosine of two articles' word TF-IDF vectors to join them in a story
NEAR_DUPLICATE = 0.8  # cosine above which articles count once when blocking keys are chosen
TOP_TERMS = 12  # blocking keys per article
MAX_POSTINGS = 32  # a posting list this long or shorter yields its pairs sharing two keys
WINDOW = 8  # neighbours compared in a longer posting list, per sort order
COPY_CONTAINMENT = 0.8  # shingle containment that makes a copy on its own
WIRE_CONTAINMENT = 0.4  # ... when both articles credit the same wire service
CLAIM_THRESHOLD = 0.45  # claim similarity to put two claims in one group
RELATED_THRESHOLD = 0.3  # claim similarity to count a claim as evidence about a group
MAX_RELATED = 3  # related claims taken as evidence per article and group
DISCUSS_WEIGHT = 0.25  # a discussing origin's vote, relative to an agreeing one
SIMILARITY_WEIGHTS = {"terms": 0.30, "word": 0.25, "char": 0.20, "entities": 0.15, "speaker": 0.10}

_N_FEATURES = 2**20
_SHINGLE = 5
_SMALL_STORY = 64  # stories up to this size compare all their pairs for copies

# ---------------------------------------------------------------------------------------------
# Words: tokens, crude stemming, synonyms, negation
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:[.’'\-][^\W_]+)*\.?")
_STORY_TOKEN = re.compile(r"[^\W\d_]{3,}")
_TAG = re.compile(r"<[^>]*>")
# Refuting cues: the refuting-word list of the FNC-1 baseline (fake, fraud, hoax, false, deny,
# denies, not, despite, nope, doubt, doubts, bogus, debunk, pranks, retract), widened to the
# inflections and near-synonyms news copy uses when it contradicts a claim.
_REFUTE = re.compile(
    r"(?:den(?:y|ies|ied|ying|ials?)|reject\w*|refut\w*|rebut\w*|debunk\w*|dismiss(?:es|ed|ing)?"
    r"|false\w*|untrue|baseless|unfounded|fabricat\w*|hoax\w*|bogus|fake\w*|fraud\w*"
    r"|contradict\w*|disput\w*|smear\w*|propaganda|nonsense|retract\w*|nope)"
)
# Words that report or distance a claim rather than endorse it ("claimed", "alleged", "accused").
_DISTANCING = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|alleg\w*|accus\w*|reportedly|purported\w*|so-called|according to"
    r"|rumou?r\w*|unverified|unconfirmed)\b",
    re.I,
)
# Words about the telling, not the told: kept out of claim terms.
_DISCOURSE = frozenset(
    "according statement statements spokesperson spokesman spokeswoman spokespeople reporters "
    "reporter quoted quoting citing cited news agency official officials claim claims claimed "
    "accusation accusations accused report reports reported comment request monday tuesday "
    "wednesday thursday friday saturday sunday week weeks month months year years today "
    "yesterday earlier later ago also just".split()
)
_DETERMINERS = frozenset("a an the this that these those its his her their our".split())


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


def _tokens(text: str) -> list[str]:
    """Word tokens; a final period is dropped unless the token is an abbreviation ("U.S.")."""
    out = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token.endswith(".") and "." not in token[:-1]:
            token = token[:-1]
        out.append(token)
    return out


@cache
def _synonyms() -> tuple[dict[tuple[str, ...], str], dict[str, str], int]:
    """(phrase tokens -> canonical, word stem -> canonical, longest phrase) of the lexicon."""
    phrases: dict[tuple[str, ...], str] = {}
    words: dict[str, str] = {}
    for line in load_lexicon("claim_synonyms"):
        entries = [e.strip() for e in line.split("~") if e.strip()]
        first = tuple(t.lower() for t in _tokens(entries[0]))
        canonical = "_".join(stem(t) for t in first)
        for entry in entries:
            tokens = tuple(t.lower() for t in _tokens(entry))
            if len(tokens) > 1 or "." in entry:
                phrases.setdefault(tokens, canonical)
            elif tokens:
                words.setdefault(stem(tokens[0]), canonical)
    longest = max((len(p) for p in phrases), default=1)
    return phrases, words, longest


@cache
def _canonical() -> frozenset[str]:
    """The canonical forms of the synonym sets (names among them count as entities)."""
    phrases, words, _ = _synonyms()
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
    return frozenset(ENGLISH_STOP_WORDS | single | _negations() | _DISCOURSE)


@cache
def _negations() -> frozenset[str]:
    return frozenset(w.lower().replace("’", "'") for w in load_lexicon("negation"))


# Cue words that do not negate the claim: "no doubt", "not only", "deny the ship port access".
_NOT_NEGATING = re.compile(
    r"\b(?:no|without|beyond)\s+(?:doubt|question)\b|\bnot\s+only\b|\bno\s+sooner\b"
    r"|\bden(?:y|ies|ied|ying)\b(?=(?:\s+[\w'’-]+){0,4}?\s+(?:access|entry|permission|visas?"
    r"|bail|clearance|passage|service)\b)",
    re.I,
)


def _is_negator(token: str) -> bool:
    low = token.lower().replace("’", "'")
    return low in _negations() or bool(_REFUTE.fullmatch(low))


@dataclass(frozen=True, slots=True)
class _Terms:
    """What claim matching and the fallback stance read from a text."""

    terms: tuple[str, ...]  # canonical content terms, in order (repeats kept)
    entities: frozenset[str]  # canonical names and numbers
    negated: bool  # a negation or refuting cue occurs


def claim_terms(text: str) -> _Terms:
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
    phrases, words, longest = _synonyms()
    stop = _stop_words()
    tokens = _tokens(_NOT_NEGATING.sub(" ", text))
    lowered = [t.lower().replace("’", "'") for t in tokens]
    terms: list[str] = []
    entities: set[str] = set()
    negated = False
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 1, -1):
            canonical = phrases.get(tuple(lowered[i : i + size]))
            if canonical:
                terms.append(canonical)
                if tokens[i][0].isupper() or tokens[i][0].isdigit():
                    entities.add(canonical)
                i += size
                break
        else:
            token, low = tokens[i], lowered[i]
            negated = negated or _is_negator(low)
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
    return _Terms(tuple(terms), frozenset(entities), negated)


# ---------------------------------------------------------------------------------------------
# Vectors, blocking and union-find
# ---------------------------------------------------------------------------------------------


def tfidf(
    docs: Sequence[str] | Sequence[list[str]],
    *,
    analyzer: str | Callable[[Any], list[str]] = "word",
    ngram_range: tuple[int, int] = (1, 1),
    n_features: int = _N_FEATURES,
) -> sp.csr_matrix:
    """Hashed TF-IDF rows (sublinear tf, IDF from ``docs`` themselves), L2-normalised.

    No vocabulary is stored: features are hashed, and the IDF is that of the batch at hand.

    Examples
    --------
    >>> X = tfidf(["ships carry rockets", "ships carry grain", "fares rise"])
    >>> cosines = (X @ X.T).toarray()
    >>> bool(cosines[0, 1] > 0), bool(cosines[0, 2] == 0)
    (True, True)
    """
    vectorizer = HashingVectorizer(
        n_features=n_features,
        analyzer=analyzer,
        ngram_range=ngram_range,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        dtype=np.float32,
    )
    counts = vectorizer.transform(docs).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    if counts.nnz > n_features // 8:  # large batch: a full document-frequency table
        df = np.bincount(counts.indices, minlength=n_features)[counts.indices]
    else:  # small batch: count only the columns present
        _, inverse, frequency = np.unique(counts.indices, return_inverse=True, return_counts=True)
        df = frequency[inverse]
    counts.data *= (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)
    return normalize(counts, copy=False)


def top_terms(X: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Binary matrix of each row's ``k`` highest-weighted columns (ties: lower column first).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[0.1, 0.9, 0.5], [0.7, 0.0, 0.2]]))
    >>> top_terms(X, 1).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 0]]
    """
    X = sp.csr_matrix(X, dtype=np.float64)
    X.eliminate_zeros()
    X.sort_indices()
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    top = np.abs(X.data).max() if X.nnz else 1.0
    order = np.argsort(2.0 * rows + (1.0 - X.data / (2.0 * top)), kind="stable")
    rank = np.arange(len(order)) - X.indptr[rows[order]]
    keep = order[rank < k]
    data = np.ones(len(keep), dtype=np.float32)
    return sp.csr_matrix((data, (rows[keep], X.indices[keep])), shape=X.shape)


def candidate_pairs(
    keys: sp.spmatrix,
    *,
    max_postings: int = MAX_POSTINGS,
    window: int = WINDOW,
    orders: Sequence[np.ndarray] = (),
    min_shared: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, of rows sharing a blocking key — never all pairs.

    Keys held by at most ``max_postings`` rows pair the rows sharing ``min_shared`` keys; a key
    held by more rows pairs each row only with the ``window`` rows after it in each of
    ``orders`` (arrays of one sort value per row; row order when none), again if they share
    ``min_shared`` keys. The work is ``O(rows · keys · max(max_postings, window))``.

    Examples
    --------
    >>> keys = sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1], [0, 0]]))
    >>> [list(map(int, a)) for a in candidate_pairs(keys)]
    [[0, 1], [1, 2]]
    """
    keys = sp.csr_matrix(keys, dtype=np.float32)
    keys.data[:] = 1.0
    n = keys.shape[0]
    csc = keys.tocsc()
    df = np.diff(csc.indptr)
    rows_i: list[np.ndarray] = []
    rows_j: list[np.ndarray] = []
    short = np.flatnonzero((df >= 2) & (df <= max_postings))
    if len(short):
        sub = csc[:, short].tocsr()
        product = sp.triu(sub @ sub.T, k=1).tocoo()
        enough = product.data >= min_shared
        rows_i.append(product.row[enough].astype(np.int64))
        rows_j.append(product.col[enough].astype(np.int64))
    long = np.flatnonzero(df > max_postings)
    if len(long):
        starts, ends = csc.indptr[long], csc.indptr[long + 1]
        term = np.repeat(np.arange(len(long)), ends - starts)
        members = np.concatenate([csc.indices[s:e] for s, e in zip(starts, ends, strict=True)])
        for order in orders or (np.arange(n, dtype=np.float64),):
            ranked = np.lexsort((members, order[members], term))
            t, m = term[ranked], members[ranked]
            for d in range(1, window + 1):
                same = t[d:] == t[:-d]
                rows_i.append(m[:-d][same].astype(np.int64))
                rows_j.append(m[d:][same].astype(np.int64))
    if not rows_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b = np.concatenate(rows_i), np.concatenate(rows_j)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    codes = np.unique(lo[lo != hi] * n + hi[lo != hi])
    i, j = codes // n, codes % n
    if min_shared > 1 and len(long):  # windowed pairs must share keys too
        enough = _pair_cosines(keys, i, j) >= min_shared
        i, j = i[enough], j[enough]
    return i, j


def _pair_cosines(X: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20000) -> np.ndarray:
    """Row-wise dot products ``X[i[k]] · X[j[k]]``, in chunks to bound memory."""
    out = np.zeros(len(i), dtype=np.float64)
    for s in range(0, len(i), chunk):
        a, b = X[i[s : s + chunk]], X[j[s : s + chunk]]
        out[s : s + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


class UnionFind:
    """Disjoint sets over ``0..n-1`` (union by size, path halving).

    Examples
    --------
    >>> uf = UnionFind(5)
    >>> _ = uf.union(0, 1), uf.union(3, 4), uf.union(1, 0)
    >>> uf.find(1) == uf.find(0), uf.find(2) == uf.find(3), uf.labels().tolist()
    (True, False, [0, 0, 1, 2, 2])
    """

    __slots__ = ("parent", "size")

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        """The representative of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Merge the sets of ``a`` and ``b``; return the representative of the merged set."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def labels(self) -> np.ndarray:
        """A component number per element, numbered in order of first appearance."""
        seen: dict[int, int] = {}
        return np.array([seen.setdefault(self.find(x), len(seen)) for x in range(len(self.parent))])


# ---------------------------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------------------------


def _story_tokens(text: str) -> list[str]:
    return [w for w in _STORY_TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def _projections(X: sp.csr_matrix, n: int, seed: int = 0) -> list[np.ndarray]:
    """``n`` random projections of the rows: similar rows sort near each other."""
    X = _compact(sp.csr_matrix(X))
    rng = np.random.default_rng(seed)
    return [X @ rng.standard_normal(X.shape[1]).astype(np.float32) for _ in range(n)]


@dataclass(frozen=True)
class Stories:
    """Story label per article (numbered by first article), and the verified similar pairs."""

    labels: np.ndarray
    pairs: tuple[np.ndarray, np.ndarray]
    similarity: np.ndarray

    def groups(self) -> list[list[int]]:
        """Article indices of each story, in label order."""
        out: list[list[int]] = [
            [] for _ in range(int(self.labels.max()) + 1 if len(self.labels) else 0)
        ]
        for i, label in enumerate(self.labels):
            out[label].append(i)
        return out


def _blocking_keys(X: sp.csr_matrix, k: int, groups: np.ndarray | None = None) -> sp.csr_matrix:
    """Each row's ``k`` highest-weighted terms among those another row (group) also has.

    A term of one article alone can pair nothing, and in a small batch it would crowd out the
    shared ones (its IDF is the highest). With ``groups`` (a label per row, e.g. clusters of
    near-duplicates), a term must occur in two groups: what a copy shares with its original
    alone says nothing about the story.
    """
    X = sp.csr_matrix(X, copy=True)
    if groups is None:
        df = np.bincount(X.indices, minlength=X.shape[1])
    else:
        owner = np.asarray(groups)[np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))]
        ones = np.ones(len(owner), dtype=np.float32)
        held = sp.csr_matrix((ones, (owner, X.indices)), shape=(int(owner.max()) + 1, X.shape[1]))
        df = np.bincount(held.indices, minlength=X.shape[1])
    X.data[df[X.indices] < 2] = 0.0
    return top_terms(X, k)


def find_stories(
    texts: Sequence[str],
    *,
    threshold: float = STORY_THRESHOLD,
    top_k: int = TOP_TERMS,
    max_postings: int = MAX_POSTINGS,
    window: int = WINDOW,
) -> Stories:
    """Group texts into stories: blocked candidate pairs, cosine-verified, connected components.

    Examples
    --------
    >>> found = find_stories([
    ...     "Freighter delivered rockets to the port of Vostochny, officials said.",
    ...     "Port director denies freighter delivered rockets to Vostochny.",
    ...     "Rail fares rise four percent in April across the Lakeshore network.",
    ... ])
    >>> found.labels.tolist()
    [0, 0, 1]
    """
    n = len(texts)
    if n == 0:
        return Stories(np.zeros(0, int), (np.zeros(0, int), np.zeros(0, int)), np.zeros(0))
    X = tfidf(texts, analyzer=_story_tokens)
    orders = _projections(X, 2)

    def candidates(keys: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        return candidate_pairs(
            keys, max_postings=max_postings, window=window, orders=orders, min_shared=min(2, top_k)
        )

    i, j = candidates(_blocking_keys(X, top_k))
    similarity = _pair_cosines(X, i, j)
    near = similarity >= NEAR_DUPLICATE
    if near.any():  # block again with near-duplicates counted once
        copies = UnionFind(n)
        for a, b in zip(i[near].tolist(), j[near].tolist(), strict=True):
            copies.union(a, b)
        i2, j2 = candidates(_blocking_keys(X, top_k, copies.labels()))
        seen = i * n + j  # sorted: candidate_pairs returns unique sorted pairs
        fresh = np.setdiff1d(i2 * n + j2, seen)
        codes = np.concatenate([seen, fresh])
        i, j = codes // n, codes % n
        similarity = np.concatenate([similarity, _pair_cosines(X, fresh // n, fresh % n)])
    keep = similarity >= threshold
    i, j, similarity = i[keep], j[keep], similarity[keep]
    uf = UnionFind(n)
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        uf.union(a, b)
    return Stories(uf.labels(), (i, j), similarity)


# ---------------------------------------------------------------------------------------------
# Copies
# ---------------------------------------------------------------------------------------------


def _body(article: Article) -> str:
    return " ".join(article.text[s.start : s.end] for s in article.sentences)


def _norm_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


@dataclass(frozen=True, slots=True)
class _Print:
    """What copy detection compares: shingles, paragraphs and quotes of one article."""

    shingles: frozenset[int]
    paragraphs: frozenset[tuple[str, ...]]
    quotes: frozenset[tuple[str, ...]]


def _fingerprint(article: Article) -> _Print:
    words = _norm_words(_body(article))
    shingles = frozenset(hash(words[k : k + _SHINGLE]) for k in range(len(words) - _SHINGLE + 1))
    paras = (_norm_words(article.text[s:e]) for s, e in article.paragraphs)
    quotes = (_norm_words(article.text[s:e]) for s, e in article.quotes)
    return _Print(
        shingles or frozenset({hash(words)}),
        frozenset(p for p in paras if len(p) >= 8),
        frozenset(q for q in quotes if len(q) >= 5),
    )


def _copy_similarity(a: _Print, b: _Print, wire_a: str | None, wire_b: str | None) -> float:
    """Shingle containment of the shorter in the longer when the two are copies, else 0."""
    shared = len(a.shingles & b.shingles)
    containment = shared / max(1, min(len(a.shingles), len(b.shingles)))
    same_wire = wire_a is not None and wire_a == wire_b
    paragraphs = len(a.paragraphs & b.paragraphs)
    quotes = len(a.quotes & b.quotes)
    is_copy = (
        containment >= COPY_CONTAINMENT
        or (same_wire and (containment >= WIRE_CONTAINMENT or paragraphs >= 2 or quotes >= 2))
        or (paragraphs >= 3 and containment >= 0.5)
    )
    return containment if is_copy else 0.0


def _published_key(article: Article, index: int) -> tuple[int, float, int]:
    """Sort key: articles with a parseable ``published`` first, oldest first; then input order."""
    if article.published:
        try:
            when = datetime.fromisoformat(article.published.strip().replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            return (0, when.timestamp(), index)
    return (1, 0.0, index)


@dataclass(frozen=True)
class Copies:
    """Copy families: ``root[i]`` is the original article ``i`` copies (itself for originals)."""

    root: np.ndarray
    similarity: np.ndarray  # containment of a copy against its original (1.0 for originals)
    wire: tuple[str | None, ...]  # the article's wire credit, else its family's


def find_copies(articles: Sequence[Article], stories: Stories) -> Copies:
    """Copy families within each story (module doc, step 2)."""
    n = len(articles)
    uf = UnionFind(n)
    prints: dict[int, _Print] = {}

    def fingerprint(k: int) -> _Print:
        if k not in prints:
            prints[k] = _fingerprint(articles[k])
        return prints[k]

    sims: dict[tuple[int, int], float] = {}
    for pair in _copy_candidates(stories):
        a, b = pair
        s = _copy_similarity(fingerprint(a), fingerprint(b), articles[a].wire, articles[b].wire)
        if s > 0:
            sims[pair] = s
            uf.union(a, b)
    root = np.arange(n)
    similarity = np.ones(n)
    families: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        families[uf.find(k)].append(k)
    wire: list[str | None] = [a.wire for a in articles]
    for members in families.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda k: _published_key(articles[k], k))
        family_wire = next(
            (articles[k].wire for k in [original, *members] if articles[k].wire), None
        )
        for k in members:
            root[k] = original
            wire[k] = wire[k] or family_wire
            if k != original:
                pair = (min(k, original), max(k, original))
                similarity[k] = (
                    sims.get(pair)
                    or _copy_similarity(
                        fingerprint(k), fingerprint(original), articles[k].wire, wire[original]
                    )
                    or _containment(fingerprint(k), fingerprint(original))
                )
    return Copies(root, similarity, tuple(wire))


def _containment(a: _Print, b: _Print) -> float:
    return len(a.shingles & b.shingles) / max(1, min(len(a.shingles), len(b.shingles)))


def _copy_candidates(stories: Stories) -> Iterable[tuple[int, int]]:
    """All pairs within a small story; the verified story pairs within a large one."""
    groups = stories.groups()
    large = {label for label, g in enumerate(groups) if len(g) > _SMALL_STORY}
    for label, members in enumerate(groups):
        if label not in large:
            yield from combinations(members, 2)
    if large:
        i, j = stories.pairs
        for a, b in zip(i.tolist(), j.tolist(), strict=True):
            if stories.labels[a] in large:
                yield (a, b)


# ---------------------------------------------------------------------------------------------
# Stance: the rule-based fallback
# ---------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


_UNIT_SENTENCES = 3  # a body of at most this many sentences is read as one unit


def _sentences(body: str) -> list[str]:
    """The units the fallback stance reads: sentences, or the whole of a short body."""
    parts = [s for s in _SENTENCE_END.split(body) if s.strip()]
    return [body] if len(parts) <= _UNIT_SENTENCES else parts


@dataclass(frozen=True, slots=True)
class _Read:
    """One body sentence as the fallback stance reads it."""

    terms: frozenset[str]
    negated: bool
    hedged: bool


def _read(sentence: str) -> _Read:
    t = claim_terms(sentence)
    hedged = bool(hedge_cues(sentence)) or bool(_DISTANCING.search(sentence))
    return _Read(frozenset(t.terms), t.negated, hedged)


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
        c = claim_terms(claim)
        terms = frozenset(c.terms)
        if body not in cache_:
            cache_[body] = [_read(s) for s in _sentences(body)]
        votes = np.zeros(3)
        for position, sentence in enumerate(cache_[body]):
            shared = len(terms & sentence.terms)
            cover = shared / max(1, min(len(terms), len(sentence.terms)))
            if not terms or shared < min(2, len(terms)) or cover < 0.34:
                continue
            weight = cover * (2.0 if position < 3 else 1.0)
            if sentence.negated != c.negated:
                votes[1] += weight
            elif sentence.hedged:
                votes[2] += weight
            else:
                votes[0] += weight
        if votes.sum() == 0:
            out[n, 3] = 1.0
        else:
            out[n, :3] = (votes + bias) / (votes + bias).sum()
    return out


# ---------------------------------------------------------------------------------------------
# Origins
# ---------------------------------------------------------------------------------------------


@cache
def _state_media() -> tuple[re.Pattern[str], dict[str, str]]:
    """Pattern over state-media aliases (case-sensitive) and alias -> canonical name."""
    aliases = {}
    for entry in load_lexicon("state_media"):
        canonical, _, names = entry.partition("\t")
        for alias in (names or canonical).split("|"):
            aliases[alias] = canonical
    names = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])"), aliases


_GENERIC_STATE_MEDIA = re.compile(
    r"\bstate(?:[- ](?:run|owned|controlled))?\s+(?:media|television|tv|news\s+agency|"
    r"broadcaster|newspaper|radio)\b",
    re.I,
)


# "North Korea's state news agency", "Iran's official IRNA news agency": the owner of state media.
_OWNED_MEDIA = re.compile(
    r"(?P<owner>(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)['’]s\s+"
    r"(?:(?:official|state|state-run|state-owned|government)\s+)+(?:[A-Z]{2,}\s+)?"
    r"(?:news\s+agency|media|television|tv|broadcaster|newspaper|radio)\b"
)


def _state_medium(text: str) -> str | None:
    pattern, aliases = _state_media()
    m = pattern.search(text)
    return aliases[m.group(0)] if m else None


@cache
def _titles() -> frozenset[str]:
    return frozenset(
        w.lower().rstrip(".") for t in load_lexicon("source_honorifics") for w in t.split()
    )


def _name_key(name: str) -> frozenset[str]:
    """Canonical proper-name terms of a source name ("U.S. State Department" -> ...)."""
    phrases, words, longest = _synonyms()
    tokens = [t for t in _tokens(name) if t.lower() not in _DETERMINERS]
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            canonical = phrases.get(tuple(t.lower() for t in tokens[i : i + size]))
            if canonical:
                out.add(canonical)
                i += size
                break
        else:
            token = tokens[i]
            proper = token[0].isupper() or token[0].isdigit()
            if i == 0 and len(tokens) > 1 and tokens[1][0].islower():
                proper = False  # "Dock workers", "Sanctions experts": capitalised as first word
            if proper and token.lower().rstrip(".") not in _titles():
                base = stem(token)
                out.add(words.get(base, base))
            i += 1
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class _Origin:
    key: str
    name: str
    speaker: bool  # a named source or state medium (not the article's own voice)
    attributed: bool  # the claim is carried by a source


class _Origins:
    """Resolves claim origins within one story (module doc, step 5)."""

    def __init__(
        self,
        indices: Sequence[int],
        articles: Sequence[Article],
        reports: Sequence[ArticleReport],
        copies: Copies,
    ) -> None:
        self.articles, self.reports, self.copies = articles, reports, copies
        named_media = {m for k in indices for m in _all_state_media(articles[k].text)}
        self.story_medium = next(iter(named_media)) if len(named_media) == 1 else None
        # Named sources of the story, by proper-name key, with the organisation a role names.
        self.names: dict[frozenset[str], str] = {}
        roles: dict[frozenset[str], frozenset[str]] = {}
        for k in indices:
            for source in reports[k].sources:
                if source.kind in ("anonymous", "state_media"):
                    continue
                key = _name_key(source.name)
                if not key:
                    continue
                if len(source.name) > len(self.names.get(key, "")):
                    self.names[key] = source.name
                role = _name_key(source.role or "")
                if role and source.kind in ("named_person", "expert"):
                    roles[key] = role
        self.alias = self._aliases(roles)
        self.voiced = self._voiced(indices)
        self.governments = self._governments(indices)
        self.introduced = self._introduced(indices)

    def _aliases(
        self, roles: dict[frozenset[str], frozenset[str]]
    ) -> dict[frozenset[str], frozenset[str]]:
        """Each name key -> the key it stands for: its organisation, or its unique fuller name."""
        keys = sorted(self.names, key=lambda k: (-len(k), sorted(k)))
        alias: dict[frozenset[str], frozenset[str]] = {}
        for key in keys:
            role = roles.get(key)
            orgs = [o for o in keys if o != key and role and (o <= role or role <= o)]
            if orgs:
                alias[key] = max(orgs, key=lambda o: (len(o & role), len(o)))
                continue
            fuller = [o for o in keys if key < o]
            alias[key] = fuller[0] if len(fuller) == 1 else key
        for key in keys:  # follow chains: person -> organisation -> fuller name
            seen = {key}
            while alias[key] != key and alias[alias[key]] not in seen:
                seen.add(alias[key])
                alias[key] = alias[alias[key]]
        return alias

    def home(self, k: int) -> tuple[str, str]:
        """The article's own voice: wire service, else the original's outlet, else its id."""
        original = int(self.copies.root[k])
        wire = self.copies.wire[original] or self.copies.wire[k]
        if wire:
            return "src:" + "|".join(sorted(_name_key(wire) or {wire.casefold()})), wire
        outlet = self.articles[original].outlet
        if outlet:
            return "outlet:" + outlet.casefold(), outlet
        return "article:" + self.articles[original].id, self.articles[original].id

    def _relation(self, k: int, claim: Claim) -> tuple[str | None, str | None, bool]:
        """(source kind, source name, whether a relation carries it) of a claim."""
        if claim.attribution is None:
            return None, None, False
        rel = self.reports[k].attributions[claim.attribution]
        return rel.source_kind, rel.source_name or (rel.source.text if rel.source else None), True

    def _voiced(self, indices: Sequence[int]) -> dict[tuple[int, str], str]:
        """(article, unnamed source) -> the state medium that carries its words in that article.

        "KCNA quoted a Foreign Ministry spokesperson": the spokesperson's later claims in that
        article are KCNA's statement too.
        """
        out: dict[tuple[int, str], str] = {}
        for k in indices:
            for claim in self.reports[k].claims:
                kind, name, _ = self._relation(k, claim)
                medium = _state_medium(claim.text)
                if name and kind == "anonymous" and medium:
                    out.setdefault((k, name), medium)
        return out

    def _governments(self, indices: Sequence[int]) -> dict[frozenset[str], str]:
        """Name key of a government -> its state medium ("North Korea's state news agency KCNA").

        A government and its state media speak with one voice: one origin.
        """
        out: dict[frozenset[str], str] = {}
        for k in indices:
            text = self.articles[k].text
            for m in _OWNED_MEDIA.finditer(text):
                medium = _state_medium(text[m.start() : m.end() + 40]) or _state_medium(text)
                key = _name_key(m.group("owner"))
                if medium and key:
                    out.setdefault(key, medium)
        return out

    def _introduced(self, indices: Sequence[int]) -> dict[tuple[int, str], str]:
        """(article, unnamed source) -> the named person the article then names in that role.

        "The director of the port said ..." then "port director Viktor Semyonov told ...": one
        person, when exactly one named person of the article has every word of the role.
        """
        out: dict[tuple[int, str], str] = {}
        for k in indices:
            sources = self.reports[k].sources
            for anon in (s for s in sources if s.kind == "anonymous" and s.role):
                words = set(anon.role.lower().split())
                people = [
                    s.name
                    for s in sources
                    if s.kind in ("named_person", "expert")
                    and s.role
                    and words <= set(s.role.lower().split())
                ]
                if len(people) == 1:
                    out[(k, anon.name)] = people[0]
        return out

    def of(self, k: int, claim: Claim) -> _Origin:
        """The origin of claim ``claim`` of article ``k``."""
        kind, name, carried = self._relation(k, claim)
        if kind == "state_media":
            return self._medium(k, claim, name)
        if name and kind == "anonymous" and (k, name) in self.introduced:
            name, kind = self.introduced[(k, name)], "named_person"
        if name and kind != "anonymous":
            key = _name_key(name)
            if key in self.governments:
                return self._medium(k, claim, self.governments[key])
            if key:
                key = self.alias.get(key, key)
                shown = self.names.get(key, name)
                return _Origin("src:" + "|".join(sorted(key)), shown, True, True)
        if carried and (_state_medium(claim.text) or _GENERIC_STATE_MEDIA.search(claim.text)):
            return self._medium(k, claim, None)
        if name and (k, name) in self.voiced:
            return self._medium(k, claim, self.voiced[(k, name)])
        home_key, home_name = self.home(k)
        if name:
            plain = " ".join(w for w in _tokens(name.lower()) if w not in _DETERMINERS)
            return _Origin(f"{home_key}/{plain}", f"{home_name}: {name}", False, True)
        return _Origin(home_key, home_name, False, carried)

    def _medium(self, k: int, claim: Claim, name: str | None) -> _Origin:
        """A state medium: the one the source or claim names, else the first in the article."""
        medium = (
            (_state_medium(name) if name else None)
            or _state_medium(claim.text)
            or _state_medium(self.articles[k].text)
            or self.story_medium
            or "state media"
        )
        return _Origin("state_media:" + medium.casefold(), medium, True, True)


def _all_state_media(text: str) -> set[str]:
    pattern, aliases = _state_media()
    return {aliases[m.group(0)] for m in pattern.finditer(text)}


# ---------------------------------------------------------------------------------------------
# Claim matching
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rec:
    """One claim of a story, ready for matching."""

    article: int  # index into the batch
    position: int  # index of the claim in its report
    family: int  # index of its copy family's original
    claim: Claim
    text: str  # the claim without tags, for stance
    match: str  # ... also without its source and cue, for matching
    terms: _Terms
    origin: _Origin


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _match_text(claim: Claim, report: ArticleReport) -> str:
    """The claim's text without its source span (what is said, not who says it).

    The cue stays: reporting verbs are stop words anyway, and a cue such as "denied" carries
    the claim's polarity.
    """
    if claim.attribution is None:
        return _clean(claim.text)
    source = report.attributions[claim.attribution].source
    if source is None or not (claim.start <= source.start and source.end <= claim.end):
        return _clean(claim.text)
    before = claim.text[: source.start - claim.start]
    after = claim.text[source.end - claim.start :]
    return _clean(f"{before} {after}")


@dataclass(frozen=True)
class _Vectors:
    """What claim similarity reads, one row per claim."""

    terms: sp.csr_matrix  # binary content terms
    entities: sp.csr_matrix  # binary names and numbers
    word: sp.csr_matrix  # word TF-IDF
    char: sp.csr_matrix  # character 3-5-gram TF-IDF
    negated: np.ndarray


def _vectors(terms: Sequence[_Terms], match_texts: Sequence[str]) -> _Vectors:
    vocab: dict[str, int] = {}
    rows, cols, erows, ecols = [], [], [], []
    for r, t in enumerate(terms):
        for term in set(t.terms):
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
        for e in t.entities:
            erows.append(r)
            ecols.append(vocab.setdefault("\x00" + e, len(vocab)))
    shape = (len(terms), max(1, len(vocab)))
    return _Vectors(
        terms=sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape),
        entities=sp.csr_matrix((np.ones(len(erows)), (erows, ecols)), shape=shape),
        word=tfidf([" ".join(t.terms) for t in terms], analyzer=str.split),
        char=tfidf([m.lower() for m in match_texts], analyzer="char_wb", ngram_range=(3, 5)),
        negated=np.array([t.negated for t in terms], dtype=bool),
    )


def _similarity(
    v: _Vectors, speakers: Sequence[str | None], i: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, grouping similarity) of the pairs ``(i[k], j[k])``."""
    shared = _pair_cosines(v.terms, i, j)
    sizes = np.asarray(v.terms.sum(axis=1)).ravel()
    overlap = 0.5 * (
        shared / np.sqrt(np.maximum(sizes[i] * sizes[j], 1.0))
        + shared / np.maximum(np.minimum(sizes[i], sizes[j]), 1.0)
    )
    eshared = _pair_cosines(v.entities, i, j)
    esizes = np.asarray(v.entities.sum(axis=1)).ravel()
    union = esizes[i] + esizes[j] - eshared
    entities = np.where(union > 0, eshared / np.maximum(union, 1.0), 0.0)
    speaker = np.array(
        [speakers[a] is not None and speakers[a] == speakers[b] for a, b in zip(i, j, strict=True)],
        dtype=np.float64,
    )
    w = SIMILARITY_WEIGHTS
    similarity = (
        w["terms"] * overlap
        + w["word"] * _pair_cosines(v.word, i, j)
        + w["char"] * _pair_cosines(v.char, i, j)
        + w["entities"] * entities
        + w["speaker"] * speaker
    )
    enough = (shared > 0) & (shared >= np.minimum(2, np.minimum(sizes[i], sizes[j])))
    similarity = np.where(enough, similarity, 0.0)
    return similarity, np.where(v.negated[i] != v.negated[j], 0.0, similarity)


def claim_similarity(
    terms: Sequence[_Terms],
    match_texts: Sequence[str],
    speakers: Sequence[str | None],
    i: np.ndarray,
    j: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, grouping similarity) of claim pairs ``(i[k], j[k])`` (module doc, step 3).

    ``terms`` are :func:`claim_terms` of the claims, ``match_texts`` their texts, ``speakers``
    a key per claim for its named source (None when it has none). IDFs come from the claims
    given, so compare the claims of a story together. The grouping similarity is 0 when exactly
    one of the two claims is negated or refuted (a claim and its denial are never one group).
    """
    return _similarity(_vectors(terms, match_texts), speakers, i, j)


@dataclass
class _Group:
    members: list[int]  # rec indices
    rep: int = -1
    evidence: dict[int, dict[int, float]] | None = None  # article -> rec -> score (members 1.0)


def _match(recs: Sequence[_Rec]) -> list[_Group]:
    """Claim groups of a story (all clusters, singletons included) with their evidence.

    Identical claim texts (copies) are matched once: clusters form over the unique texts, an
    average link weighing each text by how many claims carry it.
    """
    index: dict[str, int] = {}
    unique = [index.setdefault(r.match, len(index)) for r in recs]
    carriers: list[list[int]] = [[] for _ in index]
    for k, u in enumerate(unique):
        carriers[u].append(k)
    first = [c[0] for c in carriers]
    weight = np.array([len(c) for c in carriers], dtype=np.float64)
    v = _vectors([recs[k].terms for k in first], [recs[k].match for k in first])
    speakers = [recs[k].origin.key if recs[k].origin.speaker else None for k in first]
    i, j = candidate_pairs(v.terms, max_postings=4 * MAX_POSTINGS, window=2 * WINDOW)
    similarity, grouping = _similarity(v, speakers, i, j)
    clusters = _cluster(len(first), weight, i, j, grouping)
    groups = []
    for members in clusters:
        rec_members = sorted(k for u in members for k in carriers[u])
        g = _Group(rec_members, rep=first[_central(members, weight, v)])
        g.evidence = defaultdict(dict)
        for k in rec_members:
            g.evidence[recs[k].article][k] = 1.0
        groups.append(g)
    label = np.empty(len(first), dtype=np.int64)
    for n, members in enumerate(clusters):
        label[members] = n
    related = similarity >= RELATED_THRESHOLD
    for a, b, s in zip(
        i[related].tolist(), j[related].tolist(), similarity[related].tolist(), strict=True
    ):
        if label[a] != label[b]:
            for g, other in ((label[a], b), (label[b], a)):
                for k in carriers[other]:
                    ev = groups[g].evidence[recs[k].article]
                    ev[k] = max(ev.get(k, 0.0), s)
    for g in groups:
        members_set = set(g.members)
        for ev in g.evidence.values():
            extra = sorted((k for k in ev if k not in members_set), key=lambda k: (-ev[k], k))
            for k in extra[MAX_RELATED:]:
                del ev[k]
    return groups


def _cluster(
    n: int, weight: np.ndarray, i: np.ndarray, j: np.ndarray, grouping: np.ndarray
) -> list[list[int]]:
    """Merge best pair first while the groups' weighted average link stays related."""
    uf = UnionFind(n)
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    pair = dict(zip(zip(i.tolist(), j.tolist(), strict=True), grouping.tolist(), strict=True))
    order = np.lexsort((j, i, -grouping))
    for k in order[grouping[order] >= CLAIM_THRESHOLD].tolist():
        ra, rb = uf.find(int(i[k])), uf.find(int(j[k]))
        if ra == rb:
            continue
        if _average_link(members[ra], members[rb], weight, pair) < RELATED_THRESHOLD:
            continue
        root = uf.union(ra, rb)
        other = rb if root == ra else ra
        members[root] = members[root] + members.pop(other)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


_MAX_LINKS = 4096  # cross pairs averaged exactly; larger merges average a fixed sample


def _average_link(
    a: list[int], b: list[int], weight: np.ndarray, pair: dict[tuple[int, int], float]
) -> float:
    """Weighted mean grouping similarity over the cross pairs of two groups (uncompared: 0)."""
    if len(a) * len(b) <= _MAX_LINKS:
        links = [(x, y) for x in a for y in b]
    else:
        rng = np.random.default_rng(len(a) * 7919 + len(b))
        picks = (rng.choice(a, _MAX_LINKS).tolist(), rng.choice(b, _MAX_LINKS).tolist())
        links = list(zip(*picks, strict=True))
    total = sum(weight[x] * weight[y] for x, y in links)
    linked = sum(weight[x] * weight[y] * pair.get((min(x, y), max(x, y)), 0.0) for x, y in links)
    return linked / total


def _central(members: Sequence[int], weight: np.ndarray, v: _Vectors) -> int:
    """The member nearest the group's weighted centroid (word + character TF-IDF)."""
    if len(members) == 1:
        return members[0]
    w = weight[members]
    score = np.zeros(len(members))
    for X in (v.word[members], v.char[members]):
        X = _compact(X)
        score += X @ np.asarray(X.T @ w).ravel()
    return members[int(np.argmax(score))]


def _compact(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` without its empty columns (same dot products, far fewer columns)."""
    columns, indices = np.unique(X.indices, return_inverse=True)
    return sp.csr_matrix((X.data, indices, X.indptr), shape=(X.shape[0], len(columns)))


# ---------------------------------------------------------------------------------------------
# Corroboration
# ---------------------------------------------------------------------------------------------


def corroboration_score(votes: dict[str, dict[str, float]]) -> float:
    """``(A + 0.25·U + 1) / (A + 0.25·U + D + 2)`` over origins' stance votes (module doc).

    ``votes`` maps each origin to its stance weights; each origin's weights are scaled to sum
    to one, so an origin is one vote however many claims carry it.

    Examples
    --------
    >>> corroboration_score({})
    0.5
    >>> round(corroboration_score({"a": {"agree": 1}, "b": {"agree": 2}}), 4)
    0.75
    >>> round(corroboration_score({"a": {"agree": 1}, "b": {"disagree": 1}}), 4)
    0.5
    """
    totals = dict.fromkeys(STANCES[:3], 0.0)
    for stances in votes.values():
        weight = sum(stances.values())
        for stance, w in stances.items():
            totals[stance] += w / weight
    support = totals["agree"] + DISCUSS_WEIGHT * totals["discuss"]
    return (support + 1.0) / (support + totals["disagree"] + 2.0)


@dataclass(frozen=True, slots=True)
class _Item:
    rec: int
    stance: str


def _votes(items: Iterable[_Item], recs: Sequence[_Rec]) -> dict[str, dict[str, float]]:
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for item in items:
        votes[recs[item.rec].origin.key][item.stance] += 1.0
    return votes


def _is_model(stance: StanceFn) -> bool:
    return stance is not rule_stance_proba


def corroborate(
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    *,
    stance: StanceFn | None = None,
) -> tuple[list[ArticleReport], StoryReport]:
    """Stories, copies, claim groups and corroboration for a batch of scored articles.

    Parameters
    ----------
    articles : sequence of Article
        The parsed articles, in batch order.
    reports : sequence of ArticleReport
        Their reports (as :meth:`Scorer.score_articles` returns them), in the same order.
    stance : callable, optional
        ``stance(claims, bodies) -> array (n, 4)`` in :data:`STANCES` order, e.g. the stance
        model's ``predict_stance_proba`` bound to the model; None uses the rule-based fallback
        :func:`rule_stance_proba`.

    Returns
    -------
    (list of ArticleReport, StoryReport)
        The reports with ``copy_of``, ``wire``, claim ``corroboration`` and scores filled in,
        and the story report of the batch.
    """
    if len(articles) != len(reports):
        raise ValueError(
            f"got {len(articles)} articles but {len(reports)} reports; give one report each"
        )
    stance_fn = stance or rule_stance_proba
    stories = find_stories([f"{a.title or ''}\n{_body(a)}" for a in articles])
    copies = find_copies(articles, stories)
    story_groups = [g for g in stories.groups() if len(g) > 1]
    plans = [_plan(g, articles, reports, copies) for g in story_groups]
    requests: dict[tuple[str, str], int] = {}
    for plan in plans:
        plan.request(requests, articles)
    labels = _run_stance(stance_fn, list(requests))
    claim_info: dict[tuple[int, int], dict[str, Any]] = {}  # (article, claim index) -> view
    groups_out: list[dict[str, Any]] = []
    for plan in plans:
        groups_out += plan.finish(requests, labels, claim_info, articles)
    out = [_update(r, k, copies, articles, claim_info) for k, r in enumerate(reports)]
    story = StoryReport(
        groups=tuple(groups_out),
        copies=tuple(_copy_entries(story_groups, articles, copies)),
        stories=tuple(tuple(articles[k].id for k in g) for g in story_groups),
        stance="model" if _is_model(stance_fn) else "rules",
    )
    return out, story


def _run_stance(stance_fn: StanceFn, pairs: list[tuple[str, str]]) -> list[str]:
    if not pairs:
        return []
    proba = np.asarray(stance_fn([c for c, _ in pairs], [b for _, b in pairs]))
    if proba.shape != (len(pairs), len(STANCES)):
        raise ValueError(
            f"the stance model returned shape {proba.shape}; expected ({len(pairs)}, 4) "
            f"probabilities in the order {STANCES}"
        )
    return [STANCES[k] for k in proba.argmax(axis=1)]


class _Plan:
    """One story's claim groups on their way to stances and scores."""

    def __init__(self, recs: list[_Rec], groups: list[_Group]) -> None:
        self.recs, self.groups = recs, groups
        self.keys: list[dict[int, tuple[str, str]]] = []  # per group: rec -> stance request
        self.candidates: list[int] = []

    def _candidates(self) -> list[int]:
        """Groups that may be reported: members from two copy families, or a claim of another
        family close enough to be its denial (reported if it disagrees)."""
        out = []
        for n, g in enumerate(self.groups):
            families = {self.recs[m].family for m in g.members}
            denial = any(
                score >= CLAIM_THRESHOLD and self.recs[k].family not in families
                for ev in g.evidence.values()
                for k, score in ev.items()
            )
            if len(families) > 1 or denial:
                out.append(n)
        return out

    def request(self, requests: dict[tuple[str, str], int], articles: Sequence[Article]) -> None:
        self.candidates = self._candidates()
        bodies: dict[int, str] = {}
        for n in self.candidates:
            g = self.groups[n]
            claim = self.recs[g.rep].match
            keys: dict[int, tuple[str, str]] = {}
            for article, ev in g.evidence.items():
                for k in ev:
                    rec = self.recs[k]
                    if rec.origin.attributed:
                        body = rec.text
                    else:
                        body = bodies.setdefault(article, _body(articles[article]))
                    keys[k] = (claim, body)
                    requests.setdefault(keys[k], len(requests))
            self.keys.append(keys)

    def finish(
        self,
        requests: dict[tuple[str, str], int],
        labels: list[str],
        claim_info: dict[tuple[int, int], dict[str, Any]],
        articles: Sequence[Article],
    ) -> list[dict[str, Any]]:
        out = []
        recs = self.recs
        for n, keys in zip(self.candidates, self.keys, strict=True):
            g = self.groups[n]
            members = set(g.members)
            items = []
            for k in sorted(keys, key=lambda k: (recs[k].article, recs[k].claim.start)):
                label = labels[requests[keys[k]]]
                if label == "unrelated" and k in members:
                    label = "agree"
                if label != "unrelated":
                    items.append(_Item(k, label))
            families = {recs[m].family for m in members}
            disputed = any(
                it.stance == "disagree"
                and recs[it.rec].family not in families
                and g.evidence[recs[it.rec].article][it.rec] >= CLAIM_THRESHOLD
                for it in items
            )
            if len(families) < 2 and not disputed:
                continue
            origins = list(dict.fromkeys(recs[it.rec].origin.key for it in items))
            names = {recs[it.rec].origin.key: recs[it.rec].origin.name for it in items}
            for m in sorted(members, key=lambda k: (recs[k].article, recs[k].claim.start)):
                own = recs[m]
                others = [
                    it
                    for it in items
                    if recs[it.rec].family != own.family
                    and recs[it.rec].origin.key != own.origin.key
                ]
                claim_info[(own.article, own.position)] = {
                    "score": round(corroboration_score(_votes(others, recs)), 4),
                    "independent_origins": len(origins),
                    **{
                        s: [recs[it.rec].claim.id for it in others if it.stance == s]
                        for s in STANCES[:3]
                    },
                }
            out.append(
                {
                    "claim": recs[g.rep].claim.text,
                    "members": [
                        recs[m].claim.id
                        for m in sorted(
                            members, key=lambda k: (recs[k].article, recs[k].claim.start)
                        )
                    ],
                    "articles": list(
                        dict.fromkeys(articles[recs[it.rec].article].id for it in items)
                    ),
                    "origins": [names[o] for o in origins],
                    "independent_origins": len(origins),
                    "corroboration": round(corroboration_score(_votes(items, recs)), 4),
                }
            )
        out.sort(key=lambda d: (-d["independent_origins"], -len(d["articles"])))
        return out


def _plan(
    indices: Sequence[int],
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    copies: Copies,
) -> _Plan:
    origins = _Origins(indices, articles, reports, copies)
    recs = []
    for k in indices:
        for position, claim in enumerate(reports[k].claims):
            match = _match_text(claim, reports[k])
            recs.append(
                _Rec(
                    article=k,
                    position=position,
                    family=int(copies.root[k]),
                    claim=claim,
                    text=_clean(claim.text),
                    match=match,
                    terms=claim_terms(match),
                    origin=origins.of(k, claim),
                )
            )
    return _Plan(recs, _match(recs))


def _update(
    report: ArticleReport,
    k: int,
    copies: Copies,
    articles: Sequence[Article],
    claim_info: dict[tuple[int, int], dict[str, Any]],
) -> ArticleReport:
    views = [claim_info.get((k, n)) for n in range(len(report.claims))]
    claims = tuple(
        c if view is None else replace(c, corroboration=view)
        for c, view in zip(report.claims, views, strict=True)
    )
    scores = [view["score"] for view in views if view is not None]
    original = int(copies.root[k])
    return replace(
        report,
        claims=claims,
        copy_of=articles[original].id if original != k else None,
        wire=copies.wire[k],
        scores=with_corroboration(report.scores, float(np.mean(scores)) if scores else None),
    )


def _copy_entries(
    story_groups: Sequence[Sequence[int]], articles: Sequence[Article], copies: Copies
) -> Iterable[dict[str, Any]]:
    for members in story_groups:
        for k in members:
            original = int(copies.root[k])
            if original == k and not any(int(copies.root[m]) == k for m in members if m != k):
                continue
            yield {
                "article": articles[k].id,
                "copy_of": articles[original].id if original != k else None,
                "wire": copies.wire[k],
                "similarity": round(float(copies.similarity[k]), 4),
            }


# ---------------------------------------------------------------------------------------------
# Timing check (not a test): python -m credscore.scoring.corroboration 1000 10000
# ---------------------------------------------------------------------------------------------


def _synthetic_texts(n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """``n`` synthetic articles of ~300 words in stories of 1-12, and their story numbers.

    Background words follow a Zipf law over 40,000 pseudo-words; each story has 30 topic words
    that make up a quarter of each of its articles' words; a fifth of the articles are copies of
    their story's first article with 5% of the words changed (syndication).
    """
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = np.array(
        ["".join(rng.choice(letters, size=int(rng.integers(4, 10)))) for _ in range(40_000)]
    )
    zipf = 1.0 / np.arange(1, len(vocab) + 1)
    background = rng.choice(len(vocab), size=(n, 300), p=zipf / zipf.sum())
    texts: list[str] = []
    truth: list[int] = []
    story = 0
    while len(texts) < n:
        topic = rng.choice(len(vocab), size=30, replace=False)
        first = None
        for _ in range(min(int(rng.integers(1, 13)), n - len(texts))):
            words = background[len(texts)]
            if first is not None and rng.random() < 0.2:
                edit = rng.random(300) < 0.05
                words = np.where(edit, words, first)
            else:
                mask = rng.random(300) < 0.25
                words[mask] = rng.choice(topic, size=int(mask.sum()))
                first = words if first is None else first
            texts.append(" ".join(vocab[words].tolist()))
            truth.append(story)
        story += 1
    return texts, np.array(truth)


def _timing(sizes: Sequence[int]) -> None:
    """Print how long story grouping takes on synthetic batches and how well it finds them.

    Run: ``python -c "from credscore.scoring.corroboration import _timing; _timing([1000])"``.
    Pair precision and recall compare same-story pairs found with those made.
    """
    import time

    for n in sizes:
        texts, truth = _synthetic_texts(n)
        start = time.perf_counter()
        found = find_stories(texts)
        seconds = time.perf_counter() - start
        i = found.pairs[0]
        both = _pairs_within(found.labels * (int(truth.max()) + 1) + truth)
        made, got = _pairs_within(truth), _pairs_within(found.labels)
        print(
            f"{n:>7} articles: {seconds:6.2f} s, {len(i):>9,} similar pairs verified "
            f"({len(i) / n:.1f} per article), {len(set(found.labels.tolist())):>6} stories "
            f"found / {len(set(truth.tolist()))} made, pair precision {both / max(1, got):.4f} "
            f"recall {both / max(1, made):.4f}"
        )


def _pairs_within(labels: np.ndarray) -> int:
    counts = np.unique(labels, return_counts=True)[1].astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())
