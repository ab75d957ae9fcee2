"""Grounding: every field an LLM returns must be an exact span of the article, or it is dropped.

A span is kept when its text sits at the offsets given (into the chunk the model saw), or occurs
exactly once in that chunk (re-anchored there); otherwise it is rejected and counted by reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from ..data import load_table
from ..records import Article, Evidence
from .prompt import Chunk, RawAttribution, RawEvent, RawSpan

# Why a field was rejected (the keys of `GroundingStats.rejected`).
EMPTY = "empty"  # no text
NOT_IN_TEXT = "not_in_text"  # the text occurs nowhere in the chunk
AMBIGUOUS = "ambiguous"  # wrong offsets and the text occurs more than once: cannot re-anchor
VALUE_NOT_IN_SPAN = "value_not_in_span"  # a fatality count its span does not say
UNKNOWN_TYPE = "unknown_type"  # a sub-event type outside the taxonomy
WITH_RECORD = "with_record"  # a grounded field of a record whose anchor span was rejected


@dataclass(slots=True)
class GroundingStats:
    """Per-field outcomes: each returned field is counted exactly once, as grounded or rejected."""

    fields: int = 0
    exact: int = 0  # text found at the offsets given
    reanchored: int = 0  # wrong offsets, text unique in the chunk
    rejected: Counter[str] = field(default_factory=Counter)
    records_kept: int = 0
    records_dropped: int = 0

    @property
    def grounded(self) -> int:
        return self.exact + self.reanchored

    @property
    def ungrounded(self) -> int:
        return sum(self.rejected.values())

    def merge(self, other: GroundingStats) -> None:
        self.fields += other.fields
        self.exact += other.exact
        self.reanchored += other.reanchored
        self.rejected.update(other.rejected)
        self.records_kept += other.records_kept
        self.records_dropped += other.records_dropped

    def as_dict(self) -> dict[str, object]:
        return {
            "fields": self.fields,
            "grounded": self.grounded,
            "exact": self.exact,
            "reanchored": self.reanchored,
            "ungrounded": self.ungrounded,
            "rejected": dict(sorted(self.rejected.items())),
            "records_kept": self.records_kept,
            "records_dropped": self.records_dropped,
        }


@dataclass(slots=True)
class GroundedEvent:
    sub_event_type: str
    trigger: Evidence
    actor1: Evidence | None
    actor2: Evidence | None
    location: Evidence | None
    date: Evidence | None
    fatalities: tuple[int, Evidence] | None
    negated: bool
    hypothetical: bool
    confidence: float | None


@dataclass(slots=True)
class GroundedAttribution:
    speaker: Evidence | None
    cue: Evidence | None
    content: Evidence
    direct: bool


_Outcome = tuple[Evidence, bool] | str  # (evidence, exact?) or the reason it was rejected
# The sub-event type is a field too, grounded through the trigger: a known type counts as exact.
_TYPE_OK: _Outcome = (Evidence("", 0, 0, ""), True)


class Grounder:
    """Grounds the raw items of one chunk of one article, counting every field's outcome once."""

    def __init__(self, article: Article, chunk: Chunk, *, sub_event_types: frozenset[str]) -> None:
        self.article = article
        self.chunk = chunk
        self.sub_event_types = sub_event_types
        self.stats = GroundingStats()

    def event(self, raw: RawEvent) -> GroundedEvent | None:
        outcomes: dict[str, _Outcome] = {
            "sub_event_type": _TYPE_OK
            if raw.sub_event_type in self.sub_event_types
            else UNKNOWN_TYPE
        }
        for name in ("trigger", "actor1", "actor2", "location", "date"):
            span = getattr(raw, name)
            if span is not None:
                outcomes[name] = self._locate(span)
        if raw.fatalities is not None:
            outcome = self._locate(raw.fatalities)
            if not isinstance(outcome, str):
                value = raw.fatalities.value
                if value < 0 or value not in numbers_in(outcome[0].text):
                    outcome = VALUE_NOT_IN_SPAN
            outcomes["fatalities"] = outcome
        kept = self._count(outcomes, anchors=("sub_event_type", "trigger"))
        if kept is None:
            return None
        fatalities = kept.get("fatalities")
        return GroundedEvent(
            sub_event_type=raw.sub_event_type,
            trigger=kept["trigger"],
            actor1=kept.get("actor1"),
            actor2=kept.get("actor2"),
            location=kept.get("location"),
            date=kept.get("date"),
            fatalities=(raw.fatalities.value, fatalities)
            if fatalities is not None and raw.fatalities is not None
            else None,
            negated=raw.negated,
            hypothetical=raw.hypothetical,
            confidence=raw.confidence,
        )

    def attribution(self, raw: RawAttribution) -> GroundedAttribution | None:
        outcomes: dict[str, _Outcome] = {"content": self._locate(raw.content)}
        for name in ("speaker", "cue"):
            span = getattr(raw, name)
            if span is not None:
                outcomes[name] = self._locate(span)
        kept = self._count(outcomes, anchors=("content",))
        if kept is None:
            return None
        return GroundedAttribution(
            kept.get("speaker"), kept.get("cue"), kept["content"], raw.direct
        )

    def _locate(self, raw: RawSpan) -> _Outcome:
        where = locate(raw, self.chunk)
        if isinstance(where, str):
            return where
        start, end, exact = where
        evidence = Evidence.of(self.article, self.chunk.start + start, self.chunk.start + end)
        if evidence.text != raw.text:  # the promise itself; cannot happen after `locate`
            return NOT_IN_TEXT
        return evidence, exact

    def _count(
        self, outcomes: dict[str, _Outcome], *, anchors: tuple[str, ...]
    ) -> dict[str, Evidence] | None:
        """Count each field once; the record lives only when all its anchor fields are grounded."""
        alive = all(not isinstance(outcomes.get(a, EMPTY), str) for a in anchors)
        kept: dict[str, Evidence] = {}
        for name, outcome in outcomes.items():
            self.stats.fields += 1
            if isinstance(outcome, str):
                self.stats.rejected[outcome] += 1
            elif not alive:
                self.stats.rejected[WITH_RECORD] += 1
            else:
                evidence, exact = outcome
                if exact:
                    self.stats.exact += 1
                else:
                    self.stats.reanchored += 1
                kept[name] = evidence
        if alive:
            self.stats.records_kept += 1
            return kept
        self.stats.records_dropped += 1
        return None


def locate(raw: RawSpan, chunk: Chunk) -> tuple[int, int, bool] | str:
    """(start, end, exact?) in chunk coordinates, or the reason the span cannot be grounded."""
    text = raw.text
    if not text or not text.strip():
        return EMPTY
    start, end = raw.start, raw.end
    if start is not None and end is not None and 0 <= start < end <= len(chunk.text):
        if chunk.text[start:end] == text:
            return start, end, True
    if start is not None and end is not None and chunk.start <= start < end <= chunk.end:
        local = start - chunk.start  # offsets into the whole article, as some models give
        if chunk.text[local : local + len(text)] == text and end - start == len(text):
            return local, local + len(text), True
    first = chunk.text.find(text)
    if first < 0:
        return NOT_IN_TEXT
    if chunk.text.find(text, first + 1) >= 0:
        return AMBIGUOUS
    return first, first + len(text), False


_DIGITS = re.compile(r"\d[\d,.]*")


@cache
def _number_words() -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in load_table("llm_prompt")["number_words"].items()}


def numbers_in(text: str) -> set[int]:
    """The counts a span spells: digit groups ("1,200") and number words ("twelve", "a dozen")."""
    found: set[int] = set()
    for match in _DIGITS.finditer(text):
        digits = match.group(0).rstrip(".,").replace(",", "")
        if digits.isdigit():
            found.add(int(digits))
    lowered = f" {text.lower()} "
    for word, value in _number_words().items():
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            found.add(value)
    if not found and re.search(r"\b(no one|nobody|none)\b", lowered):
        found.add(0)
    return found
