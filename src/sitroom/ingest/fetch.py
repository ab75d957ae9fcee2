"""HTTP fetching behind a small `Fetcher` protocol: timeouts, a size cap, redirects checked hop by hop.

`HttpFetcher` wraps httpx; tests give it an `httpx.MockTransport` and a fake resolver.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin

import httpx

from .. import __version__
from .ssrf import BlockedURL, PinnedBackend, Resolver, check_url, system_resolver

USER_AGENT = f"sitroom/{__version__} (conflict-news reader; python-httpx)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json", "text/plain")  # fmt: skip
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason recorded for it."""


@dataclass(frozen=True, slots=True)
class FetchOptions:
    timeout_s: float = 20.0
    max_bytes: int = 10_000_000  # a news page above 10 MB is not a news page
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    allow_private: bool = (
        False  # fetch loopback/private addresses (a local test server, an intranet)
    )


@dataclass(slots=True)
class Fetched:
    """A fetched resource: the URL asked for, the one answered after redirects, and the body."""

    url: str
    final_url: str
    status: int
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher(Protocol):
    """What ingestion needs of the web: one GET, raising `FetchError` with a reason."""

    def fetch(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched: ...


class HttpFetcher:
    """A `Fetcher` on httpx; every hop of a redirect chain passes the SSRF check first."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.options = options or FetchOptions()
        self.resolver = resolver
        self._pinned: PinnedBackend | None = None
        if transport is None:
            transport = httpx.HTTPTransport()
            # Connect to the very addresses the SSRF check vetted (no second DNS lookup).
            pool = transport._pool  # httpx keeps its httpcore pool here (stable across 0.2x)
            self._pinned = PinnedBackend(pool._network_backend)
            pool._network_backend = self._pinned
        self._client = httpx.Client(
            transport=transport,
            timeout=self.options.timeout_s,
            follow_redirects=False,  # followed by hand, so that each hop is checked
            headers={"User-Agent": self.options.user_agent},
            trust_env=False,  # no proxy from the environment: the SSRF check sees the real host
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        seen = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            try:
                addresses = check_url(
                    current, resolver=self.resolver, allow_private=self.options.allow_private
                )
            except BlockedURL as exc:
                hop = f" (redirected to {current})" if current != url else ""
                raise FetchError(f"{exc}{hop}") from None
            if self._pinned is not None:
                self._pinned.pin(httpx.URL(current).host, addresses)
            location, fetched = self._get(url, current, accept=accept, headers=headers)
            if location is None:
                assert fetched is not None
                return fetched
            current = urljoin(current, location)
            if current in seen:
                raise FetchError(f"redirect loop: {' -> '.join([*seen, current])}")
            seen.append(current)
        raise FetchError(f"too many redirects (more than {self.options.max_redirects})")

    def _get(
        self,
        url: str,
        current: str,
        *,
        accept: tuple[str, ...],
        headers: Mapping[str, str] | None,
    ) -> tuple[str | None, Fetched | None]:
        """(redirect location, None) or (None, the answer)."""
        wanted = ", ".join(accept) + ", " if accept else ""
        request_headers = {"Accept": wanted + "*/*;q=0.1", **(headers or {})}
        try:
            with self._client.stream("GET", current, headers=request_headers) as response:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} without a Location header")
                    return location, None
                if response.status_code == 304:
                    return None, _fetched(url, current, response, b"")
                if response.status_code >= 400:
                    raise FetchError(
                        f"HTTP {response.status_code} {response.reason_phrase}".strip()
                    )
                media = _media_type(response.headers.get("content-type", ""))
                if accept and media and media not in accept:
                    raise FetchError(f"wrong content type {media!r} (expected {', '.join(accept)})")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.options.max_bytes:
                    raise FetchError(_too_large(int(declared), self.options.max_bytes))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.options.max_bytes:
                        raise FetchError(_too_large(None, self.options.max_bytes))
                return None, _fetched(url, current, response, bytes(body))
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.options.timeout_s:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"unreachable: {type(exc).__name__}: {exc}") from None


def _too_large(size: int | None, cap: int) -> str:
    got = f"{size} bytes" if size is not None else "more than that"
    return f"too large ({got} > limit of {cap} bytes)"


def _media_type(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def _fetched(url: str, final_url: str, response: httpx.Response, body: bytes) -> Fetched:
    content_type = response.headers.get("content-type", "")
    return Fetched(
        url=url,
        final_url=final_url,
        status=response.status_code,
        content_type=_media_type(content_type),
        charset=response.charset_encoding,
        body=body,
        headers={k.lower(): v for k, v in response.headers.items()},
    )
