"""Fusion over a store: incremental `fuse`, rebuild, reading fused events, user merge and split.

Reads events with `store.events(...)` and writes fusion's own tables through the store's connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any, TypeVar

from ..errors import StoreError
from ..store.migrations import migrate
from . import history
from .cluster import FusionEngine
from .config import FusionConfig

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FuseSummary:
    articles: int  # articles fused in this run (new or re-processed)
    copies: int  # of which near-duplicate copies of an earlier article
    events: int  # events added
    fused_events: int  # fused events in the store afterwards
    rebuilt: bool


def _write(store: Any, work: Callable[[sqlite3.Connection], T]) -> T:
    """One write transaction on the store's SQLite connection (with its busy retries)."""
    writer = getattr(store, "_write", None)
    if writer is None:
        raise StoreError("fusion needs the SQLite store")
    _ensure_tables(store)
    return writer(work)


def _ensure_tables(store: Any) -> None:
    """Migrate a store opened before fusion's migration was registered (idempotent)."""
    present = store._rows(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fusion_members'"
    )
    if present:
        return
    from . import tables

    tables.ensure_registered()
    with store._lock:
        migrate(store._conn, path=store.path)


def _read(store: Any, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    _ensure_tables(store)
    return list(store._rows(sql, params))


def pending_articles(store: Any) -> list[dict[str, Any]]:
    """Processed articles not fused yet, or fused from another analysis (re-processed since)."""
    rows = _read(
        store,
        "SELECT a.id, a.title, a.url, a.outlet, a.published, a.pipeline_version FROM articles a"
        " LEFT JOIN fusion_articles f ON f.article_id = a.id"
        " WHERE a.status = 'ok' AND (f.article_id IS NULL"
        " OR f.pipeline_version IS NOT a.pipeline_version) ORDER BY a.published, a.rowid",
    )
    return [dict(r) for r in rows]


def fuse(store: Any, *, rebuild: bool = False, config: FusionConfig | None = None) -> FuseSummary:
    """Fuse what is new in the store (or everything again, keeping user decisions and ids)."""
    config = config or FusionConfig.load()
    previous: dict[str, str] = {}
    from . import tables

    if rebuild:

        def clear(conn: sqlite3.Connection) -> None:
            previous.update(conn.execute("SELECT event_id, fused_id FROM fusion_members"))
            for table in tables.MACHINE_TABLES:
                conn.execute(f"DELETE FROM {table}")
            history.record(
                conn, "rebuild", by="machine", fused_ids=[], event_ids=[], reason="fuse --rebuild"
            )

        _write(store, clear)
    # Articles whose fusion state is gone (deleted from the store) leave their fused events.
    gone = [
        r[0]
        for r in _read(
            store,
            "SELECT f.article_id FROM fusion_articles f LEFT JOIN articles a ON a.id = f.article_id"
            " WHERE a.id IS NULL OR a.status != 'ok'",
        )
    ]
    pending = pending_articles(store)
    counts = {"copies": 0, "events": 0}

    def work(
        conn: sqlite3.Connection, batch: list[tuple[dict[str, Any], str, list[dict[str, Any]]]]
    ) -> None:
        engine = FusionEngine(conn, config=config, previous=previous)
        for article_id in gone:
            engine.forget_article(article_id)
        gone.clear()
        for article, text, events in batch:
            copy = engine.add_article(
                article, text, events, pipeline_version=article.get("pipeline_version")
            )
            counts["copies"] += copy is not None
            counts["events"] += len(events)
        engine.finish()

    batch: list[tuple[dict[str, Any], str, list[dict[str, Any]]]] = []
    for article in [*pending, None]:
        if article is not None:
            text = store.article(article["id"]).text
            events = store.events(article_id=article["id"])
            events.sort(key=lambda e: (e.get("trigger") or {}).get("start", 0))
            batch.append((article, text, events))
        if batch and (article is None or len(batch) >= 200):
            _write(store, partial(work, batch=batch))
            batch = []
    if gone:
        _write(store, lambda conn: work(conn, []))
    total = int(_read(store, "SELECT count(*) FROM fusion_events")[0][0])
    return FuseSummary(len(pending), counts["copies"], counts["events"], total, rebuild)


def fused_events(
    store: Any, *, limit: int | None = None, offset: int = 0, min_sources: int = 1
) -> list[dict[str, Any]]:
    rows = _read(
        store,
        "SELECT json FROM fusion_events WHERE sources >= ?"
        " ORDER BY date IS NULL, date, id LIMIT ? OFFSET ?",
        (min_sources, -1 if limit is None else max(limit, 0), max(offset, 0)),
    )
    return [json.loads(r[0]) for r in rows]


def count_fused(store: Any, *, min_sources: int = 1) -> int:
    """How many fused events have at least `min_sources` independent sources."""
    rows = _read(store, "SELECT count(*) FROM fusion_events WHERE sources >= ?", (min_sources,))
    return int(rows[0][0])


def fused_event(store: Any, ident: str) -> dict[str, Any]:
    def work(conn: sqlite3.Connection) -> dict[str, Any]:
        fused_id, _ = history.resolve(conn, ident)
        row = conn.execute("SELECT json FROM fusion_events WHERE id = ?", (fused_id,)).fetchone()
        data: dict[str, Any] = json.loads(row[0])
        data["history"] = [asdict(op) for op in history.operations(conn, fused_id=fused_id)]
        return data

    return _write(store, work)


def merge(store: Any, idents: list[str], *, reason: str) -> str:
    return _write(store, lambda conn: history.user_merge(FusionEngine(conn), idents, reason=reason))


def split(store: Any, ident: str, *, event_ids: list[str] | None = None, reason: str) -> list[str]:
    return _write(
        store,
        lambda conn: history.user_split(
            FusionEngine(conn), ident, event_ids=event_ids, reason=reason
        ),
    )
