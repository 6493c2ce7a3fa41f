"""Fixtures for the runtime tests: rendered variants, and validation against the official Kubernetes schemas.

`kubernetes-validate` ships the OpenAPI-derived JSON schemas of each Kubernetes release; strict
mode rejects unknown fields, as `kubectl apply --validate=strict` does. The version is pinned so a
new library release cannot change what "valid" means under the tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import kubernetes_validate
import pytest

from app.core.config import get_settings
from app.pipelines.render import render_template
from app.runtimes.kubernetes.manifests import VariantManifests, VariantTarget, build_variant_manifests
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from app.runtimes.kubernetes.variant_config import collector_parameters, ports_for_variant

KUBERNETES_VERSION = "1.30.0"

TEMPLATE_NAMES = (
    "process-baseline-v1",
    "process-priority-filter-v1",
    "process-aggregated-v1",
    "process-topk-v1",
    "process-adaptive-v1",
    "process-aggressive-v1",
    "process-dynamic-v1",
)


def assert_valid_kubernetes(obj: dict[str, Any]) -> None:
    """`obj` passes the official schema of its kind in Kubernetes KUBERNETES_VERSION, unknown fields refused."""
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        where = ".".join(str(p) for p in exc.path)
        raise AssertionError(
            f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}: {where}: {exc.message}"
        ) from None


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


@pytest.fixture
async def server() -> AsyncIterator[Any]:
    """An in-process fake API server (real REST semantics; no cluster runs here) with three nodes.
    Modules that need another shape define their own `server`."""
    from tests.runtimes.fake_apiserver import running_fake_apiserver  # it imports this module

    async with running_fake_apiserver(nodes=3) as fake:
        yield fake


@pytest.fixture
async def runtime(server: Any) -> AsyncIterator[KubernetesRuntime]:
    """The kubernetes runtime, talking to `server` over HTTP with short test backoffs."""
    from tests.runtimes.kube_cluster import FAST, client_for  # it imports the fake server, which imports this

    runtime = KubernetesRuntime(client_for(server), backoff=FAST)
    yield runtime
    await runtime.close()
