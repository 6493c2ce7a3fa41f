"""What the kubernetes runtime and its operator loop may do on the API server: the one table.

The install grants exactly this (deploy/kubernetes): `NAMESPACED` as a Role in every namespace
Phoenix manages (PHOENIX_KUBERNETES_NAMESPACES), `CLUSTER` as a ClusterRole. The tests render
the install and compare its rules with this table, and check that every request the runtime makes
against the fake API server is one of these, so a new API call fails a test until it is granted
here and in the YAML (and a grant nobody uses fails too).

Each entry says which code needs it. The client (`client.KubeClient`) maps its calls to RBAC
verbs as the API server does: GET of one object is `get`, of a collection `list` (`watch` with
`?watch=true`), POST `create`, PUT `update`, PATCH `patch`, DELETE `delete`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.runtimes.kubernetes.crd import CRD_NAME, GROUP, PLURAL


@dataclass(frozen=True)
class Permission:
    """Verbs on one resource (`plural` or `plural/subresource`) of one API group ("" is core)."""

    group: str
    resource: str
    verbs: tuple[str, ...]
    why: str
    resource_names: tuple[str, ...] = ()
    called: bool = True
    """False: never requested by Phoenix itself, but needed for what it writes (admission checks)."""

    def rules(self) -> set[tuple[str, str, str, tuple[str, ...]]]:
        """(group, resource, verb, resource names) for each verb: how RBAC rules are compared."""
        return {(self.group, self.resource, verb, self.resource_names) for verb in self.verbs}


NAMESPACED: tuple[Permission, ...] = (
    Permission(
        GROUP,
        PLURAL,
        ("get", "list", "watch", "create", "update", "patch", "delete"),
        "runtime.apply creates or reads and PUTs a variant's custom resource, runtime.status reads it, "
        "runtime.remove deletes it; the operator lists and watches them and merge-patches its finalizer",
    ),
    Permission(
        GROUP,
        f"{PLURAL}/status",
        ("update",),
        "the operator writes each custom resource's status (read, then PUT the status subresource)",
    ),
    Permission(
        GROUP,
        f"{PLURAL}/finalizers",
        ("update",),
        "owned objects carry blockOwnerDeletion; the OwnerReferencesPermissionEnforcement admission "
        "plugin lets only who may update the owner's finalizers set it",
        called=False,
    ),
    Permission(
        "",
        "configmaps",
        ("get", "list", "create", "update", "delete"),
        "the operator creates or reads and PUTs each variant's config, and lists (by Phoenix's label "
        "selector) and deletes them when the custom resource is deleted; runtime.target_load writes and "
        "deletes a custom load profile's definition",
    ),
    Permission(
        "",
        "services",
        ("get", "list", "create", "update", "delete"),
        "as configmaps: each variant's ClusterIP Service (metrics and telemetry ports)",
    ),
    Permission(
        "apps",
        "daemonsets",
        ("get", "list", "watch", "create", "update", "delete"),
        "as configmaps, and watched (by label selector) so a rollout's progress updates the status at once; "
        "runtime.target_load creates, reads, PUTs and deletes an experiment's simulation DaemonSet",
    ),
)
"""Granted in every managed namespace (a Role and a RoleBinding per namespace)."""

CLUSTER: tuple[Permission, ...] = (
    Permission(
        "apiextensions.k8s.io",
        "customresourcedefinitions",
        ("get",),
        "client.crd_established: is the PhoenixProcessPipeline CRD installed (only this CRD, by name)",
        resource_names=(CRD_NAME,),
    ),
)
"""Cluster-scoped reads (a ClusterRole): nothing that creates, changes or deletes."""


def rules(permissions: tuple[Permission, ...]) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """Every (group, resource, verb, resource names) the permissions grant."""
    return {rule for permission in permissions for rule in permission.rules()}
