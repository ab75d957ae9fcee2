"""Versioned SQL migrations for the SQLite store, applied in order and recorded in `schema_version`.

Never edit a released migration: append a new (version, statements) entry instead.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from ..errors import StoreError

# Each migration is (version, [statements]); they run in one transaction per version.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,              -- content hash of the normalized text
                text TEXT NOT NULL,               -- the stored text that evidence offsets point into
                title TEXT, url TEXT, outlet TEXT,
                published TEXT,                   -- YYYY-MM-DD
                language TEXT, source TEXT,
                status TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
                pipeline_version TEXT,            -- NULL until processed successfully
                ingested_at TEXT NOT NULL
            )""",
            """CREATE TABLE events (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                event_type TEXT NOT NULL, sub_event_type TEXT,
                date TEXT, lat REAL, lon REAL,
                confidence REAL NOT NULL,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, historical INTEGER NOT NULL,
                json TEXT NOT NULL                -- Event.to_dict()
            )""",
            "CREATE INDEX events_article ON events(article_id)",
            "CREATE INDEX events_date ON events(date, id)",
            """CREATE TABLE attributions (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL,           -- content span start, for ordering
                json TEXT NOT NULL                -- Attribution.to_dict()
            )""",
            "CREATE INDEX attributions_article ON attributions(article_id, start)",
            """CREATE TABLE places (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                name TEXT, geonameid INTEGER, lat REAL, lon REAL,
                country TEXT, admin1 TEXT, feature_class TEXT, feature_code TEXT,
                geo_precision INTEGER, confidence REAL NOT NULL
            )""",
            "CREATE INDEX places_article ON places(article_id, start)",
            """CREATE TABLE timexes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                type TEXT NOT NULL, value TEXT NOT NULL,
                earliest TEXT, latest TEXT, precision INTEGER, confidence REAL, rule TEXT
            )""",
            "CREATE INDEX timexes_article ON timexes(article_id, start)",
            """CREATE TABLE evidence (
                id INTEGER PRIMARY KEY,
                owner_kind TEXT NOT NULL CHECK (owner_kind IN ('event', 'attribution', 'place', 'timex')),
                owner_id TEXT NOT NULL,
                field TEXT NOT NULL,
                article_id TEXT NOT NULL,         -- the article the span points into
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                -- the article whose analysis wrote the row (re-processing replaces them)
                saved_by TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
            )""",
            "CREATE INDEX evidence_owner ON evidence(owner_id)",
            "CREATE INDEX evidence_saved_by ON evidence(saved_by)",
            """CREATE TABLE errors (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL, line INTEGER, reason TEXT NOT NULL,
                article_id TEXT, at TEXT NOT NULL
            )""",
            # The same problem met again (re-ingest) replaces its row instead of adding one.
            """CREATE UNIQUE INDEX errors_once
                ON errors(source, coalesce(line, -1), reason, coalesce(article_id, ''))""",
        ],
    ),
]

LATEST = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to `LATEST`; returns the version found before. Safe under concurrency."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    found = current_version(conn)
    if found > LATEST:
        raise StoreError(
            f"database schema version {found} is newer than this sitroom supports ({LATEST}); upgrade sitroom"
        )
    for version, statements in MIGRATIONS:
        if version <= found:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current_version(conn) >= version:  # another process got there first
                conn.execute("COMMIT")
                continue
            for sql in statements:
                conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found
