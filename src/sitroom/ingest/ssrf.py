"""SSRF guard: a URL may be fetched only when every address its host resolves to is public.

Loopback, private, link-local, multicast, reserved, unspecified and cloud-metadata addresses are refused.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

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
) -> None:
    """Raise `BlockedURL` unless the URL is http(s) and (unless `allow_private`) every address is public."""
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
        return
    for address in addresses:
        problem = address_problem(address)
        if problem is not None:
            raise BlockedURL(
                f"refused: {host} resolves to {problem} address {address} (use --allow-private)"
            )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
