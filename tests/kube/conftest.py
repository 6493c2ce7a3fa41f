"""The real control plane (tests/kube/control_plane.py), started once per test session.

It needs `build/kube/phoenix-kube` (`make kube`): missing, the tests fail in CI and skip locally
(`require_component`), like every other real component.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from app.runtimes.kubernetes.client import KubeClient, api_client_from_environment
from tests.conftest import require_component
from tests.kube.control_plane import BINARY, ControlPlane, ControlPlaneError


@pytest.fixture(scope="session")
def control_plane() -> Iterator[ControlPlane]:
    if not BINARY.exists():
        require_component("the Kubernetes control plane", f"{BINARY} is missing; build it with `make kube`")
    try:
        plane = ControlPlane().start()
    except ControlPlaneError as exc:
        pytest.fail(f"the Kubernetes control plane did not start: {exc}")
    yield plane
    plane.stop()


@pytest.fixture
async def admin_client(control_plane: ControlPlane) -> AsyncIterator[KubeClient]:
    """Phoenix's client with the admin's credentials (setup and checks outside Phoenix's Role)."""
    client = KubeClient(await api_client_from_environment(kubeconfig=str(control_plane.admin_kubeconfig)))
    yield client
    await client.close()
