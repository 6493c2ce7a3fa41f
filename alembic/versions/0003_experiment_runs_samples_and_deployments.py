"""experiment runs, samples and deployments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 08:03:58.568348
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deployments",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("config_yaml", sa.Text(), nullable=False),
        sa.Column("config_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("critical_processes", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source_experiment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("in_runtime", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deployments_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_deployments_status"), ["status"], unique=False)

    op.create_table(
        "experiment_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("variant", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("warmup", sa.Boolean(), nullable=False),
        sa.Column("input_processes", sa.Integer(), nullable=False),
        sa.Column("input_series", sa.Integer(), nullable=False),
        sa.Column("output_series", sa.Integer(), nullable=False),
        sa.Column("output_data_points_per_minute", sa.Float(), nullable=False),
        sa.Column("estimated_bytes_per_minute", sa.Float(), nullable=False),
        sa.Column("critical_processes_on_host", sa.Integer(), nullable=False),
        sa.Column("critical_processes_in_output", sa.Integer(), nullable=False),
        sa.Column("critical_retention", sa.Float(), nullable=False),
        sa.Column("cpu_fidelity_error", sa.Float(), nullable=True),
        sa.Column("memory_fidelity_error", sa.Float(), nullable=True),
        sa.Column("collector_cpu_cores", sa.Float(), nullable=False),
        sa.Column("collector_peak_memory_bytes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["experiment_id"], ["experiments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("experiment_samples", schema=None) as batch_op:
        batch_op.create_index("ix_experiment_samples_experiment_taken", ["experiment_id", "taken_at"], unique=False)

    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("running_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cleaned_up_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("variant_configs", sa.JSON(), nullable=True))
        # Existing rows suspended nothing.
        batch_op.add_column(
            sa.Column("suspended_deployments", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(sa.Column("results", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("promoted_variant", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_column("promoted_variant")
        batch_op.drop_column("verdict")
        batch_op.drop_column("results")
        batch_op.drop_column("suspended_deployments")
        batch_op.drop_column("variant_configs")
        batch_op.drop_column("cleaned_up_at")
        batch_op.drop_column("running_at")

    with op.batch_alter_table("experiment_samples", schema=None) as batch_op:
        batch_op.drop_index("ix_experiment_samples_experiment_taken")

    op.drop_table("experiment_samples")
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deployments_status"))
        batch_op.drop_index(batch_op.f("ix_deployments_name"))

    op.drop_table("deployments")
