"""deployment transitions

Deployment statuses now change only through the state machine in `app.deployments.states`, and each
change is recorded with who and why, as experiments' phase changes are. Existing deployments get one
row for the status they have at upgrade (their earlier history was not kept).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deployment_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("trigger", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["deployment_id"], ["deployments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deployment_transitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deployment_transitions_deployment_id"), ["deployment_id"], unique=False)

    op.execute(
        "INSERT INTO deployment_transitions (deployment_id, from_status, to_status, trigger, reason, created_at) "
        "SELECT id, NULL, status, created_by, 'status at upgrade (earlier history not kept)', updated_at "
        "FROM deployments"
    )


def downgrade() -> None:
    with op.batch_alter_table("deployment_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deployment_transitions_deployment_id"))

    op.drop_table("deployment_transitions")
