"""`phoenix login|logout|whoami`, `api-key ...` and `users remote ...` against a real server: stored
credentials (mode 0600), API keys as credentials, roles refused with one clear line."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.client import Change, PhoenixClient, routes
from tests.cli.phoenix_cli import Phoenix
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("accounts") / "accounts.db"
    live = LiveServer(database_url=f"sqlite+aiosqlite:///{db}", extra_env={"PHOENIX_JOBS_ENABLED": "false"}).start()
    yield live
    live.stop()


def test_login_whoami_logout(server: LiveServer, tmp_path: Path) -> None:
    phoenix = Phoenix(tmp_path, url=server.url)
    anonymous = phoenix("whoami")
    assert anonymous.returncode == 1
    assert anonymous.stderr.splitlines()[0] == "error: authentication required (HTTP 401, unauthorized)"
    assert "not logged in: run `phoenix login`" in anonymous.stderr

    prompted = phoenix("login", stdin=f"admin\n{server.admin_password}\n")  # username and password prompts
    assert prompted.returncode == 0, prompted.stderr
    assert f"logged in to {server.url} as admin (admin)" in prompted.stdout
    stored = tmp_path / "phoenix" / "credentials.json"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert phoenix.json("whoami") == {"id": 1, "username": "admin", "role": "admin", "auth": "bearer"}

    # The stored login is for its own server only: another URL gets no token.
    elsewhere = Phoenix(tmp_path, url=server.url.replace("127.0.0.1", "localhost"))("whoami")
    assert elsewhere.returncode == 1 and "not logged in" in elsewhere.stderr
    # --server wins over PHOENIX_URL.
    assert Phoenix(tmp_path, url="http://127.0.0.1:1").json("whoami", "--server", server.url)["username"] == "admin"

    assert phoenix.ok("logout").stdout == f"logged out of {server.url}\n"
    assert not stored.exists()
    assert "not logged in" in phoenix("whoami").stderr


def test_api_keys(server: LiveServer, tmp_path: Path) -> None:
    admin = Phoenix(tmp_path / "admin", url=server.url)
    admin.ok("login", "-u", "admin", "--password", server.admin_password)
    created = admin.json("api-key", "create", "ci-viewer", "--role", "viewer")
    assert created["role"] == "viewer" and created["key"]

    viewer = Phoenix(tmp_path / "viewer", url=server.url)
    assert "as admin (viewer)" in viewer.ok("login", "--api-key", created["key"]).stdout
    assert viewer.json("whoami")["auth"] == "api_key"
    refused = viewer("api-key", "list")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0].endswith("(HTTP 403, forbidden)")
    assert "request id: " in refused.stderr

    listed = admin.yaml("api-key", "list")
    assert [k["name"] for k in listed] == ["ci-viewer"]  # type: ignore[union-attr]
    table = admin.ok("api-key", "list").stdout
    assert "NAME" in table and "PREFIX" in table and "ci-viewer" in table
    revoked = admin.json("api-key", "revoke", str(created["id"]))
    assert revoked["revoked_at"] is not None
    gone = viewer("whoami")
    assert gone.returncode == 1 and "log in again with `phoenix login`" in gone.stderr

    # PHOENIX_API_KEY wins over a stored login.
    key = admin.json("api-key", "create", "ci-operator")["key"]
    with_env = Phoenix(tmp_path / "admin", url=server.url, env={"PHOENIX_API_KEY": key})
    assert with_env.json("whoami")["auth"] == "api_key"


def test_users_through_the_api(server: LiveServer, tmp_path: Path) -> None:
    admin = Phoenix(tmp_path, url=server.url)
    admin.ok("login", "-u", "admin", "--password", server.admin_password)
    user = admin.json("users", "remote", "create", "ops2", "--role", "operator", "--password", "a-long-password-1")
    assert user["role"] == "operator"
    demoted = admin.json("users", "remote", "update", str(user["id"]), "--role", "viewer", "--inactive")
    assert (demoted["role"], demoted["is_active"]) == ("viewer", False)
    assert "ops2" in admin.ok("users", "remote", "list").stdout
    nothing = admin("users", "remote", "update", str(user["id"]))
    assert nothing.returncode == 2 and "nothing to change" in nothing.stderr
    assert admin.ok("users", "remote", "delete", str(user["id"])).stdout == f"deleted user {user['id']}\n"
    missing = admin("users", "remote", "delete", str(user["id"]))
    assert missing.returncode == 1 and "(HTTP 404, not_found)" in missing.stderr


def test_sync_client_event_stream(server: LiveServer) -> None:
    """`PhoenixClient.changes()` on a real server: a saved pipeline arrives as one `pipeline` change."""
    received: queue.Queue[Change] = queue.Queue()
    phoenix = PhoenixClient(server.url, token=server.token())

    def listen() -> None:
        for change in phoenix.changes():
            received.put(change)
            return

    threading.Thread(target=listen, daemon=True).start()
    config = phoenix.send(routes.pipelines.render("process-baseline-v1")).config_yaml
    deadline = time.monotonic() + 30
    change: Change | None = None
    n = 0
    while change is None and time.monotonic() < deadline:  # until the stream, once subscribed, sees one
        n += 1
        phoenix.send(routes.pipelines.create({"name": f"streamed-{n}", "config_yaml": config}))
        with contextlib.suppress(queue.Empty):
            change = received.get(timeout=1)
    phoenix.close()
    assert change is not None and change.kind == "pipeline" and change.action == "created"
