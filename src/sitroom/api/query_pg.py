"""The API's read queries on PostgreSQL/PostGIS: bbox on the GiST-indexed point, radius on geography,
`q` as full-text search (event JSON and article text). A reviewed version (review_events) replaces
its machine event; rejected, merged and split events drop out, as on SQLite.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..errors import BadInput

if TYPE_CHECKING:
    from .query import EventQuery

FLAGS = ("negated", "hypothetical", "historical")
SORTS: dict[str, str] = {  # as SQLite orders them: NULL dates last both ways
    "date": "date ASC NULLS LAST, id",
    "-date": "date DESC NULLS LAST, id DESC",
    "confidence": "confidence, id",
    "-confidence": "confidence DESC, id DESC",
    "id": "id",
}
ENVELOPE = "ST_MakeEnvelope(%s, %s, %s, %s, 4326)"


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(q: EventQuery) -> tuple[list[str], list[Any]]:
    """The WHERE terms of an event query and their parameters (%s placeholders)."""
    terms: list[str] = []
    params: list[Any] = []
    if q.bbox is not None:
        w, s, e, n = q.bbox
        if w <= e:
            terms.append(f"geom && {ENVELOPE}")
            params += [w, s, e, n]
        else:  # the box crosses the antimeridian: two boxes
            terms.append(f"(geom && {ENVELOPE} OR geom && {ENVELOPE})")
            params += [w, s, 180.0, n, -180.0, s, e, n]
    if q.near is not None:
        lat, lon, km = q.near
        terms.append(
            "ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)"
        )
        params += [lon, lat, km * 1000.0]
    if q.date_from:
        terms.append("date >= %s")
        params.append(q.date_from)
    if q.date_to:
        terms.append("date <= %s")
        params.append(q.date_to)
    if q.event_type:
        terms.append("lower(event_type) = lower(%s)")
        params.append(q.event_type)
    if q.sub_event_type:
        terms.append("lower(sub_event_type) = lower(%s)")
        params.append(q.sub_event_type)
    if q.actor:
        terms.append(
            "EXISTS (SELECT 1 FROM jsonb_array_elements(e.json::jsonb -> 'actors') a"
            " WHERE a ->> 'name' ILIKE %s)"
        )
        params.append(_like(q.actor))
    if q.place:
        terms.append(
            "(e.json::jsonb #>> '{location,name}' ILIKE %s"
            " OR e.json::jsonb #>> '{location,admin1}' ILIKE %s"
            " OR lower(e.json::jsonb #>> '{location,country}') = lower(%s))"
        )
        params += [_like(q.place), _like(q.place), q.place]
    if q.text:
        terms.append(
            "(to_tsvector('english', e.json) @@ plainto_tsquery('english', %s) OR EXISTS (SELECT 1 FROM articles a"
            " WHERE a.id = e.article_id AND a.tsv @@ plainto_tsquery('english', %s)))"
        )
        params += [q.text, q.text]
    if q.min_confidence is not None:
        terms.append("confidence >= %s")
        params.append(q.min_confidence)
    if q.flag == "none":
        terms.append("negated = 0 AND hypothetical = 0 AND historical = 0")
    elif q.flag == "any":
        terms.append("(negated + hypothetical + historical) > 0")
    elif q.flag in FLAGS:
        terms.append(f"{q.flag} = 1")
    elif q.flag:
        raise BadInput(f"unknown flag {q.flag!r}; choose none, any, {', '.join(FLAGS)}")
    if q.article_id:
        terms.append("article_id = %s")
        params.append(q.article_id)
    return terms, params


def _visible() -> list[str]:
    from ..store.review import VISIBLE

    return list(VISIBLE)


def _parts(q: EventQuery, columns: str, cond: str, params: list[Any]) -> tuple[str, list[Any]]:
    """Machine rows without a review plus visible reviewed rows (as `query._parts` on SQLite)."""
    machine = (
        f"SELECT {columns} FROM events e WHERE {cond}"
        " AND NOT EXISTS (SELECT 1 FROM review_events r WHERE r.id = e.id)"
    )
    reviewed = f"SELECT {columns} FROM review_events e WHERE {cond} AND status = ANY(%s)"
    if q.reviewed == "unreviewed":
        return machine, params
    if q.reviewed == "reviewed":
        return reviewed, [*params, _visible()]
    return f"{machine} UNION ALL {reviewed}", [*params, *params, _visible()]


def list_events(conn: Any, q: EventQuery) -> dict[str, Any]:
    """One page: machine and reviewed rows paged apart (each on its own indexes), merged here."""
    from .query import _key

    if q.sort not in SORTS:
        raise BadInput(f"unknown sort {q.sort!r}; choose from {', '.join(SORTS)}")
    terms, params = where(q)
    cond, order, need = " AND ".join(terms) or "TRUE", SORTS[q.sort], q.offset + q.limit
    rows: list[tuple[Any, ...]] = []
    # the page's ids first (the sort needs no JSON: index-only under a bbox), then their JSON
    if q.reviewed != "reviewed":
        replaced = {r[0] for r in conn.execute("SELECT id FROM review_events")}
        found = conn.execute(
            f"SELECT id, date, confidence, NULL FROM events e WHERE {cond}"
            f" ORDER BY {order} LIMIT %s",
            (*params, need + len(replaced)),
        ).fetchall()
        rows += [tuple(r) for r in found if r[0] not in replaced]
    if q.reviewed != "unreviewed":
        rows += [
            tuple(r)
            for r in conn.execute(
                f"SELECT id, date, confidence, status FROM review_events e WHERE {cond}"
                f" AND status = ANY(%s) ORDER BY {order} LIMIT %s",
                (*params, _visible(), need),
            )
        ]
    key, desc = _key(q.sort)
    page = sorted(rows, key=key, reverse=desc)[q.offset : need]
    found_json: dict[str, str] = {}
    for table, wanted in (
        ("events", [r[0] for r in page if not r[3]]),
        ("review_events", [r[0] for r in page if r[3]]),
    ):
        if wanted:
            found_json.update(
                conn.execute(f"SELECT id, json FROM {table} WHERE id = ANY(%s)", (wanted,))
            )
    events = []
    for ident, _date, _conf, review in page:
        event = json.loads(found_json[ident])
        event["review"] = review
        events.append(event)
    return {"events": events, "total": count_events(conn, q), "limit": q.limit, "offset": q.offset}


def count_events(conn: Any, q: EventQuery) -> int:
    terms, params = where(q)
    cond = " AND ".join(terms) or "TRUE"
    total = 0
    if q.reviewed != "reviewed":  # the machine count on its own indexes, less the reviewed ids
        total += conn.execute(f"SELECT count(*) FROM events e WHERE {cond}", params).fetchone()[0]
        total -= conn.execute(
            f"SELECT count(*) FROM events e WHERE {cond} AND id IN (SELECT id FROM review_events)",
            params,
        ).fetchone()[0]
    if q.reviewed != "unreviewed":
        total += conn.execute(
            f"SELECT count(*) FROM review_events e WHERE {cond} AND status = ANY(%s)",
            (*params, _visible()),
        ).fetchone()[0]
    return int(total)


def histogram(conn: Any, q: EventQuery) -> list[dict[str, Any]]:
    terms, params = where(q)
    cond = " AND ".join([*terms, "date IS NOT NULL"])
    union, args = _parts(q, "date, event_type", cond, params)
    rows = conn.execute(
        f"SELECT date, event_type, count(*) FROM ({union}) x"
        " GROUP BY date, event_type ORDER BY date, event_type",
        args,
    ).fetchall()
    return [{"date": r[0], "event_type": r[1], "count": r[2]} for r in rows]


def related_rows(
    conn: Any, event: dict[str, Any], *, lat: float, lon: float, radius_deg: float, days: int
) -> list[str]:
    """JSON of events within the box around (lat, lon) and `days` either side of the event's date."""
    day = dt.date.fromisoformat(event["date"]["value"][:10])
    lo, hi = (
        (day - dt.timedelta(days=days)).isoformat(),
        (day + dt.timedelta(days=days)).isoformat(),
    )
    rows = conn.execute(
        f"SELECT json FROM events WHERE id != %s AND date BETWEEN %s AND %s AND geom && {ENVELOPE}",
        (
            event["id"],
            lo,
            hi,
            lon - radius_deg,
            lat - radius_deg,
            lon + radius_deg,
            lat + radius_deg,
        ),
    ).fetchall()
    return [r[0] for r in rows]


def article_spans(conn: Any, article_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        'SELECT owner_kind, owner_id, field, start, "end", text FROM evidence'
        ' WHERE article_id = %s ORDER BY start, "end", id',
        (article_id,),
    ).fetchall()
    keys = ("owner_kind", "owner_id", "field", "start", "end", "text")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def actor_counts(conn: Any, *, name: str | None, limit: int) -> list[dict[str, Any]]:
    cond, params = ("WHERE name ILIKE %s", [_like(name)]) if name else ("", [])
    rows = conn.execute(
        f"""SELECT name, max(inter), count(DISTINCT id), string_agg(DISTINCT role, ',') FROM (
              SELECT e.id, a ->> 'name' AS name, (a ->> 'inter')::int AS inter, a ->> 'role' AS role
              FROM events e, jsonb_array_elements(e.json::jsonb -> 'actors') a) x {cond}
            GROUP BY name ORDER BY count(DISTINCT id) DESC, name LIMIT %s""",
        (*params, limit),
    ).fetchall()
    return [
        {"name": r[0], "inter": r[1], "events": r[2], "roles": sorted((r[3] or "").split(","))}
        for r in rows
    ]


def place_counts(conn: Any, *, name: str | None, limit: int) -> list[dict[str, Any]]:
    cond, params = (
        ("AND (name ILIKE %s OR text ILIKE %s)", [_like(name), _like(name)]) if name else ("", [])
    )
    rows = conn.execute(
        f"""SELECT min(name), max(geonameid), min(country), min(admin1), min(lat), min(lon),
                   count(*), count(DISTINCT article_id)
            FROM places WHERE name IS NOT NULL {cond}
            GROUP BY coalesce(geonameid::text, name) ORDER BY count(*) DESC, min(name) LIMIT %s""",
        (*params, limit),
    ).fetchall()
    keys = ("name", "geonameid", "country", "admin1", "lat", "lon", "mentions", "articles")
    return [dict(zip(keys, r, strict=True)) for r in rows]
