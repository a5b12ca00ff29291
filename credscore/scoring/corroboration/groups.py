"""A story's claim groups: stance requests, then origin votes, claim views and group entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from credscore.scoring.corroboration.copies import Copies, article_body
from credscore.scoring.corroboration.coverage import Coverage
from credscore.scoring.corroboration.matching import (
    CLAIM_THRESHOLD,
    ClaimGroup,
    ClaimRecord,
    clean_text,
    match_claims,
    match_text,
)
from credscore.scoring.corroboration.origins import Origins
from credscore.scoring.corroboration.stance_rules import STANCES
from credscore.scoring.corroboration.terms import claim_terms
from credscore.scoring.report import ArticleReport, ClaimCorroboration, StoryGroup, StoryOrigin
from credscore.text import Article

__all__ = [
    "ARTICLE",
    "DISCUSS_WEIGHT",
    "STATEMENT",
    "Requests",
    "StoryPlan",
    "corroboration_score",
    "plan_story",
]

DISCUSS_WEIGHT = 0.25  # a discussing origin's vote, relative to an agreeing one

#: Evidence kinds: a source's statement (a sentence or quote), an article's own voice (its body).
STATEMENT, ARTICLE = "statement", "article"
#: (claim, body, evidence kind) -> its index in the batch's stance requests.
Requests = dict[tuple[str, str, str], int]


def corroboration_score(votes: dict[str, dict[str, float]]) -> float:
    """``(A + 0.25·U + 1) / (A + 0.25·U + D + 2)`` over origins' stance votes (package doc).

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
    """One piece of evidence about a group and its stance."""

    rec: int
    stance: str


class StoryPlan:
    """One story's claim groups on their way to stances and scores."""

    def __init__(self, recs: list[ClaimRecord], groups: list[ClaimGroup], origins: Origins) -> None:
        self.recs, self.groups, self.origins = recs, groups, origins
        self.keys: list[dict[int, tuple[str, str, str]]] = []  # per group: rec -> stance request
        self.candidates: list[int] = []

    def _in_text_order(self, ks: Iterable[int]) -> list[int]:
        """Rec indices by article, then by where the claim starts."""
        return sorted(ks, key=lambda k: (self.recs[k].article, self.recs[k].claim.start))

    def _candidates(self) -> list[int]:
        """Groups with members from two copy families or a close claim of another family."""
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

    def request(self, requests: Requests, articles: Sequence[Article]) -> None:
        """Add the (group claim, evidence body, kind) stance requests of the candidate groups."""
        self.candidates = self._candidates()
        bodies: dict[int, str] = {}
        for n in self.candidates:
            g = self.groups[n]
            claim = self.recs[g.rep].match
            keys: dict[int, tuple[str, str, str]] = {}
            for article, ev in g.evidence.items():
                for k in ev:
                    rec = self.recs[k]
                    if rec.origin.attributed:
                        keys[k] = (claim, rec.text, STATEMENT)
                    else:
                        body = bodies.setdefault(article, article_body(articles[article]))
                        keys[k] = (claim, body, ARTICLE)
                    requests.setdefault(keys[k], len(requests))
            self.keys.append(keys)

    def finish(
        self,
        requests: Requests,
        labels: list[str],
        claim_info: dict[tuple[int, int], ClaimCorroboration],
        articles: Sequence[Article],
        cover: Callable[[str], Coverage],
    ) -> list[tuple[StoryGroup, Coverage]]:
        """The reported groups' entries, each with its claim's coverage; their members' claim
        views go into ``claim_info``.

        ``cover(claim)`` is the claim read against the whole story (:func:`.claim_coverage`):
        a group's origins are its coverage's, so the story view and ``corroborate`` count one way.
        """
        out = []
        recs = self.recs
        for n, keys in zip(self.candidates, self.keys, strict=True):
            g = self.groups[n]
            members = set(g.members)
            items = self._items(keys, members, requests, labels)
            if not self._reported(g, members, items):
                continue
            coverage = cover(recs[g.rep].claim.text)
            ordered = self._in_text_order(members)
            for m in ordered:
                view = self._claim_view(recs[m], items, len(coverage.origins))
                claim_info[(recs[m].article, recs[m].position)] = view
            out.append((self._entry(g, ordered, items, coverage, articles), coverage))
        out.sort(key=lambda d: (-len(d[0].origins), -len(d[0].articles)))
        return out

    def _items(
        self,
        keys: dict[int, tuple[str, str, str]],
        members: set[int],
        requests: Requests,
        labels: list[str],
    ) -> list[_Item]:
        """The group's evidence with its stance, in text order; a member judged unrelated agrees."""
        items = []
        for k in self._in_text_order(keys):
            label = labels[requests[keys[k]]]
            if label == "unrelated" and k in members:
                label = "agree"
            if label != "unrelated":
                items.append(_Item(k, label))
        return items

    def _reported(self, g: ClaimGroup, members: set[int], items: list[_Item]) -> bool:
        """Members from two copy families, or another family's close evidence disagreeing."""
        recs = self.recs
        families = {recs[m].family for m in members}
        disputed = any(
            it.stance == "disagree"
            and recs[it.rec].family not in families
            and g.evidence[recs[it.rec].article][it.rec] >= CLAIM_THRESHOLD
            for it in items
        )
        return len(families) >= 2 or disputed

    def _claim_view(
        self, own: ClaimRecord, items: list[_Item], n_origins: int
    ) -> ClaimCorroboration:
        """A member's corroboration: by other origins' evidence from other copy families."""
        recs = self.recs
        others = [
            it
            for it in items
            if recs[it.rec].family != own.family and recs[it.rec].origin.key != own.origin.key
        ]
        by_stance = {
            s: tuple(recs[it.rec].claim.id for it in others if it.stance == s) for s in STANCES[:3]
        }
        # the score is the group's probability (:mod:`.probability`)
        return ClaimCorroboration(score=None, independent_origins=n_origins, **by_stance)

    def _entry(
        self,
        g: ClaimGroup,
        ordered: list[int],
        items: list[_Item],
        coverage: Coverage,
        articles: Sequence[Article],
    ) -> StoryGroup:
        """The story report's entry for a group: its origins are its coverage's."""
        recs = self.recs
        return StoryGroup(
            claim=recs[g.rep].claim.text,
            members=tuple(recs[m].claim.id for m in ordered),
            articles=tuple(dict.fromkeys(articles[recs[it.rec].article].id for it in items)),
            origins=tuple(
                StoryOrigin(o["name"], o["kind"], o["stance"], o["channel"], tuple(o["articles"]))
                for o in coverage.origins
            ),
            independent_origins=coverage.independent_origins,
        )


def plan_story(
    indices: Sequence[int],
    articles: Sequence[Article],
    reports: Sequence[ArticleReport],
    copies: Copies,
) -> StoryPlan:
    """The claim records of a story's articles, matched into groups."""
    origins = Origins(indices, articles, reports, copies)
    recs = []
    for k in indices:
        for position, claim in enumerate(reports[k].claims):
            match = match_text(claim, reports[k])
            recs.append(
                ClaimRecord(
                    article=k,
                    position=position,
                    family=int(copies.root[k]),
                    claim=claim,
                    text=clean_text(claim.text),
                    match=match,
                    terms=claim_terms(match),
                    origin=origins.of(k, claim),
                )
            )
    return StoryPlan(recs, match_claims(recs), origins)


