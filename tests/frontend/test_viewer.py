"""A viewer reads everything and sees no control that would change anything."""

from __future__ import annotations

import httpx

from tests.frontend.conftest import VIEWER, expect, screenshot, sign_in
from tests.live_server import LiveServer

MUTATING = [
    "New experiment",
    "Start",
    "Stop",
    "Promote…",
    "Delete",
    "Revoke",
    "Create key",
    "Add user",
    "Save pipeline",
]


def _seed(server: LiveServer) -> str:
    """An experiment waiting to start and a saved pipeline: what an operator could act on."""
    headers = {"Authorization": f"Bearer {server.token()}"}
    experiment = httpx.post(
        f"{server.url}/api/v1/experiments",
        json={
            "name": "viewer-sees-this",
            "baseline": {"template": "process-baseline-v1"},
            "candidate": {"template": "process-topk-v1"},
        },
        headers=headers,
    )
    assert experiment.status_code == 201, experiment.text
    pipeline = httpx.post(
        f"{server.url}/api/v1/pipelines",
        json={"name": "viewer-pipeline", "config_yaml": _config()},
        headers=headers,
    )
    assert pipeline.status_code == 201, pipeline.text
    return experiment.json()["id"]


def _config() -> str:
    return (
        "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: localhost:4317\n"
        "exporters:\n  debug: {}\n"
        "service:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      exporters: [debug]\n"
    )


def assert_no_mutating_controls(page) -> None:
    for name in MUTATING:
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)


def test_viewer_sees_no_mutating_controls(page, console_server: LiveServer) -> None:
    experiment_id = _seed(console_server)
    sign_in(page, *VIEWER)
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("viewer")
    nav = page.get_by_role("navigation", name="Main")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    assert_no_mutating_controls(page)

    nav.get_by_role("link", name="Experiments").click()
    expect(page.get_by_role("link", name="viewer-sees-this")).to_be_visible()
    assert_no_mutating_controls(page)

    page.get_by_role("link", name="viewer-sees-this").click()
    # The list's badges stay on screen until the detail view has rendered: wait for its heading.
    expect(page.get_by_role("heading", name="viewer-sees-this", level=1)).to_be_visible()
    expect(page.get_by_test_id("phase")).to_have_count(1)
    expect(page.get_by_test_id("phase")).to_have_text("pending")
    assert_no_mutating_controls(page)
    screenshot(page, "viewer-experiment")

    nav.get_by_role("link", name="Pipelines").click()
    expect(page.get_by_role("link", name="viewer-pipeline")).to_be_visible()
    assert_no_mutating_controls(page)
    screenshot(page, "viewer-pipelines")

    page.get_by_role("link", name="viewer-pipeline").click()
    expect(page.get_by_test_id("node-otlp")).to_be_visible()
    expect(page.get_by_role("tab", name="Save")).to_have_count(0)

    nav.get_by_role("link", name="Simulations").click()
    expect(page.get_by_role("heading", name="Runs")).to_be_visible()
    expect(page.get_by_role("form", name="Start a simulation")).to_have_count(0)
    assert_no_mutating_controls(page)

    nav.get_by_role("link", name="Settings").click()
    expect(page.get_by_text("API keys and users are managed by an admin.")).to_be_visible()
    assert_no_mutating_controls(page)

    # The wizard's address typed by hand still refuses a viewer.
    page.goto(f"{console_server.url}/experiments/new")
    expect(page.get_by_text("Only operators can create experiments.")).to_be_visible()
    assert experiment_id
