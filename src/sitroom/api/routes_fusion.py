"""Fusion endpoints: fused events (paginated, one with its history), user merge and split with a reason.

Writes need the server token (the review routes' guard); each is one recorded fusion operation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ..fusion import service
from .backend import Backend


class FusedMerge(BaseModel):
    ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=2, max_length=50, description="fused event ids (or member event ids) to join"
    )
    reason: str = Field(min_length=1, max_length=2000)


class FusedSplit(BaseModel):
    event_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None,
        max_length=500,
        description="member events that leave together (default: every report on its own)",
    )
    reason: str = Field(min_length=1, max_length=2000)


def fusion_router(backend: Backend, *, require_writer: Any) -> APIRouter:
    api = APIRouter(prefix="/api/fused", tags=["fusion"])
    writer = [Depends(require_writer)]

    @api.get("", summary="Fused events: reports, independent sources, reconciled fields, conflicts")
    def listing(
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        min_sources: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> dict[str, Any]:
        with backend.store() as store:
            items = service.fused_events(store, limit=limit, offset=offset, min_sources=min_sources)
            total = service.count_fused(store, min_sources=min_sources)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @api.get("/{fused_id}", summary="One fused event (id, prefix or member event id) with history")
    def one(fused_id: str) -> dict[str, Any]:
        with backend.store() as store:
            return {"fused": service.fused_event(store, fused_id)}

    @api.post("/merge", dependencies=writer, summary="Join fused events into one (recorded)")
    def merge(body: FusedMerge) -> dict[str, Any]:
        with backend.store() as store:
            kept = service.merge(store, body.ids, reason=body.reason)
            return {"fused": service.fused_event(store, kept)}

    @api.post("/{fused_id}/split", dependencies=writer, summary="Split reports out (recorded)")
    def split(fused_id: str, body: FusedSplit) -> dict[str, Any]:
        with backend.store() as store:
            ids = service.split(store, fused_id, event_ids=body.event_ids, reason=body.reason)
            return {"fused": [service.fused_event(store, i) for i in ids]}

    return api
