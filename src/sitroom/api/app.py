"""FastAPI application over a store: the web UI's pages, their JSON twins under /api, and review.

`create_app(dsn)` binds nothing itself; `sitroom serve` runs it on 127.0.0.1 and prints the write token.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import NotFound, SitroomError
from .backend import Backend
from .routes_fusion import fusion_router
from .routes_read import read_router
from .routes_review import review_router
from .security import (
    MAX_BODY_BYTES,
    BodyLimit,
    SecurityHeaders,
    resolve_security,
    writer_guard,
)

# UI page → its JSON twin (the same data); `{id}` is the page's last path segment.
TWINS = {
    "/": "/api/events",
    "/events/{id}": "/api/events/{id}",
    "/articles/{id}": "/api/articles/{id}",
    "/review": "/api/review/queue",
    "/quotes": "/api/quotes",
    "/actors": "/api/actors",
    "/places": "/api/places",
    "/audit": "/api/review/audit",
}


def static_dir() -> Path:
    return Path(str(resources.files("sitroom.web").joinpath("static")))


def create_app(
    dsn: str,
    *,
    token: str | None = None,
    read_only: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    cors_origins: list[str] | None = None,
) -> FastAPI:
    """The app on the store behind `dsn`. `app.state.security.token` is the write token (None when
    read-only); `.generated` says it was made up here (no argument, no $SITROOM_TOKEN) and must be shown.
    """
    security = resolve_security(
        token=token, read_only=read_only, max_body_bytes=max_body_bytes, cors_origins=cors_origins
    )
    backend = Backend(dsn)
    app = FastAPI(
        title="sitroom",
        version=__version__,
        description="Conflict events with evidence for every field, and their review.",
    )
    app.state.security = security
    app.state.backend = backend

    @app.exception_handler(SitroomError)
    async def _failed(_request: Request, exc: SitroomError) -> JSONResponse:
        status = 404 if isinstance(exc, NotFound) else 400 if exc.exit_code == 2 else 500
        return JSONResponse({"detail": str(exc)}, status_code=status)

    app.include_router(read_router(backend))
    app.include_router(review_router(backend, require_writer=writer_guard(security)))
    app.include_router(fusion_router(backend, require_writer=writer_guard(security)))

    @app.get("/api/ui", tags=["read"], summary="What the page needs: mode and page ↔ JSON twins")
    def ui_info() -> dict[str, Any]:
        return {
            "version": __version__,
            "read_only": security.read_only,
            "vendor": (static_dir() / "vendor" / "leaflet.js").is_file(),
            "twins": TWINS,
        }

    page = static_dir().joinpath("index.html")

    def index() -> HTMLResponse:
        return HTMLResponse(page.read_text("utf-8"))

    for path in TWINS:
        app.add_api_route(
            path.replace("{id}", "{item_id}"), index, include_in_schema=False, methods=["GET"]
        )
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=security.max_body_bytes)
    if security.cors_origins:  # off unless asked for
        app.add_middleware(
            CORSMiddleware, allow_origins=security.cors_origins, allow_methods=["GET", "POST"]
        )
    return app
