"""What the CLI says when the input or the surroundings are wrong: exit 2 for usage, 1 for failures,
one clear message and never a traceback. No server runs for these, by design."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.phoenix_cli import Phoenix
from tests.live_server import free_port

COMMANDS_WITH_OUTPUT = [
    ["pipeline", "list"],
    ["experiment", "list"],
    ["deployment", "list"],
    ["control", "status"],
    ["loadsim", "list-profiles"],
    ["api-key", "list"],
    ["users", "list"],
    ["whoami"],
]


@pytest.mark.parametrize("command", COMMANDS_WITH_OUTPUT, ids=lambda c: " ".join(c))
def test_a_bad_output_format_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    result = Phoenix(tmp_path)(*command, "-o", "xml")
    assert result.returncode == 2
    assert "'xml' is not one of" in result.stderr and "Traceback" not in result.stderr


def test_no_server_is_one_clear_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = Phoenix(tmp_path, url=url)("pipeline", "list")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot reach Phoenix at {url}")
    assert "phoenix serve" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_scenario_file_is_file_and_line(tmp_path: Path) -> None:
    scenario = tmp_path / "broken.yaml"
    scenario.write_text("name: broken\nbaseline: {template: process-baseline-v1\ncandidate: x\n")
    url = f"http://127.0.0.1:{free_port()}"  # never reached: the file is refused first
    for command in ("create", "run"):
        result = Phoenix(tmp_path, url=url)("experiment", command, "-f", str(scenario))
        assert result.returncode == 1, result.stderr
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{scenario}:3: "), result.stderr
        assert "Traceback" not in result.stderr

    not_a_mapping = tmp_path / "list.yaml"
    not_a_mapping.write_text("- name: a\n")
    result = Phoenix(tmp_path, url=url)("experiment", "create", "-f", str(not_a_mapping))
    assert result.returncode == 1 and result.stderr.startswith(f"{not_a_mapping}:1: expected a mapping")


def test_local_commands_outside_the_repository_explain_the_settings(tmp_path: Path) -> None:
    """No .env here and no PHOENIX_JWT_SECRET: a message that says what to set, exit 2."""
    result = Phoenix(tmp_path, cwd=tmp_path)("users", "list")
    assert result.returncode == 2
    assert "PHOENIX_JWT_SECRET is not set" in result.stderr and f"no .env in {tmp_path}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_argument_is_a_usage_error(tmp_path: Path) -> None:
    result = Phoenix(tmp_path)("experiment", "status")
    assert result.returncode == 2 and "Missing argument" in result.stderr


def test_logout_without_login(tmp_path: Path) -> None:
    result = Phoenix(tmp_path)("logout")
    assert result.returncode == 1 and result.stderr == "error: not logged in\n"
