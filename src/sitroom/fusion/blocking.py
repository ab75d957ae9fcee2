"""Blocking: which stored reports a new one is compared with, and hard gates no score overrides.

Keys are (date bucket, country, admin1); a lookup touches only the keys of one report's dates.
"""

from __future__ import annotations

import datetime as dt

from .config import BlockingConfig, FusionConfig
from .records import EventReport
from .scoring import date_gap, distance_km
from .sql import Conn

_CHUNK = 900


def _buckets(low: dt.date, high: dt.date, *, config: BlockingConfig) -> list[str]:
    """Week buckets of an interval; a wide interval (month precision) gets month keys instead."""
    first, last = low.toordinal() // config.bucket_days, high.toordinal() // config.bucket_days
    if last - first < config.max_buckets:
        return [f"d{b}" for b in range(first, last + 1)]
    months = (high.year - low.year) * 12 + high.month - low.month
    if months > 1:  # a year-precision date tells nothing about which event it is
        return []
    return sorted({f"m{low:%Y-%m}", f"m{high:%Y-%m}"})


def _place(report: EventReport) -> tuple[str, str]:
    return (report.country or "").upper(), (report.admin1 or "").lower()


def index_keys(report: EventReport, *, config: BlockingConfig) -> list[str]:
    """The keys a report is stored under."""
    interval = report.interval
    if interval is None:
        return []
    country, admin1 = _place(report)
    return [f"{b}|{country}|{admin1}" for b in _buckets(*interval, config=config)]


def lookup(conn: Conn, report: EventReport, *, config: BlockingConfig) -> list[str]:
    """Event ids stored under keys this report could share (its dates widened by the gap limit)."""
    interval = report.interval
    if interval is None:
        return []
    gap = dt.timedelta(days=config.max_gap_days)
    low, high = interval[0] - gap, interval[1] + gap
    buckets = set(_buckets(low, high, config=config))
    if interval[1] - interval[0] < dt.timedelta(days=config.bucket_days * config.max_buckets):
        buckets |= {f"m{low:%Y-%m}", f"m{high:%Y-%m}"}  # month-precision reports of these dates
    country, admin1 = _place(report)
    exact: list[str] = []
    prefixes: list[str] = []
    for b in sorted(buckets):
        if not country:
            prefixes.append(f"{b}|")  # unlocated: anything in these dates
        elif not admin1:
            prefixes.append(f"{b}|{country}|")
        else:
            exact += [f"{b}|{country}|{admin1}", f"{b}|{country}|"]
    if country:
        exact += [f"{b}||" for b in buckets]
    found: dict[str, None] = {}
    for i in range(0, len(exact), _CHUNK):
        part = exact[i : i + _CHUNK]
        marks = ",".join("?" * len(part))
        for (event_id,) in conn.execute(
            f"SELECT event_id FROM fusion_blocks WHERE key IN ({marks})", part
        ):
            found[event_id] = None
    for prefix in prefixes:
        for (event_id,) in conn.execute(
            "SELECT event_id FROM fusion_blocks WHERE key >= ? AND key < ?",
            (prefix, prefix + "\uffff"),
        ):
            found[event_id] = None
    found.pop(report.event_id, None)
    return list(found)


def compatible(a: EventReport, b: EventReport, *, config: FusionConfig) -> bool:
    """Hard gates: compatible types, dates within the gap, same country, places within reach."""
    if not config.types_compatible(a.event_type, b.event_type):
        return False
    limits = config.blocking
    gap = date_gap(a, b)
    if gap is None or gap > limits.max_gap_days:
        return False
    if a.country and b.country and a.country.upper() != b.country.upper():
        return False
    if a.located and b.located:
        return distance_km(a, b) <= limits.max_km
    # One unlocated: different known first-order divisions still tell two events apart.
    return not (a.admin1 and b.admin1 and a.admin1.lower() != b.admin1.lower())
