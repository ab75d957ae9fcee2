"""The PostgreSQL/PostGIS store: the `Store` protocol over a psycopg 3 connection pool.

Same rows and answers as `SQLiteStore`; one transaction per save under a per-article advisory lock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..errors import BadInput, NotFound, StoreError
from ..records import Analysis, Article
from .limits import StoreLimits
from .pg_migrations import _one_line, pg_migrate
from .rows import InvalidAnalysis, build_rows

T = TypeVar("T")

POOL_MAX = 8  # connections per process; PostgreSQL's default max_connections is 100
CONNECT_TIMEOUT_S = 10
RETRY_PAUSES_S = (
    0.05,
    0.2,
    0.5,
    1.0,
    2.0,
)  # deadlock / serialization failure: the whole save again
MIN_PREFIX = 6
DERIVED_TABLES = ("events", "attributions", "places", "timexes")
PLACE_COLUMNS = (
    'id, article_id, start, "end", text, name, geonameid, lat, lon, country, admin1,'
    " feature_class, feature_code, geo_precision, confidence"
)
TIMEX_COLUMNS = (
    'id, article_id, start, "end", text, type, value, earliest, latest, precision, confidence, rule'
)
EVENT_COLUMNS = (
    "id, article_id, event_type, sub_event_type, date, lat, lon, confidence, negated,"
    " hypothetical, historical, json"
)

_ARTICLE_UPSERT = """
INSERT INTO articles (id, text, title, url, outlet, published, language, source, status,
                      pipeline_version, ingested_at)
VALUES (%(id)s, %(text)s, %(title)s, %(url)s, %(outlet)s, %(published)s, %(language)s, %(source)s,
        %(status)s, %(pipeline_version)s, %(now)s)
ON CONFLICT (id) DO UPDATE SET
    text = excluded.text,
    title = coalesce(excluded.title, articles.title), url = coalesce(excluded.url, articles.url),
    outlet = coalesce(excluded.outlet, articles.outlet),
    published = coalesce(excluded.published, articles.published),
    language = coalesce(excluded.language, articles.language),
    source = coalesce(excluded.source, articles.source),
    status = excluded.status, pipeline_version = excluded.pipeline_version
"""
_ERROR_UPSERT = """
INSERT INTO errors (source, line, reason, article_id, at) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (source, coalesce(line, -1), reason, coalesce(article_id, ''))
DO UPDATE SET at = excluded.at, id = nextval(pg_get_serial_sequence('errors', 'id'))
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def safe_dsn(dsn: str) -> str:
    """The DSN without its password, for messages: postgresql://user@host:port/db."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(dsn)
    except Exception:
        return re.sub(r"://([^:@/]*):[^@/]*@", r"://\1@", dsn)
    user, port = parts.get("user"), parts.get("port")
    host = parts.get("host") or "localhost"
    where = f"{user}@{host}" if user else host
    return f"postgresql://{where}{':' + str(port) if port else ''}/{parts.get('dbname') or ''}"


class PostgresStore:
    """A `Store` on one PostgreSQL database with PostGIS. Thread-safe (a pool); a context manager."""

    def __init__(self, dsn: str, *, limits: StoreLimits | None = None) -> None:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
        from psycopg_pool import ConnectionPool

        self.dsn = dsn
        self.path = safe_dsn(dsn)  # what messages name (SQLiteStore's `path`)
        self.limits = limits or StoreLimits()
        try:
            conninfo_to_dict(dsn)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot read PostgreSQL DSN {self.path!r}: {_one_line(exc)}"
            ) from None
        try:  # one direct connection first: its error says why (the pool would only time out)
            with psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT_S) as conn:
                pg_migrate(conn, where=self.path)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {_one_line(exc)}") from None
        self._pool = ConnectionPool(
            dsn,
            min_size=1,
            max_size=POOL_MAX,
            kwargs={"connect_timeout": CONNECT_TIMEOUT_S},
            open=True,
            name="sitroom",
        )
        self._closed = False

    # -- plumbing ---------------------------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.path!r})"

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A pooled connection (committed when the block ends, rolled back on an exception)."""
        import psycopg
        from psycopg import errors as pgerr
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise StoreError(f"cannot reach database {self.path}: {_one_line(exc)}") from None
        except (pgerr.DeadlockDetected, pgerr.SerializationFailure):
            raise  # transient: the writers retry the whole transaction
        except psycopg.OperationalError as exc:
            raise StoreError(f"database {self.path} failed: {_one_line(exc)}") from None

    def _write(self, work: Callable[[Any], T]) -> T:
        """`work(cursor)` in one transaction; retried whole on a deadlock or serialization failure."""
        import psycopg
        from psycopg import errors as pgerr

        for pause in (*RETRY_PAUSES_S, None):
            try:
                with self.connection() as conn, conn.transaction(), conn.cursor() as cur:
                    return work(cur)
            except (pgerr.DeadlockDetected, pgerr.SerializationFailure):
                if pause is None:
                    raise StoreError(f"write to {self.path} kept conflicting; try again") from None
                time.sleep(pause)
            except psycopg.IntegrityError as exc:
                raise InvalidAnalysis(f"refused by the database: {_one_line(exc)}") from None
            except psycopg.Error as exc:
                raise StoreError(f"database write failed ({self.path}): {_one_line(exc)}") from None
        raise AssertionError("unreachable")

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts."""
        import psycopg
        from psycopg.rows import dict_row

        try:
            with self.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
                cur.execute(sql, params)
                return list(cur.fetchall())
        except psycopg.Error as exc:
            raise StoreError(f"database read failed ({self.path}): {_one_line(exc)}") from None

    def _stored_text(self, article_id: str) -> str | None:
        rows = self.query("SELECT text FROM articles WHERE id = %s", (article_id,))
        return rows[0]["text"] if rows else None

    def _resolve(self, table: str, ident: str, what: str) -> str:
        if self.query(f"SELECT 1 FROM {table} WHERE id = %s", (ident,)):
            return ident
        if len(ident) >= MIN_PREFIX:
            found = self.query(
                f"SELECT id FROM {table} WHERE left(id, %s) = %s LIMIT 2", (len(ident), ident)
            )
            if len(found) == 1:
                return str(found[0]["id"])
            if len(found) > 1:
                raise BadInput(f"{what} id prefix {ident!r} is ambiguous; give more characters")
        raise NotFound(f"no {what} with id {ident!r}")

    # -- writing ----------------------------------------------------------------------------------

    @staticmethod
    def _article_params(article: Article, *, status: str, version: str | None) -> dict[str, Any]:
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
    def _lock_and_clear(cur: Any, article_id: str) -> None:
        """Serialize writers of one article (advisory lock until commit), then drop its rows."""
        cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (article_id,))
        cur.execute("DELETE FROM evidence WHERE saved_by = %s", (article_id,))
        for table in DERIVED_TABLES:
            cur.execute(f"DELETE FROM {table} WHERE article_id = %s", (article_id,))

    def save(self, analysis: Analysis, *, pipeline_version: str) -> None:
        article = analysis.article
        self.limits.check(analysis)
        rows = build_rows(analysis, text_of=self._stored_text)  # raises before anything is written
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

        def work(cur: Any) -> None:
            self._lock_and_clear(cur, article.id)
            cur.execute(_ARTICLE_UPSERT, params)
            if rows.events:
                cur.executemany(
                    f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({_marks(12)})", rows.events
                )
            if rows.attributions:
                cur.executemany(
                    "INSERT INTO attributions (id, article_id, start, json) VALUES (%s,%s,%s,%s)",
                    rows.attributions,
                )
            if rows.places:
                cur.executemany(
                    f"INSERT INTO places ({PLACE_COLUMNS}) VALUES ({_marks(15)})", rows.places
                )
            if rows.timexes:
                cur.executemany(
                    f"INSERT INTO timexes ({TIMEX_COLUMNS}) VALUES ({_marks(12)})", rows.timexes
                )
            if evidence:
                cur.executemany(
                    'INSERT INTO evidence (owner_kind, owner_id, field, article_id, start, "end",'
                    f" text, saved_by) VALUES ({_marks(8)})",
                    evidence,
                )

        self._write(work)

    def save_skipped(
        self, article: Article | None, *, source: str, line: int | None, reason: str
    ) -> None:
        params = self._article_params(article, status="skipped", version=None) if article else None

        def work(cur: Any) -> None:
            if article is not None and params is not None:
                self._lock_and_clear(cur, article.id)
                cur.execute(_ARTICLE_UPSERT, params)
            cur.execute(
                _ERROR_UPSERT, (source, line, reason, article.id if article else None, _now())
            )

        self._write(work)

    def mark_outdated(self, *, article_id: str | None = None) -> int:
        """Forget which pipeline version processed articles (the next ingest re-processes them)."""
        where, params = ("WHERE id = %s", (article_id,)) if article_id else ("", ())

        def work(cur: Any) -> int:
            cur.execute(f"UPDATE articles SET pipeline_version = 'outdated' {where}", params)
            return int(cur.rowcount)

        return self._write(work)

    # -- reading ----------------------------------------------------------------------------------

    def has_article(self, article_id: str, *, pipeline_version: str | None = None) -> bool:
        if pipeline_version is None:
            return bool(self.query("SELECT 1 FROM articles WHERE id = %s", (article_id,)))
        return bool(
            self.query(
                "SELECT 1 FROM articles WHERE id = %s AND status = 'ok' AND pipeline_version = %s",
                (article_id, pipeline_version),
            )
        )

    def articles(
        self, *, with_text: bool = False, limit: int | None = None
    ) -> list[dict[str, Any]]:
        cols = "id, title, outlet, published, url, status" + (", text" if with_text else "")
        return self.query(f"SELECT {cols} FROM articles ORDER BY seq LIMIT %s", (_limit(limit),))

    def article(self, article_id: str) -> Article:
        full = self._resolve("articles", article_id, "article")
        r = self.query("SELECT * FROM articles WHERE id = %s", (full,))[0]
        return Article(
            id=r["id"],
            text=r["text"],
            title=r["title"],
            url=r["url"],
            outlet=r["outlet"],
            published=dt.date.fromisoformat(r["published"]) if r["published"] else None,
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
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        if event_type is not None:
            where.append("lower(event_type) = lower(%s)")
            params.append(event_type)
        if min_confidence is not None:
            where.append("confidence >= %s")
            params.append(min_confidence)
        if not include_flagged:
            where.append("negated = 0 AND hypothetical = 0 AND historical = 0")
        if article_id is not None:
            where.append("article_id = %s")
            params.append(article_id)
        sql = (
            f"SELECT json FROM events WHERE {' AND '.join(where)}"
            " ORDER BY date NULLS LAST, id LIMIT %s OFFSET %s"
        )
        rows = self.query(sql, (*params, _limit(limit), max(offset, 0)))
        return [json.loads(r["json"]) for r in rows]

    def event(self, event_id: str) -> dict[str, Any]:
        full = self._resolve("events", event_id, "event")
        return json.loads(self.query("SELECT json FROM events WHERE id = %s", (full,))[0]["json"])

    def evidence_for(self, owner_id: str) -> list[dict[str, Any]]:
        return self.query(
            'SELECT owner_kind, owner_id, field, article_id, start, "end", text FROM evidence'
            " WHERE owner_id = %s ORDER BY id",
            (owner_id,),
        )

    def evidence_rows(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE saved_by = %s", (article_id,)) if article_id else ("", ())
        return self.query(
            'SELECT owner_kind, owner_id, field, article_id, start, "end", text, saved_by'
            f' FROM evidence {where} ORDER BY saved_by, owner_kind, owner_id, field, start, "end"',
            params,
        )

    def quotes(
        self, *, limit: int | None = None, article_id: str | None = None
    ) -> list[dict[str, Any]]:
        where, params = ("WHERE article_id = %s", [article_id]) if article_id else ("", [])
        rows = self.query(
            f"SELECT json FROM attributions {where} ORDER BY article_id, start, id LIMIT %s",
            (*params, _limit(limit)),
        )
        return [json.loads(r["json"]) for r in rows]

    def places(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        return self._spans("places", PLACE_COLUMNS, article_id)

    def timexes(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        return self._spans("timexes", TIMEX_COLUMNS, article_id)

    def _spans(self, table: str, columns: str, article_id: str | None) -> list[dict[str, Any]]:
        where, params = ("WHERE article_id = %s", (article_id,)) if article_id else ("", ())
        return self.query(
            f"SELECT {columns} FROM {table} {where} ORDER BY article_id, start, id", params
        )

    def search_articles(self, text: str, *, limit: int = 100) -> list[dict[str, Any]]:
        """Articles whose title or text match the words of `text` (full-text, best first)."""
        return self.query(
            "SELECT id, title, outlet, published, url, status,"
            " ts_rank(tsv, q) AS rank FROM articles, plainto_tsquery('english', %s) q"
            " WHERE tsv @@ q ORDER BY rank DESC, seq LIMIT %s",
            (text, limit),
        )

    def errors(self) -> list[dict[str, Any]]:
        return self.query("SELECT source, line, reason, article_id, at FROM errors ORDER BY id")

    def stats(self) -> dict[str, int]:
        tables = ("articles", *DERIVED_TABLES, "evidence", "errors")
        parts = [f"(SELECT count(*) FROM {t}) AS {t}" for t in tables]
        parts += [
            "(SELECT count(*) FROM articles WHERE status = 'ok') AS articles_ok",
            "(SELECT count(*) FROM articles WHERE status = 'skipped') AS articles_skipped",
            "(SELECT max(version) FROM schema_version) AS schema_version",
        ]
        row = self.query(f"SELECT {', '.join(parts)}")[0]
        return {k: int(v or 0) for k, v in row.items()}


def _marks(n: int) -> str:
    return ",".join(["%s"] * n)


def _limit(limit: int | None) -> int | None:
    """PostgreSQL's LIMIT: NULL means no limit."""
    return None if limit is None else max(int(limit), 0)
