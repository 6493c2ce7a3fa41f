"""Template parameters: a typed pydantic model per template, built from its `metadata.yaml`.

Only values that pass this model ever reach a template. Strings are short, single-line and free
of template markers (`{{`, `{%`, `${`...), so a parameter can neither break the YAML nor smuggle
Jinja, OTTL or an environment lookup into the config; the renderer escapes them as well.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)

from app.core.errors import Invalid
from app.core.models import StrictModel
from app.engine.components.common import go_duration_seconds
from app.engine.critical_patterns import validate_pattern, validate_patterns

PARAMETER_TYPES = ("string", "integer", "number", "boolean", "duration", "string_list", "regex_list", "enum")
DEFAULT_MAX_LENGTH = 256
DEFAULT_MAX_ITEMS = 64
_MARKERS = ("{{", "}}", "{%", "%}", "{#", "#}", "${")


class InvalidParameters(Invalid):
    """Parameters that do not fit the template; `details` lists each problem as {path, message, type}
    (the shape of the API's validation errors), `path` being the parameter name."""


def safe_text(value: str) -> str:
    """`value` if it is one line without template markers; raises ValueError otherwise."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError("must be a single line without control characters")
    if any(marker in value for marker in _MARKERS):
        raise ValueError("must not contain template markers such as '{{', '{%' or '${'")
    return value


def _duration(bounds: tuple[str | None, str | None]) -> Any:
    low, high = bounds

    def check(value: str) -> str:
        seconds = go_duration_seconds(safe_text(value))
        if low is not None and seconds < go_duration_seconds(low):
            raise ValueError(f"must be at least {low}")
        if high is not None and seconds > go_duration_seconds(high):
            raise ValueError(f"must be at most {high}")
        return value

    return check


class ParameterSpec(StrictModel):
    """One parameter as declared in metadata.yaml."""

    type: Literal["string", "integer", "number", "boolean", "duration", "string_list", "regex_list", "enum"]
    default: Any
    description: str = Field(min_length=1)
    min: int | float | str | None = None
    max: int | float | str | None = None
    choices: list[str] | None = None
    pattern: str | None = None
    max_length: int = Field(default=DEFAULT_MAX_LENGTH, ge=1, le=4096)
    max_items: int = Field(default=DEFAULT_MAX_ITEMS, ge=1, le=1000)
    min_items: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _coherent(self) -> ParameterSpec:
        if self.type == "enum" and not self.choices:
            raise ValueError("an enum parameter needs 'choices'")
        if self.type != "enum" and self.choices:
            raise ValueError("'choices' only apply to enum parameters")
        return self

    def annotation(self) -> Any:
        """The pydantic type of this parameter's value."""
        text = Annotated[str, Field(max_length=self.max_length, pattern=self.pattern), AfterValidator(safe_text)]
        if self.type == "string":
            return text
        if self.type == "integer":
            return Annotated[int, Field(strict=True, ge=self.min, le=self.max)]
        if self.type == "number":
            return Annotated[float, Field(ge=self.min, le=self.max)]
        if self.type == "boolean":
            return Annotated[bool, Field(strict=True)]
        if self.type == "duration":
            bounds = (self.min, self.max)
            return Annotated[str, Field(max_length=32), AfterValidator(_duration(bounds))]  # type: ignore[arg-type]
        if self.type == "enum":
            return Literal[tuple(self.choices or ())]  # type: ignore[misc]
        if self.type == "regex_list":
            patterns = Annotated[
                list[Annotated[str, AfterValidator(validate_pattern)]], AfterValidator(validate_patterns)
            ]
            return Annotated[patterns, Field(min_length=self.min_items, max_length=self.max_items)]
        return Annotated[list[text], Field(min_length=self.min_items, max_length=self.max_items)]  # type: ignore[valid-type]


class Constraint(StrictModel):
    """A rule across parameters, e.g. `switch_down_process_count < switch_up_process_count`."""

    less_than: tuple[str, str]
    message: str


def parameter_specs(metadata: dict[str, Any]) -> dict[str, ParameterSpec]:
    """The parsed parameter declarations of a template's metadata."""
    return {name: ParameterSpec.model_validate(spec) for name, spec in (metadata.get("parameters") or {}).items()}


class _Parameters(StrictModel):
    """The base of every template's parameters model: unknown names refused, defaults validated too."""

    model_config = ConfigDict(validate_default=True)


def build_model(template_name: str, metadata: dict[str, Any]) -> type[BaseModel]:
    """A pydantic model accepting exactly this template's parameters (unknown names are refused)."""
    specs = parameter_specs(metadata)
    constraints = [Constraint.model_validate(c) for c in metadata.get("constraints") or []]
    fields: dict[str, Any] = {
        name: (spec.annotation(), Field(default=spec.default, description=spec.description))
        for name, spec in specs.items()
    }

    def check_constraints(self: BaseModel) -> BaseModel:
        for rule in constraints:
            left, right = (getattr(self, n) for n in rule.less_than)
            if not left < right:
                raise ValueError(rule.message)
        return self

    model = create_model(  # type: ignore[call-overload]
        f"Parameters_{template_name.replace('-', '_')}",
        __base__=_Parameters,
        __validators__={"_constraints": model_validator(mode="after")(check_constraints)},
        **fields,
    )
    return model


def json_schema(template_name: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """JSON schema of a template's parameters, for forms in the console."""
    return build_model(template_name, metadata).model_json_schema()


def validate_parameters(
    template_name: str,
    metadata: dict[str, Any],
    values: dict[str, Any] | None,
    *,
    model: type[BaseModel] | None = None,
) -> dict[str, Any]:
    """Every parameter of the template with defaults filled in; raises InvalidParameters.

    `model`: the template's parameters model if the caller holds it already (`build_model` of the
    same metadata, e.g. `catalog.TemplateInfo.parameters_model`), so it is not built again.
    """
    if values is not None and not isinstance(values, dict):
        raise InvalidParameters("parameters must be an object", [{"path": "", "message": "not an object"}])
    try:
        return (model or build_model(template_name, metadata)).model_validate(values or {}).model_dump()
    except ValidationError as exc:
        details = [
            {
                "path": ".".join(str(p) for p in e["loc"]),
                "message": "unknown parameter" if e["type"] == "extra_forbidden" else e["msg"],
                "type": e["type"],
            }
            for e in exc.errors(include_url=False, include_input=False)
        ]
        first = details[0]
        where = f"{first['path']}: " if first["path"] else ""
        raise InvalidParameters(f"invalid parameters for {template_name}: {where}{first['message']}", details) from None
