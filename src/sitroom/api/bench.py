"""`sitroom bench api`: p50/p95 latency of the event list over loopback HTTP on a synthetic SQLite store.

The load is bounded in count and time; the store holds `n` events (default 100k) spread over 1,000 articles.
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"]
QUERIES = [  # a page of 100 under the filters analysts use most
    "/api/events?limit=100",
    "/api/events?limit=100&offset=5000",
    "/api/events?limit=100&event_type=Protests",
    "/api/events?limit=100&bbox=30,-5,45,15",
    "/api/events?limit=100&date_from=2024-03-01&date_to=2024-03-31",
    "/api/events?limit=100&min_confidence=0.8&sort=-confidence",
    "/api/events?limit=100&flag=none&event_type=Battles",
]


def synthetic_events(n: int, articles: int, *, seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """`n` event rows in the `events` table's column order (Africa / Middle East, one year)."""
    rng = random.Random(seed)
    for i in range(n):
        etype = rng.choice(TYPES)
        lat, lon = rng.uniform(-35, 37), rng.uniform(-18, 52)
        date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        conf = round(rng.random(), 3)
        article = f"a{i % articles:07d}"
        event = {
            "id": f"e{i:08d}",
            "event_type": etype,
            "sub_event_type": "x",
            "confidence": conf,
            "flags": {"negated": False, "hypothetical": False, "historical": False},
            "actors": [{"name": f"Group {i % 50}", "role": "actor1", "inter": 2, "evidence": []}],
            "location": {"name": f"Town {i % 900}", "lat": lat, "lon": lon, "country": "XX"},
            "date": {"value": date},
            "reports": [{"article_id": article}],
        }
        yield (event["id"], article, etype, "x", date, lat, lon, conf, 0, 0, 0, json.dumps(event))


def fill(path: str, n: int, *, seed: int = 7) -> None:
    """Write `n` synthetic events (with articles) straight into a fresh store."""
    import sqlite3

    from ..store import open_store

    with open_store(path):
        pass
    conn = sqlite3.connect(path)
    articles = max(1, n // 100)
    conn.executemany(
        "INSERT INTO articles (id, text, status, ingested_at) VALUES (?, ?, 'ok', '2024-01-01')",
        [(f"a{i:07d}", f"article {i}") for i in range(articles)],
    )
    conn.executemany(
        "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        synthetic_events(n, articles, seed=seed),
    )
    conn.commit()
    conn.close()


def run(*, corpus: Path | None = None, n: int | None = None, quiet: bool = True) -> dict[str, Any]:
    """Fill a temporary store, serve it on 127.0.0.1, time at most 700 requests or 60 s."""
    import httpx
    import uvicorn

    from .app import create_app

    del corpus  # synthetic events: the timing should not depend on the pipeline's output
    events = n or 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.db")
        started = time.perf_counter()
        fill(path, events)
        fill_s = time.perf_counter() - started
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(path, read_only=True), host="127.0.0.1", port=port, log_level="error"
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        timings: list[float] = []
        deadline = time.perf_counter() + 60
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for q in QUERIES:  # warm-up: first use of each plan
                client.get(q).raise_for_status()
            for i in range(700):
                if time.perf_counter() > deadline:
                    break
                t0 = time.perf_counter()
                resp = client.get(QUERIES[i % len(QUERIES)])
                timings.append((time.perf_counter() - t0) * 1000)
                resp.raise_for_status()
        server.should_exit = True
        thread.join(timeout=10)
    timings.sort()
    result = {
        "events": events,
        "requests": len(timings),
        "page": 100,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "max_ms": round(timings[-1], 2),
        "fill_seconds": round(fill_s, 1),
    }
    if not quiet:
        print(json.dumps(result))
    return result
