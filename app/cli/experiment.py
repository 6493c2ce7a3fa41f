"""`phoenix experiment ...`: A/B experiments from scenario files; watch, results, promote, stop."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer
from rich.live import Live

from app.cli import experiment_view, scenario
from app.cli.command import PhoenixTyper
from app.cli.connection import SERVER, connect
from app.cli.files import read_yaml, report_invalid
from app.cli.output import OUTPUT, Output, console, dump, emit, field
from app.client import PhoenixApiError, PhoenixClient, routes
from app.core.variants import CANDIDATE, VARIANT_LABELS
from app.experiments.phases import Phase

app = PhoenixTyper(help="A/B experiments of a baseline and a candidate pipeline.", no_args_is_help=True)
SCENARIO = typer.Option(..., "--file", "-f", exists=True, dir_okay=False, help="scenario YAML or JSON")
COLUMNS = [field("id"), field("name"), field("phase"), field("version"), field("verdict"), field("created_at")]


def _show(experiment: Any, output: Output) -> None:
    emit(experiment, output, COLUMNS)


@app.command()
def create(
    file: Path = SCENARIO,
    start: bool = typer.Option(False, "--start", help="start it right away"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Create an experiment from a scenario file (the body of POST /api/v1/experiments)."""
    scenario_file = read_yaml(file)
    with connect(server) as phoenix:
        experiment = scenario.create(phoenix, scenario_file, rerun=False)
        if start:
            experiment = phoenix.send(routes.experiments.start(experiment.id))
    _show(experiment, output)


@app.command()
def run(
    file: Path = SCENARIO,
    watch: bool = typer.Option(False, "--watch", "-w", help="follow it live until it ends"),
    interval: float = typer.Option(5.0, min=0.2, help="seconds between refreshes with --watch"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Create and start a scenario's experiment; run again, it takes the name NAME-run-N."""
    scenario_file = read_yaml(file)
    with connect(server) as phoenix:
        experiment = scenario.create(phoenix, scenario_file, rerun=True)
        experiment = phoenix.send(routes.experiments.start(experiment.id))
        if watch:
            _follow(phoenix, experiment.id, interval, output)
            return
    _show(experiment, output)


@app.command()
def update(
    experiment_id: str,
    file: Path = SCENARIO,
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Change a pending experiment from a file of the fields to change."""
    changes = read_yaml(file)
    with connect(server) as phoenix:
        try:
            experiment = phoenix.send(routes.experiments.update(experiment_id, changes.data))
        except PhoenixApiError as exc:
            report_invalid(changes, exc)
    _show(experiment, output)


@app.command("list")
def list_(
    phase: Phase | None = typer.Option(None, help="only this phase"),
    query: str | None = typer.Option(None, "--query", "-q", help="text in the name or description"),
    limit: int = typer.Option(20, min=1, max=100),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """List experiments, newest first."""
    with connect(server) as phoenix:
        page = phoenix.send(routes.experiments.list_(limit=limit, phase=phase, q=query))
    if output != Output.table:
        dump(page, output)
    else:
        emit(page.items, output, COLUMNS)


def _follow(phoenix: PhoenixClient, experiment_id: str, interval: float, output: Output) -> None:
    """Until the experiment ends (or Ctrl-C): a live view for tables; json/yaml print the last state once."""
    snapshot = experiment_view.take(phoenix, experiment_id)
    try:
        if output == Output.table:
            with Live(experiment_view.render(snapshot), console=console(), auto_refresh=False) as live:
                while not snapshot.finished:
                    time.sleep(interval)
                    snapshot = experiment_view.take(phoenix, experiment_id)
                    live.update(experiment_view.render(snapshot), refresh=True)
        else:
            while not snapshot.finished:
                time.sleep(interval)
                snapshot = experiment_view.take(phoenix, experiment_id)
    except KeyboardInterrupt:
        pass
    if output != Output.table:
        dump(snapshot.experiment, output)


@app.command()
def status(
    experiment_id: str,
    watch: bool = typer.Option(False, "--watch", "-w", help="follow it live until it ends (or Ctrl-C)"),
    interval: float = typer.Option(5.0, min=0.2, help="seconds between refreshes with --watch"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """An experiment's phase, times, samples per variant and verdict; why it failed, if it did."""
    with connect(server) as phoenix:
        if watch:
            _follow(phoenix, experiment_id, interval, output)
            return
        snapshot = experiment_view.take(phoenix, experiment_id)
    if output != Output.table:
        dump(snapshot.experiment, output)
    else:
        console().print(experiment_view.render(snapshot))


@app.command()
def results(experiment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """The analysis: verdict and reasons, the comparison, per-variant KPIs and cost."""
    with connect(server) as phoenix:
        analysis = phoenix.send(routes.experiments.results(experiment_id))
    if output != Output.table:
        dump(analysis, output)
        return
    c = analysis.comparison
    typer.echo(f"verdict: {analysis.verdict} ({'final' if analysis.final else 'provisional'})")
    for reason in analysis.reasons:
        typer.echo(f"  - {reason}")
    rows = [
        {"measure": "samples (baseline/candidate)", "value": "/".join(str(n) for n in c.samples.values())},
        {"measure": "cardinality reduction", "value": c.cardinality_reduction},
        {"measure": "candidate min critical retention", "value": c.candidate_min_critical_retention},
        {"measure": "CPU overhead (cores)", "value": c.cpu_overhead},
        {"measure": "memory overhead", "value": c.memory_overhead},
        {"measure": "cost reduction", "value": c.cost_reduction},
        {"measure": "monthly savings (USD)", "value": c.monthly_savings_usd},
        {"measure": "measured by", "value": ", ".join(analysis.measured_by) or "not recorded"},
    ]
    emit(rows, output, [field("measure"), field("value")])


@app.command()
def compare(experiment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Baseline and candidate side by side: the mean of every KPI and the candidate's change."""
    with connect(server) as phoenix:
        analysis = phoenix.send(routes.experiments.results(experiment_id))
    baseline, candidate = analysis.variants.get("baseline"), analysis.variants.get("candidate")
    names = sorted({*(baseline.kpis if baseline else {}), *(candidate.kpis if candidate else {})})
    rows = []
    for name in names:
        b = baseline.kpis[name].mean if baseline and name in baseline.kpis else None
        c = candidate.kpis[name].mean if candidate and name in candidate.kpis else None
        change = (c - b) / b if b not in (None, 0) and c is not None else None
        rows.append({"kpi": name, "baseline": b, "candidate": c, "change": change})
    for label, variant in (("baseline", baseline), ("candidate", candidate)):
        if variant is not None:
            rows.append({"kpi": f"monthly cost USD ({label})", label: variant.cost.monthly_usd})
    emit(rows, output, [field("kpi"), field("baseline"), field("candidate"), field("change")])


@app.command()
def history(experiment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Every phase change (who and why) and every event of a run."""
    with connect(server) as phoenix:
        transitions = phoenix.send(routes.experiments.transitions(experiment_id))
        events = phoenix.send(routes.experiments.events(experiment_id))
    if output != Output.table:
        dump({"transitions": transitions, "events": events}, output)
        return
    columns = [field("created_at", "AT"), field("from_phase", "FROM"), field("to_phase", "TO"), field("trigger")]
    emit(transitions, output, [*columns, field("reason")], title="transitions")
    emit(events, output, [field("created_at", "AT"), field("kind"), field("actor"), field("message")], title="events")


@app.command()
def variants(
    experiment_id: str,
    variant: str | None = typer.Option(None, help="print only this variant's config YAML"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Both variants' configs exactly as the run renders and runs them (frozen when it started)."""
    with connect(server) as phoenix:
        frozen = phoenix.send(routes.experiments.variants(experiment_id))
    if output != Output.table:
        dump(frozen, output)
    elif variant is not None:
        typer.echo(frozen.of(variant).config_yaml, nl=False)
    else:
        columns = [field("variant"), field("template"), field("parameters"), field("applied_hash")]
        rows = [{"variant": label, **getattr(frozen, label).model_dump(mode="json")} for label in VARIANT_LABELS]
        emit(rows, output, columns)


@app.command()
def timeseries(experiment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """The stored samples of both variants."""
    with connect(server) as phoenix:
        series = phoenix.send(routes.experiments.timeseries(experiment_id))
    if output != Output.table:
        dump(series, output)
        return
    rows = [
        {"variant": label, **sample.model_dump(mode="json")}
        for label in ("baseline", "candidate")
        for sample in getattr(series, label)
    ]
    columns = [field("variant"), field("taken_at"), field("warmup"), field("input_series"), field("output_series")]
    emit(rows, output, [*columns, field("critical_retention")])


@app.command()
def start(experiment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Start a pending experiment."""
    with connect(server) as phoenix:
        _show(phoenix.send(routes.experiments.start(experiment_id)), output)


@app.command()
def promote(
    experiment_id: str,
    variant: str = typer.Option(CANDIDATE, help=" or ".join(VARIANT_LABELS)),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Make a completed experiment's variant the standing deployment."""
    with connect(server) as phoenix:
        _show(phoenix.send(routes.experiments.promote(experiment_id, variant)), output)


@app.command()
def stop(
    experiment_id: str,
    reason: str = typer.Option("", help="recorded with the transition"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Cancel an experiment; both variants are removed and what ran before is restored."""
    with connect(server) as phoenix:
        _show(phoenix.send(routes.experiments.stop(experiment_id, reason)), output)


@app.command()
def delete(experiment_id: str, server: str | None = SERVER) -> None:
    """Delete a finished (completed, failed or cancelled) experiment."""
    with connect(server) as phoenix:
        phoenix.send(routes.experiments.delete(experiment_id))
    typer.echo(f"deleted experiment {experiment_id}")
