"""Ports a config listens on, and clashes: within one config, or between variants on one node.

Baseline and candidate collectors run side by side on the same host without `hostNetwork`, but
their host ports (Prometheus exporter, health check, the collector's own metrics, OTLP receivers)
must still differ: two variants that share one would fight over it on the node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.engine.components.common import host_port
from app.validation.codes import Code, enforce, finding
from app.validation.issues import PathParts, ValidationIssue, format_path
from app.validation.schema import SchemaResult, check_schema
from app.validation.source import SourceError, YamlSource, load

DEFAULT_TELEMETRY = ("localhost", 8888)
_WILDCARD = {"", "0.0.0.0", "::", "[::]", "*"}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Listener:
    path: PathParts
    host: str
    port: int

    @property
    def owner(self) -> str:
        return format_path(self.path[:2]) if self.path[:1] != ("service",) else "service.telemetry"


def _norm(host: str) -> str:
    host = host.strip().lower()
    if host in _WILDCARD:
        return "*"
    return "loopback" if host in _LOOPBACK else host


def hosts_overlap(a: str, b: str) -> bool:
    """Whether two listen hosts can collide (a wildcard collides with everything)."""
    a, b = _norm(a), _norm(b)
    return a == "*" or b == "*" or a == b


def _used(result: SchemaResult) -> set[tuple[str, str]]:
    if result.service is None:
        return set(result.components)
    used = {("extensions", e) for e in result.service.extensions}
    for pipeline in result.service.pipelines.values():
        used |= {("receivers", r) for r in pipeline.receivers}
        used |= {("exporters", e) for e in pipeline.exporters}
    return used


def _dig(node: Any, *keys: str) -> Any:
    """`node[k1][k2]...`, or None as soon as a level is not a mapping."""
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _telemetry(data: dict[str, Any]) -> list[Listener]:
    metrics = _dig(data, "service", "telemetry", "metrics")
    metrics = metrics if isinstance(metrics, dict) else {}
    if str(metrics.get("level", "")).lower() == "none":
        return []
    readers = metrics.get("readers")
    if not isinstance(readers, list) or not readers:
        return [Listener(("service", "telemetry"), *DEFAULT_TELEMETRY)]
    out = []
    for i, reader in enumerate(readers):
        prometheus = _dig(reader, "pull", "exporter", "prometheus")
        if isinstance(prometheus, dict) and isinstance(prometheus.get("port"), int):
            host = str(prometheus.get("host") or "localhost")
            path = ("service", "telemetry", "metrics", "readers", i, "pull", "exporter", "prometheus", "port")
            out.append(Listener(path, host, prometheus["port"]))
    return out


def listeners(result: SchemaResult, data: dict[str, Any]) -> list[Listener]:
    """Every host:port the config's used components (and its own telemetry) listen on."""
    used = _used(result)
    out: list[Listener] = []
    for (section, component_id), model in sorted(result.components.items()):
        if (section, component_id) not in used or not hasattr(model, "listen_endpoints"):
            continue
        for sub_path, endpoint in model.listen_endpoints():
            parsed = host_port(endpoint)
            if parsed is not None:
                out.append(Listener((section, component_id, *sub_path), *parsed))
    return out + _telemetry(data)


def clashes_within(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    """Two components of one config on the same port (graph tier)."""
    found = listeners(result, source.data)
    issues = []
    for i, later in enumerate(found):
        for earlier in found[:i]:
            if later.port == earlier.port and hosts_overlap(later.host, earlier.host):
                issues.append(
                    finding(  # `validate` loads it; the collector fails at start-up
                        Code.POLICY_PORT_CONFLICT,
                        later.path,
                        source.line_of(later.path),
                        f"port {later.port} is already used by {earlier.owner} "
                        f"(line {source.line_of(earlier.path)}): two listeners cannot share a port",
                    )
                )
                break
    return issues


def check_port_conflicts(configs: dict[str, str], *, strict: bool = False) -> list[ValidationIssue]:
    """Host ports shared by the rendered configs of variants that run on one node.

    `configs` maps a variant label (e.g. "baseline", "candidate") to its YAML; a clash is reported
    on each later variant's listener, with the path prefixed by the variant (`candidate:exporters...`).
    Clashes are `policy.port_conflict` warnings, errors when `strict`.
    """
    parsed: list[tuple[str, YamlSource, list[Listener]]] = []
    issues: list[ValidationIssue] = []
    for variant, text in configs.items():
        try:
            source = load(text)
        except SourceError as exc:
            issues.append(finding(exc.code, f"{variant}:", exc.line, exc.message))
            continue
        if not isinstance(source.data, dict):
            issues.append(finding(Code.PARSE_NOT_MAPPING, f"{variant}:", 1, "config must be a YAML mapping"))
            continue
        parsed.append((variant, source, listeners(check_schema(source), source.data)))
    for i, (variant, source, mine) in enumerate(parsed):
        for other_variant, other_source, theirs in parsed[:i]:
            for listener in mine:
                for other in theirs:
                    if listener.port == other.port:
                        issues.append(
                            finding(
                                Code.POLICY_PORT_CONFLICT,
                                f"{variant}:{format_path(listener.path)}",
                                source.line_of(listener.path),
                                f"port {listener.port} is used by both {other_variant} ({other.owner}, line "
                                f"{other_source.line_of(other.path)}) and {variant} ({listener.owner}): collectors "
                                "on one node must not share host ports",
                            )
                        )
    return enforce(issues, strict=strict)
