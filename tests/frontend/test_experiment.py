"""An experiment from the wizard to promotion in a real browser: the local runtime runs both
variants while a simulated process load runs; the detail view follows the phases live, shows the
verdict, and promotes the candidate into a deployment."""

from __future__ import annotations

from tests.frontend.conftest import expect, screenshot, sign_in
from tests.live_server import LiveServer

# Long enough for the minimum number of samples after warm-up at the test's 0.5 s sample interval.
DURATION_SECONDS = "12"
WARMUP_SECONDS = "1"


def test_wizard_run_verdict_and_promote(page, console_server: LiveServer) -> None:
    sign_in(page, "admin", console_server.admin_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Experiments").click()
    expect(page.get_by_text("No experiments yet.")).to_be_visible()
    page.get_by_role("link", name="New experiment").click()

    page.get_by_label("Name").fill("console-topk")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_label("Baseline template")).to_have_value("process-baseline-v1")
    page.get_by_label("Candidate template").select_option("process-topk-v1")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_label("Critical process patterns (RE2, one per line)")).to_be_visible()
    page.get_by_role("button", name="Check matches on this host").click()
    matches = page.get_by_test_id("critical-matches")
    expect(matches).to_contain_text("are critical")
    screenshot(page, "wizard-target")
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Duration").fill(DURATION_SECONDS)
    page.get_by_label("Warm-up").fill(WARMUP_SECONDS)
    # Overheads are the variants' own CPU and memory: noisy on a shared CI machine, so not judged here.
    page.get_by_label("max cpu overhead").fill("1")
    page.get_by_label("max memory overhead").fill("1")
    page.get_by_label("Run a simulated process load during the experiment").check()
    page.get_by_label("Profile").select_option("realistic")
    page.get_by_label("Process count").fill("60")
    screenshot(page, "wizard-run")
    page.get_by_role("button", name="Next").click()

    review = page.get_by_label("Request body")
    expect(review).to_contain_text('"template": "process-topk-v1"')
    expect(review).to_contain_text('"profile": "realistic"')
    expect(review).to_contain_text('"max_cpu_overhead": 1')
    expect(page.get_by_role("definition").filter(has_text="process-topk-v1")).to_be_visible()
    screenshot(page, "wizard-review")
    page.get_by_role("button", name="Create and start").click()

    # The detail view follows the phases as the reconciler moves them.
    expect(page.get_by_role("heading", name="console-topk")).to_be_visible()
    phase = page.get_by_test_id("phase").first
    expect(phase).to_have_text("running", timeout=60_000)
    expect(page.get_by_role("link", name="simulation realistic")).to_be_visible()
    expect(page.get_by_role("img", name="Output series over time")).to_be_visible(timeout=30_000)
    screenshot(page, "experiment-running")
    expect(phase).to_have_text("completed", timeout=90_000)

    verdict = page.get_by_test_id("verdict")
    expect(verdict).not_to_contain_text("provisional", timeout=30_000)
    expect(verdict).to_contain_text("p =")
    expect(page.get_by_test_id("verdict-value")).to_have_text("adopt candidate")
    expect(page.get_by_role("region", name="Cost")).to_contain_text("Assumptions")
    expect(page.get_by_role("list", name="Timeline")).to_contain_text("running → analyzing")
    # The configs the run runs, frozen with its identity (not the catalog's rendering).
    page.locator("summary", has_text="candidate").first.click()
    expect(page.locator("pre.yaml").first).to_contain_text("value: 'console-topk'")
    screenshot(page, "experiment-detail")

    page.get_by_role("button", name="Promote…").click()
    dialog = page.get_by_role("dialog", name="Promote a variant of console-topk")
    dialog.get_by_label("Variant").select_option("candidate")
    dialog.get_by_role("button", name="Promote candidate").click()
    expect(page.get_by_test_id("promoted-variant")).to_have_text("candidate")

    # The list finds it by phase and by name.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Experiments").click()
    page.get_by_label("Phase").select_option("running")
    expect(page.get_by_text("No experiments match these filters.")).to_be_visible()
    page.get_by_label("Phase").select_option("completed")
    page.get_by_label("Search").fill("topk")
    expect(page.get_by_role("link", name="console-topk")).to_be_visible()
    screenshot(page, "experiments-list")

    nav.get_by_role("link", name="Overview").click()
    deployments = page.get_by_role("table", name="Deployments")
    expect(deployments).to_contain_text("process-topk-v1")
    expect(deployments).to_contain_text("active")
    expect(deployments).to_contain_text("100.0 %")  # critical retention measured by the experiment
    expect(deployments.get_by_role("button", name="Roll back")).to_be_visible()
    deployments.get_by_text("config and history").click()
    expect(deployments.locator("pre.yaml")).to_contain_text("receivers:")
    expect(deployments).to_contain_text("→ active")
    expect(page.get_by_role("region", name="Cost estimate")).to_contain_text("Assumptions")
    # The control loop samples the deployment itself: its row turns to live KPIs.
    expect(deployments).to_contain_text("(live)", timeout=30_000)
    screenshot(page, "overview-deployed")
