"""`/api/v1/control`: control signals, drift reports and the state of the control loop."""

from __future__ import annotations

from app.client.call import Body, Call
from app.control.models import ControlStatus, DeploymentLiveRead, DriftReportRead, SignalCreate, SignalRead

BASE = "/api/v1/control"


def send_signal(body: SignalCreate | Body) -> Call[SignalRead]:
    return Call("POST", f"{BASE}/signals", SignalRead, body=body)


def signals(*, experiment_id: str | None = None, limit: int = 50) -> Call[list[SignalRead]]:
    return Call("GET", f"{BASE}/signals", list[SignalRead], params={"experiment_id": experiment_id, "limit": limit})


def signal(signal_id: str) -> Call[SignalRead]:
    return Call("GET", f"{BASE}/signals/{signal_id}", SignalRead)


def drift(*, open_only: bool = False, limit: int = 100) -> Call[list[DriftReportRead]]:
    return Call("GET", f"{BASE}/drift", list[DriftReportRead], params={"open_only": open_only, "limit": limit})


def status() -> Call[ControlStatus]:
    return Call("GET", f"{BASE}/status", ControlStatus)


def live_deployments() -> Call[list[DeploymentLiveRead]]:
    """Each active deployment's latest live KPIs, as the drift detector sampled them."""
    return Call("GET", f"{BASE}/deployments/live", list[DeploymentLiveRead])
