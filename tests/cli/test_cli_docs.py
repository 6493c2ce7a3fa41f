"""docs/cli.md shows every command of the `phoenix` CLI (at least one example line each)."""

from __future__ import annotations

from typing import Any

import typer.main

from app.cli.main import cli
from tests.cli.phoenix_cli import ROOT


def _command_paths(command: Any, path: list[str]) -> list[str]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [" ".join(path)]
    return [p for name, sub in subcommands.items() for p in _command_paths(sub, [*path, name])]


def test_every_command_is_in_the_docs() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text()
    lines = [line.strip() for line in docs.splitlines()]
    commands = _command_paths(typer.main.get_command(cli), ["phoenix"])
    assert len(commands) > 50
    missing = [c for c in commands if not any(line == c or line.startswith(c + " ") for line in lines)]
    assert not missing, f"commands without an example in docs/cli.md: {missing}"
