"""control signals, drift reports, pause

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 08:15:54.060248
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "control_signals",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("experiment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("deployment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("control_signals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_control_signals_deployment_id"), ["deployment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_control_signals_experiment_id"), ["experiment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_control_signals_kind"), ["kind"], unique=False)

    op.create_table(
        "drift_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=140), nullable=False),
        sa.Column("deployment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("experiment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("recommended_action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("remediated", sa.Boolean(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("drift_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drift_reports_subject"), ["subject"], unique=False)

    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applied_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))

    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("paused_seconds", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_column("paused_seconds")
        batch_op.drop_column("paused_at")

    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.drop_column("applied_hash")

    with op.batch_alter_table("drift_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drift_reports_subject"))

    op.drop_table("drift_reports")
    with op.batch_alter_table("control_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_signals_kind"))
        batch_op.drop_index(batch_op.f("ix_control_signals_experiment_id"))
        batch_op.drop_index(batch_op.f("ix_control_signals_deployment_id"))

    op.drop_table("control_signals")
