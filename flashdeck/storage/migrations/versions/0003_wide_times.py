"""Times in seconds and durations as 64-bit integers on every backend.

Due dates are epoch seconds: a 32-bit INTEGER (PostgreSQL's ``integer``)
overflows in January 2038, and FSRS schedules intervals of years (up to 100).
SQLite integers are 64-bit already, so on SQLite there is nothing to do (and a
batch table rebuild would only risk the foreign keys for no gain).

Revision ID: 0003_wide_times
Revises: 0001_baseline
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_wide_times"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

WIDE = {
    "cards": {"due": False, "last_review": True},
    "revlog": {"due_before": False, "last_review_before": True, "due_after": False, "duration_ms": False},
}


def _retype(to: sa.types.TypeEngine[int], old: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in WIDE.items():
        for column, nullable in columns.items():
            op.alter_column(table, column, type_=to, existing_type=old, existing_nullable=nullable)


def upgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())
