"""custom pipelines

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:57:22.891892
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custom_pipelines",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("custom_pipelines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_pipelines_name"), ["name"], unique=True)

    op.create_table(
        "custom_pipeline_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pipeline_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("config_yaml", sa.Text(), nullable=False),
        sa.Column("graph", sa.JSON(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pipeline_id"], ["custom_pipelines.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pipeline_id", "version"),
    )
    with op.batch_alter_table("custom_pipeline_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_pipeline_versions_pipeline_id"), ["pipeline_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("custom_pipeline_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_pipeline_versions_pipeline_id"))

    op.drop_table("custom_pipeline_versions")
    with op.batch_alter_table("custom_pipelines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_pipelines_name"))

    op.drop_table("custom_pipelines")
