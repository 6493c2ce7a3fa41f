"""A runtime test double whose variants are ready as soon as they are applied (a runtime with no
pods to schedule), counting its applies; it samples nothing unless a subclass says what."""

from __future__ import annotations

from app.runtimes.base import OnThisHost, VariantDeployment, VariantSample, VariantStatus, config_hash


class InstantRuntime(OnThisHost):
    name = "instant"

    def __init__(self) -> None:
        self.applied: dict[str, str] = {}
        self.applies = 0

    async def apply(self, variant: VariantDeployment) -> None:
        self.applies += 1
        self.applied[variant.key] = config_hash(variant.config_yaml)

    async def status(self, variant: VariantDeployment) -> VariantStatus:
        applied = self.applied.get(variant.key)
        if applied is None:
            return VariantStatus(state="absent")
        return VariantStatus(state="ready", desired_nodes=1, ready_nodes=1, config_hash=applied)

    async def remove(self, variant: VariantDeployment) -> None:
        self.applied.pop(variant.key, None)

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        return {}

    async def close(self) -> None:
        return None
