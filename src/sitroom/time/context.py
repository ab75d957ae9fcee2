"""What a normalizer sees: the match, the document creation time, tense and the narrative so far.

`Resolution` is what it returns: the TIMEX3 value and, where it differs from the value's, the interval.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..records import TimexType
from .calendar import Interval
from .patterns import Lexicon, word_key
from .tense import Tense

_FRACTION = re.compile(r"^(\d+)\s*(?:1/2|½)$")


@dataclass(slots=True)
class Resolution:
    """A normalized match. `type` overrides the rule's; `interval` overrides the value's."""

    value: str
    type: TimexType | None = None
    interval: Interval | None = None
    has_interval: bool = False  # True when `interval` was set on purpose (even to None)
    trim_end: int = 0  # characters to drop from the end of the span ("today's" → "today")


@dataclass(slots=True)
class NormContext:
    """Per-match view for the normalizers; `anchor`/`last_quarter` carry the narrative state."""

    dct: dt.date | None
    lexicon: Lexicon
    text: str
    start: int = 0
    end: int = 0
    anchor: dt.date | None = None  # last day-precise date mentioned before this match
    last_date: tuple[dt.date, str] | None = None  # start and unit (D M Y ...) of the last date
    last_quarter: tuple[int, int, int] | None = None  # (year, quarter, position) last mentioned
    tense_of: Callable[[int, int], Tense | None] = lambda s, e: None
    tag_of: Callable[[int], str | None] = lambda i: None
    match: re.Match[str] | None = None
    slack_days: int = 60  # see time_tense.yaml: year_guess_slack_days
    _tense: list[Tense | None] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # why matches were refused (bad input)

    def reject(self, reason: str) -> None:
        """Record why the current match gives no expression ("31 February" is no date)."""
        self.rejected.append(f"time: {reason}")

    def at(self, match: re.Match[str]) -> NormContext:
        self.match = match
        self.start, self.end = match.span()
        self._tense = []
        return self

    @property
    def tense(self) -> Tense | None:
        if not self._tense:
            self._tense.append(self.tense_of(self.start, self.end))
        return self._tense[0]

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]

    def before(self, chars: int = 12) -> str:
        return self.text[max(0, self.start - chars) : self.start].lower()

    def after(self, chars: int = 12) -> str:
        return self.text[self.end : self.end + chars].lower()

    def reference(self) -> dt.date | None:
        """The day narrative expressions ("that day", "at dawn", "10 p.m.") count from."""
        return self.anchor or self.dct

    # --- word lookups ---------------------------------------------------------------------------

    def month(self, groups: dict[str, Any], key: str = "month") -> int | None:
        if groups.get(key):
            return self.lexicon.months.get(word_key(groups[key]))
        if groups.get("monthnum"):
            number = int(groups["monthnum"])
            return number if 1 <= number <= 12 else None
        return None

    def ordinal(self, word: str | None) -> int | None:
        """ "third" → 3, "20th" → 20, "last" → -1."""
        if not word:
            return None
        key = word_key(word)
        if key[:1].isdigit():
            digits = key[:-2]  # "20th" → "20"
            return int(digits) if digits.isdigit() else None
        return self.lexicon.ordinals.get(key)

    def unit(self, word: str | None) -> str | None:
        if not word:
            return None
        key = word_key(word)
        if key in self.lexicon.units:
            return self.lexicon.units[key]
        return self.lexicon.units.get(key.rstrip("s"))

    def number(self, words: str | None) -> float | None:
        """ "twenty four" → 24, "a hundred" → 100, "2.5" → 2.5, "2 1/2" → 2.5; None if unreadable."""
        if not words:
            return None
        key = (
            word_key(words.replace("-", " ")) if not words[:1].isdigit() else words.replace(",", "")
        )
        if m := _FRACTION.match(key):
            return int(m[1]) + 0.5
        try:
            return float(key)
        except ValueError:
            pass
        if key in self.lexicon.numbers:
            return float(self.lexicon.numbers[key])
        total, current = 0.0, 0.0
        for word in key.split():
            value = self.lexicon.numbers.get(word)
            if value is None:
                return None
            if value in (100, 1000) and word not in ("a", "an"):
                current = (current or 1) * value
            elif word in ("a", "an"):
                current += 0
            else:
                current += value
        total += current
        return total or None
