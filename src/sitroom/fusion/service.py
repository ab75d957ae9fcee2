"""Fusion over a store: incremental `fuse`, rebuild, reading fused events, user merge and split.

Reads `store.events(...)`; writes fusion's tables over SQLite or PostgreSQL (`sql.PgConn`).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any, TypeVar

from ..errors import StoreError
from ..store.migrations import migrate
from . import history
from .cluster import FusionEngine
from .config import FusionConfig
from .sql import Conn, PgConn

T = TypeVar("T")
WRITE_LOCK = 0x517E_0021  # pg_advisory_xact_lock key: one fusion writer at a time per database
_PENDING = ("id", "title", "url", "outlet", "published", "pipeline_version")
_PG_READY: weakref.WeakSet[Any] = weakref.WeakSet()  # PostgreSQL stores whose tables exist


@dataclass(frozen=True, slots=True)
class FuseSummary:
    articles: int  # articles fused in this run (new or re-processed)
    copies: int  # of which near-duplicate copies of an earlier article
    events: int  # events added
    fused_events: int  # fused events in the store afterwards
    rebuilt: bool


def _postgres(store: Any) -> bool:
    return hasattr(store, "connection") and hasattr(store, "dsn")


def _write(store: Any, work: Callable[[Conn], T]) -> T:
    """One write transaction on the store's connection (SQLite: with its busy retries; PostgreSQL:
    retried on deadlocks, fusion writers serialized by an advisory lock as BEGIN IMMEDIATE does)."""
    writer = getattr(store, "_write", None)
    if writer is None:
        raise StoreError(f"fusion needs a SQLite or PostgreSQL store, not {type(store).__name__}")
    _ensure_tables(store)
    if not _postgres(store):
        return writer(work)

    def locked(cur: Any) -> T:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        return work(PgConn(cur.connection))

    return writer(locked)


def _ensure_tables(store: Any) -> None:
    """Migrate a store opened before fusion's migration was registered (idempotent)."""
    from . import tables

    if _postgres(store):
        if store not in _PG_READY:
            with store.connection() as conn:
                tables.pg_ensure(conn, where=store.path)
            _PG_READY.add(store)
        return
    present = store._rows(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fusion_members'"
    )
    if present:
        return
    tables.ensure_registered()
    with store._lock:
        migrate(store._conn, path=store.path)


def _read(store: Any, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    """Rows (indexable by position) of a read query, in SQLite's dialect on either backend."""
    _ensure_tables(store)
    if not _postgres(store):
        return list(store._rows(sql, params))
    import psycopg

    try:
        with store.connection() as conn:
            return list(PgConn(conn).execute(sql, params).fetchall())
    except psycopg.Error as exc:
        raise StoreError(f"database read failed ({store.path}): {exc}") from None


def pending_articles(store: Any) -> list[dict[str, Any]]:
    """Processed articles not fused yet, or fused from another analysis (re-processed since)."""
    # PostgreSQL: IS DISTINCT FROM is SQLite's IS NOT; NULLs sort first as in SQLite; seq is rowid
    differs, order = (
        ("IS DISTINCT FROM", "a.published NULLS FIRST, a.seq")
        if _postgres(store)
        else ("IS NOT", "a.published, a.rowid")
    )
    rows = _read(
        store,
        f"SELECT {', '.join('a.' + c for c in _PENDING)} FROM articles a"
        " LEFT JOIN fusion_articles f ON f.article_id = a.id"
        " WHERE a.status = 'ok' AND (f.article_id IS NULL"
        f" OR f.pipeline_version {differs} a.pipeline_version) ORDER BY {order}",
    )
    return [dict(zip(_PENDING, r, strict=True)) for r in rows]


def fuse(store: Any, *, rebuild: bool = False, config: FusionConfig | None = None) -> FuseSummary:
    """Fuse what is new in the store (or everything again, keeping user decisions and ids)."""
    config = config or FusionConfig.load()
    previous: dict[str, str] = {}
    from . import tables

    if rebuild:

        def clear(conn: Conn) -> None:
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

    def work(conn: Conn, batch: list[tuple[dict[str, Any], str, list[dict[str, Any]]]]) -> None:
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


def _no_limit(store: Any) -> int | None:
    """LIMIT without a limit: -1 in SQLite, NULL in PostgreSQL."""
    return None if _postgres(store) else -1


def fused_events(
    store: Any, *, limit: int | None = None, offset: int = 0, min_sources: int = 1
) -> list[dict[str, Any]]:
    rows = _read(
        store,
        "SELECT json FROM fusion_events WHERE sources >= ?"
        " ORDER BY date IS NULL, date, id LIMIT ? OFFSET ?",
        (min_sources, _no_limit(store) if limit is None else max(limit, 0), max(offset, 0)),
    )
    return [json.loads(r[0]) for r in rows]


def count_fused(store: Any, *, min_sources: int = 1) -> int:
    """How many fused events have at least `min_sources` independent sources."""
    rows = _read(store, "SELECT count(*) FROM fusion_events WHERE sources >= ?", (min_sources,))
    return int(rows[0][0])


def fused_event(store: Any, ident: str) -> dict[str, Any]:
    def work(conn: Conn) -> dict[str, Any]:
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
