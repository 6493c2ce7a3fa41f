"""Tier 5, otelcol: the real collector's own `validate`, whenever a binary is available.

The binary is `PHOENIX_OTELCOL_BIN` or the bundled `build/otelcol-phoenix` (`app.otelcol.binary`);
without one the tier does not run, and the result says so (`tiers_run`, `collector`). The config
goes to a private temporary file. The collector prints one joined error; Phoenix places it on the
component it names (and on the offending key when it says `has invalid keys`).
"""

from __future__ import annotations

import copy
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.engine.registry import component_type
from app.otelcol.binary import CollectorUnavailable, binary_version, configured_binary
from app.validation.codes import Code, finding
from app.validation.issues import PathParts, ValidationIssue
from app.validation.source import YamlSource

TIMEOUT_SECONDS = 30
_SECTIONS = "receivers|processors|exporters|extensions|connectors"
# "processors::transform/classify: unable to parse OTTL statement ..."
_COMPONENT = re.compile(rf"\b({_SECTIONS})::([^\s:]+)")
# "'processors' error reading configuration for \"memory_limiter\": ..."
_READING = re.compile(rf"'({_SECTIONS})' error reading configuration for \"([^\"]+)\"")
# "'memorylimiter.Config' has invalid keys: limit_percentagex"
_INVALID_KEYS = re.compile(r"has invalid keys: ([\w.\-/]+)")


@dataclass
class OtelcolCheck:
    """What the tier found, and which collector ran it (None: the tier did not run)."""

    issues: list[ValidationIssue] = field(default_factory=list)
    collector: str | None = None


def _path_of(text: str, source: YamlSource) -> PathParts:
    match = _COMPONENT.search(text) or _READING.search(text)
    if not match:
        return ()
    component: PathParts = (match.group(1), match.group(2).strip('"'))
    key = _INVALID_KEYS.search(text)
    if key and source.line_of((*component, key.group(1))) != source.line_of(component):
        return (*component, key.group(1))
    return component


def _for_this_host(source: YamlSource, config_yaml: str) -> str:
    """The config as this host can check it. A hostmetrics `root_path` names where the host's
    filesystem is mounted in the collector's container (`/hostfs`); the collector stats it, so a
    path missing here is checked as `/`. Everything else goes to the collector as written."""
    receivers = source.data.get("receivers") if isinstance(source.data, dict) else None
    if not isinstance(receivers, dict):
        return config_yaml
    moved = {
        name
        for name, body in receivers.items()
        if component_type("receiver", str(name)) == "host_metrics"
        and isinstance(body, dict)
        and isinstance(body.get("root_path"), str)
        and body["root_path"]
        and not Path(body["root_path"]).is_dir()
    }
    if not moved:
        return config_yaml
    data = copy.deepcopy(source.data)
    for name in moved:
        data["receivers"][name]["root_path"] = "/"
    return yaml.safe_dump(data, sort_keys=False)


def _message(output: str) -> str:
    """The collector's error as one line: its paragraphs joined, the `Error: ` prefix dropped."""
    text = " ".join(line.strip() for line in output.splitlines() if line.strip())
    return text.removeprefix("Error: ")[:2000] or "the collector rejected the config"


def check_otelcol(source: YamlSource, config_yaml: str, binary: Path | None = None) -> OtelcolCheck:
    """Run `<binary> validate --config=<file>`; an empty check when no binary is available."""
    binary = binary or configured_binary()
    if binary is None:
        return OtelcolCheck()
    try:
        collector = binary_version(binary)
    except CollectorUnavailable as exc:
        return OtelcolCheck([finding(Code.COLLECTOR_UNAVAILABLE, "", None, str(exc))])
    with tempfile.TemporaryDirectory(prefix="phoenix-validate-") as folder:
        config_file = Path(folder) / "config.yaml"
        config_file.write_text(_for_this_host(source, config_yaml))
        try:
            done = subprocess.run(
                [str(binary), "validate", f"--config={config_file}"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={"HOME": folder},  # no secrets of Phoenix's environment reach the collector
            )
        except subprocess.TimeoutExpired:
            message = f"{collector} validate timed out after {TIMEOUT_SECONDS}s; the config was not checked by it"
            return OtelcolCheck([finding(Code.COLLECTOR_UNAVAILABLE, "", None, message)], collector)
        except OSError as exc:
            return OtelcolCheck([finding(Code.COLLECTOR_UNAVAILABLE, "", None, f"cannot run {binary}: {exc}")])
    if done.returncode == 0:
        return OtelcolCheck([], collector)
    message = _message(done.stderr or done.stdout)
    path = _path_of(message, source)
    line = source.line_of(path) if path else None
    return OtelcolCheck([finding(Code.COLLECTOR_REJECTED, path, line, f"{collector}: {message}")], collector)
