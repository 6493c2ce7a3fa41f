"""Critical-process patterns: the one default list and the one rule for what a valid pattern is.

A pattern is an RE2 regular expression searched in `process.executable.name`, exactly as the
rendered OTTL's `IsMatch` does: unanchored, so `^postgres` also matches `postgres15` and `nginx`
matches `nginx-exporter`; anchor a whole name as `^nginx$`. The defaults are anchored. Which names
a list protects is `app.engine.critical`'s to say (the renderer, the KPIs and the validator use it);
patterns the collector refuses (Go's regexp) or Phoenix cannot evaluate are refused here, before a
config is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from app.engine.critical import check_patterns, is_critical

__all__ = [
    "CRITICAL_SAMPLE_NAMES",
    "DEFAULT_CRITICAL_PROCESSES",
    "PATTERNS_DESCRIPTION",
    "is_critical",
    "validate_pattern",
    "validate_patterns",
]

DEFAULT_CRITICAL_PROCESSES: tuple[str, ...] = (
    # databases and caches
    "^postgres$",
    "^mysqld$",
    "^mariadbd$",
    "^mongod$",
    "^redis-server$",
    "^memcached$",
    # web servers and proxies
    "^nginx$",
    "^httpd$",
    "^apache2$",
    "^haproxy$",
    "^envoy$",
    # language runtimes
    "^java$",
    "^node$",
    "^python[0-9.]*$",
    "^ruby$",
    "^php-fpm.*$",
    # node agents and container runtimes
    "^kubelet$",
    "^containerd$",
    "^containerd-shim.*$",
    "^dockerd$",
    "^crio$",
    "^etcd$",
    # the system itself
    "^sshd$",
    "^systemd$",
)
"""Executable-name patterns never dropped or merged by any template (anchored: whole names)."""

PATTERNS_DESCRIPTION = (
    "RE2 patterns searched in process.executable.name, as the rendered OTTL IsMatch does: unanchored, "
    "so '^postgres' also matches 'postgres15' and 'nginx' matches 'nginx-exporter'; write '^nginx$' "
    "for the whole name. Matching processes are never dropped or merged. Patterns the collector's Go "
    "regexp refuses are refused (422)."
)
"""The API's description of every `critical_processes` field."""

# One representative executable name per default pattern: what a host really shows.
CRITICAL_SAMPLE_NAMES: tuple[str, ...] = (
    "postgres",
    "mysqld",
    "mariadbd",
    "mongod",
    "redis-server",
    "memcached",
    "nginx",
    "httpd",
    "apache2",
    "haproxy",
    "envoy",
    "java",
    "node",
    "python3",
    "ruby",
    "php-fpm8.2",
    "kubelet",
    "containerd",
    "containerd-shim",
    "dockerd",
    "crio",
    "etcd",
    "sshd",
    "systemd",
)

MAX_PATTERN_LENGTH = 256
MAX_PATTERNS = 100

_TEMPLATE_MARKERS = ("{{", "}}", "{%", "%}", "{#", "#}", "${")


def validate_pattern(pattern: object) -> str:
    """`pattern` if it is a usable critical-process pattern; raises ValueError saying why not."""
    if not isinstance(pattern, str):
        raise ValueError("a process pattern is a string")
    if not pattern or len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"a process pattern has 1 to {MAX_PATTERN_LENGTH} characters")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in pattern):
        raise ValueError("a process pattern cannot contain control characters (newlines, tabs, ...)")
    if any(marker in pattern for marker in _TEMPLATE_MARKERS):
        raise ValueError("a process pattern cannot contain template markers such as '{{', '{%' or '${'")
    check_patterns([pattern])
    return pattern


def validate_patterns(patterns: Sequence[object]) -> list[str]:
    """`patterns` if each is usable and together they compile; raises ValueError saying why not."""
    return check_patterns([validate_pattern(p) for p in patterns])


def default_critical_processes() -> list[str]:
    """A fresh copy of the default list (a field's `default_factory`)."""
    return list(DEFAULT_CRITICAL_PROCESSES)


def default_patterns_field() -> Any:
    """The field of a request's critical patterns: the default list, shown in the OpenAPI schema
    (a `default_factory` alone is not), so clients (the console's wizard) can show it."""
    return Field(
        default_factory=default_critical_processes, json_schema_extra={"default": list(DEFAULT_CRITICAL_PROCESSES)}
    )


CriticalPatterns = Annotated[
    list[str], Field(max_length=MAX_PATTERNS, description=PATTERNS_DESCRIPTION), AfterValidator(validate_patterns)
]
"""The one field type of a list of critical-process patterns in a request (each checked as above)."""
