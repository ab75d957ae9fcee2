"""What the API handlers read and write through: SQLite read connections and the review store, or on
PostgreSQL one pooled store for everything (review and fusion tables included).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..store import is_postgres, open_store, sqlite_path
from ..store.review import ReviewStore


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
        yield self._pg

    def close(self) -> None:
        if self.postgres:
            self._pg.close()
