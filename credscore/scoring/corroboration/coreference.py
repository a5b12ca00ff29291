"""Cross-article source coreference: which mentions of a story are one first-hand source.

The mentions of one article that its extractor resolves to one name ("Mark Oberholtzer", "he",
"Oberholtzer") are one :class:`Entity`. Two entities of different articles are compared by the
features of :data:`PAIR_FEATURES`: how their names agree (same proper-name terms, one inside the
other, the same last word), their head nouns and the words that say whom they speak for
("North Korean defense"), their kinds, the quotations they share (word 4-grams: the strongest
evidence that two descriptions quote one statement), the channel their sentences name (KCNA,
Twitter, the outlet they told), whether the two articles are copies or one outlet, how
widely the story cites each, whether an unnamed one's role ("the plumber") is a word of the
sentences that cite the other's name ("Texas plumber Mark Oberholtzer"), and whether one is
the story's most cited name and the other its article's first or main source. A pairwise model
(:mod:`.coreference_model`, a logistic regression trained on the annotated stories of
``benchmarks/data/origins``) gives each pair a probability of being one source;
:func:`~.linkage.cluster` joins entities by the model's linkage (average or single) at its
threshold. Without a model the rule :func:`rule_probability` scores the pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import numpy as np

from credscore.scoring.corroboration.copies import Copies
from credscore.scoring.corroboration.linkage import cluster
from credscore.scoring.corroboration.mentions import (
    PRONOUNS,
    Mention,
    description_words,
    head_of,
    name_key,
    quote_shingles,
)
from credscore.scoring.corroboration.terms import DETERMINERS, claim_terms, stem, tokens
from credscore.text import Article

__all__ = [
    "PAIR_FEATURES",
    "RULE_THRESHOLD",
    "Entity",
    "PairScorer",
    "cluster",
    "entities_of",
    "pair_features",
    "pair_matrix",
    "rule_probability",
]

#: Kinds that speak for a body rather than for themselves.
_BODIES = frozenset({"organization", "state_media", "news_agency"})
_PEOPLE = frozenset({"named_person", "expert"})
_DISTINCT = re.compile(
    r"(?i)(?:another|one|a\s+(?:second|third|fourth|fifth)|the\s+(?:second|third|other)|other)\b"
)
_ALIGNED = 0.1  # copies cite one source within this share of their length of each other
_CLOSE = 0.8  # last words at least this alike (difflib ratio) are one name misspelt
_CONTEXT_STOP = PRONOUNS | DETERMINERS | frozenset(
    "and but for with from into about said says told also who which what when had has have was "
    "were are not".split()
)
#: a sentence that cites a source: ((article, start), its stemmed content words)
Sentence = tuple[tuple[int, int], frozenset[str]]
RULE_THRESHOLD = 0.5  # the rule's probabilities are 0 or 1; any cut between them

PAIR_FEATURES = (
    "name_equal",  # the same proper-name terms
    "name_jaccard",  # Jaccard of the proper-name terms
    "name_inside",  # one's terms inside the other's ("Oberholtzer" / "Mark Oberholtzer")
    "name_in_description",  # one's name among the other's description words ("AutoNation
    # spokesman" / "AutoNation")
    "last_word",  # the same last proper word
    "unnamed_both",  # neither has a proper name
    "unnamed_one",  # exactly one has a proper name
    "head_equal",  # the same head noun ("official", "spokesman")
    "description_jaccard",  # Jaccard of description words ("North Korean defense")
    "surface_equal",  # the same words as written
    "kind_equal",
    "people_both",  # both named people or experts
    "body_and_person",  # a body and a person (who may speak for it)
    "document_either",
    "quote_shared",  # log1p of shared quotation 4-grams
    "quote_share",  # shared 4-grams over the smaller set
    "quote_terms",  # Jaccard of the quotations' content terms
    "channel_equal",  # both name one channel
    "channel_differ",  # both name a channel, different ones
    "copy_aligned",  # copies of one original citing it with the same words at the same place
    "same_outlet",
    "salience_both",  # names agree: the smaller share of the story's articles citing them
    "salience_named",  # one named, the other described alike: the share citing the name
    "distinct_either",  # one is "another", "a third", "one user": one of several sources
    "pronoun_either",  # a pronoun its article could not resolve to a name
    "mentions_min",  # log1p of the smaller entity's mention count
    "same_article",  # two sources of one article (most are different sources)
    "surname_similarity",  # how alike their last proper words are (misspelt names)
    "text_name_jaccard",  # Jaccard of the proper-name terms of the spans as written
    "names_conflict",  # proper names apart: none shared, unlike last words, neither in the other
    "surname_close",  # last words alike but not equal ("Titchmarsh" / "Titchmarsch")
    "anonymous_both",
    "organization_both",
    "person_and_anonymous",  # a named person or expert and an unnamed source
    "body_and_anonymous",  # a body and an unnamed source (who may speak for it)
    "lead_both",  # each is the source its article cites most
    "lead_either",
    "head_salience",  # same head noun: the share of the story's articles citing one with it
    "role_match",  # one unnamed, its head noun among the words the story describes the other by
    "context_head",  # one unnamed, its head noun in the sentences that cite the other's name
    # ("the plumber" / "Texas plumber Mark Oberholtzer said", anywhere in the story)
    "context_description",  # one unnamed: share of its description words in those sentences
    "context_intro",  # context_head within one article ("A cleric ..." then "Sheikh M said")
    "context_jaccard",  # Jaccard of the words of the sentences that cite each (not both)
    "top_and_lead",  # one has the person's name the story cites most, the other leads its
    # article
    "top_either",  # either has the person's name the story cites most
    "first_both",  # each is the first source its article cites
    "first_and_top",  # one unnamed and first cited in its article, the other the top person
    # (a lead's "a prominent Saudi cleric" and the story's "Sheikh al-Munajjid")
)


@dataclass(frozen=True)
class Entity:
    """The mentions of one source in one article, with what :func:`pair_features` compares."""

    article: int
    family: int
    outlet: str | None
    mentions: tuple[Mention, ...]
    name: str
    kind: str
    key: frozenset[str]
    heads: frozenset[str]
    description: frozenset[str]
    surfaces: frozenset[str]
    shingles: frozenset[tuple[str, ...]]
    quote_terms: frozenset[str]
    channels: frozenset[str]
    position: float  # where in its article it is first cited (0 to 1)
    distinct: bool  # described as one of several ("another", "a third", "one user")
    text_key: frozenset[str]  # proper-name terms of its spans as written
    context: frozenset[str] = frozenset()  # stemmed words of the sentences that cite it
    sentences: tuple[Sentence, ...] = ()  # those sentences, each with its words
    lead: bool = False  # the source its article cites most (the first on ties)
    first: bool = False  # the first source its article cites


def _surface(text: str) -> str:
    words = text.lower().split()
    return " ".join(words[1:] if words and words[0] in ("the", "a", "an") else words)


def entities_of(
    mentions: Sequence[Mention], articles: Sequence[Article], copies: Copies
) -> tuple[list[Entity], list[int]]:
    """The entities of a story's mentions, and each mention's entity index."""
    groups: dict[tuple[int, str], list[int]] = {}
    for n, m in enumerate(mentions):
        groups.setdefault((m.article, m.name.casefold()), []).append(n)
    out, index = [], [0] * len(mentions)
    for e, ((k, _), members) in enumerate(groups.items()):
        ms = tuple(mentions[n] for n in members)
        for n in members:
            index[n] = e
        named = [m for m in ms if m.text.lower() not in PRONOUNS] or list(ms)
        kinds = [m.kind for m in ms]
        kind = max(kinds, key=kinds.count)  # the first of the most common: no set order
        quotes = [m.quote for m in ms if m.quote]
        description = frozenset().union(
            *(description_words(f"{m.text} {m.role or ''}") for m in named)
        )
        out.append(
            Entity(
                article=k,
                family=int(copies.root[k]),
                outlet=articles[k].outlet,
                mentions=ms,
                name=ms[0].name,
                kind=kind,
                key=proper_key(ms[0].name, kind),
                heads=frozenset(h for m in named if (h := head_of(m.text))),
                description=description,
                surfaces=frozenset(_surface(m.text) for m in named),
                shingles=frozenset().union(*(quote_shingles(q) for q in quotes)),
                quote_terms=frozenset().union(*(claim_terms(q).terms for q in quotes)),
                channels=frozenset(m.channel for m in ms if m.channel),
                position=ms[0].start / max(1, len(articles[k].text)),
                distinct=any(_DISTINCT.match(m.text) for m in named),
                text_key=frozenset().union(*(name_key(m.text) for m in named)),
                sentences=tuple(dict.fromkeys(cited_sentence(articles[k], m) for m in named)),
            )
        )
    most: dict[int, int] = {}
    first: dict[int, int] = {}
    for e, entity in enumerate(out):
        best = most.get(entity.article)
        if best is None or len(entity.mentions) > len(out[best].mentions):
            most[entity.article] = e
        early = first.get(entity.article)
        if early is None or entity.position < out[early].position:
            first[entity.article] = e
    leads = [
        replace(e, lead=most[e.article] == n, first=first[e.article] == n,
                context=frozenset().union(*(words for _, words in e.sentences)))
        for n, e in enumerate(out)
    ]  # fmt: skip
    return leads, index


def cited_sentence(article: Article, mention: Mention) -> Sentence:
    """The sentence that cites ``mention`` as ((article, start), its stemmed content words):
    "Texas plumber Mark Oberholtzer said" -> texas, plumber, mark, oberholtzer."""
    for s in article.sentences:
        if s.start <= mention.start < s.end:
            text, start = article.text[s.start : s.end], s.start
            break
    else:
        text, start = mention.text, mention.start
    words = frozenset(
        stem(w) for w in tokens(text) if len(w) > 2 and w.lower() not in _CONTEXT_STOP
    )
    return (mention.article, start), words


def proper_key(name: str, kind: str) -> frozenset[str]:
    """The proper-name terms that name the source itself: none for an unnamed source ("a
    senior North Korean official" is described, not named)."""
    if kind == "anonymous" or (kind == "expert" and name[:1].islower()):
        return frozenset()
    return name_key(name)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _last(key: frozenset[str], name: str) -> str:
    """The last proper word of a name, when it has one in its key."""
    words = [w for w in name.split() if w[:1].isupper()]
    return words[-1].lower().strip(".,’'s") if words and key else ""


def _similarity(a: str, b: str) -> float:
    """Character similarity of two words (difflib's ratio); 0 when either is missing."""
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def pair_features(
    a: Entity, b: Entity, salience: dict[frozenset[str] | str, float],
    roles: dict[frozenset[str], frozenset[str]] | None = None,
    contexts: dict[frozenset[str], tuple[Sentence, ...]] | None = None,
    top: frozenset[str] | None = None,
) -> list[float]:
    """The :data:`PAIR_FEATURES` of two entities of different articles."""
    inside = bool(a.key and b.key and (a.key <= b.key or b.key <= a.key))
    in_description = bool(
        (a.key and a.key <= b.description | b.key) or (b.key and b.key <= a.description | a.key)
    )
    shared = len(a.shingles & b.shingles)
    smaller = min(len(a.shingles), len(b.shingles))
    kinds = {a.kind, b.kind}
    pronoun = any(m.text.lower() in PRONOUNS and m.name.lower() in PRONOUNS
                  for m in (*a.mentions, *b.mentions))
    sa, sb = salience.get(a.key, 0.0), salience.get(b.key, 0.0)
    heads = a.heads & b.heads
    surname = _similarity(_last(a.key, a.name), _last(b.key, b.name))
    return [
        float(bool(a.key) and a.key == b.key),
        _jaccard(a.key, b.key),
        float(inside),
        float(in_description),
        float(bool(la := _last(a.key, a.name)) and la == _last(b.key, b.name)),
        float(not a.key and not b.key),
        float(bool(a.key) != bool(b.key)),
        float(bool(a.heads & b.heads)),
        _jaccard(a.description, b.description),
        float(bool(a.surfaces & b.surfaces)),
        float(a.kind == b.kind),
        float(kinds <= _PEOPLE),
        float(bool(kinds & _BODIES) and bool(kinds & _PEOPLE)),
        float("document" in kinds),
        float(np.log1p(shared)),
        shared / smaller if smaller else 0.0,
        _jaccard(a.quote_terms, b.quote_terms),
        float(bool(a.channels & b.channels)),
        float(bool(a.channels) and bool(b.channels) and not a.channels & b.channels),
        float(
            a.family == b.family
            and a.article != b.article
            and bool(a.surfaces & b.surfaces)
            and abs(a.position - b.position) < _ALIGNED
        ),
        float(a.outlet is not None and a.outlet == b.outlet),
        min(sa, sb) if inside else 0.0,
        max(sa, sb) if bool(a.key) != bool(b.key) and (heads or in_description) else 0.0,
        float(a.distinct or b.distinct),
        float(pronoun),
        float(np.log1p(min(len(a.mentions), len(b.mentions)))),
        float(a.article == b.article),
        surname,
        _jaccard(a.text_key, b.text_key),
        float(_named_apart(a, b) and surname < _CLOSE and not in_description),
        float(_CLOSE <= surname < 1.0),
        float(kinds == {"anonymous"}),
        float(kinds == {"organization"}),
        float(bool(kinds & _PEOPLE) and "anonymous" in kinds),
        float(bool(kinds & _BODIES) and "anonymous" in kinds),
        float(a.lead and b.lead),
        float(a.lead or b.lead),
        max((salience.get(h, 0.0) for h in heads), default=0.0),
        float(_role_match(a, b, roles or {}) or _role_match(b, a, roles or {})),
        *_context_features(a, b, contexts or {}),
        *_top_features(a, b, top),
    ]


def _top_features(a: Entity, b: Entity, top: frozenset[str] | None) -> list[float]:
    """top_and_lead, top_either, first_both, first_and_top (``top``: the story's top name)."""
    # a person's name only: a description stands in for a named person, not for a body
    ta = top is not None and a.key == top and a.kind in _PEOPLE
    tb = top is not None and b.key == top and b.kind in _PEOPLE
    intro = (ta and b.first and not b.key) or (tb and a.first and not a.key)
    return [float((ta and b.lead) or (tb and a.lead)), float(ta or tb), float(a.first and b.first),
            float(intro)]


def _context_features(
    a: Entity, b: Entity, contexts: dict[frozenset[str], tuple[Sentence, ...]]
) -> list[float]:
    """context_head, context_description, context_intro, context_jaccard of two entities.

    A sentence that cites both says nothing: the unnamed one's own words are in it."""
    named, other = (a, b) if a.key else (b, a)
    head = description = intro = 0.0
    if named.key and not other.key:
        own = {sid for sid, _ in other.sentences}
        cited = contexts.get(named.key, named.sentences)
        words = frozenset().union(*(w for sid, w in cited if sid not in own))
        heads = {stem(h) for h in other.heads}
        head = float(bool(heads & words))
        description = len(other.description & words) / len(other.description) if (
            other.description
        ) else 0.0
        here = frozenset().union(*(w for sid, w in named.sentences if sid not in own))
        intro = float(a.article == b.article and bool(heads & here))
    shared = {sid for sid, _ in a.sentences} & {sid for sid, _ in b.sentences}
    apart = [frozenset().union(*(w for sid, w in e.sentences if sid not in shared)) for e in (a, b)]
    return [head, description, intro, _jaccard(*apart)]


def _named_apart(a: Entity, b: Entity) -> bool:
    """Both carry proper names (their own, or in their description: "analysts at Orbis
    Analytics"; an unnamed source's proper words say whom it speaks for, not who it is) and
    share none."""
    ka, kb = (e.key or (e.text_key if e.kind != "anonymous" else frozenset()) for e in (a, b))
    return bool(ka and kb) and not ka & kb


def _role_match(named: Entity, other: Entity, roles: dict[frozenset[str], frozenset[str]]) -> bool:
    """Whether ``other`` is unnamed and its head noun is a word the story describes ``named``
    by ("the presenter" / "TV presenter Alan Titchmarsh" in another article)."""
    if not named.key or other.key:
        return False
    words = roles.get(named.key, frozenset())
    return any(stem(h) in words for h in other.heads)


def roles_of(entities: Sequence[Entity]) -> dict[frozenset[str], frozenset[str]]:
    """Name key -> the description words of every entity of the story with that key."""
    out: dict[frozenset[str], frozenset[str]] = {}
    for e in entities:
        if e.key:
            out[e.key] = out.get(e.key, frozenset()) | e.description | frozenset(
                stem(h) for h in e.heads
            )
    return out


def contexts_of(entities: Sequence[Entity]) -> dict[frozenset[str], tuple[Sentence, ...]]:
    """Name key -> every sentence of the story that cites a source with that key."""
    out: dict[frozenset[str], tuple[Sentence, ...]] = {}
    for e in entities:
        if e.key:
            out[e.key] = tuple(dict.fromkeys(out.get(e.key, ()) + e.sentences))
    return out


def salience_of(entities: Sequence[Entity]) -> dict[frozenset[str] | str, float]:
    """Name key, and head noun -> the share of the story's articles that cite a source with it."""
    articles = {e.article for e in entities}
    seen: dict[frozenset[str] | str, set[int]] = {}
    for e in entities:
        for key in (e.key, *e.heads) if e.key else e.heads:
            seen.setdefault(key, set()).add(e.article)
    return {k: len(v) / max(1, len(articles)) for k, v in seen.items()}


def top_name(salience: dict[frozenset[str] | str, float]) -> frozenset[str] | None:
    """The name key the most of the story's articles cite (ties: the last in sorted order)."""
    names = {k: v for k, v in salience.items() if isinstance(k, frozenset)}
    return max(names, key=lambda k: (names[k], tuple(sorted(k))), default=None)


def pair_matrix(entities: Sequence[Entity]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Features of every pair of entities, and the pairs (i < j)."""
    salience, roles, contexts = salience_of(entities), roles_of(entities), contexts_of(entities)
    top = top_name(salience)
    pairs = [(i, j) for i in range(len(entities)) for j in range(i + 1, len(entities))]
    rows = [
        pair_features(entities[i], entities[j], salience, roles, contexts, top) for i, j in pairs
    ]
    return np.array(rows, dtype=np.float64).reshape(len(pairs), len(PAIR_FEATURES)), pairs


#: ``scorer(features) -> probabilities`` of being one source, one per row.
PairScorer = Callable[[np.ndarray], np.ndarray]


def rule_probability(features: np.ndarray) -> np.ndarray:
    """1 for pairs with the same proper name, or one name inside the other, or a shared
    quotation; 0 otherwise (the fallback when the bundle has no coreference model)."""
    col = {name: n for n, name in enumerate(PAIR_FEATURES)}
    same = (features[:, col["name_equal"]] > 0) | (features[:, col["name_inside"]] > 0)
    quoted = features[:, col["quote_shared"]] > 0
    return (same | quoted).astype(np.float64)
