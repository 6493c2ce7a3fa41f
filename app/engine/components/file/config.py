"""`file` exporter config (contrib `exporter/fileexporter/config.go`).

Writes telemetry to `path` (required) as `json` (default) or `proto`, optionally compressed
with `zstd`. `append` cannot be combined with `rotation`; `group_by.enabled` needs exactly one `*`
in `path` (not at its start) and a `resource_attribute`; `directory_permissions` (an octal string)
needs `create_directory: true`. A `file:` key with no body is refused ("empty config").
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import GoDuration, Strict, go_duration_seconds
from app.engine.components.confighttp import CompressionParams, check_compression_params


class Rotation(Strict):
    max_megabytes: int | None = None
    max_days: int | None = None
    max_backups: int | None = None
    localtime: bool | None = None


class GroupBy(Strict):
    enabled: bool | None = None
    resource_attribute: str | None = None  # default fileexporter.path_segment
    max_open_files: int | None = None


class FileConfig(Strict, Introspectable):
    path: str = ""
    append: bool | None = None
    rotation: Rotation | None = None
    format: Literal["json", "proto"] | None = None
    encoding: str | None = None
    compression: Literal["", "zstd"] | None = None
    compression_params: CompressionParams | None = None
    flush_interval: GoDuration | None = None
    group_by: GroupBy | None = None
    create_directory: bool | None = None
    directory_permissions: str | None = None

    @model_validator(mode="after")
    def _usable(self) -> FileConfig:
        if not self.path:
            raise ValueError("path must be non-empty")
        if self.append and "rotation" in self.model_fields_set:
            raise ValueError("append and rotation enabled at the same time is not supported")
        if self.compression:
            check_compression_params(self.compression, self.compression_params)
        if self.flush_interval is not None and go_duration_seconds(self.flush_interval) < 0:
            raise ValueError("flush_interval must be larger than zero")
        group = self.group_by
        if group is not None and group.enabled:
            parts = self.path.split("*")
            if len(parts) != 2:
                raise ValueError("path must contain exactly one * when group_by is enabled")
            if not parts[0]:
                raise ValueError("path must not start with * when group_by is enabled")
            if group.resource_attribute == "":
                raise ValueError("resource_attribute must not be empty when group_by is enabled")
        if self.create_directory:
            try:
                permissions = int(self.directory_permissions or "0755", 8)
            except ValueError:
                raise ValueError("directory_permissions value must be a valid octal representation") from None
            if permissions & 0o777 != permissions:
                raise ValueError("directory_permissions contain invalid bits for file access")
        elif self.directory_permissions:
            raise ValueError("directory_permissions requires create_directory to be true")
        return self
