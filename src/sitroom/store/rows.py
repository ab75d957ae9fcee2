"""Turns an `Analysis` into the rows the store writes, and checks every evidence span on the way.

Kept apart from the SQL so that the evidence rules are one readable place, independent of a backend.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidAnalysis
from ..records import Analysis, Attribution, Event, Evidence, stable_id


@dataclass(slots=True)
class EvidenceRow:
    owner_kind: str  # event | attribution | place | timex
    owner_id: str
    field: str  # event_type | actor | location | date | fatalities | speaker | cue | content | toponym | timex
    evidence: Evidence


@dataclass(slots=True)
class AnalysisRows:
    """Everything one `save` writes, already serialized."""

    events: list[tuple[Any, ...]] = field(default_factory=list)
    attributions: list[tuple[Any, ...]] = field(default_factory=list)
    places: list[tuple[Any, ...]] = field(default_factory=list)
    timexes: list[tuple[Any, ...]] = field(default_factory=list)
    evidence: list[EvidenceRow] = field(default_factory=list)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def event_evidence(event: Event) -> Iterable[tuple[str, Evidence]]:
    """(field, evidence) for every field of an event, in display order."""
    yield "event_type", event.trigger
    for actor in event.actors:
        for ev in actor.evidence:
            yield "actor", ev
    if event.location is not None:
        for ev in event.location.evidence:
            yield "location", ev
    if event.date is not None:
        for ev in event.date.evidence:
            yield "date", ev
    if event.fatalities is not None:
        for ev in event.fatalities.evidence:
            yield "fatalities", ev


def attribution_evidence(attribution: Attribution) -> Iterable[tuple[str, Evidence]]:
    if attribution.speaker is not None:
        for ev in attribution.speaker.evidence:
            yield "speaker", ev
    if attribution.cue is not None:
        yield "cue", attribution.cue
    yield "content", attribution.content
    if attribution.date is not None:
        for ev in attribution.date.evidence:
            yield "date", ev


def event_json(event: Event, analysis: Analysis) -> dict[str, Any]:
    """The event JSON, with the analysed article as its report when the event names none."""
    data = event.to_dict()
    if not data.get("reports"):
        a = analysis.article
        data["reports"] = [
            {"article_id": a.id, "url": a.url, "outlet": a.outlet, "published": _iso(a.published)}
        ]
    return data


def build_rows(analysis: Analysis, *, text_of: Callable[[str], str | None]) -> AnalysisRows:
    """Serialize an analysis; `text_of(article_id)` gives the stored text of other articles.

    Raises `InvalidAnalysis` for a span that is out of range or whose text differs from the article's.
    """
    article = analysis.article
    rows = AnalysisRows()
    seen: set[tuple[str, str]] = set()

    def owner(kind: str, owner_id: str) -> None:
        if (kind, owner_id) in seen:
            raise InvalidAnalysis(f"article {article.id}: duplicate {kind} id {owner_id}")
        seen.add((kind, owner_id))

    for event in analysis.events:
        owner("event", event.id)
        data = event_json(event, analysis)
        loc = event.location
        rows.events.append(
            (
                event.id,
                article.id,
                event.event_type,
                event.sub_event_type,
                _iso(event.date.value) if event.date else None,
                loc.lat if loc else None,
                loc.lon if loc else None,
                float(event.confidence),
                int(event.flags.negated),
                int(event.flags.hypothetical),
                int(event.flags.historical),
                json.dumps(data, ensure_ascii=False),
            )
        )
        rows.evidence += [EvidenceRow("event", event.id, f, ev) for f, ev in event_evidence(event)]

    for attribution in analysis.attributions:
        owner("attribution", attribution.id)
        data = attribution.to_dict()
        rows.attributions.append(
            (
                attribution.id,
                article.id,
                attribution.content.start,
                json.dumps(data, ensure_ascii=False),
            )
        )
        rows.evidence += [
            EvidenceRow("attribution", attribution.id, f, ev)
            for f, ev in attribution_evidence(attribution)
        ]

    for place in analysis.places:
        top = place.toponym
        place_id = stable_id(article.id, "place", top.start, top.end)
        owner("place", place_id)
        c = place.chosen
        rows.places.append(
            (
                place_id,
                article.id,
                top.start,
                top.end,
                top.text,
                c.name if c else None,
                c.geonameid if c else None,
                c.lat if c else None,
                c.lon if c else None,
                c.country if c else None,
                c.admin1 if c else None,
                c.feature_class if c else None,
                c.feature_code if c else None,
                place.geo_precision,
                float(place.confidence),
            )
        )
        span = Evidence(article.id, top.start, top.end, top.text)
        rows.evidence.append(EvidenceRow("place", place_id, "toponym", span))

    for timex in analysis.times:
        timex_id = stable_id(article.id, "timex", timex.start, timex.end)
        owner("timex", timex_id)
        rows.timexes.append(
            (
                timex_id,
                article.id,
                timex.start,
                timex.end,
                timex.text,
                timex.type,
                timex.value,
                _iso(timex.earliest),
                _iso(timex.latest),
                timex.precision,
                timex.confidence,
                timex.rule,
            )
        )
        span = Evidence(article.id, timex.start, timex.end, timex.text)
        rows.evidence.append(EvidenceRow("timex", timex_id, "timex", span))

    check_spans(rows.evidence, article_id=article.id, article_text=article.text, text_of=text_of)
    return rows


def check_spans(
    rows: Iterable[EvidenceRow],
    *,
    article_id: str,
    article_text: str,
    text_of: Callable[[str], str | None],
) -> None:
    """Every span must satisfy `text[start:end] == evidence.text` on the article it names."""
    texts: dict[str, str | None] = {article_id: article_text}
    for row in rows:
        ev = row.evidence
        if ev.article_id not in texts:
            texts[ev.article_id] = text_of(ev.article_id)
        text = texts[ev.article_id]
        where = f"{row.owner_kind} {row.owner_id} field {row.field}"
        if text is None:
            raise InvalidAnalysis(f"{where}: evidence points into unknown article {ev.article_id}")
        if not (0 <= ev.start <= ev.end <= len(text)) or text[ev.start : ev.end] != ev.text:
            raise InvalidAnalysis(
                f"{where}: evidence [{ev.start}:{ev.end}] {ev.text!r} does not match "
                f"article {ev.article_id} text {text[max(ev.start, 0) : max(ev.end, 0)]!r}"
            )
