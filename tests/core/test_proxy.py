"""The client address: X-Forwarded-For believed only from trusted proxies, and the setting that lists them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import Settings
from app.core.proxy import TrustedProxyMiddleware, forwarded_client, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "192.168.1.5", "fd00::/8"])


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # untrusted peer: the header is the client's word
        ("10.0.0.1", None, "10.0.0.1"),  # a proxy without the header: the proxy itself
        ("10.0.0.1", "198.51.100.9", "198.51.100.9"),
        ("10.0.0.1", "1.2.3.4, 198.51.100.9", "198.51.100.9"),  # what the client prepended is ignored
        ("10.0.0.1", "1.2.3.4, 198.51.100.9, 192.168.1.5", "198.51.100.9"),  # two trusted hops
        ("10.0.0.1", "10.0.0.7, 10.0.0.8", "10.0.0.7"),  # all hops trusted: the leftmost
        ("10.0.0.1", "198.51.100.9:4711", "198.51.100.9"),  # a port is tolerated
        ("10.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        ("fd00::1", "2001:db8::2", "2001:db8::2"),
        ("::ffff:10.0.0.1", "198.51.100.9", "198.51.100.9"),  # a dual-stack socket's IPv4 peer
        ("10.0.0.1", "1.2.3.4, unknown", "10.0.0.1"),  # not an IP: stop at the last trusted hop
        ("10.0.0.1", " , ", "10.0.0.1"),
    ],
)
def test_forwarded_client(peer: str, header: str | None, client: str) -> None:
    assert forwarded_client(peer, header, PROXIES) == client


def test_no_trusted_proxies_means_the_peer() -> None:
    assert forwarded_client("127.0.0.1", "1.2.3.4", ()) == "127.0.0.1"


async def test_middleware_rewrites_client_and_scheme_only_for_trusted_peers() -> None:
    seen: list[dict] = []

    async def app(scope: dict, _receive: object, _send: object) -> None:
        seen.append(scope)

    middleware = TrustedProxyMiddleware(app, ["10.0.0.0/8"])
    headers = [
        (b"x-forwarded-for", b"1.2.3.4"),
        (b"x-forwarded-for", b"198.51.100.9"),
        (b"x-forwarded-proto", b"https"),
    ]
    for peer in ("10.0.0.1", "203.0.113.9"):
        scope = {"type": "http", "client": (peer, 5000), "scheme": "http", "headers": headers}
        await middleware(scope, None, None)
    assert (seen[0]["client"], seen[0]["scheme"]) == (("198.51.100.9", 0), "https")
    assert (seen[1]["client"], seen[1]["scheme"]) == (("203.0.113.9", 5000), "http")


def test_trusted_proxies_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None, env="dev").trusted_proxies == []
    monkeypatch.setenv("PHOENIX_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.5 ::1")
    assert Settings(_env_file=None, env="dev").trusted_proxies == ["10.0.0.0/8", "192.168.1.5", "::1"]
    monkeypatch.setenv("PHOENIX_TRUSTED_PROXIES", '["172.16.0.0/12"]')
    assert Settings(_env_file=None, env="dev").trusted_proxies == ["172.16.0.0/12"]
    monkeypatch.setenv("PHOENIX_TRUSTED_PROXIES", "")
    assert Settings(_env_file=None, env="dev").trusted_proxies == []
    with pytest.raises(ValidationError, match="not an IP address or CIDR network"):
        Settings(_env_file=None, env="dev", trusted_proxies=["proxy.local"])
