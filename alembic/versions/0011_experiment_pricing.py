"""experiment pricing

The backend prices behind an experiment's cost figures, fixed on the run when it is created (the
request's, else the server's settings). Rows created before have the prices that were fixed in code
until now (0.30 USD per GB, 0.10 USD per million data points): their stored figures used those.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 00:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PRICES_BEFORE = {"usd_per_gb_ingested": 0.3, "usd_per_million_data_points": 0.1}


def upgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pricing", sa.JSON(), nullable=True))
    experiments = sa.table("experiments", sa.column("pricing", sa.JSON()))
    op.execute(experiments.update().values(pricing=PRICES_BEFORE))
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.alter_column("pricing", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_column("pricing")
