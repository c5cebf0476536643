"""Attempts keep the grade the user gave themselves, shown beside the suggested one.

Revision ID: 0005_attempt_self_grade
Revises: 0004_attempts
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_attempt_self_grade"
down_revision = "0004_attempts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("self_grade", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("self_grade")
