"""The origin of each claim of a story: state medium, named source or home (package doc, step 5)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from credscore.features.state_media import state_media_mentions
from credscore.scoring.corroboration.copies import Copies
from credscore.scoring.corroboration.coreference_model import SourceClusters, source_clusters
from credscore.scoring.corroboration.mentions import name_key
from credscore.scoring.corroboration.terms import DETERMINERS, claim_terms, tokens
from credscore.scoring.report import ArticleReport, Claim
from credscore.text import Article

__all__ = ["Origin", "Origins", "origin_kind"]

_RESTATED = 0.5  # share of a sentence's content words in a statement that make it a restatement

def _state_medium(text: str) -> str | None:
    """The canonical name of the first state medium ``text`` names, if any."""
    return next((m.name for m in state_media_mentions(text) if m.name), None)


def _all_state_media(text: str) -> set[str]:
    """The canonical names of every state medium ``text`` names."""
    return {m.name for m in state_media_mentions(text) if m.name}


def _named_sources(
    indices: Sequence[int], reports: Sequence[ArticleReport]
) -> tuple[dict[frozenset[str], str], dict[frozenset[str], frozenset[str]]]:
    """Named sources of a story by name key (the longest name), and the keys their roles name."""
    names: dict[frozenset[str], str] = {}
    roles: dict[frozenset[str], frozenset[str]] = {}
    for k in indices:
        for source in reports[k].sources:
            if source.kind in ("anonymous", "state_media"):
                continue
            key = name_key(source.name)
            if not key:
                continue
            if len(source.name) > len(names.get(key, "")):
                names[key] = source.name
            role = name_key(source.role or "")
            if role and source.kind in ("named_person", "expert"):
                roles[key] = role
    return names, roles


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a claim comes from: one vote in corroboration."""

    key: str
    name: str
    speaker: bool  # a named source or state medium (not the article's own voice)
    attributed: bool  # the claim is carried by a source


class Origins:
    """Resolves claim origins within one story (package doc, step 5)."""

    def __init__(
        self,
        indices: Sequence[int],
        articles: Sequence[Article],
        reports: Sequence[ArticleReport],
        copies: Copies,
        clusters: SourceClusters | None = None,
    ) -> None:
        self.articles, self.reports, self.copies = articles, reports, copies
        named_media = {m for k in indices for m in _all_state_media(articles[k].text)}
        self.story_medium = next(iter(named_media)) if len(named_media) == 1 else None
        self.names, roles = _named_sources(indices, reports)
        self.alias = self._aliases(roles)
        self.voiced = self._voiced(indices)
        self.governments = self._governments(indices)
        self.introduced = self._introduced(indices)
        self.clusters = clusters or source_clusters(indices, articles, reports, copies)
        self.merged = self._merge(indices)

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
            return "src:" + "|".join(sorted(name_key(wire) or {wire.casefold()})), wire
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
            for m in state_media_mentions(text):
                medium = m.name or _state_medium(text[m.end : m.end + 40]) or _state_medium(text)
                key = name_key(m.owner) if m.owner else frozenset()
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

    def _merge(self, indices: Sequence[int]) -> dict[str, Origin]:
        """Own origin key -> the origin it is one with: origins whose sources coreference puts
        in one cluster are one, shown as a state medium, else a named source, else the most
        cited of them."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        cited: dict[str, list[Origin]] = {}
        for k in indices:
            for claim in self.reports[k].claims:
                label = None
                if claim.attribution is not None:
                    label = self.clusters.of(k, claim.attribution)
                if label is None:
                    continue
                own = self._own(k, claim)
                cited.setdefault(own.key, []).append(own)
                parent[find(own.key)] = find(f"cluster:{label}")
        components: dict[str, list[str]] = {}
        for key in cited:
            components.setdefault(find(key), []).append(key)
        voiced = self._voiced_clusters(find)
        out = {}
        for root, keys in components.items():
            if root in voiced:  # one statement its unnamed sources gave a state medium
                medium = voiced[root]
                unnamed = [key for key in keys if not key.startswith("src:")]
                out.update(dict.fromkeys(unnamed, Origin(f"state_media:{medium.casefold()}",
                                                         medium, True, True)))
                # a named source in the cluster is its own origin: coreference can join
                # "Japan's Defense Ministry" to a KCNA ministry spokesperson by the head noun
                keys = [key for key in keys if key.startswith("src:")]
                if not keys:
                    continue
            best = max(
                keys,
                key=lambda key: (
                    key.startswith("state_media:"),
                    cited[key][0].speaker,
                    len(cited[key]),
                    -keys.index(key),
                ),
            )
            out.update(dict.fromkeys(keys, cited[best][0]))
        return out

    def _voiced_clusters(self, find: Callable[[str], str]) -> dict[str, str]:
        """Component root -> the state medium its unnamed sources' mentions name as their
        channel ("an official told KCNA"): their statement is the medium's."""
        out: dict[str, str] = {}
        for m, label in zip(self.clusters.mentions, self.clusters.labels, strict=True):
            if m.kind == "anonymous" and m.channel and (medium := _state_medium(m.channel)):
                out.setdefault(find(f"cluster:{label}"), medium)
        return out

    def channel(self, k: int, claim: Claim, origin: Origin) -> str:
        """How the origin reached article ``k``: the channel its source's mentions name (a
        state medium, a network, the outlet told), else the article's home."""
        if claim.attribution is not None:
            label = self.clusters.of(k, claim.attribution)
            if label is not None:
                named = [c for c in self.clusters.channels(label) if c != origin.name]
                if named:
                    return named[0]
        return self.home(k)[1]

    def of(self, k: int, claim: Claim) -> Origin:
        """The origin of claim ``claim`` of article ``k``, one with those of the same source."""
        own = self._own(k, claim)
        return own if claim.attribution is None else self.merged.get(own.key, own)

    def restated(self, k: int, claim: Claim) -> Claim | None:
        """The attributed claim of article ``k`` whose reported statement ``claim`` restates in
        the reporter's voice (half its content words are in that statement), if any: the lede
        "The bridge reopened" of "The bridge reopened, the mayor said" is the mayor's."""
        if claim.attribution is not None:
            return None
        terms = set(claim_terms(claim.text).terms)
        best, share = None, _RESTATED
        for other in self.reports[k].claims:
            if other.attribution is None or other is claim:
                continue
            content = self.reports[k].attributions[other.attribution].content.text
            shared = len(terms & set(claim_terms(content).terms)) / max(1, len(terms))
            if shared >= share:
                best, share = other, shared + 1e-9
        return best

    def kind(self, k: int, claim: Claim, origin: Origin) -> str:
        """The kind of ``origin`` as claim ``claim`` of article ``k`` carries it."""
        return origin_kind(origin, claim, self.reports[k])

    def _own(self, k: int, claim: Claim) -> Origin:
        """The origin of claim ``claim`` of article ``k`` read from its article alone."""
        kind, name, carried = self._relation(k, claim)
        if kind == "state_media":
            return self._medium(k, claim, name)
        if name and kind == "anonymous" and (k, name) in self.introduced:
            name, kind = self.introduced[(k, name)], "named_person"
        if name and kind != "anonymous":
            key = name_key(name)
            if key in self.governments:
                return self._medium(k, claim, self.governments[key])
            if key:
                key = self.alias.get(key, key)
                shown = self.names.get(key, name)
                return Origin("src:" + "|".join(sorted(key)), shown, True, True)
        if carried and state_media_mentions(claim.text):
            return self._medium(k, claim, None)
        if name and (k, name) in self.voiced:
            return self._medium(k, claim, self.voiced[(k, name)])
        home_key, home_name = self.home(k)
        if name:
            plain = " ".join(w for w in tokens(name.lower()) if w not in DETERMINERS)
            return Origin(f"{home_key}/{plain}", f"{home_name}: {name}", False, True)
        # a cue with no source ("reportedly", "it appears") is the reporter's voice: no origin
        return Origin(home_key, home_name, False, False)

    def _medium(self, k: int, claim: Claim, name: str | None) -> Origin:
        """A state medium: the one the source or claim names, else the first in the article."""
        medium = (
            (_state_medium(name) if name else None)
            or _state_medium(claim.text)
            or _state_medium(self.articles[k].text)
            or self.story_medium
            or "state media"
        )
        return Origin("state_media:" + medium.casefold(), medium, True, True)


def origin_kind(origin: Origin, claim: Claim | None, report: ArticleReport) -> str:
    """The kind of an origin: state media, the carrying source's kind, or the article's voice
    (``media_report``)."""
    if origin.key.startswith("state_media:"):
        return "state_media"
    if not origin.attributed or claim is None or claim.attribution is None:
        return "media_report"
    kind = report.attributions[claim.attribution].source_kind or "media_report"
    if kind == "anonymous" and origin.speaker:  # an unnamed source the article then names
        return "named_person"
    return kind
