"""`phoenix pipeline manifests|export|to-graph|from-graph`: Kubernetes manifests of a variant, their
GitOps export, and the builder's graph form of a config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from app.cli.command import fail
from app.cli.connection import SERVER, connect
from app.cli.files import read_text, read_yaml
from app.cli.output import OUTPUT, Output, dump, emit, field
from app.cli.parameters import parse_set
from app.client import routes


def _request(
    experiment: str,
    variant: str,
    template: str | None,
    set_: list[str],
    pipeline_id: str | None,
    file: Path | None,
    namespace: str,
) -> dict[str, Any]:
    sources = [s for s in (template, pipeline_id, file) if s is not None]
    if len(sources) != 1:
        fail("give exactly one of --template, --pipeline or --file", 2)
    body: dict[str, Any] = {"experiment": experiment, "variant": variant, "target": {"namespace": namespace}}
    if template is not None:
        body.update(template=template, parameters=parse_set(set_))
    elif pipeline_id is not None:
        body["pipeline_id"] = pipeline_id
    else:
        body["config_yaml"] = read_text(file)  # type: ignore[arg-type]
    return body


EXPERIMENT = typer.Option(..., "--experiment", "-e", help="the experiment name the objects are labelled with")
VARIANT = typer.Option("candidate", "--variant", help="the variant label")
TEMPLATE = typer.Option(None, "--template", "-t", help="a catalog template")
SET = typer.Option([], "--set", help="template parameter as key=value (repeatable)")
PIPELINE = typer.Option(None, "--pipeline", help="a saved pipeline's id")
FILE = typer.Option(None, "--file", "-f", exists=True, dir_okay=False, help="a collector config YAML")
NAMESPACE = typer.Option("default", "--namespace", "-n", help="the target namespace")


def manifests(
    experiment: str = EXPERIMENT,
    variant: str = VARIANT,
    template: str | None = TEMPLATE,
    set_: list[str] = SET,
    pipeline_id: str | None = PIPELINE,
    file: Path | None = FILE,
    namespace: str = NAMESPACE,
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """The Kubernetes objects of one variant (CR, ConfigMap, DaemonSet, Service) as YAML to apply."""
    body = _request(experiment, variant, template, set_, pipeline_id, file, namespace)
    with connect(server) as phoenix:
        result = phoenix.send(routes.pipelines.manifests(body))
    if output == Output.table:  # the objects themselves, ready for `kubectl apply -f -`
        typer.echo(result.yaml, nl=False)
    else:
        dump(result, output)


def export(
    experiment: str = EXPERIMENT,
    variant: str = VARIANT,
    template: str | None = TEMPLATE,
    set_: list[str] = SET,
    pipeline_id: str | None = PIPELINE,
    file: Path | None = FILE,
    namespace: str = NAMESPACE,
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Commit a variant's manifests to the server's GitOps repository (PHOENIX_GITOPS_REPO_PATH)."""
    body = _request(experiment, variant, template, set_, pipeline_id, file, namespace)
    with connect(server) as phoenix:
        result = phoenix.send(routes.pipelines.export(body))
    emit(result, output, [field("branch"), field("folder"), field("commit_id"), field("created"), field("pushed")])


def to_graph(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="collector config YAML"),
    server: str | None = SERVER,
) -> None:
    """The builder's graph (JSON) of a collector config."""
    with connect(server) as phoenix:
        graph = phoenix.send(routes.pipelines.graph_from_yaml(read_text(file)))
    dump(graph, Output.json)


def from_graph(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="builder graph (JSON or YAML)"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """The collector config (YAML) of a builder graph, with its validation on stderr."""
    graph = read_yaml(file).data
    with connect(server) as phoenix:
        result = phoenix.send(routes.pipelines.graph_to_yaml(graph))
    if output != Output.table:
        dump(result, output)
        return
    typer.echo(result.config_yaml, nl=False)
    typer.echo(json.dumps({"valid": result.validation.valid}), err=True)
