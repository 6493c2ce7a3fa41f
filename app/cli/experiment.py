"""`phoenix experiment ...`: create from a scenario file, list, watch, promote, stop."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer

from app.cli.client import ApiClient, emit_json, fail, read_yaml_file
from app.core.variants import CANDIDATE, VARIANT_LABELS
from app.experiments.phases import TERMINAL, Phase

app = typer.Typer(help="A/B experiments of a baseline and a candidate pipeline.", no_args_is_help=True)
URL = typer.Option(None, "--url", help="Phoenix server (default PHOENIX_URL or http://127.0.0.1:8080)")
OUTPUT = typer.Option("text", "--output", "-o", help="text or json")
_TERMINAL = frozenset(phase.value for phase in TERMINAL)
_WITH_RESULTS = (Phase.running.value, Phase.analyzing.value, Phase.completed.value)


def _line(e: dict[str, Any]) -> str:
    verdict = f"  verdict={e['verdict']}" if e.get("verdict") else ""
    return f"{e['id']}  {e['name']:<30} {e['phase']:<10} v{e['version']}{verdict}"


def _show(experiment: dict[str, Any], output: str) -> None:
    if output == "json":
        emit_json(experiment)
    else:
        typer.echo(_line(experiment))


@app.command()
def create(
    file: Path = typer.Option(..., "--file", "-f", exists=True, dir_okay=False, help="scenario YAML or JSON"),
    start: bool = typer.Option(False, "--start", help="start it right away"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Create an experiment from a scenario file (the body of POST /api/v1/experiments)."""
    scenario = read_yaml_file(file)
    if not isinstance(scenario, dict):
        fail(f"{file}: expected a mapping (name, baseline, candidate, ...)")
    client = ApiClient(url)
    experiment = client.post("/api/v1/experiments", json=scenario)
    if start:
        experiment = client.post(f"/api/v1/experiments/{experiment['id']}/start")
    _show(experiment, output)


@app.command("list")
def list_(
    phase: str | None = typer.Option(None, help="only this phase"),
    limit: int = typer.Option(20, min=1, max=100),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """List experiments, newest first."""
    params: dict[str, Any] = {"limit": limit, **({"phase": phase} if phase else {})}
    page = ApiClient(url).get("/api/v1/experiments", params=params)
    if output == "json":
        emit_json(page)
        return
    for experiment in page["items"]:
        typer.echo(_line(experiment))


def _status_text(client: ApiClient, experiment: dict[str, Any]) -> str:
    lines = [_line(experiment)]
    if experiment["phase"] in _WITH_RESULTS:
        results = client.get(f"/api/v1/experiments/{experiment['id']}/results")
        c = results["comparison"]
        reduction = "n/a" if c["cardinality_reduction"] is None else f"{c['cardinality_reduction']:.1%}"
        lines.append(
            f"  samples {c['samples']}  reduction {reduction}  "
            f"{'verdict' if results['final'] else 'provisional verdict'} {results['verdict']}"
        )
        # Results stored before Phoenix recorded it have no `measured_by`.
        measured_by = ", ".join(results.get("measured_by") or []) or "not recorded"
        lines.append(f"  measured by {measured_by}")
        lines += [f"  - {reason}" for reason in results["reasons"]]
    return "\n".join(lines)


@app.command()
def status(
    experiment_id: str,
    watch: bool = typer.Option(False, "--watch", "-w", help="refresh until the experiment ends"),
    interval: float = typer.Option(5.0, help="seconds between refreshes with --watch"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Show an experiment's phase and (once it runs) its results."""
    client = ApiClient(url)
    while True:
        experiment = client.get(f"/api/v1/experiments/{experiment_id}")
        if output == "json":
            emit_json(experiment)
        else:
            typer.echo(_status_text(client, experiment))
        if not watch or experiment["phase"] in _TERMINAL:
            return
        time.sleep(interval)


@app.command()
def start(experiment_id: str, url: str | None = URL, output: str = OUTPUT) -> None:
    """Start a pending experiment."""
    experiment = ApiClient(url).post(f"/api/v1/experiments/{experiment_id}/start")
    _show(experiment, output)


@app.command()
def promote(
    experiment_id: str,
    variant: str = typer.Option(CANDIDATE, help=" or ".join(VARIANT_LABELS)),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Make a completed experiment's variant the standing deployment."""
    experiment = ApiClient(url).post(f"/api/v1/experiments/{experiment_id}/promote", json={"variant": variant})
    _show(experiment, output)


@app.command()
def stop(
    experiment_id: str,
    reason: str = typer.Option("", help="recorded with the transition"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Cancel an experiment; both variants are removed and what ran before is restored."""
    experiment = ApiClient(url).post(f"/api/v1/experiments/{experiment_id}/stop", json={"reason": reason})
    _show(experiment, output)
