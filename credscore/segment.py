"""Split news text into paragraphs, sentences and quotation spans, keeping character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from credscore.clean import boilerplate_reason
from credscore.lexicons import load_lexicon

__all__ = [
    "blocks",
    "join_soft_breaks",
    "is_claim",
    "is_reporting_note",
    "iter_words",
    "paragraphs",
    "quote_spans",
    "sentence_spans",
    "words",
]

Range = tuple[int, int]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_LINE = re.compile(r"[^\n]+")
# A sentence-final mark, any closing quotes or brackets after it, then whitespace.
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’]*)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘'(\[]?([A-Za-z]+)")
_OPENERS = "\"“‘'([" + "0123456789"
_DOUBLE_MARKS = re.compile('[“”"]')  # the only characters quote_spans acts on
_SINGLE_MARKS = re.compile("[‘’']")  # the only characters _single_quotes acts on


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """Abbreviations that never end a sentence, and those that end one before a starter."""
    entries = load_lexicon("abbreviations")
    fixed = frozenset(e[1:] for e in entries if e.startswith("="))
    ambiguous = frozenset(e for e in entries if not e.startswith("="))
    return fixed, ambiguous


@cache
def _starters() -> frozenset[str]:
    return frozenset(load_lexicon("sentence_starters"))


def _strip(text: str, start: int, end: int) -> Range:
    """Shrink ``[start, end)`` so that it neither begins nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[Range]:
    """Paragraph ranges: blocks between blank lines, or lines if the text has no blank line."""
    if _BLANK_LINE.search(text):
        cuts = [
            0,
            *(p for m in _BLANK_LINE.finditer(text) for p in (m.start(), m.end())),
            len(text),
        ]
        pieces = zip(cuts[::2], cuts[1::2], strict=True)
    else:
        pieces = ((m.start(), m.end()) for m in _LINE.finditer(text))
    spans = (_strip(text, s, e) for s, e in pieces)
    return [(s, e) for s, e in spans if e > s]


# A line that ends mid-sentence: no closing mark of a sentence, a heading or a quotation.
_OPEN_END = re.compile(r"[^.!?:;…\"”’')\]]$")
_RUNS_ON = re.compile(r"[,–—-]$")
_FUNCTION_WORD_END = re.compile(
    r"\b(?:the|a|an|of|and|or|to|in|for|with|by|on|at|from|that|as)$", re.I
)
_BULLET = re.compile(r"^[-•*▪►»]\s")
#: a fragment this short ("Russian President") runs on into a next line that ends in a comma
_SHORT_FRAGMENT_WORDS = 4
_CAPITALISED = re.compile(r"\b[A-Z]")


def _is_title_case(line: str) -> bool:
    """Whether most words of ``line`` are capitalised, as in a headline or a label."""
    words = line.split()
    return len(_CAPITALISED.findall(line)) * 2 >= len(words)


def is_soft_break(before: str, after: str) -> bool:
    """Whether a line break between ``before`` and ``after`` (two stripped lines) falls inside
    a sentence, as scraped text breaks lines: the first line ends mid-sentence, and the first
    ends in a comma, a dash or a function word, or the second begins in lower case (unless the
    first is in title case, as headlines are, or the second is furniture, such as a byline),
    or the first is a short fragment and the second ends in a comma.

    Examples
    --------
    >>> is_soft_break("Vladimir Putin,", "in a televised speech, said talks failed.")
    True
    >>> is_soft_break("Russian President", "Vladimir Putin,")
    True
    >>> is_soft_break("Talks fail", "SEOUL — North Korea said on Monday that talks had failed.")
    False
    >>> is_soft_break("Interning of Small Integers in Python", "by oz on December 4, 2006")
    False
    """
    if not before or not after or not _OPEN_END.search(before) or _BULLET.match(after):
        return False
    if _RUNS_ON.search(before):
        return True
    if _FUNCTION_WORD_END.search(before) and len(before.split()) >= _SHORT_FRAGMENT_WORDS - 1:
        return True  # "The minister said the" (a menu's "Sign in" is too short to run on)
    if after[0].islower():
        return not _is_title_case(before) and boilerplate_reason(after) is None
    return len(before.split()) <= _SHORT_FRAGMENT_WORDS and after.endswith(",")


def join_soft_breaks(text: str, ranges: Sequence[Range]) -> list[list[Range]]:
    """``ranges`` (lines or paragraphs, in order) grouped into runs joined by soft breaks."""
    runs: list[list[Range]] = []
    for s, e in ranges:
        if runs and is_soft_break(text[runs[-1][-1][0] : runs[-1][-1][1]], text[s:e]):
            runs[-1].append((s, e))
        else:
            runs.append([(s, e)])
    return runs


def lines(text: str, start: int, end: int) -> list[Range]:
    """Non-blank line ranges inside ``[start, end)``, stripped."""
    spans = (
        _strip(text, start + m.start(), start + m.end()) for m in _LINE.finditer(text[start:end])
    )
    return [(s, e) for s, e in spans if e > s]


def blocks(line_ranges: Sequence[Range], keep: Sequence[bool]) -> list[Range]:
    """Join runs of consecutive kept lines (of one paragraph) into blocks."""
    out: list[Range] = []
    run_start = None
    for (s, e), kept in zip(line_ranges, keep, strict=True):
        if kept and run_start is None:
            run_start = s
        if kept:
            run_end = e
        elif run_start is not None:
            out.append((run_start, run_end))
            run_start = None
    if run_start is not None:
        out.append((run_start, run_end))
    return out


def _opens_straight(text: str, i: int, start: int) -> bool:
    """Whether the straight quote at ``i`` opens a quotation (space or punctuation before it)."""
    before = text[i - 1] if i > start else " "
    return before.isspace() or before in "([{—–-:;/"


def _single_quotes(text: str, start: int, end: int) -> list[Range]:
    """Single-quoted spans nested inside ``[start, end)`` (a double-quoted stretch)."""
    out, open_at = [], None
    for m in _SINGLE_MARKS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        nxt = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if ch == "‘" or (ch == "'" and _opens_straight(text, i, start) and nxt.isalnum()):
                open_at = i
        elif ch in "’'" and not nxt.isalnum():
            out.append((open_at, i + 1))
            open_at = None
    return out


def _closes_with_opener(text: str, i: int, end: int) -> bool:
    """Whether a “ at ``i`` is a mistyped closing mark: after a word or comma, before a space."""
    if text[i] != "“" or i + 1 >= end:
        return False
    return (text[i - 1].isalnum() or text[i - 1] in ",.!?") and text[i + 1].isspace()


def quote_spans(text: str, start: int, end: int) -> list[Range]:
    """Quotation spans (marks included) in one paragraph, with nested single quotes.

    A quotation still open at the paragraph's end runs to that end, as news copy continues a
    quote into the next paragraph without closing it.

    Examples
    --------
    >>> t = 'He said "it is ‘final’ now" today.'
    >>> [t[s:e] for s, e in quote_spans(t, 0, len(t))]
    ['"it is ‘final’ now"', '‘final’']
    """
    doubles, open_at = [], None
    for m in _DOUBLE_MARKS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if open_at is None and (ch == "“" or (ch == '"' and _opens_straight(text, i, start))):
            open_at = i
        elif open_at is not None and (ch in '”"' or _closes_with_opener(text, i, end)):
            doubles.append((open_at, i + 1))
            open_at = None
        elif open_at is None and ch == '"':
            continue  # a stray closing mark with nothing open
    if open_at is not None:
        doubles.append((open_at, end))
    singles = [q for s, e in doubles for q in _single_quotes(text, s + 1, e)]
    if not doubles:
        singles = [(s, e) for s, e in _single_quotes(text, start, end) if text[s] == "‘"]
    return sorted(doubles + singles)


def _ends_sentence(text: str, mark_start: int, split_at: int, end: int) -> bool:
    """Whether the mark at ``mark_start`` (split after ``split_at``) ends a sentence."""
    rest = text[split_at:end].lstrip()
    if not rest or rest[0] not in _OPENERS and not rest[0].isupper():
        return False
    if text[mark_start] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, mark_start - 30), mark_start)
    if word is None:
        return True
    token = word.group(1).lower().rstrip(".")
    fixed, ambiguous = _abbreviations()
    if token in fixed:
        return False
    is_initial = len(token) == 1 and token.isalpha()
    is_acronym = "." in token and len(token.replace(".", "")) <= 4
    if is_initial or is_acronym or token in ambiguous:
        nxt = _NEXT_WORD.match(text, split_at, end)
        return bool(nxt) and nxt.group(1).lower() in _starters() and not is_initial
    return True


def _inside(pos: int, spans: Sequence[Range]) -> bool:
    return any(s < pos < e for s, e in spans)


def sentence_spans(text: str, start: int, end: int, *, quotes: Sequence[Range] = ()) -> list[Range]:
    """Sentence ranges in one block of text, never breaking inside a closed quotation.

    Examples
    --------
    >>> t = 'Gen. Kim met U.S. envoys on Sept. 5. "We will win. We must," he said. It rained.'
    >>> [t[s:e] for s, e in sentence_spans(t, 0, len(t), quotes=quote_spans(t, 0, len(t)))]
    ['Gen. Kim met U.S. envoys on Sept. 5.', '"We will win. We must," he said.', 'It rained.']
    """
    closed = [(s, e) for s, e in quotes if start <= s and e <= end and text[e - 1] in "”“\"’'"]
    out, begin = [], start
    for m in _END.finditer(text, start, end):
        cut = m.end()
        if closed and _inside(cut, closed) or not _ends_sentence(text, m.start(), cut, end):
            continue
        out.append(_strip(text, begin, cut))
        begin = cut
    out.append(_strip(text, begin, end))
    return [(s, e) for s, e in out if e > s]


def iter_words(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Word tokens (letters, digits, inner apostrophes and hyphens) inside ``[start, end)``."""
    return _WORDS.finditer(text, start, end)


def words(text: str) -> list[str]:
    """The word tokens of :func:`iter_words` over all of ``text``, as strings."""
    return _WORDS.findall(text)


_WORDS = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*")
_CLAIM_QUESTION = re.compile(r"\?[\"”’')\]]*$")
_MIN_CLAIM_WORDS = 4
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)"
_TIME = (
    rf"(?:(?:on|late|early|this|last)\s+)?(?:{_DAY}|week|weekend|month|morning|afternoon|evening"
    r"|night)(?:\s+(?:morning|afternoon|evening|night))?"
)
#: the placeholders of ``lexicons/non_claims.txt``
_NON_CLAIM_PARTS = {
    "{subject}": (
        r"(?:(?!\b(?:and|but|or|so|yet|while|after|because|although|though|as|when|since|if"
        r"|where|whereas|said|says|told|tells|according|that|reported)\b)[^;:!?]){1,90}?\s"
    ),
    "{neg}": r"(?:did|does|has|have|had)(?:\s+not|\s*n[’']t)",
    "{request}": (
        r"(?:(?:an?|the|our|his|her|their|my|multiple|repeated|several|two|emailed|e-mailed"
        r"|written|phone|telephone|interview|[\w.&-]+[’'](?:s\b)?|[\w.&-]+)\s+){0,4}"
        r"(?:requests?|calls?|messages?|e-?mails?|inquir(?:y|ies)|queries|questions)"
    ),
    "{time}": _TIME,
    "{tail}": (
        r"(?:\s+(?:(?:from|by|to|for)\s+[^,;:]{1,60}?|(?:on|about|regarding|concerning|beyond)\s+"
        rf"(?:the|this|that|these|those|his|her|its|their|an?|any)\s+[^,;:]{{1,60}}?|{_TIME}"
        r"|further|publicly|directly))*"
        r"\s*[.!]?[\"”’']?"
    ),
}
_NON_CLAIM_WORDS = (
    "comment",
    "reach",
    "contact",
    "respond",
    "repl",
    "return",
)  # one in each pattern


@cache
def _non_claims() -> re.Pattern[str]:
    """The sentences of ``lexicons/non_claims.txt`` ("X did not respond to a request for
    comment"), as one pattern matched against a whole sentence."""
    entries = []
    for entry in load_lexicon("non_claims"):
        for placeholder, part in _NON_CLAIM_PARTS.items():
            entry = entry.replace(placeholder, part)
        entries.append(f"(?:{entry})")
    return re.compile("|".join(entries), re.IGNORECASE)


def is_reporting_note(text: str) -> bool:
    """Whether the sentence ``text`` is a note on the reporting ("X did not respond to a request
    for comment"); the cheap word test first (casefolded, so exactly what the case-insensitive
    pattern can match)."""
    folded = text.casefold()
    return any(w in folded for w in _NON_CLAIM_WORDS) and bool(_non_claims().fullmatch(text))


def is_claim(sentence: str) -> bool:
    """Whether a body sentence states a proposition: not a question, a fragment, a label or a
    note on the reporting ("X did not respond to a request for comment").

    Examples
    --------
    >>> is_claim("The ministry confirmed the shipments on Wednesday.")
    True
    >>> is_claim("Why now?"), is_claim("Photos: the scene"), is_claim("Related coverage:")
    (False, False, False)
    >>> is_claim("Russia's embassy did not immediately respond to a request for comment.")
    False
    """
    text = sentence.strip()
    if _CLAIM_QUESTION.search(text) or text.endswith((":", ";", ",")):
        return False
    if is_reporting_note(text):
        return False
    tokens = _WORDS.findall(text)
    if len(tokens) < _MIN_CLAIM_WORDS:
        return False
    return any(w[0].islower() for w in tokens if w[0].isalpha())
