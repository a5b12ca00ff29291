"""Source mentions of a story: who each article cites, described as coreference needs them.

A :class:`Mention` is one source span of an attribution ("a senior North Korean defense official
said ...") with what coreference compares across articles (:mod:`.coreference`): the name its
article resolves it to ("he" -> "Mark Oberholtzer"), its kind and role, its head noun, the
words that say whom it speaks for, what it is quoted as saying, and the channel its sentence
names (a state medium, a wire service, a social network, the outlet it "told").
:func:`story_mentions` reads them from the attributions of scored articles;
:func:`span_mention` describes any span (the benchmark's hand-marked mentions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from credscore.clean import agency_aliases
from credscore.features.sourcing import classify_source, head_noun
from credscore.features.state_media import state_media_mentions
from credscore.lexicons import load_lexicon
from credscore.scoring.corroboration.terms import DETERMINERS, stem, synonyms, tokens
from credscore.scoring.report import ArticleReport
from credscore.text import Article

__all__ = [
    "PRONOUNS",
    "Mention",
    "channel_of",
    "name_key",
    "span_mention",
    "state_medium",
    "story_mentions",
]

#: Pronouns a source span can be; their mention takes the name of what they refer to.
PRONOUNS = frozenset("he she it they him her them his its their this that who i we".split())
# Words of a description that say nothing about whom the source speaks for.
_PLAIN = frozenset(
    "unnamed anonymous senior top former current spokesman spokeswoman spokesperson official "
    "officials source sources person people one another other some several two three many "
    "who said says told also".split()
)
_QUOTE_SHINGLE = 4  # words per quotation shingle
# "told Fox News", "in an interview with KHOU", "quoted by the BBC" (networks: the lexicon).
_CHANNEL_AFTER = re.compile(
    r"\b(?:told|telling|interview\s+with|quoted\s+by|speaking\s+to|speaking\s+with)"
    r"\s*(?:the\s+)?(?P<name>[A-Z][\w.&’'-]*(?:\s+[A-Z0-9][\w.&’'-]*){0,3})"
)
_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|ar|an)-(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Mention:
    """One source span in one article, with what cross-article coreference compares."""

    article: int  # batch index of the article
    start: int
    end: int
    text: str  # the span as written
    name: str  # canonical name in its article ("he" resolved)
    kind: str  # a source kind
    role: str | None
    quote: str  # what the source is said to say ("" when unknown)
    direct: bool  # the quote is a direct quotation
    channel: str | None  # the channel its sentence names (state medium, wire, network, outlet)
    attribution: int | None = None  # index into its report's attributions


def state_medium(text: str) -> str | None:
    """The canonical name of the first state medium ``text`` names, if any."""
    return next((m.name for m in state_media_mentions(text) if m.name), None)


@cache
def _channels() -> tuple[re.Pattern[str], dict[str, str]]:
    """Pattern over wire services and social networks, and alias -> canonical name."""
    aliases = dict(agency_aliases())
    for entry in load_lexicon("source_channels"):
        canonical, _, names = entry.partition("\t")
        for alias in (names or canonical).split("|"):
            aliases[alias] = canonical
    names = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])"), aliases


def channel_of(sentence: str, source: str = "") -> str | None:
    """The channel a sentence names for its source: a state medium, a wire service or social
    network, else the outlet the source "told" or was "quoted by"; None when it names none.

    >>> channel_of("A defense official told KCNA the claim was a fabrication.")
    'KCNA'
    >>> channel_of("Smith said in an interview with KHOU that he was stunned.")
    'KHOU'
    >>> channel_of("He wrote on Twitter that it was fake.")
    'Twitter'
    """
    rest = sentence.replace(source, " ", 1) if source else sentence
    if medium := state_medium(rest):
        return medium
    pattern, aliases = _channels()
    if m := pattern.search(rest):
        return aliases[m.group(0)]
    if m := _CHANNEL_AFTER.search(rest):
        return m.group("name").rstrip(".,")
    return None


def name_key(name: str) -> frozenset[str]:
    """Canonical proper-name terms of a name ("the U.S. State Department", "Pyongyang" ->
    "north korea"): capitalised words stemmed, synonyms mapped, titles and determiners dropped."""
    phrases, words, longest = synonyms()
    toks = [t for t in tokens(name) if t.lower() not in DETERMINERS]
    out: set[str] = set()
    i = 0
    while i < len(toks):
        for size in range(min(longest, len(toks) - i), 0, -1):
            canonical = phrases.get(tuple(t.lower() for t in toks[i : i + size]))
            if canonical:
                out.add(canonical)
                i += size
                break
        else:
            token = _PARTICLE.sub("", toks[i])  # "al-Munajjid" -> "Munajjid"
            proper = token[:1].isupper() or token[:1].isdigit()
            if i == 0 and len(toks) > 1 and toks[1][0].islower():
                proper = False  # "Dock workers": capitalised as the first word
            if proper and token.lower().rstrip(".") not in _titles():
                base = stem(token)
                out.add(words.get(base, base))
            i += 1
    return frozenset(out)


@cache
def _titles() -> frozenset[str]:
    """Words of honorific and rank titles ("mr", "rear", "admiral"), lowercase, no final period."""
    return frozenset(
        w.lower().rstrip(".") for t in load_lexicon("source_honorifics") for w in t.split()
    )


def description_words(text: str) -> frozenset[str]:
    """Stemmed words of a description that say whom the source is or speaks for
    ("a senior North Korean defense official" -> north korea, defens)."""
    phrases, words, _ = synonyms()
    out = set()
    for token in tokens(text):
        low = token.lower()
        if low in DETERMINERS or low in _PLAIN or low in PRONOUNS or len(low) < 3:
            continue
        base = stem(low)
        out.add(phrases.get((low,), words.get(base, base)))
    return frozenset(out)


def quote_shingles(text: str) -> frozenset[tuple[str, ...]]:
    """Lowercase word 4-grams of a quotation: shared ones say two reports quote one statement."""
    words = [w.lower() for w in re.findall(r"[^\W_]+", text)]
    n = _QUOTE_SHINGLE
    return frozenset(tuple(words[k : k + n]) for k in range(len(words) - n + 1))


def head_of(text: str) -> str:
    """The head noun of a source span, lowercased and singular ("" for a pronoun)."""
    if text.lower() in PRONOUNS:
        return ""
    head = head_noun(" ".join(text.split()))
    return head[:-1] if head.endswith("s") and not head.endswith("ss") else head


def _sentence_of(article: Article, start: int) -> tuple[int, int]:
    """The span of the sentence holding ``start`` (the whole text when none does)."""
    for s in article.sentences:
        if s.start <= start < s.end:
            return s.start, s.end
    return 0, len(article.text)


def story_mentions(indices: Sequence[int], reports: Sequence[ArticleReport],
                   articles: Sequence[Article]) -> list[Mention]:
    """Every attribution with a source span in the articles ``indices``, as a mention."""
    out = []
    for k in indices:
        article = articles[k]
        for j, att in enumerate(reports[k].attributions):
            if att.source is None or not att.source_name or not att.source_kind:
                continue
            s, e = _sentence_of(article, att.source.start)
            sentence = article.text[s:e]
            role = None
            if att.source_kind not in ("document", "organization", "state_media", "news_agency"):
                try:
                    role = classify_source(att.source.text)[2]
                except ValueError:
                    role = None
            out.append(
                Mention(
                    article=k,
                    start=att.source.start,
                    end=att.source.end,
                    text=att.source.text,
                    name=att.source_name,
                    kind=att.source_kind,
                    role=role,
                    quote=att.content.text,
                    direct=att.direct,
                    channel=channel_of(sentence, att.source.text),
                    attribution=j,
                )
            )
    return out


def span_mention(
    k: int,
    article: Article,
    report: ArticleReport,
    start: int,
    end: int,
    before: Sequence[Mention] = (),
) -> Mention:
    """The mention ``article.text[start:end]``: described by the attribution whose source span
    overlaps it most, else by its own words and sentence; a pronoun no attribution resolves
    takes the name of the last mention ``before`` it in the article."""
    text = article.text[start:end]
    s, e = _sentence_of(article, start)
    sentence = article.text[s:e]
    best, overlap = None, 0
    for j, att in enumerate(report.attributions):
        if att.source is None or not att.source_name:
            continue
        shared = min(end, att.source.end) - max(start, att.source.start)
        if shared > overlap:
            best, overlap = j, shared
    channel = channel_of(sentence, text)
    if best is not None:
        att = report.attributions[best]
        role = None
        if att.source_kind in ("named_person", "expert", "anonymous"):
            role = classify_source(att.source.text)[2] if att.source else None
        return Mention(k, start, end, text, att.source_name, att.source_kind or "anonymous",
                       role, att.content.text, att.direct, channel, best)
    quote = (sentence[: start - s] + " " + sentence[end - s :]).strip()
    if text.lower() in PRONOUNS or text.lower().split()[0] in ("the", "this") and before:
        previous = [m for m in before if m.article == k and m.start < start]
        if previous and (text.lower() in PRONOUNS or head_of(text) == head_of(previous[-1].text)):
            p = previous[-1]
            return Mention(k, start, end, text, p.name, p.kind, p.role, quote, False, channel)
    try:
        name, kind, role = classify_source(text)
    except ValueError:
        name, kind, role = text, "anonymous", None
    return Mention(k, start, end, text, name, kind, role, quote, False, channel)
