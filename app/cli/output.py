"""How commands print what the server answered: a table with headers, JSON or YAML (`--output`).

`--output` is an enum, so a value other than table, json or yaml is a usage error (exit 2). JSON and
YAML print the API's answer as it is; a table shows the chosen columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

import typer
import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Wide enough that ids and names are never cut when the output goes to a file or a pipe.
PIPE_WIDTH = 200


class Output(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


OUTPUT = typer.Option(Output.table, "--output", "-o", case_sensitive=False, help="table, json or yaml")

# A column: its header and how to get its text from one row (the row as JSON-ready dict).
Column = tuple[str, Callable[[dict[str, Any]], Any]]


def console(stderr: bool = False) -> Console:
    out = Console(stderr=stderr, highlight=False)
    return out if out.is_terminal else Console(stderr=stderr, highlight=False, width=PIPE_WIDTH)


def plain(value: Any) -> Any:
    """A model (or list of models) as the JSON-ready data the API sent."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def dump(value: Any, output: Output) -> None:
    """JSON or YAML of the answer on stdout."""
    data = plain(value)
    if output == Output.yaml:
        typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
    else:
        typer.echo(json.dumps(data, indent=2, default=str))


def field(name: str, header: str | None = None) -> Column:
    return (header or name.upper().replace("_", " "), lambda row: row.get(name))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[Column], title: str | None = None) -> None:
    grid = Table(*[header for header, _ in columns], title=title, title_justify="left")
    for row in rows:
        grid.add_row(*[Text(_cell(get(row))) for _, get in columns])
    console().print(grid)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | dict):
        return json.dumps(value, default=str)
    return str(value)


def emit(value: Any, output: Output, columns: Sequence[Column], title: str | None = None) -> None:
    """The answer in the chosen format; a table of one row per item (a single object is one row)."""
    if output != Output.table:
        dump(value, output)
        return
    data = plain(value)
    table(data if isinstance(data, list) else [data], columns, title)


def emit_text(value: Any, output: Output, render_text: Callable[[dict[str, Any]], None]) -> None:
    """For answers a table does not fit (a report, a config): `render_text` prints the table form."""
    if output != Output.table:
        dump(value, output)
    else:
        render_text(plain(value))
