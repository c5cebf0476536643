"""Every note has a card: give a new first card to notes stored without one.

Until "every note has a card" (commit 1fcb84e) a template needed more than the
title, so a note with only a title (a pitch label, a question without its
answer) was stored with no card at all; ``flashdeck check`` has always called
that a problem, and such notes never came up for review. Today the first
template of every kind needs only the title, which every note has: each such
note gets that card, new, as an import would give it today. Nothing else
changes; a collection without such notes is left exactly as it was.

Revision ID: 0006_every_note_has_a_card
Revises: 0005_attempt_self_grade
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_every_note_has_a_card"
down_revision = "0005_attempt_self_grade"
branch_labels = None
depends_on = None

_cards = sa.table(
    "cards",
    sa.column("id", sa.Integer), sa.column("note_id", sa.Integer), sa.column("deck_id", sa.Integer),
    sa.column("ord", sa.Integer), sa.column("phase", sa.Integer), sa.column("due", sa.BigInteger),
    sa.column("reps", sa.Integer), sa.column("lapses", sa.Integer), sa.column("suspended", sa.Boolean),
    sa.column("buried_until", sa.Integer),
)


def upgrade() -> None:
    conn = op.get_bind()
    orphans = conn.execute(sa.text(
        "SELECT n.id, n.deck_id FROM notes n WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.note_id = n.id) "
        "ORDER BY n.id"
    )).fetchall()
    if not orphans:
        return
    next_id = int(conn.execute(sa.text("SELECT coalesce(max(id), 0) + 1 FROM cards")).scalar_one())
    op.bulk_insert(_cards, [
        {"id": next_id + i, "note_id": note_id, "deck_id": deck_id, "ord": 0, "phase": 0, "due": 0, "reps": 0,
         "lapses": 0, "suspended": False, "buried_until": 0}
        for i, (note_id, deck_id) in enumerate(orphans)
    ])


def downgrade() -> None:
    # The cards added are ordinary new cards by now, possibly reviewed: they stay.
    pass
