"""Rehearsal attempts: one row per timed (and possibly recorded) spoken answer to a card.

Revision ID: 0004_attempts
Revises: 0003_wide_times
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_attempts"
down_revision = "0003_wide_times"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("started_ms", sa.BigInteger, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("target_low", sa.Integer),
        sa.Column("target_high", sa.Integer),
        sa.Column("laps", sa.Text, nullable=False, server_default="[]"),
        sa.Column("audio_path", sa.Text),
        sa.Column("transcript", sa.Text),
        sa.Column("analysis", sa.Text),
        sa.Column("words", sa.Integer),
        sa.Column("wpm", sa.Float),
        sa.Column("coverage", sa.Float),
        sa.Column("suggested_grade", sa.Integer),
    )
    op.create_index("ix_attempts_card_id_started_ms", "attempts", ["card_id", "started_ms"])


def downgrade() -> None:
    op.drop_table("attempts")
