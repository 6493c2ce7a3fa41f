"""Which collector binary Phoenix uses, and what it says it is.

`PHOENIX_OTELCOL_BIN` names any collector binary (a user's own otelcol-contrib); without it Phoenix
uses the distribution `make collector` builds, `build/otelcol-phoenix`, when it exists. No binary
means the embedded engine stands in, and every figure says so (`measured_by`).
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

from app.core.config import REPO_ROOT, Settings, get_settings

BUNDLED_BINARY = REPO_ROOT / "build" / "otelcol-phoenix"
ENGINE_MEASURER = "embedded engine"


class CollectorUnavailable(RuntimeError):
    """The configured collector binary is missing or does not run."""


def is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def configured_binary(settings: Settings | None = None) -> Path | None:
    """The collector to use: the setting when set (even if broken: the caller reports it), else the
    bundled build when present, else None. Without `settings`, the process-wide ones."""
    if settings is not None:
        configured = settings.otelcol_bin
    else:
        try:
            configured = get_settings().otelcol_bin
        except Exception:  # settings unusable here (e.g. no JWT secret in a bare CLI): env only
            configured = os.environ.get("PHOENIX_OTELCOL_BIN") or None
    if configured:
        return Path(configured)
    return BUNDLED_BINARY if is_executable(BUNDLED_BINARY) else None


@lru_cache(maxsize=8)
def binary_version(binary: Path) -> str:
    """`<name> <version>` as the binary prints it with `--version` (e.g. `otelcol-phoenix 0.159.0`)."""
    if not is_executable(binary):
        raise CollectorUnavailable(f"collector binary {str(binary)!r} is not an executable file")
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise CollectorUnavailable(f"collector binary {str(binary)!r} does not run: {exc}") from exc
    # "otelcol-phoenix version 0.159.0"
    words = done.stdout.split()
    if len(words) >= 3 and words[1] == "version":
        return f"{words[0]} {words[2]}"
    return done.stdout.strip() or binary.name
