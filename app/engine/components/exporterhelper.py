"""`exporter/exporterhelper` blocks of the pinned core release: `retry_on_failure` and `sending_queue`.

Both are checked with the exporters' defaults (`NewDefaultBackOffConfig`, `NewDefaultQueueConfig`),
so a block that leaves a value out is checked as the collector fills it in; an exporter whose
queue is unset by default (prometheus) uses `UnsetSendingQueue`, where every value left out is zero.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from app.engine.components.common import GoDuration, Strict, go_duration_seconds


def _seconds(value: str | None, default: float = 0.0) -> float:
    return default if value is None else go_duration_seconds(value)


class RetryOnFailure(Strict):
    """`configretry.BackOffConfig`; its defaults are the exporters' (`NewDefaultBackOffConfig`)."""

    DEFAULTS: ClassVar[dict[str, str]] = {"initial_interval": "5s", "max_interval": "30s", "max_elapsed_time": "5m"}

    enabled: bool | None = None
    initial_interval: GoDuration | None = None
    randomization_factor: float | None = Field(default=None, ge=0, le=1)
    multiplier: float | None = Field(default=None, ge=0)
    max_interval: GoDuration | None = None
    max_elapsed_time: GoDuration | None = None

    def seconds(self, key: str) -> float:
        value = getattr(self, key)
        return go_duration_seconds(value if value is not None else self.DEFAULTS[key])

    @model_validator(mode="after")
    def _intervals(self) -> RetryOnFailure:
        for key in ("initial_interval", "max_interval", "max_elapsed_time"):
            if self.seconds(key) < 0:
                raise ValueError(f"{key} value must be greater than or equal to 0")
        elapsed = self.seconds("max_elapsed_time")
        if elapsed > 0 and elapsed < self.seconds("initial_interval"):
            raise ValueError("'max_elapsed_time' must not be less than 'initial_interval'")
        if elapsed > 0 and elapsed < self.seconds("max_interval"):
            raise ValueError("'max_elapsed_time' must not be less than 'max_interval'")
        return self


Sizer = Literal["requests", "items", "bytes"]


class Partition(Strict):
    metadata_keys: list[str] | None = None

    @model_validator(mode="after")
    def _distinct(self) -> Partition:
        keys = [k.lower() for k in self.metadata_keys or []]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"duplicate entry in metadata_keys: {duplicates[0]!r} (case-insensitive)")
        return self


class QueueBatch(Strict):
    """`sending_queue.batch` (an Optional: `enabled: false` turns batching off)."""

    enabled: bool | None = None
    flush_timeout: GoDuration | None = None
    sizer: Sizer | None = None  # 0.130; defaults to the queue's sizer when that is set
    min_size: int | None = None
    max_size: int | None = None
    partition: Partition | None = None  # 0.147


class SendingQueue(Strict):
    """`exporterhelper.QueueBatchConfig` (`sending_queue`, an Optional). `blocking` is gone (0.129):
    use `block_on_overflow`. Checked with the exporter's defaults (`NewDefaultQueueConfig`)."""

    DEFAULTS: ClassVar[dict[str, Any]] = {
        "sizer": "requests",
        "queue_size": 1000,
        "num_consumers": 10,
        "batch": {"sizer": "items", "flush_timeout": "200ms", "min_size": 8192},
    }

    enabled: bool | None = None
    wait_for_result: bool | None = None
    sizer: Sizer | None = None
    queue_size: int | None = None
    block_on_overflow: bool | None = None
    storage: str | None = None
    num_consumers: int | None = None
    batch: QueueBatch | None = None

    @model_validator(mode="after")
    def _usable(self) -> SendingQueue:
        if self.enabled is False:
            return self
        defaults = self.DEFAULTS
        sizer = self.sizer if self.sizer is not None else defaults["sizer"]
        queue_size = self.queue_size if self.queue_size is not None else defaults["queue_size"]
        if (self.num_consumers if self.num_consumers is not None else defaults["num_consumers"]) <= 0:
            raise ValueError("`num_consumers` must be positive")
        if queue_size <= 0:
            raise ValueError("`queue_size` must be positive")
        if self.storage and self.wait_for_result:
            raise ValueError("`wait_for_result` is not supported with a persistent queue configured with `storage`")
        batch = self.batch
        if "batch" not in self.model_fields_set or (batch is not None and batch.enabled is False):
            return self
        batch = batch or QueueBatch()
        batch_defaults = defaults["batch"]
        # A batch section that names no sizer takes the queue's, when the queue names one.
        inherited = self.sizer if self.batch is not None and self.sizer is not None else batch_defaults["sizer"]
        batch_sizer = batch.sizer if batch.sizer is not None else inherited
        min_size = batch.min_size if batch.min_size is not None else batch_defaults["min_size"]
        max_size = batch.max_size or 0
        if batch_sizer not in ("items", "bytes"):
            raise ValueError(f'batch: `batch` supports only `items` or `bytes` sizer, found "{batch_sizer}"')
        if _seconds(batch.flush_timeout, _seconds(batch_defaults["flush_timeout"])) <= 0:
            raise ValueError("batch: `flush_timeout` must be positive")
        if min_size < 0 or max_size < 0:
            raise ValueError("batch: `min_size` and `max_size` must be non-negative")
        if 0 < max_size < min_size:
            raise ValueError(f"batch: `max_size` ({max_size}) must be greater or equal to `min_size` ({min_size})")
        if batch_sizer == sizer and min_size > queue_size:
            raise ValueError("`min_size` must be less than or equal to `queue_size`")
        return self


class UnsetSendingQueue(SendingQueue):
    """`sending_queue` of an exporter that has none by default (prometheus): every unset value is zero."""

    DEFAULTS: ClassVar[dict[str, Any]] = {
        "sizer": "",
        "queue_size": 0,
        "num_consumers": 0,
        "batch": {"sizer": "", "flush_timeout": "0s", "min_size": 0},
    }
