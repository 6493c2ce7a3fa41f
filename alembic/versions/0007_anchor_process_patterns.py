"""anchor stored process patterns

Process patterns used to match the whole `process.executable.name` (templates rendered `^(p1|p2)$`).
They are now searched as OTTL's IsMatch does, unanchored, and a whole name is written `^p$`. Stored
lists (experiments' and deployments' `critical_processes`, and the `critical_processes` /
`high_priority_processes` template parameters of their variants) are rewritten to their anchored
form, so a stored list means what it meant, and what the KPIs, the validator and any re-render read
agrees with the configs already frozen. The anchored form means the same under the old rule, so the
downgrade leaves them as they are.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 15:00:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The regex_list parameters of the catalog at this revision.
_PATTERN_PARAMETERS = ("critical_processes", "high_priority_processes")


def _open_quote(pattern: str) -> bool:
    """Whether a `\\Q` quote is still open at the end of `pattern` (it would swallow a `)`)."""
    position = 0
    while (position := pattern.find("\\", position)) >= 0:
        if not pattern.startswith("\\Q", position):
            position += 2
            continue
        position = pattern.find("\\E", position + 2)
        if position < 0:
            return True
        position += 2
    return False


def _anchored(pattern: Any) -> Any:
    """`pattern` matching only whole names: `^p$`, grouped when `p` could bind to the anchors otherwise."""
    if not isinstance(pattern, str):
        return pattern
    if "|" not in pattern and "\\" not in pattern:
        return pattern if pattern.startswith("^") and pattern.endswith("$") else "^" + pattern + "$"
    return "^(?:" + pattern + ("\\E" if _open_quote(pattern) else "") + ")$"


def _anchored_list(patterns: Any) -> Any:
    return [_anchored(p) for p in patterns] if isinstance(patterns, list) else patterns


def _spec(spec: Any) -> Any:
    if not isinstance(spec, dict) or not isinstance(spec.get("parameters"), dict):
        return spec
    parameters = dict(spec["parameters"])
    for name in _PATTERN_PARAMETERS:
        if name in parameters:
            parameters[name] = _anchored_list(parameters[name])
    return {**spec, "parameters": parameters}


def upgrade() -> None:
    bind = op.get_bind()
    experiments = sa.table(
        "experiments",
        sa.column("id", sa.String),
        sa.column("critical_processes", sa.JSON),
        sa.column("baseline", sa.JSON),
        sa.column("candidate", sa.JSON),
    )
    for row in bind.execute(sa.select(experiments)).mappings().all():
        bind.execute(
            experiments.update()
            .where(experiments.c.id == row["id"])
            .values(
                critical_processes=_anchored_list(row["critical_processes"]),
                baseline=_spec(row["baseline"]),
                candidate=_spec(row["candidate"]),
            )
        )
    deployments = sa.table(
        "deployments",
        sa.column("id", sa.String),
        sa.column("critical_processes", sa.JSON),
        sa.column("source", sa.JSON),
    )
    for row in bind.execute(sa.select(deployments)).mappings().all():
        bind.execute(
            deployments.update()
            .where(deployments.c.id == row["id"])
            .values(critical_processes=_anchored_list(row["critical_processes"]), source=_spec(row["source"]))
        )


def downgrade() -> None:
    # `^p$` fully matched means what `p` fully matched meant: nothing to undo.
    pass
