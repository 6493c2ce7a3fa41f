"""The fake Kubernetes API server: an aiohttp app on 127.0.0.1, run inside the test's event loop.

No Kubernetes cluster can run on the machines the tests run on, so Phoenix's kubernetes_asyncio
code is tested against this fake, which follows the real REST semantics (see `store`, `watches`,
`patches`) for the resources Phoenix uses: core/v1 ConfigMaps, Services and Pods, apps/v1
DaemonSets, the PhoenixProcessPipeline custom resources with their `/status` subresource, and
`GET` of the CRD. Paths, verbs, status codes and `Status` error bodies are those of the real
server, so the client code cannot tell the difference for what it uses.

Knobs a test turns:

- `fail(status, seconds=..., count=...)`: answer every request with 503/500 for a while (outage);
- `refuse(seconds)`: stop listening and drop open connections, so clients get connection errors;
- `lose_responses(n)`: perform the next `n` writes but answer 504, like a timed-out request whose
  write reached etcd anyway;
- `hooks`: coroutines run before a request is handled (e.g. a concurrent writer);
- `authorize`/`namespaces`: requests are authorized against the permissions the install grants
  Phoenix (`rbac`); a refused one is answered 403 and kept in `forbidden`;
- `daemon_sets`: the simulated DaemonSet controller (`controllers.FakeDaemonSetController`);
- `store.history.compact(...)`: forget history so that an old watch version gets 410 Gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from app.runtimes.kubernetes.crd import crd
from tests.runtimes.kubernetes.fake_apiserver.controllers import FakeDaemonSetController
from tests.runtimes.kubernetes.fake_apiserver.rbac import ApiCall, Rbac, verb_of
from tests.runtimes.kubernetes.fake_apiserver.resources import BY_PATH, CRDS, ApiStatusError, ResourceType, status_body
from tests.runtimes.kubernetes.fake_apiserver.store import Store, timestamp
from tests.runtimes.kubernetes.fake_apiserver.validation import official_schema_errors

Hook = Callable[[web.Request], Awaitable[None]]
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    status: int


@dataclass(frozen=True)
class Target:
    resource: ResourceType
    namespace: str | None
    name: str | None
    subresource: str | None


def _not_found_path() -> ApiStatusError:
    return ApiStatusError(404, "NotFound", "the server could not find the requested resource")


def parse_path(path: str) -> Target:
    """`/api/v1/namespaces/ns/configmaps/x`, `/apis/apps/v1/daemonsets`, ... → what it addresses."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        group, version, rest = "", parts[1], parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        raise _not_found_path()
    namespace = None
    if len(rest) >= 3 and rest[0] == "namespaces":
        namespace, rest = rest[1], rest[2:]
    if not rest or len(rest) > 3:
        raise _not_found_path()
    resource = BY_PATH.get((group, version, rest[0]))
    if resource is None or (namespace is not None and not resource.namespaced):
        raise _not_found_path()
    name = rest[1] if len(rest) > 1 else None
    if resource.namespaced and name is not None and namespace is None:
        raise _not_found_path()
    return Target(resource, namespace, name, rest[2] if len(rest) > 2 else None)


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")


class FakeApiServer:
    def __init__(
        self,
        *,
        nodes: int = 3,
        validate: bool = True,
        controller_delay: float = 0.01,
        gc_delay: float = 0.02,
        install_crd: bool = True,
        authorize: bool = True,
        namespaces: Collection[str] | None = None,
    ):
        self.store = Store(validator=official_schema_errors if validate else None, gc_delay=gc_delay)
        self.daemon_sets = FakeDaemonSetController(self.store, nodes=nodes, delay=controller_delay)
        self.requests: list[RecordedRequest] = []
        self.rbac = Rbac(namespaces=namespaces) if authorize else None
        self.forbidden: list[ApiCall] = []
        self.calls: list[ApiCall] = []
        """Every request that named a served resource, as RBAC sees it (also those refused)."""
        self.hooks: list[Hook] = []
        self._failing: tuple[int, float | None, int | None] | None = None
        self._lost = 0
        self._refusing = False
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self.port = 0
        if install_crd:
            self.install_crd()

    def install_crd(self) -> None:
        """Install (and mark established) the PhoenixProcessPipeline CRD; until then its paths are 404."""
        definition = self.store.create(CRDS, None, crd(), validate=False)
        definition["status"] = {
            "conditions": [
                {
                    "type": "Established",
                    "status": "True",
                    "reason": "InitialNamesAccepted",
                    "message": "",
                    "lastTransitionTime": timestamp(),
                }
            ],
            "acceptedNames": definition["spec"]["names"],
        }
        self.store.replace(CRDS, None, definition["metadata"]["name"], definition, subresource="status", validate=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- lifecycle and outage knobs ---------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        await self._listen()

    async def _listen(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await self._site.start()
        sockets = self._runner.addresses
        self.port = sockets[-1][1]

    def _drop_connections(self) -> None:
        self.store.history.close_all()
        if self._runner is not None and self._runner.server is not None:
            for connection in self._runner.server.connections:
                connection.force_close()

    async def stop(self) -> None:
        self._drop_connections()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, status: int = 503, *, seconds: float | None = None, count: int | None = None) -> None:
        """Answer every request with `status` for `seconds` (or the next `count` requests, or until `restore`)."""
        until = None if seconds is None else asyncio.get_running_loop().time() + seconds
        self._failing = (status, until, count)
        self.store.history.close_all()

    async def refuse(self, seconds: float | None = None) -> None:
        """Stop listening and drop every connection (connection refused) for `seconds` or until `restore`."""
        self._refusing = True
        if self._site is not None:
            await self._site.stop()
        self._drop_connections()
        if seconds is not None:
            asyncio.get_running_loop().call_later(seconds, lambda: asyncio.ensure_future(self.restore()))

    async def restore(self) -> None:
        """End any outage."""
        self._failing = None
        if self._refusing:
            self._refusing = False
            await self._listen()

    def lose_responses(self, count: int = 1) -> None:
        """Perform the next `count` writes, then answer 504 as if the request had timed out."""
        self._lost = count

    def writes(self, resource: ResourceType | None = None, method: str | None = None) -> list[RecordedRequest]:
        """Recorded write requests, optionally only those to `resource` and with `method`."""
        return [
            r
            for r in self.requests
            if r.method in WRITES
            and (method is None or r.method == method)
            and (resource is None or f"/{resource.plural}" in r.path)
        ]

    # ---- request handling -------------------------------------------------------------------------

    def _outage(self) -> web.Response | None:
        if self._refusing:
            self._drop_connections()
            return _json(status_body(503, "ServiceUnavailable", "connection refused"), 503)
        if self._failing is None:
            return None
        status, until, count = self._failing
        if until is not None and asyncio.get_running_loop().time() >= until:
            self._failing = None
            return None
        if count is not None:
            if count <= 0:
                self._failing = None
                return None
            self._failing = (status, until, count - 1)
        reason = "ServiceUnavailable" if status == 503 else "InternalError"
        return _json(status_body(status, reason, f"fake outage ({status})"), status)

    def _authorize(self, request: web.Request) -> web.Response | None:
        """403 Forbidden, as the real authorizer answers, for a request the permissions do not grant."""
        try:
            target = parse_path(request.path)
        except ApiStatusError:
            return None  # not a served resource: the handler answers 404
        resource = target.resource.plural + (f"/{target.subresource}" if target.subresource else "")
        verb = verb_of(request.method, target.name, request.query)
        call = ApiCall(verb, target.resource.group, resource, target.namespace, target.name)
        self.calls.append(call)
        if self.rbac is None or self.rbac.allows(call):
            return None
        self.forbidden.append(call)
        scope = f'in the namespace "{call.namespace}"' if call.namespace else "at the cluster scope"
        message = (
            f'{target.resource.qualified} is forbidden: User "system:serviceaccount:phoenix-system:phoenix" '
            f'cannot {verb} resource "{resource}" in API group "{call.group}" {scope}'
        )
        return _json(status_body(403, "Forbidden", message), 403)

    def assert_nothing_forbidden(self) -> None:
        """Fail when a request was refused: the install's RBAC would refuse it on a cluster too."""
        if self.forbidden:
            refused = "\n  ".join(sorted({str(call) for call in self.forbidden}))
            raise AssertionError(
                "requests outside the permissions Phoenix is granted (app/runtimes/kubernetes/permissions.py, "
                f"deploy/kubernetes):\n  {refused}"
            )

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[..., Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        for hook in list(self.hooks):
            await hook(request)
        response = self._outage() or self._authorize(request)
        streaming = request.query.get("watch") in ("true", "1")
        if response is None and streaming:  # recorded when the stream opens: it may stay open for long
            self.requests.append(RecordedRequest(request.method, request.path, dict(request.query), 200))
            try:
                return await handler(request)
            except ApiStatusError as exc:
                return _json(exc.body, exc.code)
        if response is None:
            try:
                response = await handler(request)
            except ApiStatusError as exc:
                response = _json(exc.body, exc.code)
            if self._lost > 0 and request.method in WRITES and response.status < 300:
                self._lost -= 1
                response = _json(
                    status_body(504, "Timeout", "Timeout: request did not complete within the requested timeout"), 504
                )
        self.requests.append(RecordedRequest(request.method, request.path, dict(request.query), response.status))
        return response

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        target = parse_path(request.path)
        if target.resource.custom and self.store.find(CRDS, None, f"{target.resource.qualified}") is None:
            raise _not_found_path()  # a custom resource is served only while its CRD is installed
        rt, ns, name, sub = target.resource, target.namespace, target.name, target.subresource
        query = request.query
        if request.method == "GET" and name is None:
            if query.get("watch") in ("true", "1"):
                return await self._watch(request, target)
            return _json(self.store.list(rt, ns, query.get("labelSelector"), query.get("fieldSelector")))
        if request.method == "GET":
            obj = self.store.get(rt, ns, name)
            if sub not in (None, "status"):
                raise _not_found_path()
            return _json(obj)
        if request.method == "POST" and name is None:
            return _json(self.store.create(rt, ns, await self._body(request)), 201)
        if name is None:
            raise ApiStatusError(405, "MethodNotAllowed", f"{request.method} is not supported on a collection")
        if request.method == "PUT":
            return _json(self.store.replace(rt, ns, name, await self._body(request), subresource=sub))
        if request.method == "PATCH":
            return _json(self.store.patch(rt, ns, name, await request.read(), request.content_type, subresource=sub))
        if request.method == "DELETE" and sub is None:
            options = await self._body(request) if request.can_read_body else {}
            options = options or {}
            if "propagationPolicy" in query:
                options["propagationPolicy"] = query["propagationPolicy"]
            obj, gone_now = self.store.delete(rt, ns, name, options)
            if not gone_now:
                return _json(obj, 202)
            if rt.custom:
                return _json(obj)
            return _json(
                {
                    "kind": "Status",
                    "apiVersion": "v1",
                    "metadata": {},
                    "status": "Success",
                    "details": {"name": name, "kind": rt.plural, "uid": obj["metadata"]["uid"]},
                }
            )
        raise ApiStatusError(405, "MethodNotAllowed", f"{request.method} is not supported here")

    @staticmethod
    async def _body(request: web.Request) -> Any:
        raw = await request.read()
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise ApiStatusError(400, "BadRequest", "the body is not valid JSON") from None

    async def _watch(self, request: web.Request, target: Target) -> web.StreamResponse:
        query = request.query
        response = web.StreamResponse(status=200, headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        try:
            watcher, initial = self.store.watch(
                target.resource,
                target.namespace,
                query.get("labelSelector"),
                query.get("fieldSelector"),
                query.get("resourceVersion"),
            )
        except ApiStatusError as exc:
            if exc.code != 410:
                raise
            await response.prepare(request)
            await response.write(json.dumps({"type": "ERROR", "object": exc.body}).encode() + b"\n")
            return response
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(query.get("timeoutSeconds") or 1800)
        try:
            for event in initial:
                await response.write(json.dumps(event).encode() + b"\n")
            while (remaining := deadline - loop.time()) > 0:
                try:
                    event = await asyncio.wait_for(watcher.queue.get(), remaining)
                except TimeoutError:
                    break
                if event is None:
                    break
                await response.write(json.dumps(copy.deepcopy(event)).encode() + b"\n")
        except (ConnectionResetError, RuntimeError):
            pass
        finally:
            self.store.history.watchers.discard(watcher)
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await response.write_eof()
        return response
