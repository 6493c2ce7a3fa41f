"""Helpers for the tests that run Phoenix's Kubernetes code against the in-process fake API server.

No cluster can run on the machines the tests run on; `tests/runtimes/kubernetes/fake_apiserver` is a fake that
follows the real REST semantics, served over HTTP on 127.0.0.1, and the code under test talks to
it through kubernetes_asyncio as it would to a real API server. Backoffs are shortened so that
outages of a second are several retry intervals and the tests take seconds.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from app.pipelines.render import render_template
from app.runtimes.base import VariantDeployment
from app.runtimes.kubernetes.client import KubeClient, api_client_for_host
from app.runtimes.kubernetes.retry import Backoff
from app.runtimes.kubernetes.variant_config import collector_parameters, ports_for_variant
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer

FAST = Backoff(initial=0.02, factor=2.0, maximum=0.2, attempts=6, jitter=0.1)
"""Retry delays for tests: 20 ms doubling to 200 ms, six tries (≈0.6 s before giving up)."""


def make_variant(
    label: str = "candidate",
    *,
    template: str = "process-topk-v1",
    experiment: str = "topk-vs-baseline",
    parameters: dict[str, Any] | None = None,
    namespace: str = "observability",
) -> VariantDeployment:
    """A variant rendered for a collector pod, as the experiment reconciler hands it to the runtime."""
    ports = ports_for_variant(label)
    rendered = render_template(
        template, collector_parameters(parameters or {}, experiment_id=experiment, variant=label, ports=ports)
    )
    return VariantDeployment(
        owner=experiment,
        owner_id=experiment,
        label=label,
        config_yaml=rendered.config_yaml,
        template=template,
        parameters=dict(rendered.parameters),
        namespace=namespace,
    )


def client_for(server: FakeApiServer) -> KubeClient:
    return KubeClient(api_client_for_host(server.url), request_timeout=5.0)


async def eventually(check: Callable[[], Any], *, within: float = 5.0, interval: float = 0.02) -> Any:
    """Call (and await, if need be) `check()` until it gives something truthy (returned) or fail after `within` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    last: Any = None
    while loop.time() < deadline:
        last = check()
        if inspect.isawaitable(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {within}s (last value: {last!r})")
