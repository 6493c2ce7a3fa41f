"""Names and labels of the Kubernetes objects that run a pipeline variant.

Every object of a variant shares one name, `phoenix-<experiment>-<variant>-<hash8>`. The hash
suffix is always there, not only when the name is too long: experiment names and deployment
names both contain dashes, so `phoenix-a-b-c` could be experiment `a-b` variant `c` or experiment
`a` variant `b-c`, and two variants sharing a name would overwrite each other's objects. The
suffix is the first 8 hex digits of SHA-256 over `experiment/variant`, so the name is deterministic
and unique, and it still reads well in `kubectl get`. When the readable part does not fit in 63
characters it is truncated (never the suffix).

63 characters, a leading letter and no dots make the name a valid DNS-1123 label *and* DNS-1035
label, which is what a Service needs (ConfigMaps, DaemonSets and custom resources accept more).
"""

from __future__ import annotations

import hashlib
import re

from app.core.naming import DNS_1123_LABEL_MAX_LENGTH, is_dns_1123_subdomain
from app.core.variants import VARIANT_LABELS
from app.engine.collector import CONTRIB_VERSION

MAX_NAME = DNS_1123_LABEL_MAX_LENGTH
NAME_PREFIX = "phoenix"
HASH_CHARS = 8

DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")

GROUP = "phoenix.io"
LABEL_NAME = "app.kubernetes.io/name"
LABEL_INSTANCE = "app.kubernetes.io/instance"
LABEL_COMPONENT = "app.kubernetes.io/component"
LABEL_PART_OF = "app.kubernetes.io/part-of"
LABEL_VERSION = "app.kubernetes.io/version"
LABEL_MANAGED_BY = "app.kubernetes.io/managed-by"
LABEL_EXPERIMENT = f"{GROUP}/experiment"
LABEL_VARIANT = f"{GROUP}/variant"
LABEL_ROLE = f"{GROUP}/role"
ANNOTATION_CONFIG_HASH = f"{GROUP}/config-hash"
ANNOTATION_EXPERIMENT_ID = f"{GROUP}/experiment-id"
ANNOTATION_TEMPLATE = f"{GROUP}/template"

COLLECTOR_APP = "phoenix-collector"
DEPLOYMENT_ROLE = "deployment"
"""The role of any variant that is not an experiment's baseline or candidate: a standing deployment."""
MANAGED_BY = "phoenix"


class InvalidName(ValueError):
    """An experiment or variant name that cannot become a Kubernetes name or label."""


def short_hash(text: str, length: int = HASH_CHARS) -> str:
    """First `length` hex digits of SHA-256 of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _dns_part(value: str) -> str:
    """`value` lower-cased with every run of characters outside [a-z0-9] turned into one dash."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def check_label_value(value: str, what: str) -> str:
    """`value` if Kubernetes accepts it as a label value (≤ 63 chars, alphanumeric ends)."""
    if not value or len(value) > MAX_NAME or not LABEL_VALUE.match(value):
        raise InvalidName(
            f"{what} {value!r} is not a valid Kubernetes label value (1-63 chars, [A-Za-z0-9_.-], "
            "alphanumeric at both ends)"
        )
    return value


_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")


def check_label_key(key: str) -> str:
    """`key` if Kubernetes accepts it as a label key: `[<dns subdomain ≤ 253>/]<name ≤ 63>`."""
    prefix, _, name = key.rpartition("/")
    valid_prefix = not prefix or is_dns_1123_subdomain(prefix)
    if not valid_prefix or not name or len(name) > MAX_NAME or not _QUALIFIED_NAME.match(name):
        raise InvalidName(f"{key!r} is not a valid Kubernetes label key")
    return key


def check_node_selector(selector: dict[str, str]) -> None:
    """Raise `InvalidName` unless every key and value of `selector` is a valid label key and value."""
    for key, value in selector.items():
        check_label_key(key)
        if value != "":
            check_label_value(value, f"node selector value of {key!r}")


def variant_object_name(experiment: str, variant: str) -> str:
    """The shared name of every object of one variant: `phoenix-<experiment>-<variant>-<hash8>`, ≤ 63 chars."""
    check_label_value(experiment, "experiment")
    check_label_value(variant, "variant")
    suffix = "-" + short_hash(f"{experiment}/{variant}")
    readable = "-".join(p for p in (NAME_PREFIX, _dns_part(experiment), _dns_part(variant)) if p)
    readable = readable[: MAX_NAME - len(suffix)].rstrip("-")
    name = readable + suffix
    assert DNS_1035_LABEL.match(name) and len(name) <= MAX_NAME, name
    return name


def variant_role(variant: str) -> str:
    """`baseline` and `candidate` are experiment roles; any other variant label is a standing deployment."""
    return variant if variant in VARIANT_LABELS else DEPLOYMENT_ROLE


def selector_labels(name: str) -> dict[str, str]:
    """The immutable pod selector of a variant's DaemonSet and Service (unique through the name)."""
    return {LABEL_INSTANCE: name, LABEL_NAME: COLLECTOR_APP}


def variant_labels(name: str, experiment: str, variant: str) -> dict[str, str]:
    """Labels on every object and pod of a variant, sorted by key for stable output."""
    labels = {
        **selector_labels(name),
        LABEL_COMPONENT: "collector",
        LABEL_PART_OF: "phoenix",
        LABEL_VERSION: CONTRIB_VERSION,
        LABEL_MANAGED_BY: MANAGED_BY,
        LABEL_EXPERIMENT: check_label_value(experiment, "experiment"),
        LABEL_VARIANT: check_label_value(variant, "variant"),
        LABEL_ROLE: variant_role(variant),
    }
    return dict(sorted(labels.items()))
