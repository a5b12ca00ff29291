"""How origins count toward a claim (docs/annotation/origins.md, sections 4 and 5).

- A source whose statement disputes the claim is an origin ``against``, never ``for``: one
  disagreeing statement decides, however often its words sit in reports that agree. A source
  that asserts the claim once, and disputes it nowhere, is ``for`` (what else it says about the
  story only qualifies it); one that does neither is ``neutral``. (A rule that let asserting
  statements outnumber a dispute was tried and dropped: benchmarks/RESULTS.md, Corroboration.)
- An outlet's own first-hand reporting takes the majority of its sentences' stances, a tie
  going to against, then neutral: agree is ``for``, disagree ``against``, discuss ``neutral``.
- The reporter's own voice restating the claim adds no origin: an article's unattributed
  sentence is an origin (its outlet's own reporting) only when it is first-hand, "a Reuters
  reporter saw", "documents seen by the Gazette" (``lexicons/first_hand.txt``).
- Copies and wire pickups count once: they share their family's home (:mod:`.origins`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from credscore.lexicons import load_lexicon

__all__ = ["ORIGIN_STANCES", "first_hand", "origin_stance"]

#: Stance label -> origin stance.
ORIGIN_STANCES = {"agree": "for", "disagree": "against", "discuss": "neutral"}
_TIE_ORDER = ("disagree", "discuss", "agree")  # a split origin leans to against, then neutral


@cache
def _first_hand() -> re.Pattern[str]:
    phrases = sorted(load_lexicon("first_hand"), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?i)\b(?:{body})\b")


def first_hand(text: str) -> bool:
    """Whether a sentence says its outlet saw, obtained or checked something itself.

    >>> first_hand("A Reuters reporter saw the trucks cross the border.")
    True
    >>> first_hand("The trucks reportedly crossed the border.")
    False
    """
    return bool(_first_hand().search(text))


def origin_stance(stances: Sequence[str], source: bool) -> str:
    """``for``, ``against`` or ``neutral`` from an origin's evidence stances (agree, disagree,
    discuss); ``source``: the origin is a cited source, whose one dispute decides (module doc).

    >>> origin_stance(["agree", "agree", "disagree"], source=True)
    'against'
    >>> origin_stance(["discuss", "discuss", "agree"], source=True)
    'for'
    >>> origin_stance(["agree", "agree", "disagree"], source=False)
    'for'
    >>> origin_stance(["agree", "discuss"], source=False)
    'neutral'
    """
    votes = Counter(stances)
    if source:
        return "against" if votes["disagree"] else "for" if votes["agree"] else "neutral"
    label = max(_TIE_ORDER, key=lambda s: (votes[s], -_TIE_ORDER.index(s)))
    return ORIGIN_STANCES[label]
