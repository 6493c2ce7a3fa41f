"""Imports every table module so SQLModel.metadata is complete (Alembic, tests)."""


def load_all_models() -> None:
    from app.auth import models as _auth  # noqa: F401
    from app.control import models as _control  # noqa: F401
    from app.deployments import models as _deployments  # noqa: F401
    from app.experiments import models as _experiments  # noqa: F401
    from app.pipelines import models as _pipelines  # noqa: F401
