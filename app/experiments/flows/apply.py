"""Make the runtime run a set of variants, and report what it sees.

Phoenix applies a variant when the runtime does not run it at all (first deploy, or a restarted
local runtime) or when Phoenix itself changed the desired config since it last applied it (the
applied hash is stored). A runtime running a config Phoenix did not apply is drift: it is left for
the drift detector to report and, if asked, to remediate, so it is never silently papered over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.runtimes.base import Runtime, VariantDeployment, VariantStatus, config_hash


@dataclass(frozen=True)
class Observed:
    statuses: dict[str, VariantStatus]
    applied: dict[str, str] = field(default_factory=dict)  # key -> hash applied in this pass

    @property
    def failed(self) -> str | None:
        problems = [f"{key}: {s.message or 'failed'}" for key, s in self.statuses.items() if s.state == "failed"]
        return "; ".join(problems) or None

    @property
    def ready(self) -> bool:
        return bool(self.statuses) and all(s.state == "ready" for s in self.statuses.values())

    def describe(self) -> str:
        return ", ".join(f"{k}={s.state}({s.ready_nodes}/{s.desired_nodes})" for k, s in self.statuses.items())


async def ensure_applied(
    runtime: Runtime,
    variants: list[VariantDeployment],
    applied_hashes: dict[str, str | None],
    desired_hashes: dict[str, str] | None = None,
) -> Observed:
    """Apply what is absent or what Phoenix changed; then read again the status of what was applied
    (the others' is the one just read). `desired_hashes`: the configs' hashes, when already known."""
    applied: dict[str, str] = {}
    statuses: dict[str, VariantStatus] = {}
    for variant in variants:
        desired = desired_hashes[variant.key] if desired_hashes else config_hash(variant.config_yaml)
        status = statuses[variant.key] = await runtime.status(variant)
        if status.state == "absent" or applied_hashes.get(variant.key) != desired:
            await runtime.apply(variant)
            applied[variant.key] = desired
    for variant in variants:
        if variant.key in applied:
            statuses[variant.key] = await runtime.status(variant)
    return Observed(statuses, applied)
