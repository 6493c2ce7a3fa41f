"""The strict base of every request body: an unknown field is an error, not silently dropped."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A request body (or any input shape) that refuses fields it does not declare.

    Subclasses add to the config (`model_config = ConfigDict(frozen=True)`); pydantic merges it with
    this one, so `extra="forbid"` stays.
    """

    model_config = ConfigDict(extra="forbid")
