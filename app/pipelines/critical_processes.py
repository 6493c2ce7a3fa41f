"""Critical-process patterns: the one default list and the one rule for what a valid pattern is.

A pattern is a regular expression that must match the *whole* `process.executable.name`
(templates anchor it as `^(?:p1|p2|...)$`). The collector evaluates it with Go's RE2, so
constructs RE2 does not have (look-arounds, back-references, atomic groups) are refused here,
before a config that the collector would reject can be rendered.
"""

from __future__ import annotations

import re

from app.engine.components.regex import check_re2

DEFAULT_CRITICAL_PROCESSES: tuple[str, ...] = (
    # databases and caches
    "postgres",
    "mysqld",
    "mariadbd",
    "mongod",
    "redis-server",
    "memcached",
    # web servers and proxies
    "nginx",
    "httpd",
    "apache2",
    "haproxy",
    "envoy",
    # language runtimes
    "java",
    "node",
    "python[0-9.]*",
    "ruby",
    "php-fpm.*",
    # node agents and container runtimes
    "kubelet",
    "containerd",
    "containerd-shim.*",
    "dockerd",
    "crio",
    "etcd",
    # the system itself
    "sshd",
    "systemd",
)
"""Executable-name patterns never dropped or merged by any template."""

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
    """`pattern` if it is a usable RE2-compatible regex; raises ValueError saying why not."""
    if not isinstance(pattern, str):
        raise ValueError("a process pattern is a string")
    if not pattern or len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"a process pattern has 1 to {MAX_PATTERN_LENGTH} characters")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in pattern):
        raise ValueError("a process pattern cannot contain control characters (newlines, tabs, ...)")
    if any(marker in pattern for marker in _TEMPLATE_MARKERS):
        raise ValueError("a process pattern cannot contain template markers such as '{{', '{%' or '${'")
    return check_re2(pattern)


def anchored_alternation(patterns: list[str] | tuple[str, ...]) -> str:
    """One regex matching a whole name against any of `patterns`: `^(p1|p2)$`.

    A plain group rather than `(?:...)`: identical for matching, and the simplest RE2 syntax.
    """
    return "^(" + "|".join(validate_pattern(p) for p in patterns) + ")$"


def is_critical(executable_name: str, patterns: list[str] | tuple[str, ...] = DEFAULT_CRITICAL_PROCESSES) -> bool:
    """Whether a process with this executable name is critical under `patterns`."""
    return re.fullmatch(anchored_alternation(patterns), executable_name) is not None
