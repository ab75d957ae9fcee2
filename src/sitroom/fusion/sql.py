"""Fusion's SQL dialect seam: modules write SQLite SQL; on PostgreSQL `PgConn` translates it.

`?` → `%s`, `INSERT OR REPLACE` → `INSERT ... ON CONFLICT (key) DO UPDATE`; `insert_id` for lastrowid.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Protocol

# The conflict key of each table fusion writes with INSERT OR REPLACE (its primary key).
CONFLICT_KEYS: dict[str, tuple[str, ...]] = {
    "fusion_members": ("event_id",),
    "fusion_events": ("id",),
    "fusion_constraints": ("a", "b"),
    "fusion_meta": ("name",),
}


class Conn(Protocol):
    """What fusion needs of a connection: `sqlite3.Connection`, or `PgConn` on PostgreSQL."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Any, /) -> Any: ...


_REPLACE = re.compile(
    r"^\s*INSERT OR REPLACE INTO (\w+)\s*\(([^)]*)\)\s*(VALUES\s*\(.*\))\s*$", re.DOTALL
)


@lru_cache(maxsize=256)
def to_postgres(sql: str) -> str:
    """The PostgreSQL text of a fusion statement written for SQLite."""
    found = _REPLACE.match(sql)
    if found:
        table, columns, values = found.group(1), found.group(2), found.group(3)
        names = [c.strip() for c in columns.split(",")]
        key = CONFLICT_KEYS[table]
        updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in key)
        sql = (
            f"INSERT INTO {table} ({', '.join(names)}) {values}"
            f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        )
    return sql.replace("%", "%%").replace("?", "%s")


class PgConn:
    """A psycopg connection that speaks like `sqlite3.Connection` for fusion's statements."""

    postgres = True

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Any = (), /) -> Any:
        """A new cursor over the statement's result (as sqlite3's `execute`)."""
        return self.raw.execute(to_postgres(sql), tuple(params))

    def executemany(self, sql: str, rows: Any, /) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(to_postgres(sql), rows)


def is_postgres(conn: Any) -> bool:
    return bool(getattr(conn, "postgres", False))


def insert_id(conn: Any, sql: str, params: tuple[Any, ...]) -> int:
    """Run an INSERT and return the new row's integer id (lastrowid; RETURNING id on PostgreSQL)."""
    if is_postgres(conn):
        row = conn.execute(sql + " RETURNING id", params).fetchone()
        return int(row[0])
    return int(conn.execute(sql, params).lastrowid or 0)
