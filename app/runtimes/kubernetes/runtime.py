"""The `kubernetes` runtime: each variant is a PhoenixProcessPipeline custom resource on the cluster.

`apply` writes only the custom resource (the rendered config, its hash, ports, node selector);
the operator (`operator.py`, running in a Phoenix replica) turns it into ConfigMap + DaemonSet +
Service and reports progress in the resource's status, which is what `status` reads. Keeping the
runtime to one object per variant makes `apply` and `remove` single idempotent writes: the
cluster, not Phoenix's database, holds the rest, and `kubectl get ppl` shows the same picture.

Writes are conditional on the `resourceVersion` read (409 → re-read and re-apply, so a concurrent
change such as the operator adding its finalizer is kept), and transient API failures are retried
with bounded exponential backoff (`retry.Backoff`); after that the error reaches the caller, whose
next tick tries again.

KPIs come from Prometheus in a later change: `sample` delegates to an injected `KpiSource` and,
without one, returns no samples.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from typing import Any, Protocol

from kubernetes_asyncio.client import ApiClient

from app.core.config import PHOENIX_IMAGE, Settings
from app.core.errors import Invalid
from app.runtimes.base import Target, VariantDeployment, VariantSample, VariantStatus, config_hash
from app.runtimes.kubernetes.client import (
    PIPELINES,
    ApiError,
    KubeClient,
    api_client_for_host,
    api_client_from_environment,
)
from app.runtimes.kubernetes.crd import CRD_NAME
from app.runtimes.kubernetes.load import KubernetesLoad
from app.runtimes.kubernetes.manifests import VariantManifests, VariantTarget, build_variant_manifests
from app.runtimes.kubernetes.naming import variant_object_name
from app.runtimes.kubernetes.retry import Backoff, ObjectTerminating, retrying
from app.runtimes.kubernetes.status import READY_CONDITION
from app.runtimes.kubernetes.variant_config import collector_parameters, ports_for_variant
from app.runtimes.kubernetes.writes import create_or_replace, delete_if_present


class CrdMissing(ApiError):
    """The cluster does not serve PhoenixProcessPipelines: the CRD under deploy/kubernetes/crds/ is not installed."""

    def __init__(self) -> None:
        super().__init__(
            404,
            "CRDMissing",
            f"the {CRD_NAME} CustomResourceDefinition is not installed; install "
            "it with `kubectl apply -k deploy/kubernetes/crds` (or install Phoenix with an overlay of "
            "deploy/kubernetes, see docs/kubernetes.md)",
        )


class KpiSource(Protocol):
    """Where the KPIs of running variants come from (Prometheus, for the kubernetes runtime)."""

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        """One sample per variant key, all over the same interval; variants without data are left out."""


def _merge_pipeline(live: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any] | None:
    """`live` with Phoenix's spec, labels and annotations; finalizers, status and foreign metadata stay."""
    if live["metadata"].get("deletionTimestamp"):
        raise ObjectTerminating(live.get("kind", "PhoenixProcessPipeline"), live["metadata"]["name"])
    body = copy.deepcopy(live)
    body["spec"] = desired["spec"]
    meta = body["metadata"]
    for field in ("labels", "annotations"):
        meta[field] = {**(meta.get(field) or {}), **(desired["metadata"].get(field) or {})}
    return None if body == live else body


def _ready_condition(status: dict[str, Any]) -> dict[str, Any]:
    return next((c for c in status.get("conditions") or [] if c.get("type") == READY_CONDITION), {})


def variant_status(pipeline: dict[str, Any] | None, expected_hash: str) -> VariantStatus:
    """What a PhoenixProcessPipeline (None: absent) says about a variant whose config hashes to `expected_hash`.

    `ready` only when the operator has seen the current generation, every desired node runs a ready
    pod of this very config, and that config is the one expected.
    """
    if pipeline is None:
        return VariantStatus("absent", "the PhoenixProcessPipeline does not exist")
    meta, spec = pipeline["metadata"], pipeline.get("spec") or {}
    status = pipeline.get("status") or {}
    counts = {
        "desired_nodes": int(status.get("desiredNodes", 0)),
        "ready_nodes": int(status.get("readyNodes", 0)),
        "config_hash": status.get("configHash") or None,
    }
    if meta.get("deletionTimestamp"):
        return VariantStatus("pending", "being deleted: the operator is removing its objects", **counts)
    if spec.get("configHash") != expected_hash:
        return VariantStatus("pending", "the cluster holds another config for this variant; apply it first", **counts)
    if int(status.get("observedGeneration", 0)) < int(meta.get("generation", 1)):
        return VariantStatus(
            "pending", f"waiting for the operator to reconcile generation {meta.get('generation')}", **counts
        )
    message = str(_ready_condition(status).get("message", ""))
    phase = status.get("phase")
    if phase == "Failed":
        return VariantStatus("failed", message or "the operator reports a failure", **counts)
    if phase == "Running" and status.get("configHash") == expected_hash:
        return VariantStatus("ready", message, **counts)
    return VariantStatus("pending", f"{phase or 'Pending'}: {message}".rstrip(": "), **counts)


class KubernetesRuntime:
    name = "kubernetes"

    def __init__(
        self,
        client: KubeClient,
        *,
        kpi_source: KpiSource | None = None,
        backoff: Backoff | None = None,
        namespaces: Collection[str] | None = None,
        simulator_image: str = PHOENIX_IMAGE,
    ):
        """`namespaces`: the only namespaces targets may name (PHOENIX_KUBERNETES_NAMESPACES, where the
        install grants Phoenix its Role); None accepts any (a test server, a `kubectl proxy`).
        `simulator_image`: Phoenix's image, which runs experiments' load profiles on the target's nodes."""
        self._client = client
        self._kpi_source = kpi_source
        self._backoff = backoff or Backoff()
        self.namespaces = tuple(namespaces) if namespaces is not None else None
        self.target_load: KubernetesLoad = KubernetesLoad(client, backoff=self._backoff, image=simulator_image)

    @classmethod
    def from_api_client(cls, api_client: ApiClient, **options: Any) -> KubernetesRuntime:
        """A runtime on an `ApiClient` configured for a given host (tests use `client.api_client_for_host`)."""
        return cls(KubeClient(api_client), **options)

    @classmethod
    def for_host(cls, host: str, **options: Any) -> KubernetesRuntime:
        return cls.from_api_client(api_client_for_host(host), **options)

    @classmethod
    def from_settings(cls, settings: Settings, *, kpi_source: KpiSource | None = None) -> KubernetesRuntime:
        """In a pod: its service account; elsewhere `$KUBECONFIG` or `~/.kube/config` (loaded on first use).

        The connection comes from the standard Kubernetes environment, like kubectl's; the settings
        say which namespaces Phoenix manages.
        """
        return cls(
            KubeClient(connect=api_client_from_environment),
            kpi_source=kpi_source,
            namespaces=settings.kubernetes_namespaces,
            simulator_image=settings.kubernetes_simulator_image,
        )

    def run_parameters(self, *, owner: str, label: str) -> dict[str, Any]:
        """The pod's side of the config: the node's `/` at `/hostfs`, the variant's ports and labels."""
        return collector_parameters({}, experiment_id=owner, variant=label, ports=ports_for_variant(label))

    def same_target(self, a: Target, b: Target) -> bool:
        """The same namespace and node selector select the same nodes."""
        return a.namespace == b.namespace and a.node_selector == b.node_selector

    def check_target(self, target: Target) -> None:
        """Refuse (Invalid, 422) a target in a namespace Phoenix does not manage: it holds no Role
        there, and must not be able to run host-level collectors wherever a user asks."""
        if self.namespaces is None or target.namespace in self.namespaces:
            return
        managed = ", ".join(self.namespaces)
        raise Invalid(
            f"namespace {target.namespace!r} is not one Phoenix manages ({managed})",
            [
                {
                    "path": "body.target.namespace",
                    "message": f"not a managed namespace; PHOENIX_KUBERNETES_NAMESPACES lists {managed}",
                    "type": "namespace_not_managed",
                }
            ],
        )

    def manifests(self, variant: VariantDeployment) -> VariantManifests:
        """The objects of `variant` (the custom resource is what `apply` writes)."""
        return build_variant_manifests(
            config_yaml=variant.config_yaml,
            experiment=variant.owner,
            variant=variant.label,
            template=variant.template,
            parameters=variant.parameters,
            target=VariantTarget(namespace=variant.namespace, node_selector=dict(variant.node_selector)),
            ports=ports_for_variant(variant.label),
            experiment_id=variant.owner_id,
        )

    async def apply(self, variant: VariantDeployment) -> None:
        """Create or update the variant's PhoenixProcessPipeline; the operator does the rest.

        Raises what `build_variant_manifests` raises for a config that cannot run in a collector pod,
        `CrdMissing` when the cluster lacks the CRD, and `ApiError` when the API server refuses the
        write or stays unavailable through the backoff.
        """
        desired = self.manifests(variant).pipeline
        try:
            await create_or_replace(self._client, PIPELINES, desired, _merge_pipeline, backoff=self._backoff)
        except ApiError as exc:
            if exc.not_found and not await self._client.crd_established():
                raise CrdMissing() from None
            raise

    async def _read(self, namespace: str, name: str) -> dict[str, Any] | None:
        async def read() -> dict[str, Any] | None:
            try:
                return await self._client.get(PIPELINES, namespace, name)
            except ApiError as exc:
                if exc.not_found:
                    return None
                raise

        return await retrying(read, backoff=self._backoff, what=f"read PhoenixProcessPipeline {namespace}/{name}")

    async def status(self, variant: VariantDeployment) -> VariantStatus:
        """The variant as the operator reports it in the custom resource's status."""
        pipeline = await self._read(variant.namespace, variant_object_name(variant.owner, variant.label))
        return variant_status(pipeline, config_hash(variant.config_yaml))

    async def remove(self, variant: VariantDeployment) -> None:
        """Delete the custom resource (already gone is fine); the operator's finalizer removes its objects."""
        name = variant_object_name(variant.owner, variant.label)
        await delete_if_present(self._client, PIPELINES, variant.namespace, name, backoff=self._backoff)

    async def sample(self, variants: Sequence[VariantDeployment]) -> dict[str, VariantSample]:
        """KPIs from the injected `KpiSource`; without one (Prometheus KPIs come later), `{}`: no samples."""
        if self._kpi_source is None or not variants:
            return {}
        return await self._kpi_source.sample(list(variants))

    async def close(self) -> None:
        await self._client.close()
