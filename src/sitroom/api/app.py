"""FastAPI application over a store: events, one event with evidence, articles, quotes, exports.

Thin: every handler calls one store method; the store is opened per request (SQLite, WAL).
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, PlainTextResponse

from .. import __version__
from ..errors import NotFound, SitroomError
from ..export import FORMATS, render_events

MEDIA = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "acled": "text/csv",
    "geojson": "application/geo+json",
    "plover": "application/json",
}


def create_app(dsn: str) -> FastAPI:
    app = FastAPI(
        title="sitroom",
        version=__version__,
        description="Conflict events with evidence for every field.",
    )

    def store() -> Iterator[Any]:
        from ..store import open_store

        with open_store(dsn) as opened:
            yield opened

    @app.exception_handler(NotFound)
    async def _not_found(_request: Any, exc: NotFound) -> Any:
        from fastapi.responses import JSONResponse

        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(SitroomError)
    async def _failed(_request: Any, exc: SitroomError) -> Any:
        from fastapi.responses import JSONResponse

        return JSONResponse({"detail": str(exc)}, status_code=400 if exc.exit_code == 2 else 500)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return resources.files("sitroom.web").joinpath("static/index.html").read_text("utf-8")

    @app.get("/api/events")
    def list_events(
        limit: int = Query(100, ge=1, le=10_000),
        offset: int = Query(0, ge=0),
        event_type: str | None = None,
        min_confidence: float | None = Query(None, ge=0, le=1),
        include_flagged: bool = True,
        article_id: str | None = None,
        s: Any = Depends(store),
    ) -> dict[str, Any]:
        rows = s.events(
            limit=limit,
            offset=offset,
            event_type=event_type,
            min_confidence=min_confidence,
            include_flagged=include_flagged,
            article_id=article_id,
        )
        return {"events": rows, "limit": limit, "offset": offset}

    @app.get("/api/events/{event_id}")
    def one_event(event_id: str, s: Any = Depends(store)) -> dict[str, Any]:
        event = s.event(event_id)
        return {"event": event, "evidence": s.evidence_for(event["id"])}

    @app.get("/api/articles")
    def list_articles(limit: int = Query(100, ge=1, le=10_000), s: Any = Depends(store)) -> Any:
        return {"articles": s.articles(limit=limit)}

    @app.get("/api/articles/{article_id}")
    def one_article(article_id: str, s: Any = Depends(store)) -> dict[str, Any]:
        article = s.article(article_id)
        return {
            "article": {
                "id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
                "url": article.url,
                "text": article.text,
            },
            "events": s.events(article_id=article_id),
            "quotes": s.quotes(article_id=article_id),
            "places": s.places(article_id=article_id),
        }

    @app.get("/api/quotes")
    def list_quotes(limit: int = Query(100, ge=1, le=10_000), s: Any = Depends(store)) -> Any:
        return {"quotes": s.quotes(limit=limit)}

    @app.get("/api/errors")
    def list_errors(s: Any = Depends(store)) -> Any:
        return {"errors": s.errors()}

    @app.get("/api/stats")
    def stats(s: Any = Depends(store)) -> Any:
        return s.stats()

    @app.get("/api/export/events.{fmt}")
    def export(fmt: str, include_flagged: bool = True, s: Any = Depends(store)) -> Any:
        if fmt not in FORMATS:
            raise HTTPException(404, f"unknown format {fmt}; choose from {', '.join(FORMATS)}")
        body = render_events(s.events(include_flagged=include_flagged), fmt)
        return PlainTextResponse(body, media_type=MEDIA.get(fmt, "text/plain"))

    return app
