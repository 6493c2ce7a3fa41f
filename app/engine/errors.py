"""Errors of the embedded pipeline engine.

The engine refuses loudly instead of guessing: a config that uses a component, a setting or an
OTTL function it does not implement raises `EngineUnsupported` naming the component, so a preview
never silently shows "no change" for something the real collector would do.
"""

from __future__ import annotations


class EngineError(RuntimeError):
    """A config the engine cannot build or run (malformed pipeline, bad component config)."""

    def __init__(self, message: str, component: str | None = None) -> None:
        super().__init__(f"{component}: {message}" if component else message)
        self.component, self.detail = component, message


class EngineUnsupported(EngineError):
    """Valid collector configuration the local engine does not implement (component, setting or OTTL)."""
