"""Tier 5, otelcol: the real `otelcol-contrib validate`, when a binary is configured.

`PHOENIX_OTELCOL_BIN` (or the `otelcol_bin` setting) names the binary; without it the tier is
skipped. The config goes to a private temporary file; the binary's error lines become issues,
placed on the component they name when they name one.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from app.pipelines.validation.issues import PathParts, ValidationIssue, format_path
from app.pipelines.validation.source import YamlSource

TIMEOUT_SECONDS = 30
_COMPONENT = re.compile(r"\b(receivers|processors|exporters|extensions|connectors)::([^\s:]+)")
_QUOTED_ID = re.compile(r"\b(receiver|processor|exporter|extension|connector)s? \"?([A-Za-z][\w]*(?:/[^\s\":]+)?)\"?")


def otelcol_binary() -> str | None:
    """The configured binary, from the environment or the settings."""
    value = os.environ.get("PHOENIX_OTELCOL_BIN")
    if value:
        return value
    try:
        from app.core.config import get_settings

        return get_settings().otelcol_bin
    except Exception:  # settings unusable here (e.g. no secret): no binary configured
        return None


def _path_of(line: str) -> PathParts:
    match = _COMPONENT.search(line)
    if match:
        return (match.group(1), match.group(2).strip('"'))
    match = _QUOTED_ID.search(line)
    if match:
        return (f"{match.group(1)}s", match.group(2))
    return ()


def check_otelcol(source: YamlSource, config_yaml: str, binary: str | None = None) -> list[ValidationIssue]:
    """Run `<binary> validate --config=<file>`; no issues when no binary is configured."""
    binary = binary or otelcol_binary()
    if not binary:
        return []
    if not (Path(binary).is_file() and os.access(binary, os.X_OK)):
        return [ValidationIssue("otelcol", "", None, f"otelcol binary {binary!r} is not an executable file", "warning")]
    with tempfile.TemporaryDirectory(prefix="phoenix-validate-") as folder:
        config_file = Path(folder) / "config.yaml"
        config_file.write_text(config_yaml)
        try:
            done = subprocess.run(
                [binary, "validate", f"--config={config_file}"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={"PATH": os.environ.get("PATH", ""), "HOME": folder},
            )
        except subprocess.TimeoutExpired:
            return [ValidationIssue("otelcol", "", None, f"otelcol validate timed out after {TIMEOUT_SECONDS}s")]
        except OSError as exc:
            return [ValidationIssue("otelcol", "", None, f"cannot run otelcol: {exc}", "warning")]
    if done.returncode == 0:
        return []
    lines = [ln.strip() for ln in (done.stderr or done.stdout).splitlines() if "rror" in ln] or [
        (done.stderr or done.stdout or "otelcol validate failed").strip()[:2000]
    ]
    issues = []
    for text in lines:
        path = _path_of(text)
        issues.append(ValidationIssue("otelcol", format_path(path), source.line_of(path) if path else None, text))
    return issues
