"""The SQLite store: WAL journal, foreign keys, versioned migrations, one transaction per save.

Every derived row of an article is replaced when the article is re-processed; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import BadInput, NotFound, StoreError
from ..records import Analysis, Article
from .migrations import migrate
from .rows import InvalidAnalysis, build_rows

BUSY_TIMEOUT_S = 10.0  # how long a writer waits for another process's lock before failing
MIN_PREFIX = 6  # shortest id prefix accepted where a full id is expected
DERIVED_TABLES = ("events", "attributions", "places", "timexes")

_ARTICLE_UPSERT = """
INSERT INTO articles (id, text, title, url, outlet, published, language, source, status,
                      pipeline_version, ingested_at)
VALUES (:id, :text, :title, :url, :outlet, :published, :language, :source, :status,
        :pipeline_version, :now)
ON CONFLICT(id) DO UPDATE SET
    text = excluded.text,  -- same hash, but the spacing the new evidence offsets point into
    title = coalesce(excluded.title, title), url = coalesce(excluded.url, url),
    outlet = coalesce(excluded.outlet, outlet), published = coalesce(excluded.published, published),
    language = coalesce(excluded.language, language), source = coalesce(excluded.source, source),
    status = excluded.status, pipeline_version = excluded.pipeline_version
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class SQLiteStore:
    """A `Store` on one SQLite file (or ":memory:"). Thread-safe through one lock; use as a context manager."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        if path != ":memory:":
            target = Path(path).expanduser()
            if target.is_dir():
                raise StoreError(f"cannot open database {path}: it is a directory")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create database folder {target.parent}: {exc.strerror or exc}"
                ) from None
        try:
            self._conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from None
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode not in ("wal", "memory"):
                raise StoreError(f"cannot open database {path}: WAL journal refused (got {mode})")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self._conn)
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(f"cannot open database {path}: {exc}") from None
        except StoreError:
            self._conn.close()
            raise
        self._conn.row_factory = sqlite3.Row
        self._closed = False

    # -- plumbing ---------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole or rolled back whole."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"database {self.path} is not writable: {exc}") from None
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:  # SQLite may have rolled back by itself already
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise InvalidAnalysis(f"refused by the database: {exc}") from None
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"database write failed ({self.path}): {exc}") from None
                raise

    def _rows(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"database read failed ({self.path}): {exc}") from None

    def _stored_text(self, article_id: str) -> str | None:
        rows = self._rows("SELECT text FROM articles WHERE id = ?", (article_id,))
        return rows[0]["text"] if rows else None

    def _resolve(self, table: str, ident: str, what: str) -> str:
        """A full id from an id or a unique prefix of at least MIN_PREFIX characters."""
        if self._rows(f"SELECT 1 FROM {table} WHERE id = ?", (ident,)):
            return ident
        if len(ident) >= MIN_PREFIX:
            found = self._rows(
                f"SELECT id FROM {table} WHERE substr(id, 1, ?) = ? LIMIT 2", (len(ident), ident)
            )
            if len(found) == 1:
                return str(found[0]["id"])
            if len(found) > 1:
                raise BadInput(f"{what} id prefix {ident!r} is ambiguous; give more characters")
        raise NotFound(f"no {what} with id {ident!r}")

    # -- writing ----------------------------------------------------------------------------------

    def _article_params(
        self, article: Article, *, status: str, version: str | None
    ) -> dict[str, Any]:
        return {
            "id": article.id,
            "text": article.text,
            "title": article.title,
            "url": article.url,
            "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language,
            "source": article.source,
            "status": status,
            "pipeline_version": version,
            "now": _now(),
        }

    @staticmethod
    def _clear_derived(conn: sqlite3.Connection, article_id: str) -> None:
        conn.execute("DELETE FROM evidence WHERE saved_by = ?", (article_id,))
        for table in DERIVED_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))

    def save(self, analysis: Analysis, *, pipeline_version: str) -> None:
        article = analysis.article
        with self._lock:
            rows = build_rows(
                analysis, text_of=self._stored_text
            )  # raises before anything is written
            with self._tx() as conn:
                conn.execute(
                    _ARTICLE_UPSERT,
                    self._article_params(article, status="ok", version=pipeline_version),
                )
                self._clear_derived(conn, article.id)
                conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.events)
                conn.executemany("INSERT INTO attributions VALUES (?,?,?,?)", rows.attributions)
                conn.executemany(
                    "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows.places
                )
                conn.executemany(
                    "INSERT INTO timexes VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.timexes
                )
                conn.executemany(
                    'INSERT INTO evidence (owner_kind, owner_id, field, article_id, start, "end",'
                    " text, saved_by) VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (
                            r.owner_kind,
                            r.owner_id,
                            r.field,
                            r.evidence.article_id,
                            r.evidence.start,
                            r.evidence.end,
                            r.evidence.text,
                            article.id,
                        )
                        for r in rows.evidence
                    ],
                )

    def save_skipped(
        self, article: Article | None, *, source: str, line: int | None, reason: str
    ) -> None:
        with self._tx() as conn:
            if article is not None:
                conn.execute(
                    _ARTICLE_UPSERT, self._article_params(article, status="skipped", version=None)
                )
                self._clear_derived(conn, article.id)  # results of an older version are stale now
            conn.execute(
                "INSERT OR REPLACE INTO errors (source, line, reason, article_id, at) VALUES (?,?,?,?,?)",
                (source, line, reason, article.id if article else None, _now()),
            )

    # -- reading ----------------------------------------------------------------------------------

    def has_article(self, article_id: str, *, pipeline_version: str | None = None) -> bool:
        if pipeline_version is None:
            rows = self._rows("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        else:
            rows = self._rows(
                "SELECT 1 FROM articles WHERE id = ? AND status = 'ok' AND pipeline_version = ?",
                (article_id, pipeline_version),
            )
        return bool(rows)

    def articles(
        self, *, with_text: bool = False, limit: int | None = None
    ) -> list[dict[str, Any]]:
        cols = "id, title, outlet, published, url, status" + (", text" if with_text else "")
        rows = self._rows(f"SELECT {cols} FROM articles ORDER BY rowid LIMIT ?", (_limit(limit),))
        return [dict(r) for r in rows]

    def article(self, article_id: str) -> Article:
        full = self._resolve("articles", article_id, "article")
        r = self._rows("SELECT * FROM articles WHERE id = ?", (full,))[0]
        return Article(
            id=r["id"],
            text=r["text"],
            title=r["title"],
            url=r["url"],
            outlet=r["outlet"],
            published=_date(r["published"]),
            language=r["language"],
            source=r["source"],
        )

    def events(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        event_type: str | None = None,
        min_confidence: float | None = None,
        include_flagged: bool = True,
        article_id: str | None = None,
    ) -> list[dict[str, Any]]:
        where: list[str] = ["1"]
        params: list[Any] = []
        if event_type is not None:
            where.append("event_type = ? COLLATE NOCASE")
            params.append(event_type)
        if min_confidence is not None:
            where.append("confidence >= ?")
            params.append(min_confidence)
        if not include_flagged:
            where.append("negated = 0 AND hypothetical = 0 AND historical = 0")
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        sql = (
            f"SELECT json FROM events WHERE {' AND '.join(where)}"
            " ORDER BY date IS NULL, date, id LIMIT ? OFFSET ?"
        )
        rows = self._rows(sql, (*params, _limit(limit), max(offset, 0)))
        return [json.loads(r["json"]) for r in rows]

    def event(self, event_id: str) -> dict[str, Any]:
        full = self._resolve("events", event_id, "event")
        return json.loads(self._rows("SELECT json FROM events WHERE id = ?", (full,))[0]["json"])

    def evidence_for(self, owner_id: str) -> list[dict[str, Any]]:
        rows = self._rows(
            'SELECT owner_kind, owner_id, field, article_id, start, "end", text FROM evidence'
            " WHERE owner_id = ? ORDER BY id",
            (owner_id,),
        )
        return [dict(r) for r in rows]

    def quotes(
        self, *, limit: int | None = None, article_id: str | None = None
    ) -> list[dict[str, Any]]:
        where, params = ("WHERE article_id = ?", [article_id]) if article_id else ("", [])
        rows = self._rows(
            f"SELECT json FROM attributions {where} ORDER BY article_id, start, id LIMIT ?",
            (*params, _limit(limit)),
        )
        return [json.loads(r["json"]) for r in rows]

    def places(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        return self._spans("places", article_id)

    def timexes(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        return self._spans("timexes", article_id)

    def _spans(self, table: str, article_id: str | None) -> list[dict[str, Any]]:
        where, params = ("WHERE article_id = ?", (article_id,)) if article_id else ("", ())
        rows = self._rows(f"SELECT * FROM {table} {where} ORDER BY article_id, start, id", params)
        return [dict(r) for r in rows]

    def errors(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT source, line, reason, article_id, at FROM errors ORDER BY id")
        return [dict(r) for r in rows]

    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for table in ("articles", *DERIVED_TABLES, "evidence", "errors"):
            counts[table] = int(self._rows(f"SELECT count(*) FROM {table}")[0][0])
        for status in ("ok", "skipped"):
            counts[f"articles_{status}"] = int(
                self._rows("SELECT count(*) FROM articles WHERE status = ?", (status,))[0][0]
            )
        counts["schema_version"] = int(self._rows("SELECT max(version) FROM schema_version")[0][0])
        return counts

    def journal_mode(self) -> str:
        return str(self._rows("PRAGMA journal_mode")[0][0])


def _limit(limit: int | None) -> int:
    """SQLite's LIMIT: -1 means no limit."""
    return -1 if limit is None else max(int(limit), 0)
