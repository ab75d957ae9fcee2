"""What the API handlers read and write through: per-thread SQLite read connections and the review store.

Opened once per app; the review tables are created (own migrations) when the app starts.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..store import open_store, sqlite_path
from ..store.review import ReviewStore


class Backend:
    """The database behind one app: `read()` for queries, `review` for decisions, `store()` for records."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.path = sqlite_path(dsn)
        with open_store(dsn):  # create and migrate the store's own tables first
            pass
        self.review = ReviewStore(self.path)  # then the review tables (their own migrations)
        self._local = threading.local()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection of this thread (reused across requests; WAL lets readers run beside writers)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = conn
        yield conn

    @contextmanager
    def store(self) -> Iterator[Any]:
        with open_store(self.dsn) as opened:
            yield opened
