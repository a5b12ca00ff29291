"""Story features: one row of numbers about a claim's coverage, for the corroboration model.

They are read from the public view of :meth:`Scorer.corroborate_claim` (origins with kind and
stance, each article's stance probabilities) and the articles' reports (the claims that carry
the evidence: their hedges, confidence and attribution), so better origins or stances change
the numbers without changing this module. Families (:data:`FAMILIES`), as the ablation in
benchmarks/RESULTS.md names them:

- ``origins``: independent origins for / against / neutral, in total and by kind (named person,
  organization, state media, document, anonymous, media report), as ``log1p`` counts;
- ``formula``: the old hand-set score ``(A + 0.25·U + 1) / (A + 0.25·U + D + 2)`` over them;
- ``stance``: each article's stance toward the claim, the model's mean probabilities and the
  shares of articles by label;
- ``hedging``: the share of evidence sentences hedged and their mean claim confidence;
- ``doubt``: the share of evidence sentences, and of articles, with a word of doubt or
  debunking (``lexicons/story_doubt.txt``: hoax, rumour, fake, satire, denied, ...);
- ``attribution``: the share of evidence carried by a source, and of origins that are sources;
- ``echo``: articles per independent origin, and the share of articles that are copies;
- ``outlets``: how many outlets (else copy families) and articles cover the claim;
- ``subject``: whether the claim's subject itself denies it;
- ``earliest``: the earliest report's sourcing and attribution scores and its stance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from functools import cache
from typing import Any

import numpy as np

from credscore.lexicons import load_lexicon
from credscore.scoring.corroboration.groups import corroboration_score
from credscore.scoring.corroboration.stance_rules import STANCES
from credscore.scoring.report import ArticleReport, Claim

__all__ = ["FAMILIES", "FEATURE_NAMES", "ORIGIN_KINDS", "story_features", "story_matrix"]

#: The origin kinds the features count (a report's source kinds fold into them).
ORIGIN_KINDS = (
    "named_person",
    "organization",
    "state_media",
    "document",
    "anonymous",
    "media_report",
)
_KIND_OF = {"expert": "named_person", "news_agency": "media_report"}
_ORIGIN_STANCES = ("for", "against", "neutral")
_STANCE_OF = {"for": "agree", "against": "disagree", "neutral": "discuss"}

FAMILIES: dict[str, tuple[str, ...]] = {
    "origins": (
        *(f"origins_{s}" for s in _ORIGIN_STANCES),
        *(f"origins_{s}_{k}" for s in _ORIGIN_STANCES for k in ORIGIN_KINDS),
    ),
    "formula": ("formula",),
    "stance": (
        *(f"stance_mean_{s}" for s in STANCES),
        *(f"stance_share_{s}" for s in STANCES),
    ),
    "hedging": ("evidence_hedged", "evidence_confidence"),
    "doubt": ("evidence_doubt", "articles_doubt"),
    "attribution": ("evidence_attributed", "origins_sources"),
    "echo": ("articles_per_origin", "copies_share"),
    "outlets": ("outlets", "articles"),
    "subject": ("subject_denies",),
    "earliest": (
        "earliest_sourcing",
        "earliest_attribution",
        "earliest_agree",
        "earliest_disagree",
    ),
}
FEATURE_NAMES: tuple[str, ...] = tuple(n for names in FAMILIES.values() for n in names)

_WORD = re.compile(r"[^\W\d_]+")
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|dismiss(?:ed|es)?|refut\w*|reject\w*|not true|false"
    r"|untrue|no truth|rebut\w*)\b",
    re.I,
)
_LEADING = frozenset("a an the some many several two three this that these those".split())


def _fold(kind: str) -> str:
    """A source kind as one of :data:`ORIGIN_KINDS` (an expert is a named person, a news
    agency's own report a media report)."""
    return _KIND_OF.get(kind, kind)


@cache
def _doubt_words() -> frozenset[str]:
    return frozenset(load_lexicon("story_doubt"))


def _doubtful(text: str) -> bool:
    """Whether ``text`` holds a word of doubt or debunking."""
    words = _doubt_words()
    return any(w.lower() in words for w in _WORD.findall(text))


def claim_subject(claim: str) -> frozenset[str]:
    """The lowercase words of the claim's leading proper name ("Fidel Castro has died").

    >>> sorted(claim_subject("Some ISIS fighters have contracted Ebola"))
    ['isis']
    """
    words = claim.split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    subject = []
    for w in words:
        token = w.strip("\"'“”‘’,.:;()")
        if not token or not (token[0].isupper() or token[0].isdigit()):
            break
        subject.append(token.lower().removesuffix("'s").removesuffix("’s"))
    return frozenset(subject)


def _subject_denies(claim: str, view: Mapping[str, Any]) -> bool:
    """Whether an origin named like the claim's subject is against it, or a sentence against it
    has the subject deny it ("Apple denied ...")."""
    subject = claim_subject(claim)
    if not subject:
        return False
    for origin in view["origins"]:
        if origin["stance"] != "against":
            continue
        if subject & set(_WORD.findall(origin["name"].lower())):
            return True
        for e in origin["evidence"]:
            lowered = e["text"].lower()
            if any(re.search(rf"\b{re.escape(s)}\b", lowered) for s in subject) and _DENIAL.search(
                e["text"]
            ):
                return True
    return False


def _published(article: Mapping[str, Any], index: int) -> tuple[int, float, int]:
    """Sort key: a parseable ``published`` first, oldest first; then the order given."""
    when = article.get("published")
    if when:
        try:
            moment = datetime.fromisoformat(str(when).strip().replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return (0, moment.timestamp(), index)
    return (1, 0.0, index)


def _mean(values: Sequence[float], empty: float = 0.0) -> float:
    return float(np.mean(values)) if len(values) else empty


def story_features(
    view: Mapping[str, Any], reports: Mapping[str, ArticleReport]
) -> dict[str, float]:
    """The features (:data:`FEATURE_NAMES`, in order) of one claim's coverage.

    ``view`` is :meth:`Coverage.to_dict` (or :meth:`Scorer.corroborate_claim`'s result);
    ``reports`` maps each of its article ids to that article's report.
    """
    origins, articles = view["origins"], view["articles"]
    claims: dict[str, Claim] = {
        c.id: c for a in articles if a["id"] in reports for c in reports[a["id"]].claims
    }
    out: dict[str, float] = dict.fromkeys(FEATURE_NAMES, 0.0)
    counts = dict.fromkeys(_ORIGIN_STANCES, 0)
    for o in origins:
        counts[o["stance"]] += 1
        kind = _fold(o["kind"])
        if kind in ORIGIN_KINDS:
            out[f"origins_{o['stance']}_{kind}"] += 1.0
    for name in FAMILIES["origins"]:
        out[name] = math.log1p(out[name])
    for s, n in counts.items():
        out[f"origins_{s}"] = math.log1p(n)
    votes = {str(n): {_STANCE_OF[o["stance"]]: 1.0} for n, o in enumerate(origins)}
    out["formula"] = corroboration_score(votes)

    proba = np.array([[a["stance_proba"][s] for s in STANCES] for a in articles]).reshape(-1, 4)
    labels = [a["stance"] for a in articles]
    for n, s in enumerate(STANCES):
        out[f"stance_mean_{s}"] = _mean(proba[:, n])
        out[f"stance_share_{s}"] = _mean([label == s for label in labels])

    evidence = [e for o in origins for e in o["evidence"]]
    carried = [claims[e["claim"]] for e in evidence if e.get("claim") in claims]
    out["evidence_hedged"] = _mean([bool(c.hedges) for c in carried])
    out["evidence_confidence"] = _mean([c.confidence for c in carried], empty=0.5)
    out["evidence_doubt"] = _mean([_doubtful(e["text"]) for e in evidence])
    out["articles_doubt"] = _mean(
        [
            any(_doubtful(c.text) for c in reports[a["id"]].claims)
            for a in articles
            if a["id"] in reports
        ]
    )
    out["evidence_attributed"] = _mean([c.attribution is not None for c in carried])
    out["origins_sources"] = _mean([_fold(o["kind"]) != "media_report" for o in origins])

    out["articles_per_origin"] = math.log1p(len(articles) / max(1, len(origins)))
    out["copies_share"] = _mean([a["copy_of"] is not None for a in articles])
    homes = {a.get("wire") or a.get("outlet") or a.get("copy_of") or a["id"] for a in articles}
    out["outlets"] = math.log1p(len(homes))
    out["articles"] = math.log1p(len(articles))
    out["subject_denies"] = float(_subject_denies(view["claim"], view))
    if articles:
        first = min(range(len(articles)), key=lambda n: _published(articles[n], n))
        report = reports.get(articles[first]["id"])
        if report is not None:
            out["earliest_sourcing"] = report.scores.sourcing
            out["earliest_attribution"] = report.scores.attribution
        out["earliest_agree"] = float(proba[first, 0])
        out["earliest_disagree"] = float(proba[first, 1])
    return out


def story_matrix(rows: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Feature rows as an array (n, len(FEATURE_NAMES)), columns in :data:`FEATURE_NAMES` order."""
    return np.array([[row[n] for n in FEATURE_NAMES] for row in rows], dtype=np.float64).reshape(
        len(rows), len(FEATURE_NAMES)
    )
