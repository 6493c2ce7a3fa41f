"""pipeline version validation report; experiments list index

The static validation report of a saved pipeline version, stored with it when it is saved (every
stored version passed all tiers then), so listing or reading saved pipelines never validates again.
Rows saved before have NULL: Phoenix computes their report on the first read and stores it.

An index on experiments (created_at, id), the order of the experiments list, so a page is an index
range scan even when many experiments share a creation time (no sort of the whole table).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 19:25:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("custom_pipeline_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("validation", sa.JSON(), nullable=True))
    op.create_index("ix_experiments_created_at_id", "experiments", ["created_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_experiments_created_at_id", table_name="experiments")
    with op.batch_alter_table("custom_pipeline_versions", schema=None) as batch_op:
        batch_op.drop_column("validation")
