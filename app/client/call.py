"""One API call as a value: method, path, query, body and the model its answer decodes into.

The routes (`app.client.routes`) build calls; the sync and the async client only send them, so the
API is described once for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

T = TypeVar("T")
Body = BaseModel | Mapping[str, Any]


@cache
def _adapter(returns: Any) -> TypeAdapter[Any]:
    return TypeAdapter(returns)


def body_json(body: Body | None) -> Any:
    """A request model as JSON (only the fields the caller set), a mapping as it is."""
    if body is None:
        return None
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", exclude_unset=True, by_alias=True)
    return dict(body)


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str
    # The answer's type (a model, `list[Model]`), or None when the route answers without a body.
    returns: Any = None
    params: Mapping[str, Any] = field(default_factory=dict)
    body: Body | None = None
    form: Mapping[str, str] | None = None
    timeout: float | None = None

    def request_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"params": {k: v for k, v in self.params.items() if v is not None}}
        if self.body is not None:
            args["json"] = body_json(self.body)
        if self.form is not None:
            args["data"] = dict(self.form)
        if self.timeout is not None:
            args["timeout"] = self.timeout
        return args

    def decode(self, response: httpx.Response) -> T:
        if self.returns is None or not response.content:
            return None  # type: ignore[return-value]
        return _adapter(self.returns).validate_json(response.content)
