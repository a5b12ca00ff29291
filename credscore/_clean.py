"""Recognise what in a news text is not the story: boilerplate lines, wire credits, datelines."""

from __future__ import annotations

import re
from functools import cache

from credscore.features._lexicon import load_lexicon

__all__ = ["boilerplate_reason", "dateline_end", "is_list_item", "wire_credit", "agency_aliases"]

Range = tuple[int, int]


@cache
def _boilerplate() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (reason, pattern) rules of ``lexicons/boilerplate.txt``, compiled once."""
    rules = (entry.split("\t", 1) for entry in load_lexicon("boilerplate"))
    return tuple((reason, re.compile(pattern, re.I)) for reason, pattern in rules)


def boilerplate_reason(line: str) -> str | None:
    """Why ``line`` (one stripped line) is boilerplate, or None if it is article text.

    Examples
    --------
    >>> boilerplate_reason("Subscribe to our newsletter for daily updates")
    'subscribe_prompt'
    >>> boilerplate_reason("The ministry said the talks would resume.") is None
    True
    """
    for reason, pattern in _boilerplate():
        if pattern.search(line):
            return reason
    return None


_LIST_ITEM = re.compile(r"^(?:[-•*▪►»]\s+|\d{1,2}[.)]\s+)?[^.!?]{3,120}[^.!?:;,]$")


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
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3})"  # SEOUL, NEW YORK, ST. LOUIS
    r"(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"  # , Calif. / , South Korea
    rf"(?:,\s+{_MONTH})?"  # , Sept. 5
    r"\s*(?:\([A-Za-z][\w .\-]{0,30}\)\s*)?"  # (Reuters)
    r"(?:—|–|--|-)\s+"
)


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the story begins after a dateline at ``start`` ("SEOUL — "), else ``start``.

    Examples
    --------
    >>> t = "SEOUL (Reuters) - North Korea fired a missile."
    >>> t[dateline_end(t, 0, len(t)):]
    'North Korea fired a missile.'
    """
    m = _DATELINE.match(text, start, end)
    return m.end() if m and m.end() < end else start
