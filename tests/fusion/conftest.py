"""Hand-made articles and event JSON for fusion tests (no spaCy): a connection with fusion's tables,
and stores on both backends (PostgreSQL from $SITROOM_TEST_PG_DSN or a throwaway cluster)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sitroom.records import stable_id
from sitroom.store import migrations
from sitroom.store.migrations import migrate

TOWNS = {
    # name: (lat, lon, admin1, country)
    "Northtown": (34.50, 38.30, "Homs", "SY"),
    "Southville": (33.50, 36.30, "Rif Dimashq", "SY"),
}


@pytest.fixture(autouse=True)
def fusion_migration() -> Iterator[None]:
    """Fusion's migration registered for one test, then taken out so other tests' stores are
    unchanged (until `sitroom.fusion.tables` is listed in MIGRATION_MODULES)."""
    from sitroom.fusion import tables

    tables.ensure_registered()
    yield
    if "sitroom.fusion.tables" not in migrations.MIGRATION_MODULES:
        tables.unregister()


@pytest.fixture(autouse=True)
def ngram_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests compare sentences with the n-gram fallback (no model build); tests that want
    embeddings pass `embedder=FakeEmbedder()` to the engine."""
    monkeypatch.setattr("sitroom.fusion.cluster.text_embedder", lambda config: None)


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    migrate(connection)
    yield connection
    connection.close()


def make_article(text: str, *, outlet: str, published: str = "2024-03-05") -> dict[str, Any]:
    return {
        "id": stable_id("article", text),
        "text": text,
        "outlet": outlet,
        "url": f"https://{outlet}.example/{stable_id(text)[:6]}",
        "published": published,
        "pipeline_version": "test",
    }


def make_event(
    article: dict[str, Any],
    trigger: str,
    *,
    town: str = "Northtown",
    day: str = "2024-03-04",
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Air/drone strike",
    fatalities: int | None = None,
    actors: tuple[str, ...] = (),
) -> dict[str, Any]:
    text = article["text"]
    start = text.index(trigger)
    lat, lon, admin1, country = TOWNS[town]
    return {
        "id": stable_id(article["id"], "event", trigger),
        "article_id": article["id"],
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "confidence": 0.8,
        "trigger": {
            "article_id": article["id"],
            "start": start,
            "end": start + len(trigger),
            "text": trigger,
        },
        "actors": [{"name": a, "role": "actor1"} for a in actors],
        "location": {
            "name": town,
            "lat": lat,
            "lon": lon,
            "admin1": admin1,
            "country": country,
            "geo_precision": 1,
        },
        "date": {"value": day, "earliest": day, "latest": day, "time_precision": 1},
        "fatalities": {"value": fatalities, "low": fatalities, "high": fatalities}
        if fatalities is not None
        else None,
    }


@pytest.fixture
def article() -> Any:
    return make_article


@pytest.fixture
def event() -> Any:
    return make_event


def put_rows(
    store: Any, article: dict[str, Any], events: list[dict[str, Any]], **over: Any
) -> None:
    """An article and its events as the pipeline would have saved them (raw SQL, either backend);
    `over` replaces article columns (pipeline_version, status)."""
    row = {"pipeline_version": "v1", "status": "ok", **over}
    statements: list[tuple[str, tuple[Any, ...]]] = [
        (
            "INSERT INTO articles (id, text, outlet, url, published, status, pipeline_version,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2024-03-05')"
            " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            " pipeline_version = excluded.pipeline_version",
            (
                article["id"],
                article["text"],
                article["outlet"],
                article["url"],
                article["published"],
                row["status"],
                row["pipeline_version"],
            ),
        ),
        ("DELETE FROM events WHERE article_id = ?", (article["id"],)),
    ]
    for e in events:
        statements.append(
            (
                "INSERT INTO events (id, article_id, event_type, sub_event_type, date, lat, lon,"
                " confidence, negated, hypothetical, historical, json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0.8, 0, 0, 0, ?)",
                (
                    e["id"],
                    article["id"],
                    e["event_type"],
                    e["sub_event_type"],
                    e["date"]["value"],
                    (e["location"] or {}).get("lat"),
                    (e["location"] or {}).get("lon"),
                    json.dumps(e),
                ),
            )
        )
    if hasattr(store, "connection"):  # PostgreSQL
        with store.connection() as connection:
            for sql, params in statements:
                connection.execute(sql.replace("?", "%s"), params)
        return

    def work(connection: sqlite3.Connection) -> None:
        for sql, params in statements:
            connection.execute(sql, params)

    store._write(work)


@pytest.fixture
def put() -> Callable[..., None]:
    return put_rows
