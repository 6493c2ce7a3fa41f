"""`/api/v1/simulations`: load profiles and simulated process populations on the server's host."""

from __future__ import annotations

from app.client.call import Body, Call
from app.simulation.models import ProfilesRead, SimulationCreate, SimulationRead

BASE = "/api/v1/simulations"


def profiles() -> Call[ProfilesRead]:
    return Call("GET", f"{BASE}/profiles", ProfilesRead)


def start(body: SimulationCreate | Body) -> Call[SimulationRead]:
    return Call("POST", BASE, SimulationRead, body=body)


def list_() -> Call[list[SimulationRead]]:
    return Call("GET", BASE, list[SimulationRead])


def get(simulation_id: str) -> Call[SimulationRead]:
    return Call("GET", f"{BASE}/{simulation_id}", SimulationRead)


def stop(simulation_id: str) -> Call[SimulationRead]:
    return Call("POST", f"{BASE}/{simulation_id}/stop", SimulationRead, timeout=60.0)
