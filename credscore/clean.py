"""Recognise what in a news text is not the story: boilerplate lines, wire credits, datelines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from credscore.lexicons import load_lexicon

__all__ = [
    "agency_aliases",
    "boilerplate_reason",
    "dateline_end",
    "is_list_item",
    "longest_title_part",
    "site_only",
    "normalize",
    "title_parts",
    "title_similarity",
    "title_words",
    "wire_credit",
]

Range = tuple[int, int]

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\xa0": " ", "\xad": None}
)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """``text`` with quotes, dashes and white space unified, soft hyphens (invisible) dropped
    and case folded, for matching.

    >>> normalize("  The “Deal”\u2014Done ")
    'the "deal"-done'
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


@cache
def _boilerplate() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (reason, pattern) rules of ``lexicons/boilerplate.txt``, compiled once."""
    rules = (entry.split("\t", 1) for entry in load_lexicon("boilerplate"))
    return tuple((reason, re.compile(pattern, re.I)) for reason, pattern in rules)


#: longer lines are prose: on 95,646 lines of FNC-1, PolNeAR and real pages, 4 of the 9,635
#: lines past this length matched a rule, and rules on long lines cost most of their time
MAX_RULE_CHARS = 300
#: rules that read lines of any length: HTML tags in scraped text are never prose, however long
ANY_LENGTH_REASONS = frozenset({"markup"})


def boilerplate_reason(line: str) -> str | None:
    """Why ``line`` (one stripped line) is boilerplate, or None if it is article text; the
    first rule of the lexicon that matches names the reason. Lines longer than
    ``MAX_RULE_CHARS`` are left to the line classifier, but for ``ANY_LENGTH_REASONS``.

    Examples
    --------
    >>> boilerplate_reason("Subscribe to our newsletter for daily updates")
    'subscribe_prompt'
    >>> boilerplate_reason("The ministry said the talks would resume.") is None
    True
    """
    long_ = len(line) > MAX_RULE_CHARS
    return next(
        (
            reason
            for reason, pattern in _boilerplate()
            if (not long_ or reason in ANY_LENGTH_REASONS) and pattern.search(line)
        ),
        None,
    )


_TITLE_WORD = re.compile(r"\w+")
#: separators between a page title and the site's name ("Headline | Site", "Headline - Site")
_SEPARATOR = r"(?:\||-|–|—|::|·|•|»)"
_TITLE_SEPARATOR = re.compile(rf"\s+{_SEPARATOR}\s+|\s*\|\s*")


def title_words(title: str) -> list[str]:
    """The words of a title, case folded, as :func:`title_similarity` counts them."""
    return _TITLE_WORD.findall(title.casefold())


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are: the Dice overlap of their sets of words, in [0, 1].

    >>> title_similarity("Council passes budget", "Council passes the budget")
    0.8571428571428571
    """
    x, y = set(_TITLE_WORD.findall(a.casefold())), set(_TITLE_WORD.findall(b.casefold()))
    return 2 * len(x & y) / max(1, len(x) + len(y))


def title_parts(title: str) -> list[str]:
    """A page title split at its separators ("Headline | Site" -> ["Headline", "Site"])."""
    return [p.strip() for p in _TITLE_SEPARATOR.split(title) if p.strip()]


_DANGLING_SEPARATOR = re.compile(rf"\s+{_SEPARATOR}\s*$")


def site_only(title: str) -> str | None:
    """The site's name when a page title is that name and a separator with no headline on its
    other side ("National Rail Enquiries -"), else None.

    >>> site_only("National Rail Enquiries -"), site_only("Council passes budget - Courier")
    ('National Rail Enquiries', None)
    """
    site, dangling = _DANGLING_SEPARATOR.subn("", title)
    return (site.strip() or None) if dangling else None


def longest_title_part(title: str, sites: Sequence[str] = ()) -> str:
    """The longest part of a page title split at its separators, leaving out parts like one
    of the ``sites``' names ("Four Years Remaining » Blog Archive » Interning of Small
    Integers" -> "Interning of Small Integers").

    >>> longest_title_part("Council passes budget | The Courier")
    'Council passes budget'
    """
    parts = title_parts(title)
    named = [p for p in parts if not any(title_similarity(p, s) > 0.6 for s in sites)]
    return max(named or parts or [""], key=lambda p: len(p.split()))


_LIST_ITEM = re.compile(
    r"^(?:[-•*▪►»]\s+|\d{1,2}[.)]\s+)?(?:[^.!?]|(?<=\b[A-Z])\.){3,120}[^.!?:;,]$"
)


def is_list_item(line: str) -> bool:
    """Whether ``line`` looks like a linked headline in a related-stories list (no final period)."""
    return bool(_LIST_ITEM.match(line)) and len(line.split()) <= 16


@cache
def agency_aliases() -> dict[str, str]:
    """Alias -> canonical name of every news agency in ``lexicons/news_agencies.txt``."""
    out = {}
    for entry in load_lexicon("news_agencies"):
        canonical, aliases = entry.split("\t", 1)
        for alias in aliases.split("|"):
            out[alias] = canonical
    return out


@cache
def _wire_patterns() -> tuple[tuple[str | None, re.Pattern[str]], ...]:
    """(literal the pattern cannot match without, or None; pattern) for each credit form. The
    literal is checked first: a substring test is far cheaper than a search that tries the
    agency alternation at every position."""
    names = "|".join(sorted(map(re.escape, agency_aliases()), key=len, reverse=True))
    agency = rf"(?P<agency>{names})"
    return (
        ("(", re.compile(rf"\(\s*{agency}\s*\)\s*(?:—|–|--|-|:)")),  # SEOUL (Reuters) -
        ("Source:", re.compile(rf"/\s*Source:\s*{agency}\b")),  # / Source: Reuters
        (None, re.compile(rf"(?:^|\n)\s*(?:—|–|--|-)\s*{agency}\s*(?:$|\n)")),  # — AP alone
        (None, re.compile(rf"(?:^|[.!?”\"]\s*)(?:—|–|--)\s*{agency}\s*$")),  # ... end. — AP
        ("contributed", re.compile(rf"\b(?:The\s+)?{agency}\s+(?:also\s+)?contributed\b")),
        (
            "By",
            re.compile(rf"(?:^|\n)\s*By\s+[^\n,|]{{2,60}}[,|]\s*(?:The\s+)?{agency}\s*(?:$|\n)"),
        ),
        (None, re.compile(rf"(?:Copyright|©)\s*(?:\(c\)\s*)?\d{{4}}\s+(?:The\s+)?{agency}\b")),
    )


# Reuters signs its stories off "(Reporting by ...; Editing by ...)" without naming itself.
_REUTERS_SIGNOFF = re.compile(
    r"\(\s*(?:Additional\s+)?[Rr]eporting\s+by\s[^()]{2,400}?;\s*"
    r"(?:[^()]{0,200}?;\s*)?Editing\s+by\s[^()]{2,200}\)\s*$"
)


def wire_credit(text: str) -> tuple[str, Range] | None:
    """The wire service credited in ``text`` and where, or None.

    Examples
    --------
    >>> wire_credit("SEOUL (Reuters) - North Korea said...")
    ('Reuters', (7, 14))
    >>> wire_credit("The Associated Press contributed to this report.")[0]
    'AP'
    >>> wire_credit("Rates rose. (Reporting by Ann Lee; Editing by Bo Chan)")[0]
    'Reuters'
    """
    found = []
    for literal, pattern in _wire_patterns():
        m = (literal is None or literal in text) and pattern.search(text)
        if m:
            found.append((m.start("agency"), m))
    if not found:
        signoff = _REUTERS_SIGNOFF.search(text)
        return ("Reuters", signoff.span()) if signoff else None
    _, m = min(found, key=lambda item: item[0])
    return agency_aliases()[m.group("agency")], (m.start("agency"), m.end("agency"))


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
_PLACE = r"(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})?"  # , Calif. / , South Korea
_WHEN = rf"(?:,\s+{_MONTH})?"  # , Sept. 5
_CREDIT = r"\s*\([A-Za-z][\w .&\-]{0,30}\)"  # (Reuters)
# An em or en dash with or without spaces; a hyphen or double hyphen only with a space before
# it or after a credit, so "SEOUL-based" is no dateline.
_DASH = r"(?:\s*[—–]|\s+--?|(?<=\))\s*--?)\s*"
_DATELINE = re.compile(
    r"(?!(?:[A-Z]\.){2,}\s)"  # "U.S. — China talks" opens with initials, not a city
    r"(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}"  # SEOUL, NEW YORK, ST. LOUIS
    rf"{_PLACE}{_WHEN}(?:{_CREDIT})?"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"  # Washington (CNN): mixed case only with a credit
    rf"{_PLACE}{_WHEN}{_CREDIT})"
    rf"{_DASH}(?=\S)"
)


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the story begins after a dateline at ``start`` ("SEOUL — "), else ``start``.

    Examples
    --------
    >>> t = "SEOUL (Reuters) - North Korea fired a missile."
    >>> t[dateline_end(t, 0, len(t)):]
    'North Korea fired a missile.'
    >>> t = "SEOUL, South Korea—North Korea fired a missile."
    >>> t[dateline_end(t, 0, len(t)):]
    'North Korea fired a missile.'
    """
    m = _DATELINE.match(text, start, end)
    return m.end() if m and m.end() < end else start
