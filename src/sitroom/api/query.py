"""The event list behind /api/events: filters, sorting and paging over machine and reviewed events.

A reviewed version (store.review) replaces its machine event; rejected, merged and split events drop out.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import BadInput
from ..store.review import VISIBLE
from . import query_pg

Sort = Literal["date", "-date", "confidence", "-confidence", "id"]
Reviewed = Literal["all", "reviewed", "unreviewed"]
FLAGS = ("negated", "hypothetical", "historical")
SORTS: dict[str, str] = {
    # NULL dates sort last in both directions; the date index serves both.
    "date": "date IS NULL, date, id",
    "-date": "date DESC, id DESC",
    "confidence": "confidence, id",
    "-confidence": "confidence DESC, id DESC",
    "id": "id",
}
COLUMNS = "id, date, confidence, json"


@dataclass(slots=True, kw_only=True)
class EventQuery:
    """Every filter of the event list; None means "any"."""

    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    near: tuple[float, float, float] | None = None  # lat, lon, km: events within km of the point
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # substring of an actor name, case-insensitive
    place: str | None = None  # substring of the location name, admin1 or country code
    text: str | None = None  # substring anywhere in the event JSON (evidence words included)
    min_confidence: float | None = None
    flag: str | None = None  # "none" (unflagged only), "any", or one flag name
    article_id: str | None = None
    reviewed: Reviewed = "all"
    sort: Sort = "-date"
    limit: int = 100
    offset: int = 0


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """`west,south,east,north` in degrees."""
    if not raw:
        return None
    try:
        w, s, e, n = (float(p) for p in raw.split(","))
    except ValueError:
        raise BadInput("bbox must be west,south,east,north in degrees") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise BadInput("bbox out of range: west,south,east,north with south <= north")
    return w, s, e, n


def parse_near(raw: str | None) -> tuple[float, float, float] | None:
    """`lat,lon,km`: events located within km kilometres of the point."""
    if not raw:
        return None
    try:
        lat, lon, km = (float(p) for p in raw.split(","))
    except ValueError:
        raise BadInput("near must be lat,lon,km") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= km <= 20_100):
        raise BadInput("near out of range: lat in [-90, 90], lon in [-180, 180], 0 <= km <= 20100")
    return lat, lon, km


EARTH_KM = 6371.0088  # mean radius, as PostGIS's geography distances (within 0.5 %)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float | None:
    """Haversine distance; None when a coordinate is missing (SQLite's `sitroom_km`)."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def is_sqlite(conn: object) -> bool:
    return isinstance(conn, sqlite3.Connection)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(q: EventQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if q.bbox is not None:
        w, s, e, n = q.bbox
        where.append("lat BETWEEN ? AND ?")
        params += [s, n]
        if w <= e:
            where.append("lon BETWEEN ? AND ?")
            params += [w, e]
        else:  # the box crosses the antimeridian
            where.append("(lon >= ? OR lon <= ?)")
            params += [w, e]
    if q.near is not None:
        lat, lon, km = q.near
        pad = km / 111.0 + 1e-9  # a box around the circle first (the lat index), then the distance
        where.append("lat BETWEEN ? AND ? AND sitroom_km(lat, lon, ?, ?) <= ?")
        params += [lat - pad, lat + pad, lat, lon, km]
    if q.date_from:
        where.append("date >= ?")
        params.append(q.date_from)
    if q.date_to:
        where.append("date <= ?")
        params.append(q.date_to)
    if q.event_type:
        where.append("event_type = ? COLLATE NOCASE")
        params.append(q.event_type)
    if q.sub_event_type:
        where.append("sub_event_type = ? COLLATE NOCASE")
        params.append(q.sub_event_type)
    if q.actor:
        where.append(
            "EXISTS (SELECT 1 FROM json_each(e.json, '$.actors') a"
            " WHERE json_extract(a.value, '$.name') LIKE ? ESCAPE '\\')"
        )
        params.append(_like(q.actor))
    if q.place:
        where.append(
            "(json_extract(json, '$.location.name') LIKE ? ESCAPE '\\'"
            " OR json_extract(json, '$.location.admin1') LIKE ? ESCAPE '\\'"
            " OR json_extract(json, '$.location.country') = ? COLLATE NOCASE)"
        )
        params += [_like(q.place), _like(q.place), q.place]
    if q.text:
        where.append("json LIKE ? ESCAPE '\\'")
        params.append(_like(q.text))
    if q.min_confidence is not None:
        where.append("confidence >= ?")
        params.append(q.min_confidence)
    if q.flag == "none":
        where.append("negated = 0 AND hypothetical = 0 AND historical = 0")
    elif q.flag == "any":
        where.append("(negated + hypothetical + historical) > 0")
    elif q.flag in FLAGS:
        where.append(f"{q.flag} = 1")
    elif q.flag:
        raise BadInput(f"unknown flag {q.flag!r}; choose none, any, {', '.join(FLAGS)}")
    if q.article_id:
        where.append("article_id = ?")
        params.append(q.article_id)
    return where, params


def _parts(q: EventQuery, columns: str) -> tuple[str, list[Any]]:
    """The compound SELECT over machine rows without a review and visible reviewed rows."""
    where, params = _where(q)
    cond = " AND ".join(where) or "1"
    marks = ",".join("?" * len(VISIBLE))
    machine = (
        f"SELECT {columns}, NULL AS review FROM events e WHERE {cond}"
        " AND NOT EXISTS (SELECT 1 FROM review_events r WHERE r.id = e.id)"
    )
    reviewed = (
        f"SELECT {columns}, status AS review FROM review_events e WHERE {cond}"
        f" AND status IN ({marks})"
    )
    if q.reviewed == "unreviewed":
        return machine, params
    if q.reviewed == "reviewed":
        return reviewed, [*params, *VISIBLE]
    return f"{machine} UNION ALL {reviewed}", [*params, *params, *VISIBLE]


def _key(sort: str) -> tuple[Any, bool]:
    """Python sort key and direction matching SORTS, for rows (id, date, confidence, review)."""
    if sort in ("date", "-date"):
        desc = sort == "-date"
        return (lambda r: (r[1] is not None if desc else r[1] is None, r[1] or "", r[0])), desc
    if sort in ("confidence", "-confidence"):
        return (lambda r: (r[2], r[0])), sort == "-confidence"
    return (lambda r: r[0]), False


def _prepare(conn: sqlite3.Connection, q: EventQuery) -> None:
    if q.near is not None:
        conn.create_function("sitroom_km", 4, great_circle_km, deterministic=True)


def list_events(conn: Any, q: EventQuery) -> dict[str, Any]:
    """One page of events (each with `review`: null or its status) and the total that match.

    Machine and reviewed rows are paged apart (each query walks its own index) and merged here: the
    reviewed rows are few, so the machine query fetches that many extra rows to stand in for them.
    On PostgreSQL (`query_pg`) the same filters run through PostGIS and full-text search.
    """
    if not is_sqlite(conn):
        return query_pg.list_events(conn, q)
    _prepare(conn, q)
    if q.sort not in SORTS:
        raise BadInput(f"unknown sort {q.sort!r}; choose from {', '.join(SORTS)}")
    where, params = _where(q)
    cond, order, need = " AND ".join(where) or "1", SORTS[q.sort], q.offset + q.limit
    rows: list[tuple[Any, ...]] = []
    if q.reviewed != "reviewed":
        replaced = {r[0] for r in conn.execute("SELECT id FROM review_events")}
        found = conn.execute(
            f"SELECT id, date, confidence, NULL FROM events e WHERE {cond} ORDER BY {order} LIMIT ?",
            (*params, need + len(replaced)),
        ).fetchall()
        rows += [r for r in found if r[0] not in replaced]
    if q.reviewed != "unreviewed":
        marks = ",".join("?" * len(VISIBLE))
        rows += conn.execute(
            f"SELECT id, date, confidence, status FROM review_events e WHERE {cond}"
            f" AND status IN ({marks}) ORDER BY {order} LIMIT ?",
            (*params, *VISIBLE, need),
        ).fetchall()
    key, desc = _key(q.sort)
    page = sorted(rows, key=key, reverse=desc)[q.offset : need]
    events = []
    for ident, _date, _conf, review in page:
        table = "review_events" if review else "events"
        event = json.loads(
            conn.execute(f"SELECT json FROM {table} WHERE id = ?", (ident,)).fetchone()[0]
        )
        event["review"] = review
        events.append(event)
    return {"events": events, "total": count_events(conn, q), "limit": q.limit, "offset": q.offset}


def count_events(conn: Any, q: EventQuery) -> int:
    """Matches of `q`: machine rows, less those with a review, plus visible reviewed rows.

    Counted in three parts so that the machine count can use its indexes (no per-row review probe).
    """
    if not is_sqlite(conn):
        return query_pg.count_events(conn, q)
    _prepare(conn, q)
    where, params = _where(q)
    cond = " AND ".join(where) or "1"
    marks = ",".join("?" * len(VISIBLE))
    total = 0
    if q.reviewed != "reviewed":
        total += conn.execute(f"SELECT count(*) FROM events e WHERE {cond}", params).fetchone()[0]
        total -= conn.execute(
            f"SELECT count(*) FROM events e WHERE {cond} AND id IN (SELECT id FROM review_events)",
            params,
        ).fetchone()[0]
    if q.reviewed != "unreviewed":
        total += conn.execute(
            f"SELECT count(*) FROM review_events e WHERE {cond} AND status IN ({marks})",
            (*params, *VISIBLE),
        ).fetchone()[0]
    return int(total)


def histogram(conn: Any, q: EventQuery) -> list[dict[str, Any]]:
    """Events per day for the timeline (the same filters, without paging or date bounds)."""
    undated = dataclasses.replace(q, date_from=None, date_to=None)
    if not is_sqlite(conn):
        return query_pg.histogram(conn, undated)
    _prepare(conn, q)
    body, params = _parts(undated, "id, date, event_type")
    rows = conn.execute(
        f"SELECT date, event_type, count(*) FROM ({body}) WHERE date IS NOT NULL"
        " GROUP BY date, event_type ORDER BY date",
        params,
    ).fetchall()
    return [{"date": r[0], "event_type": r[1], "count": r[2]} for r in rows]


COMPARED = ("event_type", "sub_event_type", "date", "fatalities", "actors")  # side-by-side fields


def _field(event: dict[str, Any], name: str) -> Any:
    value = event.get(name)
    if name == "date":
        return (value or {}).get("value")
    if name == "fatalities":
        return (value or {}).get("value")
    if name == "actors":
        return sorted((a.get("role"), (a.get("name") or "").lower()) for a in value or [])
    return value


def related_events(
    conn: Any, event: dict[str, Any], *, radius_deg: float = 0.25, days: int = 1
) -> list[dict[str, Any]]:
    """Reports of the same kind of event nearby, a day either side, from other articles.

    Each comes with `differs`: the compared fields whose values are not the same (a conflict).
    """
    loc, date = event.get("location") or {}, (event.get("date") or {}).get("value")
    if loc.get("lat") is None or loc.get("lon") is None or not date:
        return []
    mine = {r.get("article_id") for r in event.get("reports") or []}
    if is_sqlite(conn):
        body, params = _parts(EventQuery(), "id, date, confidence, json")
        found = conn.execute(
            f"SELECT json FROM ({body}) WHERE id != ? AND date BETWEEN date(?, ?) AND date(?, ?)",
            (*params, event["id"], date, f"-{days} day", date, f"+{days} day"),
        ).fetchall()
        rows = [r[0] for r in found]
    else:
        rows = query_pg.related_rows(
            conn, event, lat=loc["lat"], lon=loc["lon"], radius_deg=radius_deg, days=days
        )
    out = []
    for raw in rows:
        other = json.loads(raw)
        oloc = other.get("location") or {}
        if oloc.get("lat") is None or oloc.get("lon") is None:
            continue
        if abs(oloc["lat"] - loc["lat"]) > radius_deg or abs(oloc["lon"] - loc["lon"]) > radius_deg:
            continue
        if other.get("event_type") != event.get("event_type"):
            continue
        theirs = {r.get("article_id") for r in other.get("reports") or []}
        if theirs and theirs <= mine:
            continue  # the same article's other events are not independent reports
        other["differs"] = [f for f in COMPARED if _field(other, f) != _field(event, f)]
        out.append(other)
    return out


def article_spans(conn: Any, article_id: str) -> list[dict[str, Any]]:
    """Every evidence span that points into an article, whoever owns it."""
    if not is_sqlite(conn):
        return query_pg.article_spans(conn, article_id)
    rows = conn.execute(
        'SELECT owner_kind, owner_id, field, start, "end", text FROM evidence'
        ' WHERE article_id = ? ORDER BY start, "end", id',
        (article_id,),
    ).fetchall()
    keys = ("owner_kind", "owner_id", "field", "start", "end", "text")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def actor_counts(conn: Any, *, name: str | None, limit: int) -> list[dict[str, Any]]:
    """Actors named in events, with how many events name them and in which roles."""
    if not is_sqlite(conn):
        return query_pg.actor_counts(conn, name=name, limit=limit)
    where, params = ("WHERE name LIKE ? ESCAPE '\\'", [_like(name)]) if name else ("", [])
    rows = conn.execute(
        f"""SELECT name, max(inter), count(DISTINCT id), group_concat(DISTINCT role) FROM (
              SELECT e.id, json_extract(a.value, '$.name') AS name,
                     json_extract(a.value, '$.inter') AS inter,
                     json_extract(a.value, '$.role') AS role
              FROM events e, json_each(e.json, '$.actors') a) {where}
            GROUP BY name ORDER BY count(DISTINCT id) DESC, name LIMIT ?""",
        (*params, limit),
    ).fetchall()
    return [
        {"name": r[0], "inter": r[1], "events": r[2], "roles": sorted(r[3].split(","))}
        for r in rows
    ]


def place_counts(conn: Any, *, name: str | None, limit: int) -> list[dict[str, Any]]:
    """Resolved places mentioned in articles, with how many mentions and articles."""
    if not is_sqlite(conn):
        return query_pg.place_counts(conn, name=name, limit=limit)
    cond, params = (
        ("AND (name LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')", [_like(name), _like(name)])
        if name
        else ("", [])
    )
    rows = conn.execute(
        f"""SELECT name, geonameid, country, admin1, lat, lon, count(*), count(DISTINCT article_id)
            FROM places WHERE name IS NOT NULL {cond}
            GROUP BY coalesce(geonameid, name) ORDER BY count(*) DESC, name LIMIT ?""",
        (*params, limit),
    ).fetchall()
    keys = ("name", "geonameid", "country", "admin1", "lat", "lon", "mentions", "articles")
    return [dict(zip(keys, r, strict=True)) for r in rows]
