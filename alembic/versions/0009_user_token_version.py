"""user token version

A per-user counter carried in every access and refresh token (`ver`) and compared with the user's
row when a token is accepted: a password change, a password reset, a role change or a deactivation
increments it, so every token issued before stops working at once. Existing users start at 0, the
version tokens without the claim are read as, so nobody is logged out by the upgrade.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 18:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("token_version")
