"""`phoenix pipeline ...`: the template catalog, rendering and validation from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from app.cli.client import ApiClient, emit_json, fail, read_yaml_file
from app.core import safe_yaml
from app.simulation.profiles import BUILTIN_PROFILE_NAMES, DEFAULT_PROFILE

app = typer.Typer(help="Pipeline templates: list, show, render, validate.", no_args_is_help=True)
URL = typer.Option(None, "--url", help="Phoenix server (default PHOENIX_URL or http://127.0.0.1:8080)")
OUTPUT = typer.Option("text", "--output", "-o", help="text or json")


def _parse_set(pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs; values are read as YAML so numbers, booleans and lists keep their type."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            fail(f"--set expects key=value, got {pair!r}")
        try:
            values[key] = safe_yaml.load(raw) if raw else ""
        except safe_yaml.SafeYamlError:
            values[key] = raw
    return values


@app.command("list")
def list_(url: str | None = URL, output: str = OUTPUT) -> None:
    """List the catalog's templates."""
    templates = ApiClient(url).get("/api/v1/pipelines/templates")
    if output == "json":
        emit_json(templates)
        return
    for t in templates:
        reduction = t.get("expected_reduction") or {}
        span = f"{reduction.get('min', 0):.0%}-{reduction.get('max', 0):.0%}" if reduction else "-"
        typer.echo(f"{t['name']:<28} {t['strategy']:<16} expected reduction {span}")


@app.command()
def show(name: str, url: str | None = URL, output: str = OUTPUT) -> None:
    """Show a template's description, parameters and default config."""
    detail = ApiClient(url).get(f"/api/v1/pipelines/templates/{name}")
    if output == "json":
        emit_json(detail)
        return
    typer.echo(f"{detail['name']} v{detail['version']} ({detail['strategy']})\n\n{detail['description']}\n")
    typer.echo("parameters:")
    for key, spec in detail["parameters"].items():
        bounds = " ".join(f"{b}={spec[b]}" for b in ("min", "max", "choices") if b in spec)
        typer.echo(f"  {key:<26} {spec.get('type', ''):<12} default={json.dumps(spec.get('default'))} {bounds}")


@app.command()
def render(
    name: str,
    set_: list[str] = typer.Option([], "--set", help="parameter as key=value (repeatable)"),
    values_file: Path | None = typer.Option(None, "--values", "-f", help="YAML file of parameters"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Render a template into a collector config (YAML on stdout)."""
    parameters: dict[str, Any] = {}
    if values_file is not None:
        loaded = read_yaml_file(values_file) or {}
        if not isinstance(loaded, dict):
            fail(f"{values_file}: expected a mapping of parameters")
        parameters.update(loaded)
    parameters.update(_parse_set(set_))
    rendered = ApiClient(url).post("/api/v1/pipelines/render", json={"template": name, "parameters": parameters})
    if output == "json":
        emit_json(rendered)
        return
    for warning in rendered["warnings"]:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(rendered["config_yaml"], nl=False)


def _local_report(config_yaml: str, *, strict: bool) -> dict[str, Any]:
    from app.validation import validate_config

    return validate_config(config_yaml, strict=strict).to_dict()


def _who(issue: dict[str, Any]) -> str:
    """Who refuses the finding, in the user's words (docs/validation.md)."""
    family = str(issue.get("code", "")).partition(".")[0]
    if family == "coverage":
        return "not checked by Phoenix"
    if issue.get("refused_by") == "collector":
        return "collector error"
    return "Phoenix policy" if family == "policy" else "Phoenix check"


def _echo_issue(file: Path, severity: str, issue: dict[str, Any]) -> None:
    where = f"{file}:{issue['line']}" if issue.get("line") else str(file)
    if issue.get("column"):
        where += f":{issue['column']}"
    code = f" {issue['code']}" if issue.get("code") else ""
    typer.echo(f"{where}: {severity}{code} ({_who(issue)}) [{issue['tier']}] {issue['path']}: {issue['message']}")
    if issue.get("hint"):
        typer.echo(f"    hint: {issue['hint']}")


@app.command()
def validate(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="collector config YAML"),
    offline: bool = typer.Option(False, "--offline", help="validate here, without a server"),
    strict: bool = typer.Option(False, "--strict", help="Phoenix's policies (policy.* warnings) are errors too"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Validate a collector config; exits 1 when it has errors, printing FILE:LINE, code and hint for each.

    Codes are listed in docs/validation.md; `policy.*` findings are warnings unless --strict.
    """
    config_yaml = file.read_text()
    report = (
        _local_report(config_yaml, strict=strict)
        if offline
        else ApiClient(url).post("/api/v1/pipelines/validate", json={"config_yaml": config_yaml, "strict": strict})
    )
    if output == "json":
        emit_json(report)
    else:
        for severity, issues in (("error", report["errors"]), ("warning", report["warnings"])):
            for issue in issues:
                _echo_issue(file, severity, issue)
        tiers = ", ".join(report.get("tiers_run", []))
        ran = f"tiers: {tiers}" + (f" ({report['collector']})" if report.get("collector") else "; no collector binary")
        typer.echo(f"{file}: {'valid' if report['valid'] else 'invalid'}; {ran}")
    if not report["valid"]:
        raise typer.Exit(1)


@app.command()
def preview(
    name: str | None = typer.Argument(None, help="catalog template (or use --file)"),
    file: Path | None = typer.Option(None, "--file", "-f", exists=True, dir_okay=False, help="collector config YAML"),
    set_: list[str] = typer.Option([], "--set", help="template parameter as key=value (repeatable)"),
    profile: str = typer.Option(DEFAULT_PROFILE, help=f"simulated snapshot: {', '.join(BUILTIN_PROFILE_NAMES)}"),
    process_count: int | None = typer.Option(None, help="simulated process count"),
    seed: int = typer.Option(1, help="simulation seed"),
    live: bool = typer.Option(False, "--live", help="snapshot this server's host instead (operator role)"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """What a pipeline would do to a snapshot: series in and out, reduction, retention, fidelity, cost."""
    if (name is None) == (file is None):
        fail("give a template NAME or --file FILE")
    body: dict[str, Any] = (
        {"template": name, "parameters": _parse_set(set_)} if name else {"config_yaml": file.read_text()}  # type: ignore[union-attr]
    )
    body["snapshot"] = (
        {"kind": "live"}
        if live
        else {"kind": "simulated", "profile": profile, "process_count": process_count, "seed": seed}
    )
    result = ApiClient(url, timeout=120).post("/api/v1/pipelines/preview", json=body)
    if output == "json":
        emit_json(result)
        return
    k, snap = result["kpis"], result["snapshot"]
    typer.echo(f"snapshot: {snap['processes']} processes ({snap['source']}, host {snap['host']})")
    typer.echo(f"measured by: {result.get('measured_by', 'not recorded')}")
    reduction = result["cardinality_reduction"]
    typer.echo(
        f"series: {k['input_series']} in -> {k['output_series']} out  "
        f"(reduction {'n/a' if reduction is None else f'{reduction:.1%}'} vs {result['reduction_basis']})"
    )
    typer.echo(
        f"critical processes: {k['critical_processes_in_output']}/{k['critical_processes_on_host']} kept "
        f"(retention {k['critical_retention']:.1%})"
    )
    for label, key in (("CPU", "cpu_fidelity_error"), ("memory", "memory_fidelity_error")):
        value = k[key]
        typer.echo(f"{label} total fidelity error: {'n/a' if value is None else f'{value:.4%}'}")
    typer.echo(
        f"output: {k['output_data_points_per_minute']:.0f} data points/min, "
        f"{k['estimated_bytes_per_minute'] / 1024:.0f} KiB/min; est. ${result['cost']['monthly_usd']:.2f}/month "
        "per host"
    )
