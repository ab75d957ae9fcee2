"""Versioned SQL migrations for the SQLite store, applied in order and recorded in `schema_version`.

Never edit a released migration: `register` a new version instead (other modules may add their own).
"""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema version: its statements run in one transaction, all or nothing."""

    version: int
    name: str
    statements: tuple[str, ...]


# The registry, kept sorted by version. Add to it with `register`, never by editing an entry.
MIGRATIONS: list[Migration] = []


def register(version: int, name: str, statements: list[str]) -> Migration:
    """Add a migration (at import time of the module that owns the tables). Versions are unique."""
    if any(m.version == version for m in MIGRATIONS):
        taken = next(m.name for m in MIGRATIONS if m.version == version)
        raise StoreError(f"schema version {version} is taken ({taken!r}); use {latest() + 1}")
    migration = Migration(version, name, tuple(statements))
    MIGRATIONS.append(migration)
    MIGRATIONS.sort(key=lambda m: m.version)
    return migration


def latest() -> int:
    """The schema version this code writes (after the migration modules registered theirs)."""
    _load_migration_modules()
    return MIGRATIONS[-1].version if MIGRATIONS else 0


register(
    1,
    "articles, derived rows, evidence, errors",
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
)

register(
    2,
    "ingest_errors view",
    [
        # every skipped or failed item as (source, position, reason): the name users query
        """CREATE VIEW ingest_errors AS
            SELECT source, line AS position, reason, article_id, at FROM errors""",
    ],
)


register(
    3,
    "event list indexes by type",
    [
        # the API's type filter pages by date without a sort step, and counts from the index alone
        "CREATE INDEX IF NOT EXISTS events_type_date ON events(event_type COLLATE NOCASE, date, id)",
        """CREATE INDEX IF NOT EXISTS events_type_flags_date
            ON events(event_type COLLATE NOCASE, negated, hypothetical, historical, date, id)""",
    ],
)

# Modules that register further migrations (imported below, like the CLI's command modules).
# Each does `from sitroom.store.migrations import register` then `register(N, "what", [...])`.
MIGRATION_MODULES = ["sitroom.store.review", "sitroom.fusion.tables"]


_LOADED: list[str] = []


def _load_migration_modules() -> None:
    """Import the modules of MIGRATION_MODULES once, on first use (not at import: no import cycles)."""
    if _LOADED:
        return
    _LOADED.append("done")
    for module in MIGRATION_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def __getattr__(name: str) -> int:
    """`LATEST`, computed when asked (modules register migrations after this one is imported)."""
    if name == "LATEST":
        return latest()
    raise AttributeError(name)


def current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _stored_version(conn: sqlite3.Connection) -> int:
    """The version of a database, 0 for a new one (no schema_version table yet)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    return current_version(conn) if row else 0


def backup_before_migrating(conn: sqlite3.Connection, path: str, found: int) -> Path | None:
    """Copy a database that holds data (online backup API) before its schema changes."""
    if path in ("", ":memory:") or found == 0:
        return None
    target = Path(f"{path}.v{found}.bak")
    n = 1
    while target.exists():  # never overwrite an earlier backup
        n += 1
        target = Path(f"{path}.v{found}.{n}.bak")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def migrate(conn: sqlite3.Connection, *, path: str = ":memory:") -> int:
    """Bring the schema to `latest()`; returns the version found before. Safe under concurrency.

    A database with data is backed up first (`<path>.v<N>.bak`). A failing migration is rolled back
    whole and raises `StoreError` naming the migration, the reason and the backup.
    """
    target = latest()
    found = _stored_version(conn)
    if found > target:
        raise StoreError(
            f"database schema version {found} is newer than this sitroom supports ({target}); "
            "upgrade sitroom"
        )
    if found == target:
        return found
    backup = backup_before_migrating(conn, path, found)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    for migration in list(MIGRATIONS):
        if migration.version <= found:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current_version(conn) >= migration.version:  # another process got there first
                conn.execute("COMMIT")
                continue
            for sql in migration.statements:
                conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (migration.version, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if not isinstance(exc, sqlite3.Error):
                raise
            kept = f"; a copy from before the upgrade is at {backup}" if backup else ""
            raise StoreError(
                f"schema migration {migration.version} ({migration.name}) failed and was rolled "
                f"back: {exc}; the database stays at version {current_version(conn)}{kept}"
            ) from None
    return found
