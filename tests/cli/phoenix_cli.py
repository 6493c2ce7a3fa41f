"""Running the real `phoenix` command in a subprocess, with its own config dir and no PHOENIX_* of the
developer's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Phoenix:
    """`phoenix ARGS` as a user in `home` (XDG_CONFIG_HOME) would type it, from the directory `cwd`."""

    home: Path
    url: str | None = None
    cwd: Path | None = None
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)

    def __call__(self, *args: str, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
        env.update(XDG_CONFIG_HOME=str(self.home), COLUMNS="200", **self.env)
        if self.url:
            env["PHOENIX_URL"] = self.url
        return subprocess.run(
            [sys.executable, "-m", "app.cli.main", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.cwd or self.home,
            input=stdin,
            timeout=timeout,
        )

    def ok(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = self(*args)
        assert result.returncode == 0, (
            f"phoenix {' '.join(args)}: {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
        return result

    def json(self, *args: str) -> object:
        import json

        return json.loads(self.ok(*args, "-o", "json").stdout)

    def yaml(self, *args: str) -> object:
        return yaml.safe_load(self.ok(*args, "-o", "yaml").stdout)
