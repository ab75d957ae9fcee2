"""Storage of articles, analyses, evidence and errors behind the `Store` protocol.

`open_store(dsn)` picks SQLite or PostgreSQL/PostGIS from the DSN, creates what is missing, migrates.
"""

from __future__ import annotations

import os

from ..errors import StoreError
from .limits import LimitReached, StoreLimits
from .protocol import Store
from .rows import InvalidAnalysis
from .sqlite import SQLiteStore

DEFAULT_DB = "sitroom.db"

__all__ = [
    "DEFAULT_DB",
    "InvalidAnalysis",
    "LimitReached",
    "SQLiteStore",
    "Store",
    "StoreLimits",
    "is_postgres",
    "open_store",
    "sqlite_path",
]


def sqlite_path(dsn: str | None) -> str:
    """The SQLite file a DSN names: a path, `sqlite:///relative.db`, `sqlite:////abs.db`, `:memory:`.

    None means `$SITROOM_DB`, else `./sitroom.db`. `sqlite://` alone is an in-memory database.
    """
    if dsn is None or not dsn.strip():
        dsn = os.environ.get("SITROOM_DB") or DEFAULT_DB
    dsn = dsn.strip()
    if is_postgres(dsn):
        raise StoreError(
            "this needs a SQLite database (a path or sqlite:///path), not a PostgreSQL DSN"
        )
    if dsn.startswith("sqlite:"):
        # SQLAlchemy's convention: three slashes then the path (a fourth slash makes it absolute).
        rest = dsn.removeprefix("sqlite:")
        if rest in ("", "//", "///"):
            return ":memory:"
        if not rest.startswith("///"):
            raise StoreError(f"cannot read database DSN {dsn!r}; write sqlite:///path/to/file.db")
        return rest[3:]
    if "://" in dsn:
        scheme = dsn.split("://", 1)[0]
        raise StoreError(
            f"unknown database scheme {scheme!r}; use a path, sqlite:///path or postgresql://"
        )
    return dsn


def is_postgres(dsn: str | None) -> bool:
    """Whether `dsn` (None: `$SITROOM_DB`) names a PostgreSQL database."""
    if dsn is None or not dsn.strip():
        dsn = os.environ.get("SITROOM_DB") or ""
    return dsn.strip().startswith(("postgresql://", "postgres://"))


def open_store(dsn: str | None = None, *, limits: StoreLimits | None = None) -> Store:
    """Open, create if needed and migrate the store behind `dsn`. Use it as a context manager.

    `postgresql://user@host/db` opens the PostgreSQL/PostGIS store; anything else is SQLite.
    """
    if is_postgres(dsn):
        from .postgres import PostgresStore  # psycopg is imported only when asked for

        return PostgresStore((dsn or os.environ.get("SITROOM_DB") or "").strip(), limits=limits)
    path = sqlite_path(dsn)
    return SQLiteStore(path, limits=limits)
