"""Versioned migrations of the PostgreSQL/PostGIS store, recorded in its own `schema_version` table.

Applied under an advisory lock (several processes may open one database at once); never edit a released one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import StoreError

MIGRATION_LOCK = 0x517E_0001  # pg_advisory_lock key held while migrating


@dataclass(frozen=True, slots=True)
class PgMigration:
    version: int
    name: str
    statements: tuple[str, ...]


PG_MIGRATIONS: tuple[PgMigration, ...] = (
    PgMigration(
        1,
        "articles, derived rows with a PostGIS point, evidence, errors, full-text search",
        (
            """CREATE TABLE articles (
                seq BIGSERIAL UNIQUE,             -- insertion order (SQLite's rowid)
                id TEXT PRIMARY KEY,              -- content hash of the normalized text
                text TEXT NOT NULL,               -- the stored text that evidence offsets point into
                title TEXT, url TEXT, outlet TEXT,
                published TEXT,                   -- YYYY-MM-DD
                language TEXT, source TEXT,
                status TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
                pipeline_version TEXT,
                ingested_at TEXT NOT NULL,
                -- full-text search over title and text (capped: a tsvector holds at most 1 MB)
                tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('english',
                    coalesce(title, '') || ' ' || left(text, 200000))) STORED
            )""",
            "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
            """CREATE TABLE events (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                event_type TEXT NOT NULL, sub_event_type TEXT,
                date TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
                confidence DOUBLE PRECISION NOT NULL,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, historical INTEGER NOT NULL,
                json TEXT NOT NULL,               -- Event.to_dict(), byte for byte as SQLite keeps it
                geom geometry(Point, 4326) GENERATED ALWAYS AS (CASE
                    WHEN lat IS NOT NULL AND lon IS NOT NULL
                    THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED
            )""",
            "CREATE INDEX events_article ON events(article_id)",
            "CREATE INDEX events_date ON events(date, id)",
            "CREATE INDEX events_type_date ON events(lower(event_type), date, id)",
            # date and id ride along: a map view's page and count need no visit to the table
            "CREATE INDEX events_geom ON events USING GIST (geom) INCLUDE (date, id)",
            "CREATE INDEX events_date_desc ON events(date DESC NULLS LAST, id DESC)",
            # radius queries measure on the sphere (geography); this index serves ST_DWithin there
            "CREATE INDEX events_geog ON events USING GIST ((geom::geography))",
            # full-text over the event JSON: an expression index (no stored column widening the rows)
            "CREATE INDEX events_search ON events USING GIN (to_tsvector('english', json))",
            """CREATE TABLE attributions (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL,
                json TEXT NOT NULL
            )""",
            "CREATE INDEX attributions_article ON attributions(article_id, start)",
            """CREATE TABLE places (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                name TEXT, geonameid BIGINT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
                country TEXT, admin1 TEXT, feature_class TEXT, feature_code TEXT,
                geo_precision INTEGER, confidence DOUBLE PRECISION NOT NULL
            )""",
            "CREATE INDEX places_article ON places(article_id, start)",
            """CREATE TABLE timexes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                type TEXT NOT NULL, value TEXT NOT NULL,
                earliest TEXT, latest TEXT, precision INTEGER, confidence DOUBLE PRECISION, rule TEXT
            )""",
            "CREATE INDEX timexes_article ON timexes(article_id, start)",
            """CREATE TABLE evidence (
                id BIGSERIAL PRIMARY KEY,
                owner_kind TEXT NOT NULL
                    CHECK (owner_kind IN ('event', 'attribution', 'place', 'timex')),
                owner_id TEXT NOT NULL,
                field TEXT NOT NULL,
                article_id TEXT NOT NULL,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                saved_by TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
            )""",
            "CREATE INDEX evidence_owner ON evidence(owner_id)",
            "CREATE INDEX evidence_saved_by ON evidence(saved_by)",
            "CREATE INDEX evidence_article ON evidence(article_id, start)",
            """CREATE TABLE errors (
                id BIGSERIAL PRIMARY KEY,
                source TEXT NOT NULL, line INTEGER, reason TEXT NOT NULL,
                article_id TEXT, at TEXT NOT NULL
            )""",
            # the same problem met again replaces its row (as SQLite's INSERT OR REPLACE does)
            """CREATE UNIQUE INDEX errors_once
                ON errors(source, coalesce(line, -1), reason, coalesce(article_id, ''))""",
            """CREATE VIEW ingest_errors AS
                SELECT source, line AS position, reason, article_id, at FROM errors""",
        ),
    ),
)


def pg_latest() -> int:
    return PG_MIGRATIONS[-1].version


def _stored_version(cur: Any) -> int:
    cur.execute("SELECT to_regclass('schema_version') IS NOT NULL")
    if not cur.fetchone()[0]:
        return 0
    cur.execute("SELECT coalesce(max(version), 0) FROM schema_version")
    return int(cur.fetchone()[0])


def ensure_postgis(conn: Any, *, where: str) -> None:
    """Create the PostGIS extension when it is missing; a one-line StoreError when it cannot be."""
    import psycopg

    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
        if cur.fetchone():
            return
        cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        if not cur.fetchone():
            raise StoreError(
                f"PostGIS is not installed on the PostgreSQL server of {where}; install it there"
                " (Debian: apt-get install postgresql-15-postgis-3)"
            )
        try:
            with conn.transaction():
                cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot enable PostGIS in {where}: {_one_line(exc)}; ask an administrator to run"
                " CREATE EXTENSION postgis in that database"
            ) from None


def pg_migrate(conn: Any, *, where: str) -> int:
    """Bring the schema to `pg_latest()`; returns the version found. Safe under concurrency."""
    import psycopg

    target = pg_latest()
    conn.autocommit = True  # each `conn.transaction()` below is then a real BEGIN ... COMMIT
    with conn.cursor() as cur:
        found = _stored_version(cur)
        if found > target:
            raise StoreError(
                f"database schema version {found} is newer than this sitroom supports ({target}); "
                "upgrade sitroom"
            )
        if found == target:
            return found
        ensure_postgis(conn, where=where)
        cur.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            for migration in PG_MIGRATIONS:
                if migration.version <= _stored_version(cur):
                    continue  # applied before, or by another process while we waited
                try:
                    with conn.transaction():
                        for sql in migration.statements:
                            cur.execute(sql)
                        cur.execute(
                            "INSERT INTO schema_version VALUES (%s, to_char(now() AT TIME ZONE"
                            " 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS+00:00'))",
                            (migration.version,),
                        )
                except psycopg.Error as exc:
                    raise StoreError(
                        f"schema migration {migration.version} ({migration.name}) failed and was"
                        f" rolled back: {_one_line(exc)}; the database stays at version"
                        f" {_stored_version(cur)}"
                    ) from None
        finally:
            if not conn.closed and not conn.broken:
                cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    return found


def _one_line(exc: BaseException) -> str:
    """A driver message on one line (libpq's carry hints on further lines)."""
    return " ".join(str(exc).split()) or type(exc).__name__
