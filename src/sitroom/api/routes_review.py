"""Review endpoints: the queue, accept / edit / reject / merge / split with a reason, the audit log.

Writes need the server token; each action is one transaction with its audit row (store.review).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from .backend import Backend


class Action(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    reviewer: str = Field(default="analyst", min_length=1, max_length=100)


class Edit(Action):
    changes: dict[str, Any] = Field(description="fields to replace (partial objects are merged)")


class Merge(Action):
    into: str = Field(min_length=1, max_length=64, description="the event that is kept")


class Split(Action):
    parts: list[dict[str, Any]] = Field(min_length=2, max_length=20)


def review_router(backend: Backend, *, require_writer: Any) -> APIRouter:
    api = APIRouter(prefix="/api/review", tags=["review"])
    writer = [Depends(require_writer)]
    store = backend.review

    @api.get("/queue", summary="Unreviewed events: flagged, conflicting, then least confident")
    def queue(
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> dict[str, Any]:
        return {"items": store.queue(limit=limit, offset=offset), "pending": store.pending()}

    @api.get("/audit", summary="The audit log, newest first")
    def audit(
        event_id: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
    ) -> dict[str, Any]:
        rows = store.audit(event_id=event_id, limit=limit)
        return {"audit": [{k: getattr(r, k) for k in r.__dataclass_fields__} for r in rows]}

    @api.post("/{event_id}/accept", dependencies=writer, summary="Accept the event as it stands")
    def accept(event_id: str, body: Action) -> dict[str, Any]:
        return {"event": store.accept(event_id, reviewer=body.reviewer, reason=body.reason)}

    @api.post("/{event_id}/reject", dependencies=writer, summary="Reject: hidden from lists")
    def reject(event_id: str, body: Action) -> dict[str, Any]:
        return {"event": store.reject(event_id, reviewer=body.reviewer, reason=body.reason)}

    @api.post("/{event_id}/edit", dependencies=writer, summary="Edit fields; the machine's stay")
    def edit(event_id: str, body: Edit) -> dict[str, Any]:
        event = store.edit(
            event_id, changes=body.changes, reviewer=body.reviewer, reason=body.reason
        )
        return {"event": event}

    @api.post("/{event_id}/merge", dependencies=writer, summary="Fold this event into another")
    def merge(event_id: str, body: Merge) -> dict[str, Any]:
        kept = store.merge(event_id, into=body.into, reviewer=body.reviewer, reason=body.reason)
        return {"event": kept}

    @api.post("/{event_id}/split", dependencies=writer, summary="Replace the event by its parts")
    def split(event_id: str, body: Split) -> dict[str, Any]:
        parts = store.split(event_id, parts=body.parts, reviewer=body.reviewer, reason=body.reason)
        return {"events": parts}

    return api
