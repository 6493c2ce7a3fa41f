"""A dict-in, dict-out client for the few Kubernetes resources Phoenix uses, on kubernetes_asyncio's ApiClient.

Phoenix builds its objects as plain dicts (`manifests.py` is their one definition) and the operator
treats ConfigMaps, Services, DaemonSets and PhoenixProcessPipelines alike: get, create, replace,
patch, delete, list, watch. So this client speaks paths and dicts instead of the generated typed
models, which would round-trip every object through model classes and back. It still goes through
kubernetes_asyncio's `ApiClient.call_api` (what the generated APIs call themselves), which brings
kubeconfig and in-cluster configuration, TLS, bearer tokens and their refresh.

Every failure becomes an `ApiError` carrying the HTTP status and the `reason` of the API server's
`Status` body (`NotFound`, `AlreadyExists`, `Conflict`, `Expired`, ...); a connection that fails or
times out is status 0. `ApiError.transient` says whether trying again later can help.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
from kubernetes_asyncio import config as kube_config
from kubernetes_asyncio.client import ApiClient, Configuration
from kubernetes_asyncio.client.exceptions import ApiException

from app.runtimes.kubernetes.crd import CRD_NAME, GROUP, KIND, PLURAL, VERSION

MERGE_PATCH = "application/merge-patch+json"
TRANSIENT_STATUSES = frozenset({0, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Resource:
    """A REST resource: `/api/v1/...` for the core group, `/apis/<group>/<version>/...` otherwise."""

    group: str
    version: str
    plural: str
    kind: str
    namespaced: bool = True

    def path(self, namespace: str | None = None, name: str | None = None, subresource: str | None = None) -> str:
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if self.namespaced and namespace:
            base += f"/namespaces/{quote(namespace, safe='')}"
        base += f"/{self.plural}"
        if name:
            base += f"/{quote(name, safe='')}"
        if subresource:
            base += f"/{subresource}"
        return base


CONFIG_MAPS = Resource("", "v1", "configmaps", "ConfigMap")
SERVICES = Resource("", "v1", "services", "Service")
PODS = Resource("", "v1", "pods", "Pod")
DAEMON_SETS = Resource("apps", "v1", "daemonsets", "DaemonSet")
PIPELINES = Resource(GROUP, VERSION, PLURAL, KIND)
CRDS = Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced=False)


class ApiError(Exception):
    """A refused or failed API request: HTTP `status` (0: no answer) and the Status body's `reason`."""

    def __init__(self, status: int, reason: str, message: str):
        super().__init__(f"{status} {reason}: {message}" if status else f"{reason}: {message}")
        self.status = status
        self.reason = reason
        self.message = message

    @classmethod
    def from_status(cls, status: int, body: Any) -> ApiError:
        """From an HTTP status and a response body that is usually a `Status` object."""
        if isinstance(body, bytes | str):
            try:
                body = json.loads(body or "{}")
            except ValueError:
                body = {"message": str(body)[:500]}
        body = body if isinstance(body, dict) else {}
        code = int(body.get("code") or status or 0)
        return cls(code, str(body.get("reason") or "Unknown"), str(body.get("message") or ""))

    @property
    def not_found(self) -> bool:
        return self.status == 404

    @property
    def conflict(self) -> bool:
        """The object changed since it was read (stale `resourceVersion`): re-read and try again."""
        return self.status == 409 and self.reason != "AlreadyExists"

    @property
    def already_exists(self) -> bool:
        return self.status == 409 and self.reason == "AlreadyExists"

    @property
    def gone(self) -> bool:
        """A watch asked for a version the server no longer has: list again."""
        return self.status == 410

    @property
    def transient(self) -> bool:
        return self.status in TRANSIENT_STATUSES


def _unavailable(method: str, path: str, exc: BaseException) -> ApiError:
    return ApiError(0, "Unavailable", f"{method} {path}: {type(exc).__name__}: {exc}")


class KubeClient:
    """Requests to one API server; `connect` builds the `ApiClient` lazily, on first use, inside the event loop."""

    def __init__(
        self,
        api_client: ApiClient | None = None,
        *,
        connect: Callable[[], Awaitable[ApiClient]] | None = None,
        request_timeout: float = 30.0,
    ):
        if api_client is None and connect is None:
            raise ValueError("pass an ApiClient or a coroutine function that makes one")
        self._api = api_client
        self._connect = connect
        self._lock = asyncio.Lock()
        self.request_timeout = request_timeout

    async def _client(self) -> ApiClient:
        if self._api is None:
            async with self._lock:
                if self._api is None:
                    assert self._connect is not None
                    self._api = await self._connect()
        return self._api

    async def _call(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        body: Any = None,
        content_type: str = "application/json",
    ) -> dict[str, Any]:
        api = await self._client()
        try:
            return await api.call_api(
                path,
                method,
                query_params=list((query or {}).items()),
                header_params={"Accept": "application/json", "Content-Type": content_type},
                body=body,
                response_types_map={200: "object", 201: "object", 202: "object"},
                auth_settings=["BearerToken"],
                _return_http_data_only=True,
                _preload_content=True,
                _request_timeout=self.request_timeout,
            )
        except ApiException as exc:
            raise ApiError.from_status(exc.status or 0, exc.body) from None
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise _unavailable(method, path, exc) from None

    async def get(self, resource: Resource, namespace: str | None, name: str) -> dict[str, Any]:
        return await self._call("GET", resource.path(namespace, name))

    async def create(self, resource: Resource, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", resource.path(body["metadata"].get("namespace")), body=body)

    async def replace(
        self, resource: Resource, body: dict[str, Any], *, subresource: str | None = None
    ) -> dict[str, Any]:
        """PUT `body`; its `metadata.resourceVersion` makes it conditional (409 Conflict when stale)."""
        meta = body["metadata"]
        return await self._call("PUT", resource.path(meta.get("namespace"), meta["name"], subresource), body=body)

    async def patch(
        self,
        resource: Resource,
        namespace: str | None,
        name: str,
        patch: Any,
        *,
        content_type: str = MERGE_PATCH,
        subresource: str | None = None,
    ) -> dict[str, Any]:
        return await self._call(
            "PATCH", resource.path(namespace, name, subresource), body=patch, content_type=content_type
        )

    async def delete(
        self,
        resource: Resource,
        namespace: str | None,
        name: str,
        *,
        propagation: str = "Background",
        preconditions: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        options: dict[str, Any] = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": propagation}
        if preconditions:
            options["preconditions"] = preconditions
        return await self._call("DELETE", resource.path(namespace, name), body=options)

    async def list(
        self, resource: Resource, *, namespace: str | None = None, label_selector: str | None = None
    ) -> dict[str, Any]:
        """The list object: `items` plus `metadata.resourceVersion` to watch from."""
        query = {"labelSelector": label_selector} if label_selector else None
        return await self._call("GET", resource.path(namespace), query=query)

    async def watch(
        self,
        resource: Resource,
        *,
        namespace: str | None = None,
        resource_version: str | None = None,
        label_selector: str | None = None,
        timeout_seconds: int = 300,
    ) -> AsyncIterator[dict[str, Any]]:
        """Events (`{"type", "object"}`) after `resource_version` until the server ends the stream.

        An `ERROR` event (e.g. 410 Expired: the version is too old) is raised as `ApiError`.
        """
        path = resource.path(namespace)
        query = {"watch": "true", "timeoutSeconds": str(timeout_seconds), "allowWatchBookmarks": "true"}
        if resource_version:
            query["resourceVersion"] = resource_version
        if label_selector:
            query["labelSelector"] = label_selector
        api = await self._client()
        timeout = aiohttp.ClientTimeout(connect=self.request_timeout, sock_read=timeout_seconds + self.request_timeout)
        try:
            response = await api.call_api(
                path,
                "GET",
                query_params=list(query.items()),
                header_params={"Accept": "application/json"},
                auth_settings=["BearerToken"],
                _preload_content=False,
                _request_timeout=timeout,
            )
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise _unavailable("WATCH", path, exc) from None
        try:
            if response.status != 200:
                raise ApiError.from_status(response.status, await response.read())
            async for line in response.content:
                if not line.strip():
                    continue
                event = json.loads(line)
                if event.get("type") == "ERROR":
                    raise ApiError.from_status(0, event.get("object") or {})
                yield event
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise _unavailable("WATCH", path, exc) from None
        finally:
            response.close()  # a watch connection is never reused

    async def crd_established(self, name: str = CRD_NAME) -> bool:
        """Whether the CRD `name` is installed and its API is served (condition `Established`)."""
        try:
            definition = await self.get(CRDS, None, name)
        except ApiError as exc:
            if exc.not_found:
                return False
            raise
        conditions = (definition.get("status") or {}).get("conditions") or []
        return any(c.get("type") == "Established" and c.get("status") == "True" for c in conditions)

    async def close(self) -> None:
        if self._api is not None:
            await self._api.close()


def api_client_for_host(host: str, *, token: str | None = None) -> ApiClient:
    """An ApiClient for the API server at `host` (e.g. `http://127.0.0.1:8001`, a `kubectl proxy` or a test server)."""
    configuration = Configuration(host=host)
    if token:
        configuration.api_key = {"BearerToken": token}
        configuration.api_key_prefix = {"BearerToken": "Bearer"}
    return ApiClient(configuration)


async def api_client_from_environment(*, kubeconfig: str | None = None, context: str | None = None) -> ApiClient:
    """In a pod (KUBERNETES_SERVICE_HOST set, no explicit kubeconfig): the service account; else the kubeconfig.

    The kubeconfig is `kubeconfig`, else `$KUBECONFIG`, else `~/.kube/config`, as kubectl reads it.
    """
    configuration = Configuration()
    if kubeconfig is None and os.environ.get("KUBERNETES_SERVICE_HOST"):
        kube_config.load_incluster_config(client_configuration=configuration)
    else:
        await kube_config.load_kube_config(config_file=kubeconfig, context=context, client_configuration=configuration)
    return ApiClient(configuration)
