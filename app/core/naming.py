"""The DNS-1123 naming rules Kubernetes applies, defined once.

Experiment, deployment, pipeline and simulation names, namespaces and template names all end up as
Kubernetes object names or labels, so the API accepts exactly what Kubernetes would.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import Field

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"

DNS_1123_LABEL_MAX_LENGTH: Final = 63
DNS_1123_LABEL_PATTERN: Final = rf"^{_LABEL}$"
"""Lower-case letters, digits and '-', starting and ending with a letter or digit (a pydantic `pattern`)."""
DNS_1123_LABEL: Final = re.compile(DNS_1123_LABEL_PATTERN)

DnsLabel = Annotated[str, Field(max_length=DNS_1123_LABEL_MAX_LENGTH, pattern=DNS_1123_LABEL_PATTERN)]
"""A pydantic field that must be a DNS-1123 label; add `Field(min_length=1)` where the error for "" should say so."""

DNS_1123_SUBDOMAIN_MAX_LENGTH: Final = 253
DNS_1123_SUBDOMAIN: Final = re.compile(rf"^{_LABEL}(\.{_LABEL})*$")
"""DNS-1123 labels joined by dots."""


def is_dns_1123_label(value: object) -> bool:
    """True if `value` is a string Kubernetes accepts as a DNS-1123 label (1-63 characters)."""
    return isinstance(value, str) and len(value) <= DNS_1123_LABEL_MAX_LENGTH and bool(DNS_1123_LABEL.match(value))


def is_dns_1123_subdomain(value: object) -> bool:
    """True if `value` is a string Kubernetes accepts as a DNS-1123 subdomain (1-253 characters)."""
    return (
        isinstance(value, str) and len(value) <= DNS_1123_SUBDOMAIN_MAX_LENGTH and bool(DNS_1123_SUBDOMAIN.match(value))
    )
