"""Two Phoenix replicas on one PostgreSQL: only the holder of the advisory lock reconciles, and
when it goes away the other takes over. Two real app instances in one test, one database."""

from __future__ import annotations

import pytest
from asgi_lifespan import LifespanManager

from app.core.pricing import Pricing
from app.experiments import service
from app.experiments.models import ExperimentCreate
from app.main import create_app
from tests.conftest import make_settings
from tests.experiment_bodies import experiment_body


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_only_one_replica_reconciles(database_url: str) -> None:
    first, second = create_app(make_settings(database_url)), create_app(make_settings(database_url))
    async with LifespanManager(first, startup_timeout=60):
        async with LifespanManager(second, startup_timeout=60):
            reports = [await first.state.reconciler.tick(), await second.state.reconciler.tick()]
            assert [r.leader for r in reports] == [True, False]
            again = [await second.state.reconciler.tick(), await first.state.reconciler.tick()]
            assert [r.leader for r in again] == [False, True]  # the lock stays with its holder
            assert await second.state.sampler.tick() == 0  # followers do not sample either

            async with first.state.sessionmaker() as session:
                body = ExperimentCreate(**experiment_body())
                experiment = await service.create(
                    session, data=body, actor="test", default_pricing=Pricing(), runtime=first.state.runtime
                )
                await service.start(session, experiment_id=experiment.id, actor="test")
            await second.state.reconciler.tick()
            assert second.state.runtime.running_keys() == set()  # the follower touched nothing
            await first.state.reconciler.tick()
            assert first.state.runtime.running_keys() == {"topk-trial/baseline", "topk-trial/candidate"}
        # `second` shut down; `first` still leads
        assert (await first.state.reconciler.tick()).leader is True

    third = create_app(make_settings(database_url))
    async with LifespanManager(third, startup_timeout=60):
        assert (await third.state.reconciler.tick()).leader is True  # the lock was released at shutdown
