"""Field reconciliation of a fused event: every report, independent sources, ranges and conflicts.

Rules: fatalities as low-high over sources; location from the most precise report; date = intersection.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from .records import EventReport, FieldConflict, FusedEvent, SourceValue
from .scoring import distance_km

# Stated date rule: the intersection of the reports' intervals when they all overlap (every report
# is right), else their union, with a conflict recorded.
DATE_RULE_AGREE = "intersection of the reports' date intervals"
DATE_RULE_DISAGREE = "union of the reports' date intervals (they do not all overlap)"
SAME_PLACE_KM = 5.0  # locations closer than this are one place named at two precisions


def _values(reports: list[EventReport], pick: Any, *, copies: dict[str, str]) -> list[SourceValue]:
    """Distinct values of a field with the reports giving each (copies count under their original)."""
    by_value: dict[Any, SourceValue] = {}
    for r in reports:
        value = pick(r)
        if value is None:
            continue
        entry = by_value.setdefault(value, SourceValue(value, [], []))
        if r.article_id not in entry.article_ids:
            entry.article_ids.append(r.article_id)
            entry.outlets.append(r.outlet)
    return sorted(
        by_value.values(),
        key=lambda v: (-len({copies.get(a, a) for a in v.article_ids}), str(v.value)),
    )


def _majority(values: list[SourceValue], field: str, conflicts: list[FieldConflict]) -> Any:
    if not values:
        return None
    kept = values[0].value  # sorted by independent support, then by value
    if len(values) > 1:
        conflicts.append(FieldConflict(field, values, kept, "most independent sources"))
    return kept


def _location(
    reports: list[EventReport], copies: dict[str, str], conflicts: list[FieldConflict]
) -> dict[str, Any] | None:
    located = [r for r in reports if r.located]
    if not located:
        return None
    # Most precise first (ACLED geo_precision 1 = the exact town), then better supported.
    support = Counter(r.place_name for r in located)
    best = min(located, key=lambda r: (r.geo_precision or 9, -support[r.place_name], r.event_id))
    far = [r for r in located if distance_km(r, best) > SAME_PLACE_KM]
    if far:
        values = _values(located, lambda r: r.place_name, copies=copies)
        conflicts.append(
            FieldConflict("location", values, best.place_name, "most precise location")
        )
    return {
        "name": best.place_name,
        "lat": best.lat,
        "lon": best.lon,
        "admin1": best.admin1,
        "country": best.country,
        "geo_precision": best.geo_precision,
        "from": best.article_id,
    }


def _date(
    reports: list[EventReport], copies: dict[str, str], conflicts: list[FieldConflict]
) -> dict[str, Any] | None:
    intervals = [(r, r.interval) for r in reports if r.interval]
    if not intervals:
        return None
    low = max(i[0] for _, i in intervals)
    high = min(i[1] for _, i in intervals)
    if low <= high:
        rule = DATE_RULE_AGREE
    else:
        low, high = min(i[0] for _, i in intervals), max(i[1] for _, i in intervals)
        rule = DATE_RULE_DISAGREE
        values = _values(
            [r for r, _ in intervals],
            lambda r: (r.date_value or r.interval[0]).isoformat(),  # type: ignore[index]
            copies=copies,
        )
        conflicts.append(FieldConflict("date", values, f"{low}/{high}", rule))
    exact = sorted(
        (r for r, _ in intervals if r.date_value and low <= r.date_value <= high),
        key=lambda r: (r.time_precision or 9, r.date_value),
    )
    value: dt.date = exact[0].date_value if exact else low  # type: ignore[assignment]
    return {
        "value": value.isoformat(),
        "earliest": low.isoformat(),
        "latest": high.isoformat(),
        "rule": rule,
    }


def _fatalities(
    reports: list[EventReport], copies: dict[str, str], conflicts: list[FieldConflict]
) -> dict[str, Any] | None:
    figures = [r for r in reports if r.fatalities is not None]
    if not figures:
        return None
    by_source = [
        {
            "article_id": r.article_id,
            "outlet": r.outlet,
            "value": r.fatalities,
            "copy_of": copies[r.article_id]
            if copies.get(r.article_id, r.article_id) != r.article_id
            else None,
        }
        for r in figures
    ]
    values = _values(figures, lambda r: r.fatalities, copies=copies)
    low, high = min(v.value for v in values), max(v.value for v in values)
    if len(values) > 1:
        conflicts.append(FieldConflict("fatalities", values, f"{low}-{high}", "range over sources"))
    return {"low": low, "high": high, "value": values[0].value, "by_source": by_source}


def reconcile(
    fused_id: str, reports: list[EventReport], *, originals: dict[str, str]
) -> FusedEvent:
    """One fused event from its member reports; `originals` maps copies to the article they copy."""
    conflicts: list[FieldConflict] = []
    ordered = sorted(reports, key=lambda r: (r.published or dt.date.max, r.article_id, r.event_id))
    listed: dict[str, dict[str, Any]] = {}
    for r in ordered:
        original = originals.get(r.article_id, r.article_id)
        listed.setdefault(
            r.article_id,
            {
                "article_id": r.article_id,
                "outlet": r.outlet,
                "published": r.published.isoformat() if r.published else None,
                "url": r.url,
                "copy_of": original if original != r.article_id else None,
            },
        )
    independent = len({originals.get(a, a) for a in listed})
    types = _values(reports, lambda r: r.event_type, copies=originals)
    event_type = _majority(types, "event_type", conflicts)
    subs = _values(
        [r for r in reports if r.event_type == event_type],
        lambda r: r.sub_event_type,
        copies=originals,
    )
    sub_type = _majority(subs, "sub_event_type", conflicts)
    actors: dict[str, list[str]] = defaultdict(list)
    for r in ordered:
        for name in r.actors:
            if r.article_id not in actors[name]:
                actors[name].append(r.article_id)
    return FusedEvent(
        id=fused_id,
        members=sorted(r.event_id for r in reports),
        reports=list(listed.values()),
        independent_sources=independent,
        event_type=event_type,
        sub_event_type=sub_type,
        location=_location(reports, originals, conflicts),
        date=_date(reports, originals, conflicts),
        fatalities=_fatalities(reports, originals, conflicts),
        actors=[{"name": n, "article_ids": a} for n, a in actors.items()],
        conflicts=conflicts,
    )
