"""Browser tests of the console: Debian's chromium driven by Playwright (no browser download) against
a real `phoenix serve` on a temp SQLite database, with the console built into frontend/dist.

In CI a missing chromium, Playwright or built console fails these tests; locally they skip with the
reason (tests.conftest.require_component). Screenshots of the main views go to artifacts/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import require_component
from tests.frontend.console_assets import CONSOLE_INDEX
from tests.live_server import LiveServer

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture then fails in CI and skips elsewhere, with the reason
    expect = None

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Fast loops, so a short experiment deploys, samples and completes within a test.
FAST_LOOPS = {"PHOENIX_RECONCILE_INTERVAL": "0.5", "PHOENIX_SAMPLE_INTERVAL": "0.5"}
VIEWER = ("viewer-user", "viewer-password-123")
LAPTOP = {"width": 1366, "height": 800}


@pytest.fixture(scope="package")
def console_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not CONSOLE_INDEX.is_file():
        require_component("the built console (frontend/dist)", "run `make frontend` or `npm run build` in frontend/")
    database = tmp_path_factory.mktemp("console") / "console.db"
    server = LiveServer(
        database_url=f"sqlite+aiosqlite:///{database}",
        extra_env={**FAST_LOOPS, "PHOENIX_SIM_MAX_PROCESSES": "300"},
    ).start()
    try:
        headers = {"Authorization": f"Bearer {server.token()}"}
        username, password = VIEWER
        created = httpx.post(
            f"{server.url}/api/v1/users",
            json={"username": username, "password": password, "role": "viewer"},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not CHROMIUM.is_file() or not shutil.which(str(CHROMIUM)):
        require_component("chromium", f"{CHROMIUM} (Debian package `chromium`)")
    if expect is None:
        require_component("playwright", "the Python package (dev extras)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=LAPTOP,
        )
        context.set_default_timeout(20_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context, console_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh tab (its own sessionStorage, so signed out) on the console; its last state is saved
    as artifacts/last-<test>.png, which shows where a failed test stopped."""
    tab = browser_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(console_server.url)
    yield tab
    screenshot(tab, f"last-{request.node.name}")
    tab.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def sign_in(page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def screenshot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
