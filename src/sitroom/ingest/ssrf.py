"""SSRF guard: a URL may be fetched only when every address its host resolves to is public.

Loopback, private, link-local, multicast, reserved, unspecified and cloud-metadata addresses are refused.
`PinnedBackend` then connects to an address that was checked, never to a second DNS answer (rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

# host, port → every address the host resolves to (tests pass a dictionary-backed fake).
Resolver = Callable[[str, int], list[str]]

ALLOWED_SCHEMES = ("http", "https")
# Cloud metadata services: link-local already, named here so the reason says what they are.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud (shared address space)
    }
)


class BlockedURL(ValueError):
    """The URL may not be fetched; the message is the reason recorded for it."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address of `host` from the system resolver; `OSError` when it does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def address_problem(address: str) -> str | None:
    """Why an address is not public (e.g. "loopback"), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip in METADATA_ADDRESSES:
        return "cloud metadata"
    checks = (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        (
            "non-global",
            not ip.is_global,
        ),  # shared address space 100.64/10, 6to4 relays and the like
    )
    return next((name for name, hit in checks if hit), None)


def check_url(
    url: str, *, resolver: Resolver = system_resolver, allow_private: bool = False
) -> list[str]:
    """The host's addresses; `BlockedURL` unless http(s) and (unless `allow_private`) all are public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise BlockedURL(f"refused: scheme {parts.scheme or '(none)'!r} is not http or https")
    host = parts.hostname
    if not host:
        raise BlockedURL("refused: the URL names no host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise BlockedURL("refused: bad port in the URL") from None
    try:
        addresses = [host] if _is_ip(host) else resolver(host, port)
    except OSError as exc:
        raise BlockedURL(f"unreachable: cannot resolve host {host!r} ({exc})") from None
    if not addresses:
        raise BlockedURL(f"unreachable: host {host!r} has no address")
    if allow_private:
        return addresses
    for address in addresses:
        problem = address_problem(address)
        if problem is not None:
            raise BlockedURL(
                f"refused: {host} resolves to {problem} address {address} (use --allow-private)"
            )
    return addresses


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class PinnedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to addresses pinned by the SSRF check.

    `check_url` resolves a host and vets every address; `pin(host, addresses)` records them and
    `connect_tcp` dials the first of them instead of asking DNS again, so a DNS answer that changes
    between the check and the connection (DNS rebinding) cannot reach an unchecked address. TLS still
    verifies the certificate against the host name (httpcore passes it as the server name).
    """

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()
        self._pins: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def pin(self, host: str, addresses: list[str]) -> None:
        with self._lock:
            self._pins[host.lower().strip("[]")] = list(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        key = host.lower().strip("[]")
        with self._lock:
            addresses = self._pins.get(key)
        if addresses is None and not _is_ip(key):
            raise httpcore.ConnectError(f"refused: {host} was not checked before connecting")
        errors: list[Exception] = []
        for address in addresses or [key]:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                errors.append(exc)
        raise errors[-1]

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("refused: unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
