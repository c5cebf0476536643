"""Baseline schema: config, decks, notes, cards, revlog.

Revision ID: 0001_baseline
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "config",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("default_kind", sa.String(32)),
        sa.Column("target_low", sa.Integer),
        sa.Column("target_high", sa.Integer),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("new_per_day", sa.Integer, nullable=False),
        sa.Column("reviews_per_day", sa.Integer, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("name", name="uq_decks_name"),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guid", sa.String(120), nullable=False),
        sa.Column("deck_id", sa.Integer, sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("target_low", sa.Integer),
        sa.Column("target_high", sa.Integer),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("modified_ms", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("guid", name="uq_notes_guid"),
    )
    op.create_index("ix_notes_deck_id", "notes", ["deck_id"])
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.Integer, sa.ForeignKey("notes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("deck_id", sa.Integer, sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer),
        sa.Column("stability", sa.Float),
        sa.Column("difficulty", sa.Float),
        sa.Column("due", sa.Integer, nullable=False),
        sa.Column("last_review", sa.Integer),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("suspended", sa.Boolean, nullable=False),
        sa.Column("buried_until", sa.Integer, nullable=False),
    )
    op.create_index("ix_cards_deck_phase_due", "cards", ["deck_id", "phase", "due"])
    op.create_index("ix_cards_note_id", "cards", ["note_id"])
    op.create_table(
        "revlog",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reviewed_ms", sa.BigInteger, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("phase_before", sa.Integer, nullable=False),
        sa.Column("step_before", sa.Integer),
        sa.Column("stability_before", sa.Float),
        sa.Column("difficulty_before", sa.Float),
        sa.Column("due_before", sa.Integer, nullable=False),
        sa.Column("last_review_before", sa.Integer),
        sa.Column("phase_after", sa.Integer, nullable=False),
        sa.Column("step_after", sa.Integer),
        sa.Column("stability_after", sa.Float),
        sa.Column("difficulty_after", sa.Float),
        sa.Column("due_after", sa.Integer, nullable=False),
    )
    op.create_index("ix_revlog_card_id", "revlog", ["card_id"])
    op.create_index("ix_revlog_reviewed_ms", "revlog", ["reviewed_ms"])


def downgrade() -> None:
    for table in ("revlog", "cards", "notes", "decks", "config"):
        op.drop_table(table)
