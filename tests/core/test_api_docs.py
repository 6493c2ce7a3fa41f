"""/docs and /redoc load everything they need from Phoenix itself: no CDN, no web fonts."""

from __future__ import annotations

import re

import httpx
import pytest

# Where a page can pull something in from: attributes, CSS url(...) and JS string URLs alike.
_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_api_reference_needs_no_other_host(client: httpx.AsyncClient, page: str) -> None:
    response = await client.get(page)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    html = response.text
    assert "cdn." not in html and "fonts.googleapis" not in html, html
    referenced = [a or b for a, b in _URL.findall(html)]
    scripts = [u for u in referenced if u.endswith(".js")]
    assert scripts, html  # the page does load a script, ...
    for url in referenced:
        assert url.startswith("/"), f"{page} loads {url} from another host"  # ... all from here
        asset = await client.get(url)
        assert asset.status_code == 200, url
        if url.endswith(".js"):
            assert len(asset.content) > 100_000 and "javascript" in asset.headers["content-type"]
    # And the schema the page renders.
    assert (await client.get("/openapi.json")).json()["info"]["title"] == "Phoenix"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_swagger_oauth2_redirect_page_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs/oauth2-redirect")
    assert response.status_code == 200 and "oauth2" in response.text.lower()
