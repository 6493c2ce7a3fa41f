"""Every route of the Phoenix API as a function that builds a `Call`, one module per API domain."""

from app.client.routes import api_keys, auth, control, deployments, experiments, pipelines, simulations, users

__all__ = ["api_keys", "auth", "control", "deployments", "experiments", "pipelines", "simulations", "users"]
