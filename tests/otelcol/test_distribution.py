"""The collector distribution is one release: manifest, pinned go.mod, binary and Phoenix agree."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from app.core.config import REPO_ROOT
from app.engine.collector import CONTRIB_IMAGE, CONTRIB_VERSION, CORE_STABLE_VERSION
from app.engine.registry import COMPONENTS
from app.otelcol.binary import binary_version

COLLECTOR = REPO_ROOT / "collector"
SECTIONS = ("receivers", "processors", "exporters", "extensions", "providers")


def _manifest_modules() -> dict[str, str]:
    manifest = yaml.safe_load((COLLECTOR / "builder-config.yaml").read_text())
    modules = {}
    for section in SECTIONS:
        for entry in manifest[section]:
            module, version = entry["gomod"].split()
            modules[module] = version
    return modules


def _go_mod_requires() -> dict[str, str]:
    text = (COLLECTOR / "otelcol-phoenix" / "go.mod").read_text()
    return dict(re.findall(r"^\s+(\S+) (v\S+)(?: // indirect)?$", text, re.M))


def test_every_module_of_the_manifest_is_at_the_pinned_release() -> None:
    modules = _manifest_modules()
    assert len(modules) == 21
    for module, version in modules.items():
        expected = CORE_STABLE_VERSION if "/confmap/provider/" in module else CONTRIB_VERSION
        assert version == f"v{expected}", module


def test_the_generated_go_mod_pins_the_manifest_and_mixes_no_release() -> None:
    requires = _go_mod_requires()
    for module, version in _manifest_modules().items():
        assert requires[module] == version, module
    collector_modules = {
        m: v
        for m, v in requires.items()
        if m.startswith(("go.opentelemetry.io/collector", "github.com/open-telemetry/opentelemetry-collector-contrib"))
    }
    assert set(collector_modules.values()) == {f"v{CONTRIB_VERSION}", f"v{CORE_STABLE_VERSION}"}


def test_the_container_image_is_the_pinned_release() -> None:
    assert f"otel/opentelemetry-collector-contrib:{CONTRIB_VERSION}" == CONTRIB_IMAGE
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert f"otel/opentelemetry-collector-contrib:{CONTRIB_VERSION}" in dockerfile


def test_the_binary_is_the_pinned_release_with_exactly_the_manifest_components(otelcol_bin: Path) -> None:
    assert binary_version(otelcol_bin) == f"otelcol-phoenix {CONTRIB_VERSION}"
    listed = yaml.safe_load(subprocess.run([otelcol_bin, "components"], capture_output=True, check=True).stdout)
    kinds = ("receivers", "processors", "exporters", "extensions")
    names = {kind: sorted(c["name"] for c in listed[kind]) for kind in kinds}
    assert names == {
        "receivers": ["host_metrics", "otlp"],
        "processors": [
            "attributes",
            "batch",
            "cumulative_to_delta",
            "filter",
            "groupbyattrs",
            "memory_limiter",
            "metrics_transform",
            "resource",
            "resource_detection",
            "transform",
        ],
        "exporters": ["debug", "file", "otlp_grpc", "otlp_http", "prometheus"],
        "extensions": ["health_check"],
    }
    # Phoenix knows exactly these.
    known = {f"{c.kind}s": c.type for c in COMPONENTS}
    for kind, types in names.items():
        assert {c.type for c in COMPONENTS if f"{c.kind}s" == kind} == set(types), known
