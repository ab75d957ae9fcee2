"""`sitroom bench fusion`: time to fuse synthetic stores of growing size, and to add one article to each.

Sizes 1k, 10k, 100k events by default (`--n` of 1000 or more: n/100, n/10, n); the last line is JSON.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..records import stable_id
from ..store.migrations import migrate
from . import tables as tables  # registers the migration
from .cluster import FusionEngine
from .records import EventReport

TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
]
WORDS = "market town road village convoy checkpoint base camp bridge school clinic mosque".split()
ADDS = 20  # single-article additions timed per size (median reported)


def _regions(rng: random.Random) -> list[tuple[str, str, float, float]]:
    """40 countries x 15 first-order divisions with a centre each."""
    return [
        (
            f"C{c:02d}"[:2] + str(c % 10),
            f"region-{c}-{a}",
            rng.uniform(-40, 60),
            rng.uniform(-20, 120),
        )
        for c in range(40)
        for a in range(15)
    ]


def synthetic_reports(n: int, *, seed: int = 7) -> list[EventReport]:
    """`n` reports of about n/2 real events (1-3 reports each), spread over 5 years and 600 regions."""
    rng = random.Random(seed)
    regions = _regions(rng)
    start = dt.date(2019, 1, 1)
    reports: list[EventReport] = []
    k = 0
    while len(reports) < n:
        country, admin1, lat, lon = rng.choice(regions)
        lat, lon = lat + rng.uniform(-0.5, 0.5), lon + rng.uniform(-0.5, 0.5)
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        kind, sub = rng.choice(TYPES)
        place = f"{rng.choice(WORDS)} of {admin1}"
        deaths = rng.randrange(0, 30)
        for r in range(rng.choice((1, 1, 2, 3))):
            shift = dt.timedelta(days=rng.choice((0, 0, 1)))
            text = (
                f"A {sub.lower()} hit the {place} on day {day:%d %B}, "
                f"{rng.choice(WORDS)} witnesses said, and {deaths + r} people were killed."
            )
            reports.append(
                EventReport(
                    event_id=stable_id("bench", k, r),
                    article_id=stable_id("bench-article", k, r),
                    event_type=kind,
                    sub_event_type=sub,
                    outlet=f"outlet{r}",
                    published=day + shift,
                    place_name=place,
                    lat=lat,
                    lon=lon,
                    admin1=admin1,
                    country=country,
                    geo_precision=1,
                    date_value=day,
                    earliest=day,
                    latest=day,
                    time_precision=1,
                    fatalities=deaths + r,
                    text=text,
                )
            )
        k += 1
    return reports[:n]


def _to_event(report: EventReport) -> dict[str, Any]:
    """The event JSON a store would hand over for a synthetic report."""
    day = report.date_value.isoformat() if report.date_value else None
    return {
        "id": report.event_id,
        "article_id": report.article_id,
        "event_type": report.event_type,
        "sub_event_type": report.sub_event_type,
        "confidence": 0.8,
        "trigger": {"start": 0, "end": 1},
        "location": {
            "name": report.place_name,
            "lat": report.lat,
            "lon": report.lon,
            "admin1": report.admin1,
            "country": report.country,
            "geo_precision": 1,
        },
        "date": {"value": day, "earliest": day, "latest": day, "time_precision": 1},
        "fatalities": {"value": report.fatalities},
    }


def _measure(size: int, folder: Path) -> dict[str, Any]:
    conn = sqlite3.connect(folder / f"fusion-{size}.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    migrate(conn)
    reports = sorted(synthetic_reports(size + ADDS), key=lambda r: (r.date_value, r.event_id))
    rng = random.Random(size)
    extra = set(rng.sample(range(len(reports)), ADDS))
    store = [r for i, r in enumerate(reports) if i not in extra]
    started = time.perf_counter()
    conn.execute("BEGIN")
    engine = FusionEngine(conn)
    engine.add_reports(store)
    engine.finish()
    conn.execute("COMMIT")
    fuse_s = time.perf_counter() - started
    fused = int(conn.execute("SELECT count(*) FROM fusion_events").fetchone()[0])
    adds: list[float] = []
    for i in sorted(extra):
        report = reports[i]
        article = {
            "id": report.article_id,
            "outlet": report.outlet,
            "published": str(report.published),
        }
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        engine = FusionEngine(conn)
        engine.add_article(article, report.text, [_to_event(report)], pipeline_version="bench")
        engine.finish()
        conn.execute("COMMIT")
        adds.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return {
        "events": len(store),
        "fused_events": fused,
        "fuse_s": round(fuse_s, 2),
        "events_per_s": round(len(store) / fuse_s, 1),
        "add_article_ms_median": round(statistics.median(adds), 2),
        "add_article_ms_max": round(max(adds), 2),
    }


def run(*, corpus: Path | None = None, n: int = 0, quiet: bool = False) -> dict[str, Any]:
    """Fuse synthetic stores of three sizes; `corpus` is not used (the events are generated)."""
    sizes = [n // 100, n // 10, n] if n >= 1000 else [1_000, 10_000, 100_000]
    rows = []
    with tempfile.TemporaryDirectory(prefix="sitroom-fusion-bench-") as folder:
        for size in sizes:
            row = _measure(size, Path(folder))
            rows.append(row)
            if not quiet:
                print(
                    f"{row['events']:>8} events  fuse {row['fuse_s']:>8.2f} s"
                    f"  ({row['events_per_s']:>8.1f}/s)  fused {row['fused_events']:>7}"
                    f"  add one article {row['add_article_ms_median']:>6.2f} ms"
                    f" (max {row['add_article_ms_max']:.2f})",
                    file=sys.stderr,
                )
    base = rows[0]
    for row in rows:  # seconds per event relative to the smallest size: 1.0 = linear
        row["growth_vs_linear"] = round(
            (row["fuse_s"] / row["events"]) / (base["fuse_s"] / base["events"]), 2
        )
    return {
        "bench": "fusion",
        "sizes": rows,
        "add_article_ms_at_largest": rows[-1]["add_article_ms_median"],
    }
