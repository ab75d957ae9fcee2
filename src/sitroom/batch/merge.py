"""Done partitions and merging: a partition's SQLite file copied into the target in one transaction.

The copy and the partition's "done" row commit together, so a partition is merged exactly once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from ..errors import StoreError
from ..store.sqlite import BUSY_TIMEOUT_S, DERIVED_TABLES
from .partition import Partition

DONE_TABLE = "batch_partitions"
_DONE_SCHEMA = f"""CREATE TABLE IF NOT EXISTS {DONE_TABLE} (
    id TEXT PRIMARY KEY,        -- Partition.id: content of its files + range + run options
    target TEXT NOT NULL,       -- the store it was written to ('' for the SQLite file holding this)
    label TEXT NOT NULL,        -- file:first-last, for people
    articles INTEGER NOT NULL,  -- items the partition held (stored, unchanged or skipped)
    done_at TEXT NOT NULL
)"""
# Article columns a re-ingest leaves as they were when the new value is missing (as `save` does).
_KEPT_WHEN_NULL = ("title", "url", "outlet", "published", "language", "source")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _connect(path: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(_DONE_SCHEMA)
    return conn


class DoneBook:
    """Which partitions are committed, in a SQLite file: the target itself or a manifest beside it."""

    def __init__(self, path: str, *, target: str = "") -> None:
        self.path = path
        self.target = target
        self.conn = _connect(path)

    def done(self) -> set[str]:
        rows = self.conn.execute(f"SELECT id FROM {DONE_TABLE} WHERE target = ?", (self.target,))
        return {r[0] for r in rows}

    def mark(self, part: Partition, *, articles: int) -> None:
        """Record a partition whose results another store has committed (PostgreSQL targets)."""
        self.conn.execute("BEGIN IMMEDIATE")
        self._insert(part, articles)
        self.conn.execute("COMMIT")

    def _insert(self, part: Partition, articles: int) -> None:
        self.conn.execute(
            f"INSERT OR REPLACE INTO {DONE_TABLE} VALUES (?,?,?,?,?)",
            (part.id, self.target, part.label(), articles, _now()),
        )

    def merge(self, part: Partition, partition_db: Path, *, articles: int) -> int:
        """Copy a partition's file into this (target) database and mark it done; returns articles."""
        conn = self.conn
        conn.execute("ATTACH DATABASE ? AS part", (str(partition_db),))
        try:
            _same_schema(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                copied = _copy(conn)
                self._insert(part, articles)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"merging partition {part.label()} failed: {exc}") from None
        finally:
            conn.execute("DETACH DATABASE part")
        return copied

    def close(self) -> None:
        self.conn.close()


def _same_schema(conn: sqlite3.Connection) -> None:
    mine = conn.execute("SELECT max(version) FROM main.schema_version").fetchone()[0]
    theirs = conn.execute("SELECT max(version) FROM part.schema_version").fetchone()[0]
    if mine != theirs:
        raise StoreError(
            f"a worker wrote schema version {theirs}, the target has {mine}: "
            "run the same sitroom version on the workers"
        )


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]


def _copy(conn: sqlite3.Connection) -> int:
    """What `Store.save` / `save_skipped` did in the partition, done again in the target."""
    ids = "SELECT id FROM part.articles"
    # derived rows of these articles are replaced whole, as a re-processing `save` replaces them
    conn.execute(f"DELETE FROM main.evidence WHERE saved_by IN ({ids})")
    for table in DERIVED_TABLES:
        conn.execute(f"DELETE FROM main.{table} WHERE article_id IN ({ids})")
    cols = _columns(conn, "articles")
    names = ", ".join(cols)
    updates = ", ".join(
        f"{c} = coalesce(excluded.{c}, {c})" if c in _KEPT_WHEN_NULL else f"{c} = excluded.{c}"
        for c in cols
        if c not in ("id", "ingested_at")
    )
    conn.execute(
        f"INSERT INTO main.articles ({names}) SELECT {names} FROM part.articles WHERE true"
        f" ON CONFLICT(id) DO UPDATE SET {updates}"
    )
    for table in DERIVED_TABLES:
        names = ", ".join(_columns(conn, table))
        conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM part.{table}")
    for table in ("evidence", "errors"):  # their integer ids are the target's own
        names = ", ".join(c for c in _columns(conn, table) if c != "id")
        verb = "INSERT OR REPLACE" if table == "errors" else "INSERT"
        conn.execute(
            f"{verb} INTO main.{table} ({names}) SELECT {names} FROM part.{table} ORDER BY id"
        )
    return int(conn.execute("SELECT count(*) FROM part.articles").fetchone()[0])
