"""The SQLite store: WAL journal, foreign keys, versioned migrations, one transaction per save.

Every derived row of an article is replaced when the article is re-processed; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import BadInput, NotFound, StoreError
from ..records import Analysis, Article
from .limits import StoreLimits
from .migrations import migrate
from .rows import InvalidAnalysis, build_rows

T = TypeVar("T")

BUSY_TIMEOUT_S = 10.0  # how long a writer waits for another process's lock before failing
# After SQLite's own busy wait gave up, the whole transaction is retried after these pauses (seconds,
# with jitter so that writers do not wake in step); only then does "database is locked" reach the user.
RETRY_PAUSES_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4)
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

    def __init__(self, path: str, *, limits: StoreLimits | None = None) -> None:
        self.path = path
        self.limits = limits or StoreLimits()
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
        self._conn = _retry_busy(lambda: self._connect(path), what=f"open database {path}")
        self._conn.row_factory = sqlite3.Row
        self._closed = False

    @staticmethod
    def _connect(path: str) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode not in ("wal", "memory"):
                raise StoreError(f"cannot open database {path}: WAL journal refused (got {mode})")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn, path=path)
        except sqlite3.Error as exc:
            conn.close()
            if _is_busy(exc):
                raise  # retried by the caller
            raise StoreError(f"cannot open database {path}: {exc}") from None
        except BaseException:
            conn.close()
            raise
        return conn

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

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction, committed whole or rolled back whole.

        A busy database (another process writing) is waited for, then the transaction is retried.
        """

        def attempt() -> T:
            with self._lock:
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                    result = work(self._conn)
                    self._conn.execute("COMMIT")
                    return result
                except BaseException as exc:
                    if self._conn.in_transaction:  # SQLite may have rolled back by itself
                        self._conn.execute("ROLLBACK")
                    if isinstance(exc, sqlite3.IntegrityError):
                        raise InvalidAnalysis(f"refused by the database: {exc}") from None
                    if isinstance(exc, sqlite3.Error) and not _is_busy(exc):
                        raise StoreError(f"database write failed ({self.path}): {exc}") from None
                    raise

        return _retry_busy(attempt, what=f"write to database {self.path}")

    def _rows(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        def attempt() -> list[sqlite3.Row]:
            with self._lock:
                try:
                    return self._conn.execute(sql, params).fetchall()
                except sqlite3.Error as exc:
                    if _is_busy(exc):
                        raise
                    raise StoreError(f"database read failed ({self.path}): {exc}") from None

        return _retry_busy(attempt, what=f"read database {self.path}")

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
        self.limits.check(analysis)  # a limit reached is refused with its reason, never truncated
        with self._lock:
            rows = build_rows(
                analysis, text_of=self._stored_text
            )  # raises before anything is written
        evidence = [
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
        ]
        self.limits.check_spans(article.id, len(evidence))
        params = self._article_params(article, status="ok", version=pipeline_version)

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(_ARTICLE_UPSERT, params)
            self._clear_derived(conn, article.id)
            conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.events)
            conn.executemany("INSERT INTO attributions VALUES (?,?,?,?)", rows.attributions)
            conn.executemany(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows.places
            )
            conn.executemany("INSERT INTO timexes VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.timexes)
            conn.executemany(
                'INSERT INTO evidence (owner_kind, owner_id, field, article_id, start, "end",'
                " text, saved_by) VALUES (?,?,?,?,?,?,?,?)",
                evidence,
            )

        self._write(work)

    def save_skipped(
        self, article: Article | None, *, source: str, line: int | None, reason: str
    ) -> None:
        params = self._article_params(article, status="skipped", version=None) if article else None

        def work(conn: sqlite3.Connection) -> None:
            if article is not None and params is not None:
                conn.execute(_ARTICLE_UPSERT, params)
                self._clear_derived(conn, article.id)  # results of an older version are stale now
            conn.execute(
                "INSERT OR REPLACE INTO errors (source, line, reason, article_id, at) VALUES (?,?,?,?,?)",
                (source, line, reason, article.id if article else None, _now()),
            )

        self._write(work)

    def mark_outdated(self, *, article_id: str | None = None) -> int:
        """Forget which pipeline version processed articles, so that the next ingest re-processes
        them (as after an upgrade). Returns how many articles were marked."""
        where, params = ("WHERE id = ?", (article_id,)) if article_id else ("", ())

        def work(conn: sqlite3.Connection) -> int:
            sql = f"UPDATE articles SET pipeline_version = 'outdated' {where}"
            return int(conn.execute(sql, params).rowcount)

        return self._write(work)

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy of the whole database (SQLite online backup API), taken while in use."""
        target = Path(dest).expanduser()
        if target.is_dir():
            target = target / (Path(self.path).name if self.path != ":memory:" else "sitroom.db")
        try:
            conn = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write backup {target}: {exc}") from None
        try:
            with self._lock:
                self._conn.backup(conn)
        except sqlite3.Error as exc:
            raise StoreError(f"backup to {target} failed: {exc}") from None
        finally:
            conn.close()
        return target

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

    def evidence_rows(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        """Every stored evidence span (of one article's analysis), in a stable order."""
        where, params = ("WHERE saved_by = ?", (article_id,)) if article_id else ("", ())
        rows = self._rows(
            'SELECT owner_kind, owner_id, field, article_id, start, "end", text, saved_by'
            f' FROM evidence {where} ORDER BY saved_by, owner_kind, owner_id, field, start, "end"',
            params,
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


def _is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock; worth waiting for."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    message = str(exc)
    return "locked" in message or "busy" in message


def _retry_busy(attempt: Callable[[], T], *, what: str) -> T:
    """`attempt()`, retried with growing jittered pauses while the database is busy."""
    started = time.monotonic()
    for pause in RETRY_PAUSES_S:
        try:
            return attempt()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise StoreError(f"cannot {what}: {exc}") from None
        time.sleep(pause * (0.5 + random.random()))
    try:
        return attempt()
    except sqlite3.OperationalError as exc:
        waited = time.monotonic() - started
        raise StoreError(
            f"cannot {what}: another process kept it locked for {waited:.1f} s ({exc})"
        ) from None
