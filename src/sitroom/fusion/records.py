"""Typed records of fusion: one event report as fusion sees it, and the fused event with its conflicts.

`EventReport.from_event` reads the DESIGN event JSON plus its article's row and stored text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .config import FusionConfig

_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def sentence_around(text: str, start: int, end: int, *, limit: int) -> str:
    """The sentence holding text[start:end] (cut at sentence ends), at most `limit` characters."""
    left = max(0, start - limit // 2)
    before = text[left:start]
    cuts = list(_SENTENCE_END.finditer(before))
    begin = left + cuts[-1].end() if cuts else left
    after = text[end : end + limit // 2]
    stop = _SENTENCE_END.search(after)
    finish = end + (stop.start() + 1 if stop else len(after))
    return text[begin:finish].strip()


def preceded_by(text: str, start: int, words: tuple[str, ...]) -> bool:
    """Whether one of `words` (longest first) stands right before position `start`."""
    head = text[max(0, start - 40) : start].lower().rstrip()
    for phrase in words:
        if head.endswith(phrase) and (
            len(head) == len(phrase) or not head[-len(phrase) - 1].isalnum()
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class EventReport:
    """One machine event of one article, with what blocking, scoring and reconciliation read."""

    event_id: str
    article_id: str
    event_type: str
    sub_event_type: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    actors: tuple[str, ...] = ()
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    geo_precision: int | None = None
    date_value: dt.date | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    time_precision: int | None = None
    fatalities: int | None = None
    text: str = ""  # the event's sentence
    anaphoric: bool = False  # its trigger refers back ("the attack")
    confidence: float = 0.5

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def interval(self) -> tuple[dt.date, dt.date] | None:
        low = self.earliest or self.date_value or self.published
        high = self.latest or self.date_value or self.published
        return (low, high) if low and high else None

    @staticmethod
    def from_event(
        event: dict[str, Any], *, article: dict[str, Any], text: str, config: FusionConfig
    ) -> EventReport:
        """From the DESIGN event JSON, its article row (outlet, url, published) and stored text."""
        loc = event.get("location") or {}
        date = event.get("date") or {}
        deaths = event.get("fatalities") or {}
        trigger = event.get("trigger") or {}
        start, end = int(trigger.get("start", 0)), int(trigger.get("end", 0))
        if not trigger:  # no trigger stored: the first evidence span of the date or place
            spans = (date.get("evidence") or []) + (loc.get("evidence") or [])
            if spans:
                start, end = int(spans[0]["start"]), int(spans[0]["end"])
        return EventReport(
            event_id=str(event["id"]),
            article_id=str(event.get("article_id") or article["id"]),
            event_type=str(event.get("event_type") or ""),
            sub_event_type=event.get("sub_event_type"),
            outlet=article.get("outlet"),
            url=article.get("url"),
            published=_day(article.get("published")),
            actors=tuple(a["name"] for a in event.get("actors") or [] if a.get("name")),
            place_name=loc.get("name"),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            admin1=loc.get("admin1"),
            country=loc.get("country"),
            geo_precision=loc.get("geo_precision"),
            date_value=_day(date.get("value")),
            earliest=_day(date.get("earliest")),
            latest=_day(date.get("latest")),
            time_precision=date.get("time_precision"),
            fatalities=deaths.get("value") if deaths else None,
            text=sentence_around(text, start, end, limit=config.text.sentence_chars),
            anaphoric=preceded_by(text, start, config.anaphora),
            confidence=float(event.get("confidence") or 0.5),
        )


@dataclass(frozen=True, slots=True)
class ArticleCopy:
    """An article found to be a near-duplicate of an earlier one (not an independent source)."""

    article_id: str
    original_id: str
    jaccard: float


@dataclass(slots=True)
class SourceValue:
    """One value of a field and the reports that gave it."""

    value: Any
    article_ids: list[str]
    outlets: list[str | None]


@dataclass(slots=True)
class FieldConflict:
    """A field the reports disagree on: every value with its sources, and the one kept."""

    field: str
    values: list[SourceValue]
    kept: Any
    rule: str


@dataclass(slots=True)
class FusedEvent:
    """One real-world event: its reports, reconciled fields and the conflicts between reports."""

    id: str
    members: list[str]  # event ids
    reports: list[dict[str, Any]]
    independent_sources: int
    event_type: str
    sub_event_type: str | None
    location: dict[str, Any] | None
    date: dict[str, Any] | None
    fatalities: dict[str, Any] | None
    actors: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The fused event JSON: event-like fields plus reports, sources and conflicts."""
        data = asdict(self)
        data["conflicts"] = [
            {
                "field": c.field,
                "kept": c.kept,
                "rule": c.rule,
                "values": [
                    {"value": v.value, "article_ids": v.article_ids, "outlets": v.outlets}
                    for v in c.values
                ],
            }
            for c in self.conflicts
        ]
        return data
