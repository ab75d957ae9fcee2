"""Interval arithmetic for dating events against other dates: offsets ("two days after"), windows
("before they captured ..."), spans of years back from the publication date, and ACLED precision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import load_table
from .calendar import add_months, add_years

_OFFSET = re.compile(r"^P(T?)(\d+(?:\.\d+)?|X)([YMWDH])$")


@dataclass(frozen=True, slots=True)
class DatingRules:
    """data/time_dating.yaml, loaded once."""

    clause_deps: frozenset[str]
    relations: dict[str, int]
    relation_window: int
    sub_day_window: int
    past_perfect_window: int
    fallback_window: int
    lead_sentences: int
    lookback: int
    min_year: int
    half_width: int
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def load_dating_rules() -> DatingRules:
    raw: dict[str, Any] = load_table("time_dating")
    return DatingRules(
        clause_deps=frozenset(raw["clause_deps"]),
        relations={str(k).lower(): int(v) for k, v in raw["relations"].items()},
        relation_window=int(raw["relation_window_days"]),
        sub_day_window=int(raw["sub_day_window_days"]),
        past_perfect_window=int(raw["past_perfect_window_days"]),
        fallback_window=int(raw["fallback_window_days"]),
        lead_sentences=int(raw["lead_sentences"]),
        lookback=int(raw["narrative_lookback"]),
        min_year=int(raw["min_year"]),
        half_width=int(raw["historical_half_width_days"]),
        confidence={str(k): float(v) for k, v in raw["confidence"].items()},
    )


@dataclass(frozen=True, slots=True)
class Offset:
    """A TIMEX3 duration read as a distance: amount None when vague ("hours" → PTXH)."""

    amount: float | None
    unit: str  # Y M W D (calendar) or H (hours and minutes)


def parse_offset(value: str | None) -> Offset | None:
    """ "P2D" → 2 days, "PTXH" → some hours, "PT30M" → minutes (unit H); None if not a duration."""
    m = _OFFSET.match(value or "")
    if not m:
        return None
    amount = None if m[2] == "X" else float(m[2])
    unit = m[3]
    if m[1] == "T":  # clock units: hours, or minutes written PTnM
        if unit == "H" and amount is not None and amount >= 24:
            return Offset(amount / 24, "D")
        return Offset(amount, "H") if unit in ("H", "M") else None
    return Offset(amount, unit)


def precision_for(earliest: dt.date, latest: dt.date, *, at_least: int = 1) -> int:
    """ACLED time_precision of an interval: one day 1, up to a week 2, wider 3."""
    days = (latest - earliest).days
    own = 1 if days <= 0 else 2 if days <= 7 else 3
    return max(own, at_least)


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "Y":
        return add_years(day, amount)
    if unit == "M":
        return add_months(day, amount)
    return day + dt.timedelta(days=amount * (7 if unit == "W" else 1))


def relative_interval(
    value: dt.date,
    earliest: dt.date,
    latest: dt.date,
    *,
    sign: int,
    offset: Offset | None,
    rules: DatingRules,
) -> tuple[dt.date, dt.date, dt.date]:
    """(value, earliest, latest) of an event `sign` (-1 before, +1 after) of another event dated
    (value, earliest, latest), `offset` away when known."""
    if offset is not None and offset.unit == "H":  # "hours before": that day or the one next to it
        width = dt.timedelta(days=rules.sub_day_window)
        if sign < 0:
            return value, earliest - width, latest
        return value, earliest, latest + width
    if offset is not None and offset.amount is not None and offset.amount == int(offset.amount):
        n = sign * int(offset.amount)
        return (
            _shift(value, n, offset.unit),
            _shift(earliest, n, offset.unit),
            _shift(latest, n, offset.unit),
        )
    width = dt.timedelta(days=rules.relation_window)
    if offset is not None:  # "days before", "weeks after": one such unit at least, a few at most
        unit_days = {"D": 1, "W": 7, "M": 30, "Y": 365}.get(offset.unit, 1)
        width = dt.timedelta(days=max(rules.relation_window, 3 * unit_days))
    step = dt.timedelta(days=1)
    if sign < 0:
        return max(earliest - step, earliest - width), earliest - width, latest
    return min(latest + step, latest + width), earliest, latest + width


def years_back(published: dt.date, years: float, *, rules: DatingRules) -> tuple[dt.date, ...]:
    """(value, earliest, latest) of an event `years` before publication, a year-wide interval."""
    whole = int(years)
    value = (
        add_months(published, -round(12 * years))
        if years != whole
        else add_years(published, -whole)
    )
    half = dt.timedelta(days=rules.half_width)
    return value, value - half, min(value + half, published)
