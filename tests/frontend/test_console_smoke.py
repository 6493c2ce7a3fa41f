"""Sign-in, every main view renders against the real API, and sign-out."""

from __future__ import annotations

from tests.frontend.conftest import expect, screenshot, sign_in
from tests.live_server import LiveServer


def test_login_navigates_every_view_and_signs_out(page, console_server: LiveServer) -> None:
    expect(page.get_by_role("heading", name="Sign in to Phoenix")).to_be_visible()
    sign_in(page, "admin", "wrong-password-123")
    expect(page.get_by_role("alert")).to_contain_text("Sign-in failed")
    screenshot(page, "login-error")

    sign_in(page, "admin", console_server.admin_password)
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("admin")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_text("No pipeline is deployed")).to_be_visible()
    screenshot(page, "overview")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Catalog").click()
    page.get_by_role("button", name="process-topk-v1").click()
    expect(page.get_by_role("heading", name="Rendered YAML")).to_be_visible()
    expect(page.locator("pre.yaml")).to_contain_text("receivers:")
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.get_by_test_id("preview-result")).to_contain_text("Output series")
    screenshot(page, "catalog")

    nav.get_by_role("link", name="Simulations").click()
    expect(page.get_by_text("No simulation has run.")).to_be_visible()
    form = page.get_by_role("form", name="Start a simulation")
    form.get_by_label("Profile").select_option("realistic")
    form.get_by_label("Process count").fill("50")
    form.get_by_label("Duration (s)").fill("120")
    form.get_by_role("button", name="Start").click()
    runs = page.get_by_role("table", name="Simulations")
    expect(runs.get_by_text("running")).to_be_visible(timeout=30_000)
    expect(runs.get_by_test_id("active-processes")).not_to_have_text("0 / 50")
    screenshot(page, "simulations")
    runs.get_by_role("button", name="Stop").click()
    page.get_by_role("dialog", name="Stop this simulation?").get_by_role("button", name="Stop").click()
    expect(runs.get_by_text("stopped")).to_be_visible(timeout=30_000)

    nav.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="API keys")).to_be_visible()
    page.get_by_label("Key name").fill("ci")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_test_id("new-api-key")).not_to_be_empty()
    screenshot(page, "settings")

    # A client-side route survives a reload: the server answers index.html, the session persists.
    page.reload()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Phoenix")).to_be_visible()
