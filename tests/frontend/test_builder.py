"""The visual builder in a real browser: drag components from the palette, connect them, see the
server's finding pinned on the offending node, fix it in the node's form, preview and save."""

from __future__ import annotations

from tests.frontend.conftest import expect, screenshot, sign_in
from tests.live_server import LiveServer


def drop_component(page, component: str, x: int, y: int) -> None:
    page.get_by_test_id(f"palette-{component}").drag_to(page.get_by_test_id("canvas"), target_position={"x": x, "y": y})
    expect(page.get_by_test_id(f"node-{component}")).to_be_visible()


def connect(page, source: str, target: str) -> None:
    source_handle = page.get_by_test_id(f"node-{source}").locator(".react-flow__handle.source")
    target_handle = page.get_by_test_id(f"node-{target}").locator(".react-flow__handle.target")
    source_handle.drag_to(target_handle)


def test_build_validate_fix_preview_and_save(page, console_server: LiveServer) -> None:
    sign_in(page, "admin", console_server.admin_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Builder").click()
    expect(page.get_by_text("Drag a receiver, processors and an exporter here")).to_be_visible()

    drop_component(page, "host_metrics", 80, 120)
    drop_component(page, "batch", 330, 120)
    drop_component(page, "debug", 580, 120)
    connect(page, "host_metrics", "batch")
    connect(page, "batch", "debug")
    expect(page.locator(".react-flow__edge")).to_have_count(2)

    page.get_by_role("tab", name="YAML").click()
    yaml_pane = page.get_by_test_id("yaml-pane")
    expect(yaml_pane).to_contain_text("receivers:\n      - host_metrics")
    expect(yaml_pane).to_contain_text("processors:\n      - batch")

    # A wrong setting: the server's finding is pinned on the batch node and inline on the field.
    page.get_by_test_id("node-batch").click()
    page.get_by_role("tab", name="Component").click()
    timeout_field = page.get_by_label("Timeout")
    timeout_field.fill("soon")
    findings = page.get_by_test_id("findings-batch")
    expect(findings).to_contain_text("schema.invalid_value")
    expect(findings).to_contain_text("error")
    expect(timeout_field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("invalid duration 'soon'")).to_be_visible()
    screenshot(page, "builder-finding")

    timeout_field.fill("5s")
    expect(findings).to_have_count(0)
    expect(page.get_by_test_id("validation-badge")).to_contain_text("0 errors")

    # Auto-layout is one step of the history: undo puts the nodes back, redo lays them out again.
    page.get_by_role("button", name="Auto-layout").click()
    page.get_by_role("button", name="Undo").click()
    page.get_by_role("button", name="Redo").click()

    page.get_by_role("tab", name="Preview").click()
    page.get_by_role("button", name="Run preview").click()
    expect(page.get_by_test_id("preview-result")).to_contain_text("Output series")
    screenshot(page, "builder-preview")

    page.get_by_role("tab", name="Save").click()
    page.get_by_label("Name").fill("host-batch-debug")
    page.get_by_role("button", name="Save pipeline").click()
    expect(page.get_by_role("heading", name="Pipeline host-batch-debug (v1)")).to_be_visible()

    # A second version, and the diff between the two.
    page.get_by_test_id("node-batch").click()
    page.get_by_role("tab", name="Component").click()
    page.get_by_label("Timeout").fill("2s")
    page.get_by_role("tab", name="Save").click()
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.get_by_role("heading", name="Pipeline host-batch-debug (v2)")).to_be_visible()
    page.get_by_role("tab", name="Save").click()
    diff = page.get_by_label("Diff v1 to v2")
    expect(diff.locator(".diff-removed")).to_contain_text("timeout: 5s")
    expect(diff.locator(".diff-added")).to_contain_text("timeout: 2s")
    screenshot(page, "builder-versions")


IMPORTED = """receivers:
  otlp:
    protocols:
      grpc:
        endpoint: localhost:4317
processors:
  batch:
    timeout: 5s
exporters:
  debug:
    verbosity: basic
service:
  pipelines:
    metrics:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
"""


def test_keyboard_building_and_yaml_import(page, console_server: LiveServer) -> None:
    sign_in(page, "admin", console_server.admin_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Builder").click()

    # Without a mouse: palette buttons add a component, the inspector connects it.
    page.get_by_test_id("palette-otlp").focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("palette-debug").focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("node-otlp").click()
    connections = page.get_by_role("region", name="Connections of otlp")
    connections.get_by_label("Connect to").select_option("debug")
    connections.get_by_role("button", name="Connect").click()
    expect(connections).to_contain_text("otlp → debug")
    expect(page.locator(".react-flow__edge")).to_have_count(1)

    # A second pipeline into the same exporter: new connections go to the pipeline named here.
    page.get_by_label("Pipeline for new connections").fill("metrics/host")
    page.get_by_test_id("palette-host_metrics").focus()
    page.keyboard.press("Enter")
    host = page.get_by_role("region", name="Connections of host_metrics")
    host.get_by_label("Connect to").select_option("debug")
    host.get_by_role("button", name="Connect").click()
    page.get_by_role("tab", name="YAML").click()
    yaml_pane = page.get_by_test_id("yaml-pane")
    expect(yaml_pane).to_contain_text("metrics/host:\n      receivers:\n        - host_metrics")
    expect(yaml_pane).to_contain_text("metrics:\n      receivers:\n        - otlp")

    # YAML import replaces the graph; the live YAML shows the same pipeline again.
    page.get_by_role("button", name="Import YAML…").click()
    page.get_by_test_id("import-yaml").fill(IMPORTED)
    page.get_by_role("button", name="Replace graph").click()
    expect(page.get_by_test_id("node-batch")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    expect(page.get_by_test_id("yaml-pane")).to_contain_text("processors:\n      - batch")

    # Undo brings back the graph from before the import.
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("node-batch")).to_have_count(0)
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    screenshot(page, "builder-keyboard")
