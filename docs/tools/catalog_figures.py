"""The generated parts of docs/catalog.md: the measured reduction of every template and the parameter
tables, computed from the catalog itself so the page cannot drift from it.

Measured reduction: every catalog template, with its default parameters, run in the embedded engine
on one seeded snapshot of each built-in load profile and compared with `process-baseline-v1` on the
same snapshot. The snapshot is the one `phoenix pipeline preview NAME --profile P` uses
(`synthesize_snapshot` of the profile at its default size, seed 1), the run and the KPIs are the
preview's (`app.engine.preview`), and the critical patterns are Phoenix's defaults. Everything is
seeded, so the output is the same on every machine.

Parameter tables: each template's own parameters (its `metadata.yaml`) and the parameters every
template shares (`pipeline_templates/_shared/parameters.yaml`), as the catalog reads them.

In docs/catalog.md each generated part sits between `<!-- generated: KEY -->` and
`<!-- end generated -->`; `tests/docs/test_catalog.py` checks that every part is this script's output.

    PHOENIX_ENV=dev .venv/bin/python docs/tools/catalog_figures.py            # print the figures table
    PHOENIX_ENV=dev .venv/bin/python docs/tools/catalog_figures.py --write    # rewrite docs/catalog.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES
from app.engine.preview import preview
from app.pipelines import catalog
from app.pipelines.render import render_template
from app.simulation.profiles import BUILTIN_PROFILE_NAMES, get_profile
from app.simulation.snapshots import synthesize_snapshot

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DOC = ROOT / "docs" / "catalog.md"
BASELINE = "process-baseline-v1"
SEED = 1
FIGURES = "figures"
SHARED_PARAMETERS = "parameters shared"
FIGURES_HEADER = (
    "| template | profile | processes | series in | series out | reduction vs baseline "
    "| critical kept | CPU total error | memory total error |"
)
PARAMETERS_HEADER = "| parameter | type | default | allowed | meaning |"
GENERATED = re.compile(r"<!-- generated: (?P<key>[^>]+?) -->\n(?P<body>.*?)<!-- end generated -->", re.DOTALL)


def _percent(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}%}"


def _table(header: str, rows: list[str]) -> str:
    separator = "|" + "---|" * (header.count(" | ") + 1)
    return "\n".join([header, separator, *rows]) + "\n"


def figure_rows() -> list[str]:
    """One Markdown table row per template and profile, templates by name, profiles in their order."""
    baseline_yaml = render_template(BASELINE).config_yaml
    snapshots = {name: synthesize_snapshot(get_profile(name, seed=SEED)) for name in BUILTIN_PROFILE_NAMES}
    out = []
    for template in catalog.list_templates():
        config_yaml = render_template(template.name).config_yaml
        for profile, snapshot in snapshots.items():
            result = preview(
                config_yaml,
                snapshot,
                critical_patterns=DEFAULT_CRITICAL_PROCESSES,
                baseline_yaml=baseline_yaml,
                sample_limit=0,
                measure_memory=False,
            )
            k = result["kpis"]
            kept = f"{k['critical_processes_in_output']}/{k['critical_processes_on_host']}"
            out.append(
                f"| `{template.name}` | {profile} | {result['snapshot']['processes']} | {k['input_series']} "
                f"| {k['output_series']} | {_percent(result['cardinality_reduction'])} | {kept} "
                f"| {_percent(k['cpu_fidelity_error'], 2)} | {_percent(k['memory_fidelity_error'], 2)} |"
            )
    return out


def figures_table() -> str:
    """The measured-reduction table, as docs/catalog.md carries it."""
    return _table(FIGURES_HEADER, figure_rows())


def _cell(value: Any) -> str:
    """A value as a table cell: code for values, the pipe escaped."""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value) if value else "(none)"
    if isinstance(value, bool):
        value = str(value).lower()
    if value == "":
        return '`""`'
    return f"`{value}`".replace("|", "\\|")


def _allowed(spec: dict[str, Any]) -> str:
    if spec.get("choices"):
        return "one of " + ", ".join(_cell(c) for c in spec["choices"])
    low, high = spec.get("min"), spec.get("max")
    if low is not None or high is not None:
        return f"{_cell(low) if low is not None else ''} to {_cell(high) if high is not None else ''}".strip()
    if spec.get("pattern"):
        return f"matches {_cell(spec['pattern'])}"
    if spec["type"] == "regex_list":
        return f"at most {spec.get('max_items', 64)} RE2 patterns"
    return ""


def parameters_table(parameters: dict[str, Any]) -> str:
    """One row per parameter, in the order the metadata declares them."""
    rows = [
        f"| `{name}` | {spec['type']} | {_cell(spec.get('default'))} | {_allowed(spec)} "
        f"| {' '.join(str(spec['description']).split())} |"
        for name, spec in parameters.items()
    ]
    return _table(PARAMETERS_HEADER, rows)


def own_parameters(template: str) -> dict[str, Any]:
    """The parameters a template declares itself (without the shared ones)."""
    shared = catalog.common_parameters()
    return {k: v for k, v in catalog.get_template(template).metadata["parameters"].items() if k not in shared}


def generated_parts() -> dict[str, str]:
    """Every generated part of docs/catalog.md by its key."""
    parts = {FIGURES: figures_table(), SHARED_PARAMETERS: parameters_table(catalog.common_parameters())}
    for template in catalog.list_templates():
        own = own_parameters(template.name)
        parts[f"parameters {template.name}"] = parameters_table(own) if own else "No parameters of its own.\n"
    return parts


def doc_parts(text: str) -> dict[str, str]:
    """The generated parts as docs/catalog.md carries them, by key."""
    return {m["key"]: m["body"] for m in GENERATED.finditer(text)}


def rewrite(text: str, parts: dict[str, str]) -> str:
    """`text` with each generated part replaced by the current one (unknown keys are left alone)."""
    return GENERATED.sub(
        lambda m: f"<!-- generated: {m['key']} -->\n{parts.get(m['key'], m['body'])}<!-- end generated -->", text
    )


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        CATALOG_DOC.write_text(rewrite(CATALOG_DOC.read_text(), generated_parts()))
        print(f"rewrote {CATALOG_DOC.relative_to(ROOT)}")
    else:
        sys.stdout.write(figures_table())
