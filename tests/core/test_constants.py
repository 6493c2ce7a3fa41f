"""The constants defined once in `app.core`: variant labels, the DNS-1123 rule, the strict base model."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from app.core.models import StrictModel
from app.core.naming import (
    DNS_1123_LABEL,
    DNS_1123_LABEL_PATTERN,
    DnsLabel,
    is_dns_1123_label,
    is_dns_1123_subdomain,
)
from app.core.variants import BASELINE, CANDIDATE, VARIANT_LABELS, VariantLabel


def test_variant_labels_are_one_list() -> None:
    assert VARIANT_LABELS == (BASELINE, CANDIDATE) == get_args(VariantLabel) == ("baseline", "candidate")
    assert all(type(label) is str for label in VARIANT_LABELS)  # plain strings: YAML, JSON and labels as is


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("a", True),
        ("a-b-1", True),
        ("0", True),
        ("a" * 63, True),
        ("a" * 64, False),
        ("", False),
        ("-a", False),
        ("a-", False),
        ("A", False),
        ("a_b", False),
        ("a.b", False),
        (None, False),
    ],
)
def test_dns_1123_label(value: object, valid: bool) -> None:
    assert is_dns_1123_label(value) is valid


def test_dns_1123_subdomain() -> None:
    assert is_dns_1123_subdomain("phoenix.io")
    assert is_dns_1123_subdomain("a" * 253)
    assert not is_dns_1123_subdomain("a" * 254)
    assert not is_dns_1123_subdomain("phoenix..io")
    assert not is_dns_1123_subdomain("Phoenix.io")


def test_the_pydantic_field_applies_the_same_rule() -> None:
    class Named(BaseModel):
        name: DnsLabel

    assert DNS_1123_LABEL.pattern == DNS_1123_LABEL_PATTERN
    assert Named(name="a" * 63).name == "a" * 63
    for bad in ("a" * 64, "-a", "A"):
        with pytest.raises(ValidationError):
            Named(name=bad)
    schema = Named.model_json_schema()["properties"]["name"]
    assert schema["pattern"] == DNS_1123_LABEL_PATTERN and schema["maxLength"] == 63


def test_the_strict_base_refuses_unknown_fields_and_keeps_doing_so_in_subclasses() -> None:
    class Body(StrictModel):
        model_config = ConfigDict(frozen=True)

        x: int = 0

    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Body.model_validate({"x": 1, "y": 2})
    assert Body.model_config["extra"] == "forbid" and Body.model_config["frozen"] is True
