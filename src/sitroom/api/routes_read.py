"""Read endpoints: events (filtered, paged, sorted), one event with evidence, articles with all spans,
quotes, actors, places, the timeline histogram and exports. Thin: each calls one query or store method.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import PlainTextResponse

from ..export import FORMATS, render_events
from . import query
from .backend import Backend

MEDIA = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "acled": "text/csv",
    "geojson": "application/geo+json",
    "plover": "application/json",
}
EXPORT_MAX = 1_000_000  # rows in one export


def event_filters(
    bbox: Annotated[str | None, Query(description="west,south,east,north", max_length=100)] = None,
    near: Annotated[
        str | None, Query(description="lat,lon,km: events within km of a point", max_length=100)
    ] = None,
    date_from: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    date_to: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    event_type: Annotated[str | None, Query(max_length=100)] = None,
    sub_event_type: Annotated[str | None, Query(max_length=100)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in any field")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    flag: Annotated[
        str | None, Query(pattern="^(none|any|negated|hypothetical|historical)$")
    ] = None,
    include_flagged: bool = True,
    article_id: Annotated[str | None, Query(max_length=64)] = None,
    reviewed: Annotated[str, Query(pattern="^(all|reviewed|unreviewed)$")] = "all",
    sort: Annotated[str, Query(pattern="^(date|-date|confidence|-confidence|id)$")] = "-date",
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> query.EventQuery:
    return query.EventQuery(
        bbox=query.parse_bbox(bbox),
        near=query.parse_near(near),
        date_from=date_from,
        date_to=date_to,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=actor,
        place=place,
        text=q,
        min_confidence=min_confidence,
        flag=flag if flag or include_flagged else "none",
        article_id=article_id,
        reviewed=reviewed,  # type: ignore[arg-type]
        sort=sort,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
    )


Filters = Annotated[query.EventQuery, Depends(event_filters)]


def read_router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["read"])

    @api.get("/events", summary="Events matching the filters, one page")
    def list_events(f: Filters) -> dict[str, Any]:
        with backend.read() as conn:
            return query.list_events(conn, f)

    @api.get("/timeline", summary="Events per day and type (the filters without the date range)")
    def timeline(f: Filters) -> dict[str, Any]:
        with backend.read() as conn:
            return {"days": query.histogram(conn, f)}

    @api.get("/events/{event_id}", summary="One event: reviewed and machine versions, evidence")
    def one_event(event_id: str) -> dict[str, Any]:
        review = backend.review
        if review.decision(event_id) is None and review.machine(event_id) is None:
            with backend.store() as s:  # accepts a unique id prefix
                event_id = s.event(event_id)["id"]
        event = review.current(event_id)
        decision = review.decision(event_id)
        # a split part has no machine row: its evidence and machine output are the split event's
        added = decision is not None and decision["status"] == "added"
        origin = decision["origin_id"] if decision is not None and added else None
        quotes_by_id: dict[str, Any] = {}
        with backend.store() as s:
            evidence = s.evidence_for(origin or event_id)
            for report in event.get("reports") or []:
                for quote in s.quotes(article_id=report["article_id"]):
                    if quote["id"] in (event.get("claims") or []) or event_id in quote["events"]:
                        quotes_by_id[quote["id"]] = quote
        with backend.read() as conn:
            related = query.related_events(conn, event)
        if decision is not None:
            decision = {k: v for k, v in decision.items() if k != "event"}
        return {
            "event": event,
            "machine": review.machine(origin or event_id),
            "review": decision,
            "evidence": evidence,
            "quotes": list(quotes_by_id.values()),
            "related": related,
            "audit": [_asdict(a) for a in review.audit(event_id=event_id)],
        }

    @api.get("/articles", summary="Articles (without text)")
    def list_articles(limit: Annotated[int, Query(ge=1, le=10_000)] = 100) -> dict[str, Any]:
        with backend.store() as s:
            return {"articles": s.articles(limit=limit)}

    @api.get("/articles/{article_id}", summary="One article: text, events, quotes and every span")
    def one_article(article_id: str) -> dict[str, Any]:
        with backend.store() as s:
            article = s.article(article_id)
            data = {
                "article": {
                    "id": article.id,
                    "title": article.title,
                    "outlet": article.outlet,
                    "published": article.published.isoformat() if article.published else None,
                    "url": article.url,
                    "text": article.text,
                },
                "quotes": s.quotes(article_id=article.id),
                "places": s.places(article_id=article.id),
                "timexes": s.timexes(article_id=article.id),
            }
        with backend.read() as conn:
            data["events"] = query.list_events(
                conn, query.EventQuery(article_id=article.id, limit=10_000, sort="id")
            )["events"]
            data["spans"] = query.article_spans(conn, article.id)
        return data

    @api.get("/quotes", summary="Attributions: who said what")
    def list_quotes(
        limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
        article_id: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        with backend.store() as s:
            return {"quotes": s.quotes(limit=limit, article_id=article_id)}

    @api.get("/actors", summary="Actors named in events, most frequent first")
    def list_actors(
        name: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
    ) -> dict[str, Any]:
        with backend.read() as conn:
            return {"actors": query.actor_counts(conn, name=name, limit=limit)}

    @api.get("/places", summary="Resolved places, most mentioned first")
    def list_places(
        name: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
    ) -> dict[str, Any]:
        with backend.read() as conn:
            return {"places": query.place_counts(conn, name=name, limit=limit)}

    @api.get("/errors", summary="What was skipped, and why")
    def list_errors() -> dict[str, Any]:
        with backend.store() as s:
            return {"errors": s.errors()}

    @api.get("/stats", summary="Row counts")
    def stats() -> dict[str, Any]:
        with backend.store() as s:
            counts = dict(s.stats())
        counts["unreviewed"] = backend.review.pending()
        return counts

    @api.get(
        "/export/events.{fmt}", summary="Export events: json, jsonl, csv/acled, geojson, plover"
    )
    def export(fmt: str, f: Filters, unreviewed: bool = True) -> Any:
        if fmt not in FORMATS:
            raise HTTPException(404, f"unknown format {fmt}; choose from {', '.join(FORMATS)}")
        f.limit, f.offset = EXPORT_MAX, 0
        if not unreviewed:
            f.reviewed = "reviewed"
        with backend.read() as conn:
            events = query.list_events(conn, f)["events"]
        return PlainTextResponse(
            render_events(events, fmt), media_type=MEDIA.get(fmt, "text/plain")
        )

    return api


def _asdict(entry: Any) -> dict[str, Any]:
    return {k: getattr(entry, k) for k in entry.__dataclass_fields__}
