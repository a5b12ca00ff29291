"""One claim against its coverage: each article's stance, the sentences that speak to the claim,
and the independent origins behind them, for and against.

This is the view :meth:`Scorer.corroborate_claim` returns and the corroboration model reads
(:mod:`.features`). It is built from the story step's pieces: copies (:mod:`.copies`), origins
(:mod:`.origins`), claim similarity (:mod:`.matching`) and the stance callables.

- **Article stance.** Every article's body is read against the claim by the article stance
  (the bundle's stance model): four probabilities and a label.
- **Evidence.** An article's claims with similarity at least ``STATEMENT_GATE`` to the claim
  that can count (a source's statement, or the outlet's first-hand reporting), at most
  ``MAX_EVIDENCE`` of them, best first: the reporter's restatements take no place. A claim
  carried by a source takes that statement's stance (the statement stance: the rules); one in
  the reporter's voice takes the article's stance. A related article with no such claim gives
  its own voice as evidence, shown by its best-matching claim. Evidence judged unrelated is
  dropped. A principal source, cited in ``PRINCIPAL_FAMILIES`` related articles of different
  copy families, whose statements all miss the gate (it tells the story in other words) is
  evidence too, with the stance most of those articles take.
- **Origins.** Each piece of evidence has the origin the story step gives it (state medium,
  named source, else the article's home: wire, outlet or original), one with those of the same
  source in other articles (:mod:`.coreference`). Evidence in the reporter's voice counts only
  when first-hand, and a source that disputes the claim is ``against`` (:mod:`.counting`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from credscore.scoring.corroboration.copies import Copies, article_body, find_copies
from credscore.scoring.corroboration.counting import ORIGIN_STANCES, first_hand, origin_stance
from credscore.scoring.corroboration.matching import (
    claim_similarity,
    clean_text,
    match_text,
)
from credscore.scoring.corroboration.origins import Origin, Origins, origin_kind
from credscore.scoring.corroboration.stance_rules import STANCES, StanceFn
from credscore.scoring.corroboration.stories import Stories, find_stories
from credscore.scoring.corroboration.terms import claim_terms
from credscore.scoring.report import ArticleReport
from credscore.text import Article

__all__ = [
    "MAX_EVIDENCE",
    "ORIGIN_FIELDS",
    "PRINCIPAL_FAMILIES",
    "STATEMENT_GATE",
    "ORIGIN_STANCES",
    "Coverage",
    "claim_coverage",
    "memoized",
    "one_story",
    "principal_stance",
]

# Statements that count (a source's, or first-hand) taken per article, and the similarity to
# the claim from which a statement is about it: both chosen on the tuning half of the origins
# dev set (benchmarks/origins.py, TUNING_SEED), the other half reported apart.
MAX_EVIDENCE = 2
STATEMENT_GATE = 0.2
# Copy families that must cite a source none of whose statements reaches the gate for it to
# count as a principal of the story (_principal_evidence): chosen on the same tuning half.
PRINCIPAL_FAMILIES = 2
#: An origin's fields in a story group (DESIGN.md, StoryReport); coverage adds ``evidence``.
ORIGIN_FIELDS = ("name", "kind", "stance", "channel", "articles")
_ALL_PAIRS = 64  # up to this many articles, every pair is compared for copies


@dataclass(frozen=True, slots=True)
class _Evidence:
    article: int
    claim: int | None  # index into the article's claims; None: the article as a whole
    text: str
    stance: str
    origin: Origin
    kind: str
    channel: str | None


@dataclass(frozen=True)
class Coverage:
    """The claim, each article's view of it, and its origins (see :meth:`to_dict`)."""

    claim: str
    articles: tuple[dict[str, Any], ...]
    origins: tuple[dict[str, Any], ...]

    @property
    def independent_origins(self) -> dict[str, int]:
        """How many origins are for, against and neutral."""
        counts = Counter(o["stance"] for o in self.origins)
        return {s: counts[s] for s in ("for", "against", "neutral")}

    def to_dict(self, probability: float | None = None) -> dict[str, Any]:
        """``{"claim", "probability", "origins", "independent_origins", "articles"}``.

        ``origins``: ``{"name", "kind", "stance", "channel", "articles", "evidence"}`` each,
        with ``evidence`` the sentences that carry it (``{"article", "claim", "text",
        "stance"}``); ``articles``: ``{"id", "outlet", "published", "copy_of", "wire",
        "stance", "stance_proba"}`` each, in input order.
        """
        return {
            "claim": self.claim,
            "probability": None if probability is None else round(float(probability), 4),
            "origins": [dict(o) for o in self.origins],
            "independent_origins": self.independent_origins,
            "articles": [dict(a) for a in self.articles],
        }


def memoized(fn: StanceFn) -> StanceFn:
    """``fn`` with each (claim, body) row remembered, for claims read against one story often."""
    seen: dict[tuple[str, str], np.ndarray] = {}

    def stance(claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        pairs = list(zip(claims, bodies, strict=True))
        fresh = list(dict.fromkeys(p for p in pairs if p not in seen))
        if fresh:
            rows = np.asarray(fn([c for c, _ in fresh], [b for _, b in fresh]))
            seen.update(zip(fresh, rows, strict=True))
        return np.array([seen[p] for p in pairs]).reshape(len(pairs), len(STANCES))

    return stance


def one_story(articles: Sequence[Article]) -> Copies:
    """The copy families of articles that are all one story: all pairs compared up to 64
    articles, the story step's similar pairs beyond (as :func:`find_copies` does)."""
    n = len(articles)
    if n <= _ALL_PAIRS:
        i, j = np.triu_indices(n, k=1)
        pairs, similarity = (i, j), np.ones(len(i))
    else:
        found = find_stories([f"{a.title or ''}\n{article_body(a)}" for a in articles])
        pairs, similarity = found.pairs, found.similarity
    return find_copies(articles, Stories(np.zeros(n, dtype=np.int64), pairs, similarity))


def claim_coverage(
    claim: str,
    indices: Sequence[int],
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    copies: Copies,
    *,
    stance: StanceFn,
    statement_stance: StanceFn,
    origins: Origins | None = None,
) -> Coverage:
    """The coverage of ``claim`` by the articles ``indices`` (module doc).

    ``articles`` and ``reports`` are the batch (scored reports, in the same order); ``copies``
    its copy families (:func:`one_story` when the articles are one story). ``stance`` reads an
    article body, ``statement_stance`` a source's statement, both
    ``fn(claims, bodies) -> array (n, 4)`` in ``STANCES`` order. ``origins``: the story's
    :class:`Origins` when several claims are read against it, else built here.
    """
    claim = clean_text(claim)
    indices = list(indices)
    bodies = [article_body(articles[k]) for k in indices]
    proba = np.asarray(stance([claim] * len(indices), bodies)) if indices else np.zeros((0, 4))
    origins = origins or Origins(indices, articles, reports, copies)
    similar = _similar_claims(claim, indices, reports)
    evidence: list[_Evidence] = []
    article_rows = []
    labels: dict[int, str] = {}
    for row, k in enumerate(indices):
        label = labels[k] = STANCES[int(np.argmax(proba[row]))]
        article_rows.append(_article_row(articles, copies, k, label, proba[row]))
        evidence += _evidence(k, label, similar.get(k, []), reports[k], origins)
    evidence = _statement_stances(claim, evidence, statement_stance)
    evidence += _principal_evidence(labels, similar, reports, origins, copies, evidence)
    return Coverage(
        claim=claim,
        articles=tuple(article_rows),
        origins=tuple(_origin_entries(evidence, articles, reports, origins)),
    )


def principal_stance(article_stances: Sequence[str]) -> str | None:
    """The stance a principal source takes from the related articles citing it, one per copy
    family: the most common, a tie leaning to disagree, then discuss; None when fewer than
    ``PRINCIPAL_FAMILIES`` articles cite it.

    >>> principal_stance(["agree", "discuss", "agree"]), principal_stance(["agree"])
    ('agree', None)
    """
    if len(article_stances) < PRINCIPAL_FAMILIES:
        return None
    votes = Counter(article_stances)
    return max(("disagree", "discuss", "agree"), key=lambda s: votes[s])


def _principal_evidence(
    labels: dict[int, str],
    similar: dict[int, list[tuple[float, int]]],
    reports: Sequence[ArticleReport],
    origins: Origins,
    copies: Copies,
    evidence: Sequence[_Evidence],
) -> list[_Evidence]:
    """Evidence of the story's principal sources that no counted statement carries (below the
    gate, past the per-article cap, or in a statement read as unrelated): a source cited in at
    least ``PRINCIPAL_FAMILIES`` related articles of different copy families speaks to the
    story, in other words than the claim's ("they kissed and had more beer", said a police
    source), with the stance most of those articles take (a tie leans to disagree, then
    discuss). Its best-matching statement in each copy family is its evidence."""
    counted = {e.origin.key for e in evidence}
    cited: dict[str, dict[int, tuple[float, int, int, Origin]]] = {}
    for k, label in labels.items():
        if label == "unrelated":
            continue
        rank = {n: s for s, n in similar.get(k, [])}
        for n, c in enumerate(reports[k].claims):
            origin = origins.of(k, c) if c.attribution is not None else None
            if origin is None or not origin.attributed or origin.key in counted:
                continue
            family = cited.setdefault(origin.key, {})
            best = family.get(int(copies.root[k]))
            score = rank.get(n, 0.0)
            if best is None or score > best[0]:
                family[int(copies.root[k])] = (score, k, n, origin)
    out = []
    for found in cited.values():
        stance = principal_stance([labels[k] for _, k, _, _ in found.values()])
        if stance is None:
            continue
        for _, k, n, origin in found.values():
            c = reports[k].claims[n]
            kind = origin_kind(origin, c, reports[k])
            channel = None if kind == "media_report" else origins.channel(k, c, origin)
            out.append(_Evidence(k, n, clean_text(c.text), stance, origin, kind, channel))
    return out


def _similar_claims(
    claim: str, indices: Sequence[int], reports: Sequence[ArticleReport]
) -> dict[int, list[tuple[float, int]]]:
    """Article -> (similarity, claim index) of its claims, best first (all of them)."""
    keys = [(k, n) for k in indices for n in range(len(reports[k].claims))]
    if not keys:
        return {}
    texts = [claim] + [match_text(reports[k].claims[n], reports[k]) for k, n in keys]
    terms = [claim_terms(t) for t in texts]
    others = np.arange(1, len(texts))
    similarity, _ = claim_similarity(terms, texts, [None] * len(texts), others * 0, others)
    out: dict[int, list[tuple[float, int]]] = {}
    for (k, n), s in zip(keys, similarity.tolist(), strict=True):
        out.setdefault(k, []).append((s, n))
    for found in out.values():
        found.sort(key=lambda x: (-x[0], x[1]))
    return out


def _article_row(
    articles: Sequence[Article], copies: Copies, k: int, label: str, proba: np.ndarray
) -> dict[str, Any]:
    article, original = articles[k], int(copies.root[k])
    return {
        "id": article.id,
        "outlet": article.outlet,
        "published": article.published,
        "copy_of": None if original == k else articles[original].id,
        "wire": copies.wire[k],
        "stance": label,
        "stance_proba": {s: round(float(p), 4) for s, p in zip(STANCES, proba, strict=True)},
    }


def _evidence(
    k: int,
    label: str,
    similar: list[tuple[float, int]],
    report: ArticleReport,
    origins: Origins,
) -> list[_Evidence]:
    """Article ``k``'s evidence: its related claims, else its own voice if its stance is related."""
    out: list[_Evidence] = []
    for n in (n for s, n in similar if s >= STATEMENT_GATE):
        if len(out) == MAX_EVIDENCE:
            break
        c = report.claims[n]
        if not c.attribution and not first_hand(c.text):  # the reporter restating a source
            c = origins.restated(k, c) or c
        origin = origins.of(k, c)
        if not (origin.attributed or first_hand(c.text)):
            continue  # the reporter's own voice: it adds no origin, so it takes no slot
        stance = "" if origin.attributed else label  # statements are read later, in one call
        kind = origin_kind(origin, c, report)
        channel = None if kind == "media_report" else origins.channel(k, c, origin)
        out.append(_Evidence(k, n, clean_text(c.text), stance, origin, kind, channel))
    if not out and label != "unrelated":
        key, name = origins.home(k)
        text = clean_text(report.claims[similar[0][1]].text) if similar else ""
        home = Origin(key, name, False, False)
        out.append(_Evidence(k, None, text, label, home, "media_report", None))
    # the reporter's voice restating the claim adds no origin unless it is first-hand
    return [
        e for e in out if e.stance != "unrelated" and (e.origin.attributed or first_hand(e.text))
    ]


def _statement_stances(
    claim: str, evidence: list[_Evidence], statement_stance: StanceFn
) -> list[_Evidence]:
    """Evidence with the stance of each source's statement filled in; unrelated ones dropped."""
    pending = [n for n, e in enumerate(evidence) if not e.stance]
    if pending:
        proba = np.asarray(
            statement_stance([claim] * len(pending), [evidence[n].text for n in pending])
        )
        for n, row in zip(pending, proba, strict=True):
            e = evidence[n]
            stance = STANCES[int(np.argmax(row))]
            evidence[n] = _Evidence(
                e.article, e.claim, e.text, stance, e.origin, e.kind, e.channel
            )
    return [e for e in evidence if e.stance in ORIGIN_STANCES]


def _origin_entries(
    evidence: Sequence[_Evidence],
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    origins: Origins,
) -> list[dict[str, Any]]:
    """One entry per origin, in order of first evidence."""
    by_origin: dict[str, list[_Evidence]] = {}
    for e in evidence:
        by_origin.setdefault(e.origin.key, []).append(e)
    out = []
    for items in by_origin.values():
        first = items[0]
        out.append(
            {
                "name": first.origin.name,
                "kind": Counter(e.kind for e in items).most_common(1)[0][0],
                "stance": origin_stance([e.stance for e in items], first.origin.attributed),
                "channel": first.channel,
                "articles": list(dict.fromkeys(articles[e.article].id for e in items)),
                "evidence": [_evidence_entry(e, articles, reports) for e in items],
            }
        )
    return out


def _evidence_entry(
    e: _Evidence, articles: Sequence[Article], reports: Sequence[ArticleReport]
) -> dict[str, Any]:
    claim_id = None if e.claim is None else reports[e.article].claims[e.claim].id
    return {
        "article": articles[e.article].id,
        "claim": claim_id,
        "text": e.text,
        "stance": e.stance,
    }
