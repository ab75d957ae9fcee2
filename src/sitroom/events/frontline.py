"""Sides of a front line: where a report of fire names no initiator, the side holding the place is
the target and the other side the initiator (data/event_places.yaml, `front_lines`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ..data import load_table


@dataclass(frozen=True, slots=True)
class FrontLine:
    country: str
    max_km: float
    holders: tuple[tuple[str, float, float], ...]  # (side, lat, lon) of places each side holds


@cache
def front_lines() -> tuple[FrontLine, ...]:
    raw = load_table("event_places").get("front_lines") or []
    out = []
    for line in raw:
        holders = tuple(
            (side, float(lat), float(lon))
            for side, points in line["sides"].items()
            for lat, lon in points
        )
        out.append(FrontLine(line["country"], float(line["max_km"]), holders))
    return tuple(out)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def sides_at(country: str | None, lat: float | None, lon: float | None) -> tuple[str, str] | None:
    """(initiator, target) for unattributed fire at a place near a known front line, else None."""
    if country is None or lat is None or lon is None:
        return None
    for line in front_lines():
        if line.country != country:
            continue
        km, holder = min((_km(lat, lon, la, lo), side) for side, la, lo in line.holders)
        others = {side for side, _, _ in line.holders} - {holder}
        if km <= line.max_km and len(others) == 1:
            return others.pop(), holder
    return None
