"""The two variants of an experiment, named once.

Every experiment compares a `baseline` with a `candidate`. The labels name the experiment's fields,
its samples, the runtime objects and ports of each variant, the promotion choice and the analysis;
they are plain strings, so they serialise as themselves (JSON, YAML, Kubernetes labels, PromQL).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

VariantLabel = Literal["baseline", "candidate"]
"""A variant label, as a type (pydantic fields, signatures)."""

BASELINE: Final[VariantLabel] = "baseline"
CANDIDATE: Final[VariantLabel] = "candidate"
VARIANT_LABELS: Final[tuple[VariantLabel, ...]] = (BASELINE, CANDIDATE)
"""Both labels, baseline first."""

assert get_args(VariantLabel) == VARIANT_LABELS, "VariantLabel and VARIANT_LABELS must list the same labels"
