"""`phoenix pipeline ...`: the template catalog, rendering, validation and previews; saved pipelines
(`pipeline_saved`) and manifests (`pipeline_manifests`) are registered here too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from app.cli import pipeline_manifests, pipeline_saved
from app.cli.command import PhoenixTyper, fail
from app.cli.connection import SERVER, connect
from app.cli.files import read_text
from app.cli.output import OUTPUT, Output, dump, emit, emit_text, field
from app.cli.parameters import parse_set, template_parameters
from app.client import PhoenixApiError, routes
from app.simulation.profiles import BUILTIN_PROFILE_NAMES, DEFAULT_PROFILE

app = PhoenixTyper(
    help="Pipelines: the template catalog, rendering, validation, previews, saved pipelines, manifests.",
    no_args_is_help=True,
)


def _reduction(row: dict[str, Any]) -> str:
    r = row.get("expected_reduction") or {}
    return f"{r.get('min', 0):.0%}-{r.get('max', 0):.0%}" if r else "-"


@app.command("list")
def list_(
    saved: bool = typer.Option(False, "--saved", help="saved custom pipelines instead of the catalog"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """List the catalog's templates (or, with --saved, the saved custom pipelines)."""
    with connect(server) as phoenix:
        if saved:
            pipeline_saved.show_list(phoenix.send(routes.pipelines.list_()), output)
            return
        templates = phoenix.send(routes.pipelines.templates())
    columns = [field("name"), field("version"), field("strategy"), ("EXPECTED REDUCTION", _reduction)]
    emit(templates, output, columns)


@app.command()
def show(
    name: str = typer.Argument(..., help="a template name, or the id of a saved pipeline"),
    version: int | None = typer.Option(None, help="a saved pipeline's version (default: current)"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Show a template (description, parameters, default config) or a saved pipeline."""
    with connect(server) as phoenix:
        try:
            detail = phoenix.send(routes.pipelines.template(name))
        except PhoenixApiError as exc:
            if exc.status_code != 404:
                raise
            pipeline_saved.show_one(phoenix.send(routes.pipelines.get(name, version)), output)
            return
    emit_text(detail, output, _print_template)


def _print_template(t: dict[str, Any]) -> None:
    typer.echo(f"{t['name']} v{t['version']} ({t['strategy']})\n\n{t['description']}\n")
    typer.echo("parameters:")
    for key, spec in t["parameters"].items():
        bounds = " ".join(f"{b}={spec[b]}" for b in ("min", "max", "choices") if b in spec)
        typer.echo(f"  {key:<26} {spec.get('type', ''):<12} default={json.dumps(spec.get('default'))} {bounds}")


@app.command()
def render(
    name: str,
    set_: list[str] = typer.Option([], "--set", help="parameter as key=value (repeatable)"),
    values_file: Path | None = typer.Option(None, "--values", "-f", exists=True, dir_okay=False, help="YAML values"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Render a template into a collector config (the YAML on stdout; json/yaml: the whole answer)."""
    parameters = template_parameters(set_, values_file)
    with connect(server) as phoenix:
        rendered = phoenix.send(routes.pipelines.render(name, parameters))
    if output != Output.table:
        dump(rendered, output)
        return
    for warning in rendered.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(rendered.config_yaml, nl=False)


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
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Validate a collector config; exits 1 when it has errors, printing FILE:LINE, code and hint for each.

    Codes are listed in docs/validation.md; `policy.*` findings are warnings unless --strict.
    """
    config_yaml = read_text(file)
    if offline:
        from app.validation import validate_config  # only offline: the validator is heavy to import

        report = validate_config(config_yaml, strict=strict).to_dict()
    else:
        with connect(server) as phoenix:
            report = phoenix.send(routes.pipelines.validate(config_yaml, strict=strict)).model_dump(mode="json")
    if output != Output.table:
        dump(report, output)
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
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """What a pipeline would do to a snapshot: series in and out, reduction, retention, fidelity, cost."""
    if (name is None) == (file is None):
        fail("give a template NAME or --file FILE", 2)
    body: dict[str, Any] = (
        {"template": name, "parameters": parse_set(set_)} if file is None else {"config_yaml": read_text(file)}
    )
    body["snapshot"] = (
        {"kind": "live"}
        if live
        else {"kind": "simulated", "profile": profile, "process_count": process_count, "seed": seed}
    )
    with connect(server) as phoenix:
        result = phoenix.send(routes.pipelines.preview(body))
    emit_text(result, output, _print_preview)


def _print_preview(result: dict[str, Any]) -> None:
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


@app.command("critical-matches")
def critical_matches(
    patterns: list[str] = typer.Option(
        [], "--pattern", help="a critical-process pattern (repeatable; default: Phoenix's)"
    ),
    profile: str = typer.Option(DEFAULT_PROFILE, help=f"simulated snapshot: {', '.join(BUILTIN_PROFILE_NAMES)}"),
    live: bool = typer.Option(False, "--live", help="this server's host instead (operator role)"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Which processes the critical patterns protect on a host, and the patterns that match nothing."""
    body: dict[str, Any] = {"snapshot": {"kind": "live"} if live else {"kind": "simulated", "profile": profile}}
    if patterns:
        body["critical_processes"] = patterns
    with connect(server) as phoenix:
        found = phoenix.send(routes.pipelines.critical_matches(body))
    if output != Output.table:
        dump(found, output)
        return
    names = ("NAMES", lambda p: ", ".join(n["name"] for n in p["names"]))
    emit(found.patterns, output, [field("pattern"), field("processes"), names])
    typer.echo(f"{found.critical_processes} of {found.total_processes} processes are critical")
    for pattern in found.unmatched_patterns:
        typer.echo(f"warning: {pattern!r} matches no process here", err=True)


@app.command()
def components(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """The components Phoenix knows (the builder's palette) and the signals each handles."""
    with connect(server) as phoenix:
        palette = phoenix.send(routes.pipelines.components())
    if output != Output.table:
        dump(palette, output)
        return
    emit(palette.components, output, [field("kind"), field("type"), field("signals"), field("description")])


for command in (pipeline_saved.create, pipeline_saved.update, pipeline_saved.versions, pipeline_saved.diff):
    app.command()(command)
app.command("delete")(pipeline_saved.delete)
app.command()(pipeline_manifests.manifests)
app.command()(pipeline_manifests.export)
app.command("to-graph")(pipeline_manifests.to_graph)
app.command("from-graph")(pipeline_manifests.from_graph)
