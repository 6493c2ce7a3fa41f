"""The client's address, with proxy headers believed only from configured proxies.

`X-Forwarded-For` is written by whoever sends the request, so it names the client only when the
direct peer is a reverse proxy we trust (`Settings.trusted_proxies`, none by default). This pure
ASGI middleware rewrites `scope["client"]` (and the scheme, from `X-Forwarded-Proto`) in place,
so every reader of the address (the login throttle, uvicorn's access log, `request.client`) sees
the same answer. `phoenix serve` turns uvicorn's own proxy handling off (it trusts 127.0.0.1 by
default) so this is the only place the decision is made.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from starlette.types import ASGIApp, Receive, Scope, Send

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
_SCHEMES = {"http", "https", "ws", "wss"}


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """`["10.0.0.0/8", "192.168.1.5"]` -> networks (a bare address is a /32 or /128)."""
    return tuple(ip_network(entry, strict=False) for entry in entries)


def _parse_address(text: str) -> Address | None:
    """An address from one forwarded hop, tolerating a port (`1.2.3.4:80`, `[::1]:80`); None if not an IP."""
    text = text.strip()
    candidates = [text]
    if text.startswith("[") and "]" in text:
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:
        candidates.append(text.split(":", 1)[0])
    for candidate in candidates:
        try:
            address = ip_address(candidate)
        except ValueError:
            continue
        if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
            return address.ipv4_mapped  # a dual-stack socket's view of an IPv4 peer
        return address
    return None


def is_trusted(host: str | None, networks: tuple[Network, ...]) -> bool:
    """Whether `host` (a peer address as the server reports it) is one of the trusted proxies."""
    if not host or not networks:
        return False
    address = _parse_address(host)
    return address is not None and any(address in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str | None, networks: tuple[Network, ...]) -> str:
    """The client address of a request from `peer` carrying `X-Forwarded-For: forwarded_for`.

    Walks the hops from the right (the ones our proxies appended) past trusted proxies; the first
    hop that is not a trusted proxy is the client. Anything further left was written by the client
    and is ignored. A hop that is not an IP (`unknown`, an obfuscated name) stops the walk at the
    last trusted hop, the conservative answer: those clients share that proxy's throttle bucket.
    """
    if not forwarded_for or not is_trusted(peer, networks):
        return peer
    client = peer
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        address = _parse_address(hop)
        if address is None:
            return client
        client = str(address)
        if not any(address in network for network in networks):
            return client
    return client  # every hop is a trusted proxy: the leftmost one is as far as we can see


class TrustedProxyMiddleware:
    """Apply `forwarded_client` (and `X-Forwarded-Proto`) to each HTTP and WebSocket request."""

    def __init__(self, app: ASGIApp, trusted_proxies: Iterable[str]) -> None:
        self.app = app
        self.networks = parse_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.networks:
            self._apply(scope)
        await self.app(scope, receive, send)

    def _apply(self, scope: Scope) -> None:
        client = scope.get("client")
        if not client or not is_trusted(client[0], self.networks):
            return
        forwarded_for: list[str] = []
        proto: str | None = None
        for name, value in scope.get("headers") or []:
            if name == b"x-forwarded-for":
                forwarded_for.append(value.decode("latin-1"))
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1")
        if forwarded_for:
            host = forwarded_client(client[0], ",".join(forwarded_for), self.networks)
            if host != client[0]:
                scope["client"] = (host, 0)  # the client's port is not forwarded
        if proto is not None:
            scheme = proto.split(",")[-1].strip().lower()
            if scheme in _SCHEMES:
                if scope["type"] == "websocket":
                    scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
                scope["scheme"] = scheme
