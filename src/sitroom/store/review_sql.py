"""The review store's SQL on either backend: its migrations, and one small connection adapter each for
SQLite (one connection, BEGIN IMMEDIATE under a lock) and PostgreSQL (the store's pool, advisory locks).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..errors import StoreError

T = TypeVar("T")

# Review tables carry their own version table so they never race the store's `schema_version` numbers.
REVIEW_MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS review_events (
                id TEXT PRIMARY KEY,              -- the machine event id (stable), or a split part's id
                article_id TEXT NOT NULL,         -- no foreign key: a decision outlives re-processing
                event_type TEXT NOT NULL, sub_event_type TEXT,
                date TEXT, lat REAL, lon REAL, confidence REAL NOT NULL,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, historical INTEGER NOT NULL,
                json TEXT NOT NULL,               -- the reviewed event JSON
                status TEXT NOT NULL CHECK (status IN
                    ('accepted', 'edited', 'rejected', 'merged', 'split', 'added')),
                origin_id TEXT,                   -- merged: the event it went into; added: the split event
                reason TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS review_events_date ON review_events(date, id)",
            """CREATE TABLE IF NOT EXISTS review_audit (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL, reviewer TEXT NOT NULL, action TEXT NOT NULL,
                event_id TEXT NOT NULL, reason TEXT NOT NULL,
                before TEXT, after TEXT           -- JSON of the event before and after the action
            )""",
            "CREATE INDEX IF NOT EXISTS review_audit_event ON review_audit(event_id, id)",
            """CREATE TRIGGER IF NOT EXISTS review_audit_no_update BEFORE UPDATE ON review_audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
            """CREATE TRIGGER IF NOT EXISTS review_audit_no_delete BEFORE DELETE ON review_audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        ],
    ),
]
# The same tables on PostgreSQL (same version numbers): a PostGIS point and an identity audit id.
PG_REVIEW_MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE review_events (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL,
                event_type TEXT NOT NULL, sub_event_type TEXT,
                date TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
                confidence DOUBLE PRECISION NOT NULL,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, historical INTEGER NOT NULL,
                json TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN
                    ('accepted', 'edited', 'rejected', 'merged', 'split', 'added')),
                origin_id TEXT,
                reason TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL,
                -- as on `events`, so the API's bbox and radius filters read reviewed rows alike
                geom geometry(Point, 4326) GENERATED ALWAYS AS (CASE
                    WHEN lat IS NOT NULL AND lon IS NOT NULL
                    THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED
            )""",
            "CREATE INDEX review_events_date ON review_events(date, id)",
            "CREATE INDEX review_events_geom ON review_events USING GIST (geom)",
            """CREATE TABLE review_audit (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at TEXT NOT NULL, reviewer TEXT NOT NULL, action TEXT NOT NULL,
                event_id TEXT NOT NULL, reason TEXT NOT NULL,
                before TEXT, after TEXT
            )""",
            "CREATE INDEX review_audit_event ON review_audit(event_id, id)",
            """CREATE FUNCTION review_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
            """CREATE TRIGGER review_audit_no_change BEFORE UPDATE OR DELETE ON review_audit
                FOR EACH ROW EXECUTE FUNCTION review_audit_append_only()""",
            """CREATE TRIGGER review_audit_no_truncate BEFORE TRUNCATE ON review_audit
                FOR EACH STATEMENT EXECUTE FUNCTION review_audit_append_only()""",
        ],
    ),
]
REVIEW_LATEST = REVIEW_MIGRATIONS[-1][0]
# Indexes on the machine table that the event list sorts and filters by (created if missing).
EXTRA_INDEXES = (
    "CREATE INDEX IF NOT EXISTS review_x_events_confidence ON events(confidence, id)",
    "CREATE INDEX IF NOT EXISTS review_x_events_latlon ON events(lat, lon)",
    "CREATE INDEX IF NOT EXISTS review_x_events_type ON events(event_type COLLATE NOCASE, date)",
)
REVIEW_EVENT_COLUMNS = (
    "id, article_id, event_type, sub_event_type, date, lat, lon, confidence, negated,"
    " hypothetical, historical, json, status, origin_id, reason, reviewer, at"
)
_UPDATE = ", ".join(f"{c} = excluded.{c}" for c in REVIEW_EVENT_COLUMNS.split(", ")[1:])
UPSERT = (
    f"INSERT INTO review_events ({REVIEW_EVENT_COLUMNS}) VALUES ({', '.join('?' * 17)})"
    f" ON CONFLICT (id) DO UPDATE SET {_UPDATE}"  # SQLite ≥ 3.24 and PostgreSQL alike
)
# Two machine events conflict when they share type, date and place (±0.25°) but not the death toll.
QUEUE = """
    SELECT e.json, (e.negated + e.hypothetical + e.historical) > 0 AS flagged,
      EXISTS (SELECT 1 FROM events x WHERE x.date = e.date AND x.article_id != e.article_id
              AND x.event_type = e.event_type
              AND abs(coalesce(x.lat, 999) - coalesce(e.lat, 999)) < 0.25
              AND abs(coalesce(x.lon, 999) - coalesce(e.lon, 999)) < 0.25
              AND coalesce({fat_x}, -1) != coalesce({fat_e}, -1)) AS conflicting
    FROM events e
    WHERE NOT EXISTS (SELECT 1 FROM review_events r WHERE r.id = e.id)
    ORDER BY flagged DESC, conflicting DESC, e.confidence, e.id LIMIT ? OFFSET ?"""
SQLITE_FATALITIES = "json_extract({t}.json, '$.fatalities.value')"
PG_FATALITIES = "({t}.json::jsonb #>> '{{fatalities,value}}')::numeric"
REVIEW_LOCK = 0x517E_0002  # pg advisory key held while migrating the review tables
RETRY_PAUSES_S = (0.05, 0.2, 0.5, 1.0, 2.0)  # deadlock / serialization failure: the action again


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Cursor:
    """`?`-placeholder SQL on one connection of either backend; rows come back as dicts."""

    def __init__(self, conn: Any, *, postgres: bool) -> None:
        self.conn, self.postgres = conn, postgres

    def run(self, sql: str, params: Any = ()) -> Any:
        if self.postgres:
            return self.conn.execute(sql.replace("?", "%s"), params)
        return self.conn.execute(sql, params)

    def all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.run(sql, params)
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None


class SqliteReviewDb:
    """One SQLite connection shared by the store's threads under a lock; writes are BEGIN IMMEDIATE."""

    postgres = False
    queue_sql = QUEUE.format(
        fat_x=SQLITE_FATALITIES.format(t="x"), fat_e=SQLITE_FATALITIES.format(t="e")
    )

    def __init__(self, path: str) -> None:
        self.where = path
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA busy_timeout = 10000")
            migrate_review(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open review tables in {path}: {exc}") from None

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        with self._lock:
            yield Cursor(self._conn, postgres=False)

    def write(self, event_ids: list[str], work: Callable[[Cursor], T]) -> T:
        """`work` in one transaction (the database's write lock serializes reviewers)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"database is not writable: {exc}") from None
            try:
                out = work(Cursor(self._conn, postgres=False))
                self._conn.execute("COMMIT")
                return out
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise


def migrate_review(conn: sqlite3.Connection) -> None:
    """Create or upgrade the review tables (own version table; safe to call on every open)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS review_schema_version"
        " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    for version, statements in REVIEW_MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute(
                "SELECT 1 FROM review_schema_version WHERE version = ?", (version,)
            ).fetchone()
            if not done:
                for sql in statements:
                    conn.execute(sql)
                conn.execute("INSERT INTO review_schema_version VALUES (?, ?)", (version, _now()))
            has_events = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
            ).fetchone()
            for sql in EXTRA_INDEXES if has_events else ():
                conn.execute(sql)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class PgReviewDb:
    """The PostgreSQL store's pool; each write holds advisory locks on the events it touches (taken
    in sorted order, so two reviewers never deadlock) and is retried whole on a conflict."""

    postgres = True
    queue_sql = QUEUE.format(fat_x=PG_FATALITIES.format(t="x"), fat_e=PG_FATALITIES.format(t="e"))

    def __init__(self, store: Any, *, owned: bool) -> None:
        import psycopg

        self.where = store.path
        self._store, self._owned = store, owned
        try:
            with store.connection() as conn:
                migrate_review_pg(conn)
        except psycopg.Error as exc:
            self.close()
            raise StoreError(
                f"cannot open review tables in {self.where}: {_one_line(exc)}"
            ) from None

    def close(self) -> None:
        if self._owned:
            self._store.close()

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        import psycopg

        try:
            with self._store.connection() as conn:
                yield Cursor(conn, postgres=True)
        except psycopg.Error as exc:
            raise StoreError(f"database read failed ({self.where}): {_one_line(exc)}") from None

    def write(self, event_ids: list[str], work: Callable[[Cursor], T]) -> T:
        import psycopg
        from psycopg import errors as pgerr

        for pause in (*RETRY_PAUSES_S, None):
            try:
                with self._store.connection() as conn, conn.transaction():
                    for ident in sorted(set(event_ids)):
                        conn.execute(
                            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                            (f"review:{ident}",),
                        )
                    return work(Cursor(conn, postgres=True))
            except (pgerr.DeadlockDetected, pgerr.SerializationFailure):
                if pause is None:
                    raise StoreError(f"review write to {self.where} kept conflicting") from None
                time.sleep(pause)
            except psycopg.Error as exc:
                raise StoreError(f"review write failed ({self.where}): {_one_line(exc)}") from None
        raise AssertionError("unreachable")


def migrate_review_pg(conn: Any) -> None:
    """The review tables on PostgreSQL, under an advisory lock (several processes may open at once)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (REVIEW_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS review_schema_version"
            " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in conn.execute("SELECT version FROM review_schema_version")}
        for version, statements in PG_REVIEW_MIGRATIONS:
            if version in done:
                continue
            for sql in statements:
                conn.execute(sql)
            conn.execute("INSERT INTO review_schema_version VALUES (%s, %s)", (version, _now()))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
