"""Analyst review over machine events: accept / edit / reject / merge / split, each with an audit row.

Machine rows (`events`) are never written here: reviewed versions live in `review_events`, keyed by the
stable event id, so they survive re-processing; the audit log is append-only (triggers refuse changes).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from ..errors import BadInput, NotFound, StoreError
from ..records import stable_id

# Review tables carry their own version table so they never race the store's `schema_version` numbers.
REVIEW_MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS review_events (
                id TEXT PRIMARY KEY,              -- the machine event id (stable), or a split part's id
                article_id TEXT NOT NULL,         -- no foreign key: a decision outlives re-processing
                event_type TEXT NOT NULL, sub_event_type TEXT,
                date TEXT, lat REAL, lon REAL, confidence REAL NOT NULL,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, historical INTEGER NOT NULL,
                json TEXT NOT NULL,               -- the reviewed event JSON
                status TEXT NOT NULL CHECK (status IN
                    ('accepted', 'edited', 'rejected', 'merged', 'split', 'added')),
                origin_id TEXT,                   -- merged: the event it went into; added: the split event
                reason TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS review_events_date ON review_events(date, id)",
            """CREATE TABLE IF NOT EXISTS review_audit (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL, reviewer TEXT NOT NULL, action TEXT NOT NULL,
                event_id TEXT NOT NULL, reason TEXT NOT NULL,
                before TEXT, after TEXT           -- JSON of the event before and after the action
            )""",
            "CREATE INDEX IF NOT EXISTS review_audit_event ON review_audit(event_id, id)",
            """CREATE TRIGGER IF NOT EXISTS review_audit_no_update BEFORE UPDATE ON review_audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
            """CREATE TRIGGER IF NOT EXISTS review_audit_no_delete BEFORE DELETE ON review_audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        ],
    ),
]
REVIEW_LATEST = REVIEW_MIGRATIONS[-1][0]
VISIBLE = ("accepted", "edited", "added")  # statuses whose reviewed version replaces the machine's
HIDDEN = ("rejected", "merged", "split")
EDITABLE = (
    "event_type",
    "sub_event_type",
    "plover",
    "actors",
    "location",
    "date",
    "fatalities",
    "flags",
    "confidence",
)
# Indexes on the machine table that the event list sorts and filters by (created if missing).
EXTRA_INDEXES = (
    "CREATE INDEX IF NOT EXISTS review_x_events_confidence ON events(confidence, id)",
    "CREATE INDEX IF NOT EXISTS review_x_events_latlon ON events(lat, lon)",
    "CREATE INDEX IF NOT EXISTS review_x_events_type ON events(event_type COLLATE NOCASE, date)",
)


@dataclass(slots=True)
class AuditEntry:
    id: int
    at: str
    reviewer: str
    action: str
    event_id: str
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def migrate_review(conn: sqlite3.Connection) -> None:
    """Create or upgrade the review tables (own version table; safe to call on every open)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS review_schema_version"
        " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    for version, statements in REVIEW_MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute(
                "SELECT 1 FROM review_schema_version WHERE version = ?", (version,)
            ).fetchone()
            if not done:
                for sql in statements:
                    conn.execute(sql)
                conn.execute("INSERT INTO review_schema_version VALUES (?, ?)", (version, _now()))
            has_events = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
            ).fetchone()
            for sql in EXTRA_INDEXES if has_events else ():
                conn.execute(sql)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _check_changes(changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise BadInput(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    if "event_type" in changes and not (
        isinstance(changes["event_type"], str) and changes["event_type"].strip()
    ):
        raise BadInput("event_type must be a non-empty string")
    loc = changes.get("location")
    if loc is not None:
        if not isinstance(loc, dict):
            raise BadInput("location must be an object or null")
        for key, bound in (("lat", 90), ("lon", 180)):
            value = loc.get(key)
            if value is not None and (
                not isinstance(value, int | float) or not -bound <= value <= bound
            ):
                raise BadInput(f"location.{key} must be a number within ±{bound}")
    date = changes.get("date")
    if date is not None:
        try:
            dt.date.fromisoformat(str((date or {}).get("value")))
        except (ValueError, AttributeError):
            raise BadInput("date.value must be YYYY-MM-DD") from None
    fat = changes.get("fatalities")
    if fat is not None and not (isinstance(fat, dict) and isinstance(fat.get("value"), int)):
        raise BadInput("fatalities must be an object with an integer value, or null")
    conf = changes.get("confidence")
    if conf is not None and not (isinstance(conf, int | float) and 0 <= conf <= 1):
        raise BadInput("confidence must be within [0, 1]")


def apply_changes(event: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A new event JSON with `changes` laid over it; edited fields are listed under `edited`."""
    _check_changes(changes)
    out = copy.deepcopy(event)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}  # partial edit of a field keeps its evidence
        else:
            out[key] = value
    fat = changes.get("fatalities")
    if isinstance(fat, dict) and "value" in fat and not {"low", "high"} & set(fat):
        out["fatalities"]["low"] = out["fatalities"]["high"] = fat["value"]
    out["edited"] = sorted(set(out.get("edited") or []) | set(changes))
    return out


class ReviewStore:
    """Review decisions and the audit log on one SQLite file (its own connection; thread-safe)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA busy_timeout = 10000")
            migrate_review(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open review tables in {path}: {exc}") from None
        self._conn.row_factory = sqlite3.Row

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------------

    def _one(self, sql: str, params: Any) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def machine(self, event_id: str) -> dict[str, Any] | None:
        """The machine's event JSON as last stored (None for split parts and unknown ids)."""
        row = self._one("SELECT json FROM events WHERE id = ?", (event_id,))
        return json.loads(row["json"]) if row else None

    def decision(self, event_id: str) -> dict[str, Any] | None:
        """The review row of an event: status, reason, reviewer, at, origin_id and the reviewed JSON."""
        row = self._one(
            "SELECT status, origin_id, reason, reviewer, at, json FROM review_events WHERE id = ?",
            (event_id,),
        )
        if row is None:
            return None
        out = dict(row)
        out["event"] = json.loads(out.pop("json"))
        return out

    def current(self, event_id: str) -> dict[str, Any]:
        """The event as the analyst sees it: the reviewed version, else the machine's."""
        found = self.decision(event_id)
        if found is not None:
            return found["event"]
        machine = self.machine(event_id)
        if machine is None:
            raise NotFound(f"no event with id {event_id!r}")
        return machine

    def audit(self, *, event_id: str | None = None, limit: int = 200) -> list[AuditEntry]:
        where, params = ("WHERE event_id = ?", [event_id]) if event_id else ("", [])
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM review_audit {where} ORDER BY id DESC LIMIT ?", (*params, limit)
            ).fetchall()
        return [
            AuditEntry(
                id=r["id"],
                at=r["at"],
                reviewer=r["reviewer"],
                action=r["action"],
                event_id=r["event_id"],
                reason=r["reason"],
                before=json.loads(r["before"]) if r["before"] else None,
                after=json.loads(r["after"]) if r["after"] else None,
            )
            for r in rows
        ]

    def queue(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Unreviewed machine events, most in need first: flagged, conflicting, then least confident."""
        sql = """
            SELECT e.json, (e.negated + e.hypothetical + e.historical) > 0 AS flagged,
              EXISTS (SELECT 1 FROM events x WHERE x.date = e.date AND x.article_id != e.article_id
                      AND x.event_type = e.event_type
                      AND abs(coalesce(x.lat, 999) - coalesce(e.lat, 999)) < 0.25
                      AND abs(coalesce(x.lon, 999) - coalesce(e.lon, 999)) < 0.25
                      AND coalesce(json_extract(x.json, '$.fatalities.value'), -1)
                          != coalesce(json_extract(e.json, '$.fatalities.value'), -1)) AS conflicting
            FROM events e
            WHERE NOT EXISTS (SELECT 1 FROM review_events r WHERE r.id = e.id)
            ORDER BY flagged DESC, conflicting DESC, e.confidence, e.id LIMIT ? OFFSET ?"""
        with self._lock:
            rows = self._conn.execute(sql, (limit, offset)).fetchall()
        out = []
        for r in rows:
            event = json.loads(r["json"])
            reasons = [k for k, v in (event.get("flags") or {}).items() if v]
            if r["conflicting"]:
                reasons.append("conflicting")
            if not reasons:
                reasons.append("low confidence")
            out.append({"event": event, "why": reasons})
        return out

    def pending(self) -> int:
        row = self._one(
            "SELECT count(*) FROM events e WHERE NOT EXISTS"
            " (SELECT 1 FROM review_events r WHERE r.id = e.id)",
            (),
        )
        return int(row[0]) if row else 0

    # -- writing ----------------------------------------------------------------------------------

    def _write(
        self,
        conn: sqlite3.Connection,
        event: dict[str, Any],
        *,
        status: str,
        reason: str,
        reviewer: str,
        at: str,
        origin_id: str | None = None,
    ) -> None:
        loc = event.get("location") or {}
        flags = event.get("flags") or {}
        reports = event.get("reports") or [{}]
        conn.execute(
            "INSERT OR REPLACE INTO review_events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                event["id"],
                event.get("article_id") or reports[0].get("article_id") or "",
                event.get("event_type") or "",
                event.get("sub_event_type"),
                (event.get("date") or {}).get("value"),
                loc.get("lat"),
                loc.get("lon"),
                float(event.get("confidence") or 0.0),
                int(bool(flags.get("negated"))),
                int(bool(flags.get("hypothetical"))),
                int(bool(flags.get("historical"))),
                json.dumps(event, ensure_ascii=False),
                status,
                origin_id,
                reason,
                reviewer,
                at,
            ),
        )

    @staticmethod
    def _log(
        conn: sqlite3.Connection,
        *,
        at: str,
        reviewer: str,
        action: str,
        event_id: str,
        reason: str,
        before: Any,
        after: Any,
    ) -> None:
        conn.execute(
            "INSERT INTO review_audit (at, reviewer, action, event_id, reason, before, after)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                at,
                reviewer,
                action,
                event_id,
                reason,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
            ),
        )

    def _tx(self) -> Any:
        return _Transaction(self._conn, self._lock)

    @staticmethod
    def _who(reviewer: str, reason: str) -> tuple[str, str]:
        if not reviewer.strip():
            raise BadInput("a review action needs a reviewer name")
        if not reason.strip():
            raise BadInput("a review action needs a reason")
        return reviewer.strip()[:100], reason.strip()[:2000]

    def _simple(
        self,
        action: str,
        event_id: str,
        *,
        status: str,
        reviewer: str,
        reason: str,
        changes: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        reviewer, reason = self._who(reviewer, reason)
        with self._tx() as conn:
            before_row = self.decision(event_id)
            before = self.current(event_id)
            after = apply_changes(before, changes) if changes else copy.deepcopy(before)
            at = _now()
            origin = before_row["origin_id"] if before_row else None
            if status == "accepted" and before_row and before_row["status"] in ("edited", "added"):
                status = before_row["status"]  # accepting an edit keeps it an edit
            self._write(
                conn,
                after,
                status=status,
                reason=reason,
                reviewer=reviewer,
                at=at,
                origin_id=origin,
            )
            self._log(
                conn,
                at=at,
                reviewer=reviewer,
                action=action,
                event_id=event_id,
                reason=reason,
                before=before,
                after=after if status != "rejected" else None,
            )
        return after

    def accept(self, event_id: str, *, reviewer: str, reason: str) -> dict[str, Any]:
        return self._simple("accept", event_id, status="accepted", reviewer=reviewer, reason=reason)

    def edit(
        self, event_id: str, *, changes: dict[str, Any], reviewer: str, reason: str
    ) -> dict[str, Any]:
        if not changes:
            raise BadInput("an edit needs at least one changed field")
        return self._simple(
            "edit", event_id, status="edited", reviewer=reviewer, reason=reason, changes=changes
        )

    def reject(self, event_id: str, *, reviewer: str, reason: str) -> dict[str, Any]:
        return self._simple("reject", event_id, status="rejected", reviewer=reviewer, reason=reason)

    def merge(self, event_id: str, *, into: str, reviewer: str, reason: str) -> dict[str, Any]:
        """Fold `event_id` into `into`: its reports and claims join the kept event; it is hidden."""
        reviewer, reason = self._who(reviewer, reason)
        if event_id == into:
            raise BadInput("cannot merge an event into itself")
        with self._tx() as conn:
            gone, kept = self.current(event_id), self.current(into)
            merged = copy.deepcopy(kept)
            seen = {r.get("article_id") for r in merged.get("reports") or []}
            for report in gone.get("reports") or []:
                if report.get("article_id") not in seen:
                    merged.setdefault("reports", []).append(report)
            merged["claims"] = sorted(
                set(merged.get("claims") or []) | set(gone.get("claims") or [])
            )
            merged["merged_from"] = sorted(set(merged.get("merged_from") or []) | {event_id})
            kept_row = self.decision(into)
            at = _now()
            self._write(
                conn, gone, status="merged", reason=reason, reviewer=reviewer, at=at, origin_id=into
            )
            self._write(
                conn,
                merged,
                status="added" if kept_row and kept_row["status"] == "added" else "edited",
                reason=reason,
                reviewer=reviewer,
                at=at,
                origin_id=kept_row["origin_id"] if kept_row else None,
            )
            self._log(
                conn,
                at=at,
                reviewer=reviewer,
                action="merge",
                event_id=event_id,
                reason=reason,
                before=gone,
                after={"merged_into": into},
            )
            self._log(
                conn,
                at=at,
                reviewer=reviewer,
                action="merge",
                event_id=into,
                reason=reason,
                before=kept,
                after=merged,
            )
        return merged

    def split(
        self, event_id: str, *, parts: list[dict[str, Any]], reviewer: str, reason: str
    ) -> list[dict[str, Any]]:
        """Replace an event by two or more parts, each the event with its own changes laid over."""
        reviewer, reason = self._who(reviewer, reason)
        if len(parts) < 2:
            raise BadInput("a split needs at least two parts")
        with self._tx() as conn:
            original = self.current(event_id)
            at = _now()
            made = []
            for i, changes in enumerate(parts):
                part = apply_changes(original, changes or {})
                part["id"] = stable_id(event_id, "split", i)
                part["split_from"] = event_id
                self._write(
                    conn,
                    part,
                    status="added",
                    reason=reason,
                    reviewer=reviewer,
                    at=at,
                    origin_id=event_id,
                )
                made.append(part)
            self._write(conn, original, status="split", reason=reason, reviewer=reviewer, at=at)
            self._log(
                conn,
                at=at,
                reviewer=reviewer,
                action="split",
                event_id=event_id,
                reason=reason,
                before=original,
                after={"parts": made},
            )
        return made


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT under the store's lock; rolled back whole on any error."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self.conn, self.lock = conn, lock

    def __enter__(self) -> sqlite3.Connection:
        self.lock.acquire()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self.lock.release()
            raise StoreError(f"database is not writable: {exc}") from None
        return self.conn

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                self.conn.execute("COMMIT")
            elif self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        finally:
            self.lock.release()
