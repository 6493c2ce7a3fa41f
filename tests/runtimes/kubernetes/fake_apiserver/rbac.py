"""RBAC for the fake API server: each request as the verb the real authorizer sees, checked against rules.

This is part of a fake Kubernetes API server for tests. By default it authorizes every request
against the permissions the install grants Phoenix (`app.runtimes.kubernetes.permissions`), as the
real API server would with the Role and ClusterRole of `deploy/kubernetes`: a request outside them
is answered 403 Forbidden and remembered, and `running_fake_apiserver` fails the test with the list.
So every test of the runtime and the operator against this fake also proves the install lets them
do what they do. `namespaces` narrows the namespaced rules to those namespaces (what a Role per
managed namespace grants; a cluster-wide list or watch is then refused too); None grants them in
every namespace and cluster-wide, for tests that watch all namespaces.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from app.runtimes.kubernetes.permissions import CLUSTER, NAMESPACED, Permission, rules

Rule = tuple[str, str, str, tuple[str, ...]]
"""(API group, resource or resource/subresource, verb, resource names: empty for any)."""

VERBS = {"POST": "create", "PUT": "update", "PATCH": "patch"}


@dataclass(frozen=True)
class ApiCall:
    """One request as RBAC sees it."""

    verb: str
    group: str
    resource: str
    namespace: str | None
    name: str | None

    @property
    def rule(self) -> tuple[str, str, str]:
        return (self.group, self.resource, self.verb)

    def __str__(self) -> str:
        scope = f"in namespace {self.namespace!r}" if self.namespace else "at the cluster scope"
        named = f" {self.name!r}" if self.name else ""
        group = self.group or "core"
        return f"{self.verb} {self.resource}{named} ({group}) {scope}"


def verb_of(method: str, name: str | None, query: Mapping[str, str]) -> str:
    """The authorizer's verb for an HTTP method on one object (`name`) or a collection."""
    if method == "GET":
        if name is not None:
            return "get"
        return "watch" if query.get("watch") in ("true", "1") else "list"
    if method == "DELETE":
        return "delete" if name is not None else "deletecollection"
    return VERBS.get(method, method.lower())


def allowed(granted: Iterable[Rule], call: ApiCall) -> bool:
    """Whether a rule grants `call` (a rule with resource names grants only those objects)."""
    return any(
        (group, resource, verb) == call.rule and (not names or call.name in names)
        for group, resource, verb, names in granted
    )


class Rbac:
    """Authorizes like the Role (in `namespaces`) and ClusterRole made from `namespaced` and `cluster`."""

    def __init__(
        self,
        namespaced: Iterable[Permission] = NAMESPACED,
        cluster: Iterable[Permission] = CLUSTER,
        *,
        namespaces: Collection[str] | None = None,
    ):
        self.namespaced = rules(tuple(namespaced))
        self.cluster = rules(tuple(cluster))
        self.namespaces = None if namespaces is None else frozenset(namespaces)

    def allows(self, call: ApiCall) -> bool:
        if allowed(self.cluster, call):
            return True
        in_scope = self.namespaces is None or call.namespace in self.namespaces
        return in_scope and allowed(self.namespaced, call)
