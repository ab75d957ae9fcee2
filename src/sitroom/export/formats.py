"""Render event JSON dicts (as the store returns them) in each export format.

The ACLED CSV uses ACLED's column names; fields sitroom does not code are left empty.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from ..errors import BadInput

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip


def _json(events: list[dict[str, Any]]) -> str:
    return json.dumps(events, ensure_ascii=False, indent=2)


def _jsonl(events: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)


def _actors(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [a for a in event.get("actors") or [] if a.get("role") == role]


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One ACLED-column row for an event dict; evidence words go to `notes`."""
    date = event.get("date") or {}
    loc = event.get("location") or {}
    fat = event.get("fatalities") or {}
    a1, a2 = _actors(event, "actor1"), _actors(event, "actor2")
    assoc = _actors(event, "assoc")
    outlets = sorted({r.get("outlet") for r in event.get("reports") or [] if r.get("outlet")})
    trigger = (event.get("trigger") or {}).get("text", "")
    return {
        "event_id_cnty": event["id"],
        "event_date": date.get("value", ""),
        "year": (date.get("value") or "")[:4],
        "time_precision": date.get("time_precision", ""),
        "event_type": event.get("event_type", ""),
        "sub_event_type": event.get("sub_event_type", ""),
        "actor1": a1[0]["name"] if a1 else "",
        "assoc_actor_1": "; ".join(a["name"] for a in assoc),
        "inter1": (a1[0].get("inter") or "") if a1 else "",
        "actor2": a2[0]["name"] if a2 else "",
        "inter2": (a2[0].get("inter") or "") if a2 else "",
        "civilian_targeting": "Civilian targeting"
        if any(a["name"].lower().startswith("civilians") for a in a2)
        else "",
        "iso": "",
        "country": loc.get("country", ""),
        "admin1": loc.get("admin1") or "",
        "location": loc.get("name", ""),
        "latitude": loc.get("lat", ""),
        "longitude": loc.get("lon", ""),
        "geo_precision": loc.get("geo_precision", ""),
        "source": "; ".join(outlets),
        "notes": trigger,
        "fatalities": fat.get("value", 0) if fat else 0,
    }


def _acled(events: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(acled_row(event))
    return buffer.getvalue()


def _geojson(events: list[dict[str, Any]]) -> str:
    features = []
    for event in events:
        loc = event.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": event,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _plover(events: list[dict[str, Any]]) -> str:
    """PLOVER-style records: event type, actors, location and date with sitroom's evidence."""
    out = []
    for event in events:
        a1, a2 = _actors(event, "actor1"), _actors(event, "actor2")
        date = event.get("date") or {}
        loc = event.get("location") or {}
        out.append(
            {
                "id": event["id"],
                "date": date.get("value"),
                "event": event.get("plover"),
                "mode": event.get("sub_event_type"),
                "actor": a1[0]["name"] if a1 else None,
                "recipient": a2[0]["name"] if a2 else None,
                "geolocation": {
                    "name": loc.get("name"),
                    "lat": loc.get("lat"),
                    "lon": loc.get("lon"),
                },
                "fatalities": (event.get("fatalities") or {}).get("value"),
                "flags": event.get("flags"),
                "evidence": event.get("trigger"),
            }
        )
    return json.dumps(out, ensure_ascii=False, indent=2)


FORMATS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "json": _json,
    "jsonl": _jsonl,
    "csv": _acled,
    "acled": _acled,
    "geojson": _geojson,
    "plover": _plover,
}


def render_events(events: list[dict[str, Any]], fmt: str) -> str:
    try:
        return FORMATS[fmt](events)
    except KeyError:
        raise BadInput(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
