"""`/docs` (Swagger UI) and `/redoc` render with every request outside Phoenix refused, as on a
machine without internet: their scripts and styles are served by Phoenix itself."""

from __future__ import annotations

from tests.frontend.conftest import expect, screenshot
from tests.live_server import LiveServer


def test_api_docs_render_offline(page, console_server: LiveServer) -> None:
    outside: list[tuple[str, str]] = []

    def only_phoenix(route) -> None:
        if route.request.url.startswith(console_server.url):
            route.continue_()
        else:
            outside.append((route.request.resource_type, route.request.url))
            route.abort()

    page.route("**/*", only_phoenix)
    page.goto(f"{console_server.url}/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/experiments").first).to_be_visible()
    screenshot(page, "api-docs", full_page=False)

    page.goto(f"{console_server.url}/redoc")
    expect(page.get_by_role("heading", name="Create Experiment").first).to_be_visible()
    # What rendering needs must not come from outside; ReDoc's "powered by" logo is an image from
    # its CDN, which an offline machine simply does not show.
    needed = [(kind, url) for kind, url in outside if kind != "image"]
    assert not needed, f"the docs need outside assets: {needed}"
