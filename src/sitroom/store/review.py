"""Analyst review over machine events: accept / edit / reject / merge / split, each with an audit row.

Machine rows (`events`) are never written here: reviewed versions live in `review_events`, keyed by the
stable event id, so they survive re-processing; the audit log is append-only (triggers refuse changes).
The same logic runs on SQLite and on PostgreSQL (its SQL and transactions: store.review_sql).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..errors import BadInput, NotFound
from ..records import stable_id
from . import is_postgres, sqlite_path
from .review_changes import EDITABLE, apply_changes
from .review_sql import (
    EXTRA_INDEXES,
    PG_REVIEW_MIGRATIONS,
    REVIEW_LATEST,
    REVIEW_MIGRATIONS,
    UPSERT,
    Cursor,
    PgReviewDb,
    SqliteReviewDb,
    migrate_review,
)

__all__ = [
    "EDITABLE",
    "EXTRA_INDEXES",
    "HIDDEN",
    "PG_REVIEW_MIGRATIONS",
    "REVIEW_LATEST",
    "REVIEW_MIGRATIONS",
    "VISIBLE",
    "AuditEntry",
    "ReviewStore",
    "apply_changes",
    "migrate_review",
]

VISIBLE = ("accepted", "edited", "added")  # statuses whose reviewed version replaces the machine's
HIDDEN = ("rejected", "merged", "split")


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


def _dumps(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value is not None else None


class ReviewStore:
    """Review decisions and the audit log on SQLite (a path: its own connection) or PostgreSQL (a
    DSN, or `store=` an open PostgresStore whose pool it shares). Thread-safe; a context manager."""

    def __init__(self, dsn: str, *, store: Any = None) -> None:
        self._db: SqliteReviewDb | PgReviewDb
        if store is not None or is_postgres(dsn):
            owned = store is None
            if store is None:
                from .postgres import PostgresStore  # psycopg is imported only when asked for

                store = PostgresStore(dsn.strip())
            self._db = PgReviewDb(store, owned=owned)
        else:
            self._db = SqliteReviewDb(sqlite_path(dsn))
        self.path = self._db.where
        self.postgres = self._db.postgres

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading (each with a cursor form, for use inside a write) --------------------------------

    @staticmethod
    def _machine(cur: Cursor, event_id: str) -> dict[str, Any] | None:
        row = cur.one("SELECT json FROM events WHERE id = ?", (event_id,))
        return json.loads(row["json"]) if row else None

    @staticmethod
    def _decision(cur: Cursor, event_id: str) -> dict[str, Any] | None:
        row = cur.one(
            "SELECT status, origin_id, reason, reviewer, at, json FROM review_events WHERE id = ?",
            (event_id,),
        )
        if row is None:
            return None
        row["event"] = json.loads(row.pop("json"))
        return row

    def _current(self, cur: Cursor, event_id: str) -> dict[str, Any]:
        found = self._decision(cur, event_id)
        if found is not None:
            return found["event"]
        machine = self._machine(cur, event_id)
        if machine is None:
            raise NotFound(f"no event with id {event_id!r}")
        return machine

    def machine(self, event_id: str) -> dict[str, Any] | None:
        """The machine's event JSON as last stored (None for split parts and unknown ids)."""
        with self._db.read() as cur:
            return self._machine(cur, event_id)

    def decision(self, event_id: str) -> dict[str, Any] | None:
        """The review row of an event: status, reason, reviewer, at, origin_id and the reviewed JSON."""
        with self._db.read() as cur:
            return self._decision(cur, event_id)

    def current(self, event_id: str) -> dict[str, Any]:
        """The event as the analyst sees it: the reviewed version, else the machine's."""
        with self._db.read() as cur:
            return self._current(cur, event_id)

    def audit(self, *, event_id: str | None = None, limit: int = 200) -> list[AuditEntry]:
        where, params = ("WHERE event_id = ?", [event_id]) if event_id else ("", [])
        with self._db.read() as cur:
            rows = cur.all(
                "SELECT id, at, reviewer, action, event_id, reason, before, after"
                f" FROM review_audit {where} ORDER BY id DESC LIMIT ?",
                (*params, limit),
            )
        return [
            AuditEntry(
                id=int(r["id"]),
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
        with self._db.read() as cur:
            rows = cur.all(self._db.queue_sql, (limit, offset))
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
        with self._db.read() as cur:
            row = cur.one(
                "SELECT count(*) AS n FROM events e WHERE NOT EXISTS"
                " (SELECT 1 FROM review_events r WHERE r.id = e.id)"
            )
        return int(row["n"]) if row else 0

    # -- writing ----------------------------------------------------------------------------------

    @staticmethod
    def _write(
        cur: Cursor,
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
        cur.run(
            UPSERT,
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
        cur: Cursor,
        *,
        at: str,
        reviewer: str,
        action: str,
        event_id: str,
        reason: str,
        before: Any,
        after: Any,
    ) -> None:
        cur.run(
            "INSERT INTO review_audit (at, reviewer, action, event_id, reason, before, after)"
            " VALUES (?,?,?,?,?,?,?)",
            (at, reviewer, action, event_id, reason, _dumps(before), _dumps(after)),
        )

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

        def work(cur: Cursor) -> dict[str, Any]:
            before_row = self._decision(cur, event_id)
            before = self._current(cur, event_id)
            after = apply_changes(before, changes) if changes else copy.deepcopy(before)
            at = _now()
            origin = before_row["origin_id"] if before_row else None
            kept = status
            if status == "accepted" and before_row and before_row["status"] in ("edited", "added"):
                kept = before_row["status"]  # accepting an edit keeps it an edit
            self._write(
                cur, after, status=kept, reason=reason, reviewer=reviewer, at=at, origin_id=origin
            )
            self._log(
                cur,
                at=at,
                reviewer=reviewer,
                action=action,
                event_id=event_id,
                reason=reason,
                before=before,
                after=after if kept != "rejected" else None,
            )
            return after

        return self._db.write([event_id], work)

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

        def work(cur: Cursor) -> dict[str, Any]:
            gone, kept = self._current(cur, event_id), self._current(cur, into)
            merged = copy.deepcopy(kept)
            seen = {r.get("article_id") for r in merged.get("reports") or []}
            for report in gone.get("reports") or []:
                if report.get("article_id") not in seen:
                    merged.setdefault("reports", []).append(report)
            merged["claims"] = sorted(
                set(merged.get("claims") or []) | set(gone.get("claims") or [])
            )
            merged["merged_from"] = sorted(set(merged.get("merged_from") or []) | {event_id})
            kept_row = self._decision(cur, into)
            at = _now()
            self._write(
                cur, gone, status="merged", reason=reason, reviewer=reviewer, at=at, origin_id=into
            )
            self._write(
                cur,
                merged,
                status="added" if kept_row and kept_row["status"] == "added" else "edited",
                reason=reason,
                reviewer=reviewer,
                at=at,
                origin_id=kept_row["origin_id"] if kept_row else None,
            )
            common = {"at": at, "reviewer": reviewer, "action": "merge", "reason": reason}
            self._log(cur, event_id=event_id, before=gone, after={"merged_into": into}, **common)
            self._log(cur, event_id=into, before=kept, after=merged, **common)
            return merged

        return self._db.write([event_id, into], work)

    def split(
        self, event_id: str, *, parts: list[dict[str, Any]], reviewer: str, reason: str
    ) -> list[dict[str, Any]]:
        """Replace an event by two or more parts, each the event with its own changes laid over."""
        reviewer, reason = self._who(reviewer, reason)
        if len(parts) < 2:
            raise BadInput("a split needs at least two parts")

        def work(cur: Cursor) -> list[dict[str, Any]]:
            original = self._current(cur, event_id)
            at = _now()
            made = []
            for i, changes in enumerate(parts):
                part = apply_changes(original, changes or {})
                part["id"] = stable_id(event_id, "split", i)
                part["split_from"] = event_id
                self._write(
                    cur,
                    part,
                    status="added",
                    reason=reason,
                    reviewer=reviewer,
                    at=at,
                    origin_id=event_id,
                )
                made.append(part)
            self._write(cur, original, status="split", reason=reason, reviewer=reviewer, at=at)
            self._log(
                cur,
                at=at,
                reviewer=reviewer,
                action="split",
                event_id=event_id,
                reason=reason,
                before=original,
                after={"parts": made},
            )
            return made

        ids = [event_id, *(stable_id(event_id, "split", i) for i in range(len(parts)))]
        return self._db.write(ids, work)
