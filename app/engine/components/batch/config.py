"""`batch` processor config (core `processor/batchprocessor/config.go`).

Should be the last processor of a pipeline (after memory_limiter and any sampling/filtering).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import GoDuration, Strict, go_duration_seconds


class BatchConfig(Strict, Introspectable):
    timeout: GoDuration | None = None
    send_batch_size: int | None = Field(default=None, ge=0, le=2**32 - 1)
    send_batch_max_size: int | None = Field(default=None, ge=0, le=2**32 - 1)
    metadata_keys: list[str] | None = None
    metadata_cardinality_limit: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _sizes(self) -> BatchConfig:
        size = 8192 if self.send_batch_size is None else self.send_batch_size
        max_size = self.send_batch_max_size or 0
        if max_size > 0 and max_size < size:
            raise ValueError("send_batch_max_size must be greater or equal to send_batch_size")
        keys = [k.lower() for k in self.metadata_keys or []]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate entry in metadata_keys (case-insensitive)")
        if self.timeout is not None and go_duration_seconds(self.timeout) < 0:
            raise ValueError("timeout must be greater or equal to 0")
        return self
