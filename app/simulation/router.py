"""`/api/v1/simulations`: load profiles, and real process populations started, watched and stopped.

Thin: parse, check the role, call the `SimulationManager` on `app.state.simulations`. The handlers
are plain functions (run in the thread pool) because starting and stopping touch processes and
files; starting returns at once with status `starting` while the population is spawned.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from app.auth.dependencies import Operator, Viewer
from app.core.errors import Conflict
from app.simulation.models import ProfilesRead, SimulationCreate, SimulationRead
from app.simulation.service import SimulationManager

router = APIRouter(prefix="/api/v1/simulations", tags=["simulations"])


def _simulations(request: Request) -> SimulationManager:
    manager = getattr(request.app.state, "simulations", None)
    if manager is None:
        raise Conflict("the simulator is not running in this Phoenix process")
    return manager


@router.get("/profiles", response_model=ProfilesRead)
def list_profiles(request: Request, _: Viewer) -> ProfilesRead:
    """The load profiles (the built-in ones, then `custom`) and the host's process cap."""
    return _simulations(request).profiles()


@router.post("", response_model=SimulationRead, status_code=status.HTTP_202_ACCEPTED)
def start_simulation(body: SimulationCreate, request: Request, _: Operator) -> SimulationRead:
    """Start a simulation; it answers at once (status `starting`) while the processes are spawned."""
    return _simulations(request).start(body)


@router.get("", response_model=list[SimulationRead])
def list_simulations(request: Request, _: Viewer) -> list[SimulationRead]:
    """Simulations of this Phoenix process, newest first, with live counts."""
    return _simulations(request).list()


@router.get("/{simulation_id}", response_model=SimulationRead)
def get_simulation(simulation_id: str, request: Request, _: Viewer) -> SimulationRead:
    """One simulation with live counts: active processes, started, exited, status."""
    return _simulations(request).get(simulation_id)


@router.post("/{simulation_id}/stop", response_model=SimulationRead)
def stop_simulation(simulation_id: str, request: Request, _: Operator) -> SimulationRead:
    """Stop a simulation; returns when its processes are gone (stopping a finished one is a no-op)."""
    return _simulations(request).stop(simulation_id)
