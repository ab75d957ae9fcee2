"""Fusion history: every create, attach, merge and split as an append-only operation, and the
user's merge/split decisions kept as event-pair constraints that every later fusion obeys."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import BadInput, NotFound
from .sql import Conn, insert_id

if TYPE_CHECKING:
    from .cluster import FusionEngine

MIN_PREFIX = 6


@dataclass(frozen=True, slots=True)
class Operation:
    id: int
    at: str
    op: str
    by: str
    fused_ids: list[str]
    event_ids: list[str]
    reason: str


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def record(
    conn: Conn,
    op: str,
    *,
    by: str,
    fused_ids: list[str],
    event_ids: list[str],
    reason: str,
) -> int:
    return insert_id(
        conn,
        "INSERT INTO fusion_ops (at, op, by, fused_ids, event_ids, reason) VALUES (?,?,?,?,?,?)",
        (now(), op, by, json.dumps(fused_ids), json.dumps(event_ids), reason),
    )


def operations(conn: Conn, *, fused_id: str | None = None) -> list[Operation]:
    """The history (of one fused event: operations naming it), oldest first."""
    sql = "SELECT id, at, op, by, fused_ids, event_ids, reason FROM fusion_ops"
    params: tuple[Any, ...] = ()
    if fused_id:
        sql += " WHERE fused_ids LIKE ?"
        params = (f'%"{fused_id}"%',)
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    return [
        Operation(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), r[6]) for r in rows
    ]


def constraints_of(conn: Conn, event_id: str) -> tuple[set[str], set[str]]:
    """Events the user said are the same event as this one, and those they said are different."""
    same: set[str] = set()
    different: set[str] = set()
    for a, b, kind in conn.execute(
        "SELECT a, b, kind FROM fusion_constraints WHERE a = ? UNION ALL"
        " SELECT a, b, kind FROM fusion_constraints WHERE b = ?",
        (event_id, event_id),
    ):
        (same if kind == "same" else different).add(b if a == event_id else a)
    return same, different


def _constrain(conn: Conn, pairs: list[tuple[str, str]], kind: str, op_id: int) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO fusion_constraints (a, b, kind, op_id) VALUES (?, ?, ?, ?)",
        [(min(a, b), max(a, b), kind, op_id) for a, b in pairs if a != b],
    )


def resolve(conn: Conn, ident: str) -> tuple[str, str | None]:
    """(fused id, member event id or None) from a fused id, a member event id, or a unique prefix."""
    for column in ("fused_id", "event_id"):
        rows = conn.execute(
            f"SELECT fused_id, event_id FROM fusion_members WHERE {column} = ? LIMIT 1", (ident,)
        ).fetchall()
        if not rows and len(ident) >= MIN_PREFIX:
            rows = conn.execute(
                f"SELECT DISTINCT fused_id, {'NULL' if column == 'fused_id' else 'event_id'}"
                f" FROM fusion_members WHERE substr({column}, 1, ?) = ? LIMIT 2",
                (len(ident), ident),
            ).fetchall()
            if len(rows) > 1:
                raise BadInput(f"id prefix {ident!r} is ambiguous; give more characters")
        if rows:
            return str(rows[0][0]), (str(rows[0][1]) if column == "event_id" else None)
    raise NotFound(f"no fused event or fused member with id {ident!r}")


def _member_ids(conn: Conn, fused_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT event_id FROM fusion_members WHERE fused_id = ? ORDER BY event_id", (fused_id,)
    )
    return [r[0] for r in rows]


def user_merge(engine: FusionEngine, idents: list[str], *, reason: str) -> str:
    """Merge fused events (or those holding the given events) into the first; returns its id."""
    if len(idents) < 2:
        raise BadInput("merge needs at least two ids")
    if not reason.strip():
        raise BadInput("a merge needs a --reason")
    conn = engine.conn
    fused = list(dict.fromkeys(resolve(conn, i)[0] for i in idents))
    if len(fused) < 2:
        raise BadInput("these ids are already one fused event")
    target, others = fused[0], fused[1:]
    kept = _member_ids(conn, target)
    moved = [e for f in others for e in _member_ids(conn, f)]
    op_id = record(conn, "merge", by="user", fused_ids=fused, event_ids=moved, reason=reason)
    _constrain(conn, [(kept[0], e) for e in moved], "same", op_id)
    engine.move(moved, target)
    engine.finish()
    return target


def user_split(
    engine: FusionEngine, ident: str, *, event_ids: list[str] | None = None, reason: str
) -> list[str]:
    """Split events out of a fused event; returns the fused ids afterwards (the original first).

    `ident` a member event: that event leaves. A fused id with `event_ids`: those leave together.
    A fused id alone: every member becomes its own fused event.
    """
    if not reason.strip():
        raise BadInput("a split needs a --reason")
    conn = engine.conn
    fused_id, member = resolve(conn, ident)
    members = _member_ids(conn, fused_id)
    if len(members) < 2:
        raise BadInput(f"fused event {fused_id} has one report; nothing to split")
    if member is not None:
        groups = [[member]]
    elif event_ids:
        chosen = [resolve(conn, e)[1] or "" for e in event_ids]
        if not set(chosen) <= set(members) or len(set(chosen)) == len(members):
            raise BadInput("give some, not all, member events of that fused event")
        groups = [sorted(set(chosen))]
    else:
        groups = [[e] for e in members[1:]]
    leaving = {e for g in groups for e in g}
    staying = [e for e in members if e not in leaving]
    parts = [staying, *groups]
    result = [fused_id]
    for group in groups:
        result.append(engine._new_id(engine._members([group[0]])[group[0]][1]))
    op_id = record(
        conn, "split", by="user", fused_ids=result, event_ids=sorted(leaving), reason=reason
    )
    different = [(a, b) for p, q in itertools.combinations(parts, 2) for a in p for b in q]
    _constrain(conn, different, "different", op_id)
    # Each part stays together on re-fusion: the user has looked at it.
    _constrain(conn, [(p[0], e) for p in parts for e in p[1:]], "same", op_id)
    for group, new_id in zip(groups, result[1:], strict=True):
        engine.move(group, new_id)
    engine.finish()
    return result
