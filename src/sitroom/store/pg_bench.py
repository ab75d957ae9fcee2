"""`sitroom bench postgis`: the API's bbox query over N synthetic events (default 1M) in PostGIS,
loaded with COPY into a throwaway cluster (or $SITROOM_TEST_PG_DSN); p50/p95/max over random boxes.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..api.bench import fill, synthetic_events

QUERIES = 300  # random boxes timed per backend
SQLITE_MAX = (
    1_000_000  # the SQLite comparison runs up to this many events (set 0 in the env to skip)
)


def fill_pg(dsn: str, n: int) -> None:
    """COPY `n` events (and their articles) into a fresh store; indexes rebuilt after the load."""
    from .postgres import EVENT_COLUMNS, PostgresStore

    with PostgresStore(dsn) as store, store.connection() as conn:
        articles = max(1, n // 100)
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'"
            " AND schemaname = current_schema() AND indexname != 'events_pkey'"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        with conn.cursor() as cur:
            with cur.copy("COPY articles (id, text, status, ingested_at) FROM STDIN") as copy:
                for i in range(articles):
                    copy.write_row((f"a{i:07d}", f"article {i}", "ok", "2024-01-01"))
            with cur.copy(f"COPY events ({EVENT_COLUMNS}) FROM STDIN") as copy:
                for row in synthetic_events(n, articles):
                    copy.write_row(row)
        conn.commit()
        for _, definition in indexes:
            conn.execute(definition)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE events")  # what autovacuum does after a bulk load
        conn.execute("ANALYZE articles")
        conn.autocommit = False


def _boxes(count: int, *, seed: int = 11) -> list[str]:
    """Map views: 1 to 10 degrees a side, anywhere over the events' region."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        w, h = rng.uniform(1, 10), rng.uniform(1, 10)
        west, south = rng.uniform(-18, 52 - w), rng.uniform(-35, 37 - h)
        out.append(f"{west:.3f},{south:.3f},{west + w:.3f},{south + h:.3f}")
    return out


def time_bbox(dsn: str, *, count: int = QUERIES) -> dict[str, Any]:
    """GET /api/events?bbox=... (a page of 100 and the total) through the app, in process."""
    from fastapi.testclient import TestClient

    from ..api import create_app

    app = create_app(dsn, read_only=True)
    client = TestClient(app)
    boxes = _boxes(count)
    for box in boxes[:5]:  # warm-up: plans, caches, the pool
        client.get(f"/api/events?limit=100&bbox={box}").raise_for_status()
    timings, totals = [], []
    for box in boxes:
        t0 = time.perf_counter()
        resp = client.get(f"/api/events?limit=100&bbox={box}")
        timings.append((time.perf_counter() - t0) * 1000)
        resp.raise_for_status()
        totals.append(resp.json()["total"])
    backend = app.state.backend
    if getattr(backend, "postgres", False):
        backend.close()
    timings.sort()
    return {
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "max_ms": round(timings[-1], 2),
        "median_matches": int(statistics.median(totals)),
    }


@contextmanager
def _server() -> Iterator[tuple[str, str]]:
    """A database to fill: a fresh schema on $SITROOM_TEST_PG_DSN, else a throwaway cluster."""
    given = os.environ.get("SITROOM_TEST_PG_DSN")
    if not given:
        from .pg_cluster import throwaway_cluster

        with throwaway_cluster() as dsn:
            yield dsn, "throwaway cluster"
        return
    from .pg_cluster import scratch_schema

    with scratch_schema(given, prefix="bench") as scoped:
        yield scoped, "SITROOM_TEST_PG_DSN"


def run(*, corpus: Path | None = None, n: int | None = None, quiet: bool = True) -> dict[str, Any]:
    del corpus  # synthetic events: the timing should not depend on the pipeline's output
    events = n or 1_000_000
    result: dict[str, Any] = {"events": events, "page": 100}
    with _server() as (dsn, where):
        result["server"] = where
        started = time.perf_counter()
        fill_pg(dsn, events)
        result["postgis_load_seconds"] = round(time.perf_counter() - started, 1)
        result["postgis"] = time_bbox(dsn)
    if events <= int(os.environ.get("SITROOM_BENCH_SQLITE_MAX", SQLITE_MAX)):
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "bench.db")
            started = time.perf_counter()
            fill(path, events)
            result["sqlite_load_seconds"] = round(time.perf_counter() - started, 1)
            result["sqlite"] = time_bbox(path)
    result["p95_ms"] = result["postgis"]["p95_ms"]
    result["target_p95_ms"] = 100
    if not quiet:
        print(json.dumps(result))
    return result
