"""What the API handlers read and write through: SQLite read connections and the review store, or on
PostgreSQL one pooled store for everything, the review store included (fusion there answers 501 for now).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from fastapi import HTTPException

from ..errors import StoreError
from ..store import is_postgres, open_store, sqlite_path
from ..store.review import ReviewStore

NOT_ON_POSTGRES = "{what} is SQLite-only for now; serve a SQLite database to use it"


class Backend:
    """The database behind one app: `read()` for queries, `review` for decisions, `store()` for records."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.postgres = is_postgres(dsn)
        self._local = threading.local()
        self.review: Any
        if self.postgres:
            pg: Any = open_store(dsn)  # one pool for the app's lifetime
            self._pg = pg
            self.path = str(pg.path)
            self.review = ReviewStore(dsn, store=pg)  # review tables beside the store's, one pool
            return
        self.path = sqlite_path(dsn)
        with open_store(dsn):  # create and migrate the store's own tables first
            pass
        self.review = ReviewStore(self.path)  # then the review tables (their own migrations)

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A connection: this thread's SQLite one (reused; WAL lets readers run beside writers), or
        one from the PostgreSQL pool for the request."""
        if self.postgres:
            with self._pg.connection() as pooled:
                yield pooled
            return
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = conn
        yield conn

    @contextmanager
    def store(self) -> Iterator[Any]:
        if not self.postgres:
            with open_store(self.dsn) as opened:
                yield opened
            return
        try:
            yield self._pg
        except StoreError as exc:
            from ..store.postgres import Unsupported

            # fusion's tables live in SQLite only (fusion.service says "needs the SQLite store")
            if isinstance(exc, Unsupported) or "SQLite store" in str(exc):
                not_here(f"fusion ({exc})")
            raise

    def close(self) -> None:
        if self.postgres:
            self._pg.close()


def not_here(what: str) -> NoReturn:
    raise HTTPException(501, NOT_ON_POSTGRES.format(what=what))
