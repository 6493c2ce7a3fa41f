"""`debug` exporter config (core `exporter/debugexporter/config.go`).

`verbosity` is read case-insensitively. `output_paths` (0.146) needs `use_internal_logger: false`
(the default is true) and then must not be empty. `sending_queue` (0.136) is the exporterhelper queue.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import Lowercase, Strict
from app.engine.components.exporterhelper import SendingQueue


class DebugConfig(Strict, Introspectable):
    verbosity: Annotated[Literal["basic", "normal", "detailed"], Lowercase] | None = None
    sampling_initial: int | None = Field(default=None, ge=0)
    sampling_thereafter: int | None = Field(default=None, ge=0)
    use_internal_logger: bool | None = None
    output_paths: list[str] | None = None
    sending_queue: SendingQueue | None = None

    @model_validator(mode="after")
    def _output(self) -> DebugConfig:
        internal = self.use_internal_logger is not False
        if internal and self.output_paths is not None:
            raise ValueError("output_paths is not supported when use_internal_logger is true (the default)")
        if not internal and self.output_paths is not None and not self.output_paths:
            raise ValueError("output_paths must not be empty when use_internal_logger is false")
        return self
