"""The Phoenix application: one FastAPI app, its lifespan (database, migrations, admin bootstrap,
scheduler) and its routers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.auth import service as auth_service
from app.auth.api_keys_router import router as api_keys_router
from app.auth.dependencies import principal_cache
from app.auth.router import router as auth_router
from app.auth.throttle import LoginThrottle
from app.auth.users_router import router as users_router
from app.control.drift import DriftDetector
from app.control.dynamic import DynamicController
from app.control.router import router as control_router
from app.core import migrations, workers
from app.core.api_docs import install_api_docs
from app.core.change_feed import Change, ChangeFeed
from app.core.config import Settings, get_settings
from app.core.db import create_engine, create_sessionmaker
from app.core.db_outage import install_database_outage_handler
from app.core.errors import install_error_handlers
from app.core.health import router as health_router
from app.core.heap import freeze_startup_heap
from app.core.jobs import JobContext
from app.core.leader import LeaderLock
from app.core.logging import configure_logging
from app.core.middleware import RequestContextMiddleware
from app.core.proxy import TrustedProxyMiddleware
from app.core.scheduler import Scheduler
from app.core.spa import mount_spa
from app.deployments.router import router as deployments_router
from app.events.router import router as events_router
from app.experiments.listing import page_cache as experiment_page_cache
from app.experiments.reconciler import Reconciler
from app.experiments.router import router as experiments_router
from app.experiments.sampler import Sampler
from app.experiments.service import names_using_pipeline
from app.pipelines import usage as pipeline_usage
from app.pipelines.router import router as pipelines_router
from app.runtimes.factory import build_runtime, operator_supervisor
from app.simulation.router import router as simulations_router
from app.simulation.service import SimulationManager

log = logging.getLogger("phoenix")


async def _bootstrap_admin(app: FastAPI) -> None:
    async with app.state.sessionmaker() as session:
        generated = await auth_service.ensure_admin(session, password=app.state.settings.admin_password)
    if generated:
        # Printed once, on the start that created the account; `phoenix users set-password` resets it.
        banner = f"Phoenix admin login: username=admin password={generated}"
        print(f"\n{'=' * len(banner)}\n{banner}\n{'=' * len(banner)}\n", flush=True)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if settings.migrate_on_start:
        await asyncio.to_thread(migrations.upgrade, settings.database_url)
    app.state.engine = create_engine(settings.database_url)
    app.state.sessionmaker = create_sessionmaker(app.state.engine, app.state.changes)
    await _bootstrap_admin(app)
    app.state.runtime = build_runtime(settings)
    app.state.leader = LeaderLock(app.state.engine)
    changes: ChangeFeed = app.state.changes
    app.state.simulations = SimulationManager(
        on_change=lambda id_, action: changes.publish_from_thread([Change("simulations", id_, action)])
    )
    workers.configure(settings)  # the compute pool; its processes start on first use
    ctx = JobContext(
        sessionmaker=app.state.sessionmaker,
        runtime=app.state.runtime,
        settings=settings,
        simulations=app.state.simulations,
    )
    app.state.reconciler = Reconciler(ctx, app.state.leader)
    app.state.sampler = Sampler(ctx, app.state.leader)
    app.state.drift = DriftDetector(ctx, app.state.leader)
    app.state.dynamic = DynamicController(ctx, app.state.leader)
    if settings.jobs_enabled:
        app.state.scheduler.add_interval_job(
            "reconciler", app.state.reconciler.tick, settings.effective_reconcile_interval
        )
        app.state.scheduler.add_interval_job("sampler", app.state.sampler.tick, settings.sample_interval)
        app.state.scheduler.add_interval_job("drift", app.state.drift.tick, settings.effective_reconcile_interval)
        app.state.scheduler.add_interval_job("dynamic", app.state.dynamic.tick, settings.sample_interval)
    app.state.operator = operator_supervisor(settings, app.state.leader)
    if app.state.operator is not None and settings.jobs_enabled:
        app.state.scheduler.add_interval_job("kubernetes-operator", app.state.operator.tick, 5.0)
    frozen = freeze_startup_heap()  # before the first tick, which allocates the most
    app.state.scheduler.start()
    log.debug("froze %d start-up objects out of the garbage collector's scans", frozen)
    log.info("Phoenix ready: runtime=%s database=%s", settings.runtime, settings.database_url.split("://")[0])
    try:
        yield
    finally:
        await app.state.scheduler.shutdown()
        if app.state.operator is not None:
            await app.state.operator.shutdown()
        await app.state.runtime.close()
        await asyncio.to_thread(app.state.simulations.shutdown)  # no simulated process outlives Phoenix
        await workers.shutdown()  # nor a compute worker
        await app.state.leader.release()
        await app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; tests pass their own settings, `phoenix serve` uses the environment's."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Phoenix",
        version="0.1.0",
        summary="Cut the cost of OpenTelemetry host process metrics without losing the processes that matter.",
        lifespan=lifespan,
        docs_url=None,  # served by install_api_docs, with local assets
        redoc_url=None,
    )
    app.state.settings = settings
    pipeline_usage.register("experiments", names_using_pipeline)  # a pipeline an experiment runs stays
    app.state.scheduler = Scheduler()
    app.state.changes = ChangeFeed()  # committed writes, for read caches and the event stream
    app.state.login_throttle = LoginThrottle()
    app.state.principals = principal_cache(app.state.changes, settings)
    app.state.experiment_pages = experiment_page_cache(app.state.changes, settings)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    # Added last, so outermost: every layer below sees the client address it decides.
    app.add_middleware(TrustedProxyMiddleware, trusted_proxies=settings.trusted_proxies)
    install_error_handlers(app)
    install_database_outage_handler(app)  # 503 + Retry-After while the database is unreachable
    routers = (
        health_router,
        auth_router,
        users_router,
        api_keys_router,
        experiments_router,
        pipelines_router,
        deployments_router,
        control_router,
        simulations_router,
        events_router,
    )
    for router in routers:
        app.include_router(router)
    install_api_docs(app)
    mount_spa(app, settings.frontend_dist)
    return app


def create_app_from_env() -> FastAPI:
    """uvicorn factory entry point (`app.main:create_app_from_env`)."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
