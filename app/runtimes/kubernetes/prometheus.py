"""A small Prometheus HTTP API client: instant and range queries that never raise.

Why it never raises: KPIs are sampled by a background job and shown by API routes, and a
Prometheus that is down, slow, overloaded or handed a query it rejects is an expected state of a
fleet, not a bug. Every failure (connection refused, timeout, non-2xx status, a body that is not
the API's JSON envelope, `status: "error"`, an unexpected result type) becomes a `Degraded` value
carrying the reason and the query, which callers store or show; a 500 can never come from here.

Timeouts are enforced twice: httpx stops waiting after `timeout` seconds, and the same budget is
passed to Prometheus as the `timeout` parameter (plain seconds: the API parses a float, while a
duration string such as "2.5s" would be refused) so the server abandons the evaluation too.
Queries are sent as form-encoded POSTs (both endpoints accept it), so long regex alternations of
critical-process patterns never hit URL length limits. Works with any server that speaks the
Prometheus HTTP API (Prometheus, Thanos Query, Mimir, VictoriaMetrics).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

DEFAULT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Degraded:
    """Prometheus could not answer; `reason` says why in a sentence an operator can act on."""

    reason: str
    query: str = ""


@dataclass(frozen=True)
class Sample:
    """One element of an instant vector: its labels and value."""

    labels: dict[str, str]
    value: float


@dataclass(frozen=True)
class Series:
    """One element of a range query's matrix: labels and (unix seconds, value) points."""

    labels: dict[str, str]
    points: list[tuple[float, float]]


@dataclass(frozen=True)
class Vector:
    """The answer to an instant query (a scalar answer becomes one sample without labels)."""

    samples: list[Sample]
    warnings: list[str] = field(default_factory=list)

    def by(self, *label_names: str) -> dict[tuple[str, ...], float]:
        """Values keyed by the given labels (missing labels read as "")."""
        return {tuple(s.labels.get(n, "") for n in label_names): s.value for s in self.samples}


@dataclass(frozen=True)
class Matrix:
    """The answer to a range query."""

    series: list[Series]
    warnings: list[str] = field(default_factory=list)


def _timestamp(value: datetime | float) -> str:
    return f"{value.timestamp() if isinstance(value, datetime) else float(value):.3f}"


class PrometheusClient:
    """`/api/v1/query` and `/api/v1/query_range` against one base URL, with a per-request timeout."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        headers: dict[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._client = httpx.AsyncClient(
            base_url=self.base_url, timeout=timeout, headers=headers or {}, transport=transport
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def query(self, expr: str, *, at: datetime | float | None = None) -> Vector | Degraded:
        """Evaluate `expr` at one instant (now by default)."""
        params = {"query": expr, "timeout": f"{self.timeout:g}"}
        if at is not None:
            params["time"] = _timestamp(at)
        data = await self._post("/api/v1/query", params, expr)
        if isinstance(data, Degraded):
            return data
        return _vector(data, expr)

    async def query_range(
        self, expr: str, *, start: datetime | float, end: datetime | float, step_s: float
    ) -> Matrix | Degraded:
        """Evaluate `expr` from `start` to `end` every `step_s` seconds."""
        if step_s <= 0:
            return Degraded("the step of a range query must be positive", expr)
        params = {
            "query": expr,
            "start": _timestamp(start),
            "end": _timestamp(end),
            "step": f"{step_s:g}",
            "timeout": f"{self.timeout:g}",
        }
        data = await self._post("/api/v1/query_range", params, expr)
        if isinstance(data, Degraded):
            return data
        return _matrix(data, expr)

    async def _post(self, path: str, params: dict[str, str], expr: str) -> dict[str, Any] | Degraded:
        where = f"{self.base_url}{path}"
        try:
            response = await self._client.post(path, data=params)
        except httpx.TimeoutException:
            return Degraded(f"Prometheus at {where} did not answer within {self.timeout:g}s", expr)
        except httpx.HTTPError as exc:
            return Degraded(f"Prometheus at {where} is unreachable: {type(exc).__name__}: {exc}", expr)
        try:
            body = response.json()
        except ValueError:
            snippet = response.text[:200].strip()
            return Degraded(f"Prometheus at {where} answered HTTP {response.status_code} without JSON: {snippet}", expr)
        if not isinstance(body, dict):
            return Degraded(f"Prometheus at {where} answered with unexpected JSON", expr)
        if body.get("status") != "success":
            kind, error = body.get("errorType", "error"), body.get("error", "no error message")
            return Degraded(f"Prometheus rejected the query (HTTP {response.status_code}, {kind}): {error}", expr)
        data = body.get("data")
        if not isinstance(data, dict):
            return Degraded(f"Prometheus at {where} answered without a data object", expr)
        warnings = body.get("warnings")
        return {**data, "_warnings": [str(w) for w in warnings] if isinstance(warnings, list) else []}


def _vector(data: dict[str, Any], expr: str) -> Vector | Degraded:
    kind, result = data.get("resultType"), data.get("result")
    try:
        if kind == "vector" and isinstance(result, list):
            samples = [Sample(dict(item.get("metric") or {}), float(item["value"][1])) for item in result]
            return Vector(samples, data["_warnings"])
        if kind == "scalar" and isinstance(result, list):
            return Vector([Sample({}, float(result[1]))], data["_warnings"])
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        return Degraded(f"Prometheus answered a malformed {kind}: {exc}", expr)
    return Degraded(f"expected an instant vector, Prometheus answered a {kind}", expr)


def _matrix(data: dict[str, Any], expr: str) -> Matrix | Degraded:
    kind, result = data.get("resultType"), data.get("result")
    if kind != "matrix" or not isinstance(result, list):
        return Degraded(f"expected a range matrix, Prometheus answered a {kind}", expr)
    try:
        series = [
            Series(dict(item.get("metric") or {}), [(float(t), float(v)) for t, v in item["values"]]) for item in result
        ]
    except (KeyError, TypeError, ValueError) as exc:
        return Degraded(f"Prometheus answered a malformed matrix: {exc}", expr)
    return Matrix(series, data["_warnings"])
