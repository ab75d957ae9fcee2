"""Write protection and transport hygiene for the API: token, read-only mode, body limit, headers.

Write endpoints need `Authorization: Bearer <token>` (or `X-Sitroom-Token`); reads are open on loopback.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request

MAX_BODY_BYTES = 256 * 1024  # review actions are small JSON documents
# No inline script may run: the UI's code is in /static files, article text is rendered as text.
CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; connect-src 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass(slots=True, kw_only=True)
class ApiSecurity:
    """The write token (None in read-only mode), whether it was generated, and the request limits."""

    token: str | None
    generated: bool = False
    read_only: bool = False
    max_body_bytes: int = MAX_BODY_BYTES
    cors_origins: list[str] = field(default_factory=list)


def resolve_security(
    *,
    token: str | None = None,
    read_only: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    cors_origins: list[str] | None = None,
) -> ApiSecurity:
    """Token from the argument, else `$SITROOM_TOKEN`, else a new random one (`generated`)."""
    if read_only:
        return ApiSecurity(
            token=None,
            read_only=True,
            max_body_bytes=max_body_bytes,
            cors_origins=list(cors_origins or []),
        )
    given = token or os.environ.get("SITROOM_TOKEN") or None
    return ApiSecurity(
        token=given or secrets.token_urlsafe(24),
        generated=given is None,
        max_body_bytes=max_body_bytes,
        cors_origins=list(cors_origins or []),
    )


def writer_guard(security: ApiSecurity) -> Any:
    """A FastAPI dependency that refuses writes without the token, and all writes when read-only."""

    def require_writer(request: Request) -> None:
        if security.read_only or security.token is None:
            raise HTTPException(403, "this server is read-only")
        auth = request.headers.get("authorization", "")
        given = (
            auth[7:]
            if auth.lower().startswith("bearer ")
            else request.headers.get("x-sitroom-token", "")
        )
        if not given or not hmac.compare_digest(given.encode(), security.token.encode()):
            raise HTTPException(401, "a write needs the server's token (Authorization: Bearer …)")

    return require_writer


class BodyLimit:
    """ASGI middleware: 413 for a request body over `limit` bytes (declared or streamed)."""

    def __init__(self, app: Any, *, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Any, limit: int) -> None:
    body = f'{{"detail": "request body over {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware adding CSP and the other hardening headers to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name.lower().encode() not in names:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
