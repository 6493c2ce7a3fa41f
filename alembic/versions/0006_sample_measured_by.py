"""sample measured_by

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:12:40.318514
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for samples stored before Phoenix recorded what measured them.
    with op.batch_alter_table("experiment_samples", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measured_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experiment_samples", schema=None) as batch_op:
        batch_op.drop_column("measured_by")
