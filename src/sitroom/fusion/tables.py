"""Fusion's tables: SQLite store migrations 20+ (MIGRATION_MODULES); on PostgreSQL `pg_ensure`.

Machine state (members, blocks, near-duplicates) can be rebuilt; operations and constraints cannot.
"""

from __future__ import annotations

from typing import Any

from ..errors import StoreError
from ..store.migrations import MIGRATIONS, register

FUSION_VERSION = 20

_STATEMENTS = [
    # Article near-duplicates: a MinHash signature per article, its LSH band keys, and the original
    # a copy was linked to (NULL for an original).
    """CREATE TABLE fusion_articles (
        article_id TEXT PRIMARY KEY,       -- no foreign key: fusion state is rebuilt, not cascaded
        pipeline_version TEXT,             -- the analysis fused; another one means re-fuse
        original_id TEXT,                  -- set when this article is a near-duplicate copy
        jaccard REAL,
        signature BLOB NOT NULL
    )""",
    "CREATE INDEX fusion_articles_original ON fusion_articles(original_id)",
    "CREATE TABLE fusion_lsh (band INTEGER NOT NULL, key BLOB NOT NULL, article_id TEXT NOT NULL)",
    "CREATE INDEX fusion_lsh_key ON fusion_lsh(band, key)",
    "CREATE INDEX fusion_lsh_article ON fusion_lsh(article_id)",
    # Each machine event fused: which fused event holds it, and the report record fusion reads.
    """CREATE TABLE fusion_members (
        event_id TEXT PRIMARY KEY,
        fused_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        report TEXT NOT NULL               -- EventReport as JSON
    )""",
    "CREATE INDEX fusion_members_fused ON fusion_members(fused_id)",
    "CREATE INDEX fusion_members_article ON fusion_members(article_id)",
    # Blocking index: (date bucket, country, admin1) → event; a new report looks up its keys only.
    "CREATE TABLE fusion_blocks (key TEXT NOT NULL, event_id TEXT NOT NULL)",
    "CREATE INDEX fusion_blocks_key ON fusion_blocks(key)",
    "CREATE INDEX fusion_blocks_event ON fusion_blocks(event_id)",
    # Document frequencies of hashed character n-grams (the idf of text similarity), and the count.
    "CREATE TABLE fusion_ngram_df (gram INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
    "CREATE TABLE fusion_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Fused events as reconciled JSON (rebuilt from members whenever they change).
    """CREATE TABLE fusion_events (
        id TEXT PRIMARY KEY,
        date TEXT, event_type TEXT, sources INTEGER NOT NULL,
        json TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX fusion_events_date ON fusion_events(date, id)",
    # History: every merge, split, attach and rebuild, append-only.
    """CREATE TABLE fusion_ops (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('create', 'attach', 'detach', 'merge', 'split', 'rebuild')),
        by TEXT NOT NULL CHECK (by IN ('machine', 'user')),
        fused_ids TEXT NOT NULL,           -- JSON list: the fused events touched (result first)
        event_ids TEXT NOT NULL,           -- JSON list: the member events moved
        reason TEXT NOT NULL
    )""",
    """CREATE TRIGGER fusion_ops_no_update BEFORE UPDATE ON fusion_ops
        BEGIN SELECT RAISE(ABORT, 'fusion history is append-only'); END""",
    # User decisions on event ids (stable across re-processing): 'same' or 'different'.
    """CREATE TABLE fusion_constraints (
        a TEXT NOT NULL, b TEXT NOT NULL,  -- event ids, a < b
        kind TEXT NOT NULL CHECK (kind IN ('same', 'different')),
        op_id INTEGER NOT NULL,
        PRIMARY KEY (a, b)
    )""",
    "CREATE INDEX fusion_constraints_b ON fusion_constraints(b)",
]


def ensure_registered() -> None:
    """Register fusion's migration unless it is (importing this module does it once)."""
    if not any(m.version == FUSION_VERSION for m in MIGRATIONS):
        register(FUSION_VERSION, "fusion: near-duplicates, members, blocks, history", _STATEMENTS)


def unregister() -> None:
    """Take the migration out of the registry again (tests that must not leak it to others)."""
    MIGRATIONS[:] = [m for m in MIGRATIONS if m.version != FUSION_VERSION]


ensure_registered()

# Tables whose rows a rebuild recomputes (history and user constraints are kept).
MACHINE_TABLES = (
    "fusion_articles",
    "fusion_lsh",
    "fusion_members",
    "fusion_blocks",
    "fusion_ngram_df",
    "fusion_meta",
    "fusion_events",
)

# -- PostgreSQL: the same tables; ids and keys compare bytewise (COLLATE "C"), as SQLite's do --------

PG_LOCK = 0x517E_0020  # pg_advisory_lock key held while creating fusion's tables
_C = 'TEXT COLLATE "C"'
PG_STATEMENTS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            f"""CREATE TABLE fusion_articles (
                article_id {_C} PRIMARY KEY, pipeline_version TEXT, original_id {_C},
                jaccard DOUBLE PRECISION, signature BYTEA NOT NULL
            )""",
            "CREATE INDEX fusion_articles_original ON fusion_articles(original_id)",
            f"CREATE TABLE fusion_lsh (band INTEGER NOT NULL, key BYTEA NOT NULL,"
            f" article_id {_C} NOT NULL)",
            "CREATE INDEX fusion_lsh_key ON fusion_lsh(band, key)",
            "CREATE INDEX fusion_lsh_article ON fusion_lsh(article_id)",
            f"""CREATE TABLE fusion_members (
                event_id {_C} PRIMARY KEY, fused_id {_C} NOT NULL, article_id {_C} NOT NULL,
                report TEXT NOT NULL
            )""",
            "CREATE INDEX fusion_members_fused ON fusion_members(fused_id)",
            "CREATE INDEX fusion_members_article ON fusion_members(article_id)",
            # blocking's prefix lookups are range scans (key >= p AND key < p || U+FFFF): bytewise
            f"CREATE TABLE fusion_blocks (key {_C} NOT NULL, event_id {_C} NOT NULL)",
            "CREATE INDEX fusion_blocks_key ON fusion_blocks(key)",
            "CREATE INDEX fusion_blocks_event ON fusion_blocks(event_id)",
            "CREATE TABLE fusion_ngram_df (gram BIGINT PRIMARY KEY, df INTEGER NOT NULL)",
            f"CREATE TABLE fusion_meta (name {_C} PRIMARY KEY, value TEXT NOT NULL)",
            f"""CREATE TABLE fusion_events (
                id {_C} PRIMARY KEY, date {_C}, event_type TEXT, sources INTEGER NOT NULL,
                json TEXT NOT NULL, updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX fusion_events_date ON fusion_events(date, id)",
            """CREATE TABLE fusion_ops (
                id BIGSERIAL PRIMARY KEY,
                at TEXT NOT NULL,
                op TEXT NOT NULL
                    CHECK (op IN ('create', 'attach', 'detach', 'merge', 'split', 'rebuild')),
                by TEXT NOT NULL CHECK (by IN ('machine', 'user')),
                fused_ids TEXT NOT NULL, event_ids TEXT NOT NULL, reason TEXT NOT NULL
            )""",
            """CREATE FUNCTION fusion_ops_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'fusion history is append-only'; END $$""",
            """CREATE TRIGGER fusion_ops_no_update BEFORE UPDATE ON fusion_ops
                FOR EACH ROW EXECUTE FUNCTION fusion_ops_append_only()""",
            f"""CREATE TABLE fusion_constraints (
                a {_C} NOT NULL, b {_C} NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('same', 'different')),
                op_id BIGINT NOT NULL,
                PRIMARY KEY (a, b)
            )""",
            "CREATE INDEX fusion_constraints_b ON fusion_constraints(b)",
        ),
    ),
)


def _pg_version(cur: Any) -> int:
    cur.execute("SELECT to_regclass('fusion_schema_version') IS NOT NULL")
    if not cur.fetchone()[0]:
        return 0
    cur.execute("SELECT coalesce(max(version), 0) FROM fusion_schema_version")
    return int(cur.fetchone()[0])


def pg_ensure(conn: Any, *, where: str) -> None:
    """Create or upgrade fusion's tables on a PostgreSQL connection in no transaction (idempotent,
    safe under concurrency: an advisory lock, then each version in its own transaction)."""
    import psycopg

    target = PG_STATEMENTS[-1][0]
    with conn.cursor() as cur:
        if _pg_version(cur) == target:
            conn.commit()
            return
        conn.commit()
        cur.execute("SELECT pg_advisory_lock(%s)", (PG_LOCK,))
        try:
            found = _pg_version(cur)
            if found > target:
                raise StoreError(
                    f"fusion schema version {found} in {where} is newer than this sitroom"
                    f" supports ({target}); upgrade sitroom"
                )
            cur.execute(
                "CREATE TABLE IF NOT EXISTS fusion_schema_version"
                " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            conn.commit()
            for version, statements in PG_STATEMENTS:
                if version <= found:
                    continue
                try:
                    for sql in statements:
                        cur.execute(sql)
                    cur.execute(
                        "INSERT INTO fusion_schema_version VALUES (%s, now()::text)", (version,)
                    )
                    conn.commit()
                except psycopg.Error as exc:
                    conn.rollback()
                    why = " ".join(str(exc).split())
                    raise StoreError(
                        f"fusion schema migration {version} failed in {where} and was rolled"
                        f" back: {why}"
                    ) from None
        finally:
            if not conn.closed and not conn.broken:
                cur.execute("SELECT pg_advisory_unlock(%s)", (PG_LOCK,))
                conn.commit()
