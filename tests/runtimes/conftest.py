"""Fixtures for the runtime tests: catalog settings, and the variants rendered the way the runtimes render them.

The Kubernetes-only parts (official-schema validation, the fake API server and the runtime that talks
to it) are in `tests/runtimes/kubernetes/conftest.py`; `build_variant` stays here because the GitOps
export (`tests/runtimes/gitops`) writes the same manifests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.core.config import get_settings
from app.pipelines.render import render_template
from app.runtimes.kubernetes.manifests import VariantManifests, VariantTarget, build_variant_manifests
from app.runtimes.kubernetes.variant_config import collector_parameters, ports_for_variant


@pytest.fixture(autouse=True)
def dev_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalog reads its directory from settings; dev mode needs no JWT secret."""
    monkeypatch.setenv("PHOENIX_ENV", "dev")
    monkeypatch.delenv("PHOENIX_TEMPLATES_DIR", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


BuildVariant = Callable[..., VariantManifests]


@pytest.fixture
def build_variant() -> BuildVariant:
    """Render `template` for a collector pod and build its manifests, the way the runtime does."""

    def build(
        template: str = "process-topk-v1",
        *,
        experiment: str = "topk-vs-baseline",
        variant: str = "candidate",
        parameters: dict[str, Any] | None = None,
        target: VariantTarget | None = None,
        **kwargs: Any,
    ) -> VariantManifests:
        ports = ports_for_variant(variant)
        values = collector_parameters(parameters or {}, experiment_id=experiment, variant=variant, ports=ports)
        rendered = render_template(template, values)
        return build_variant_manifests(
            config_yaml=rendered.config_yaml,
            experiment=experiment,
            variant=variant,
            template=template,
            parameters=rendered.parameters,
            target=target or VariantTarget(namespace="observability"),
            ports=ports,
            **kwargs,
        )

    return build
