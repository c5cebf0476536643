"""Indexes that hold the card state searches and deck counts test, so that they read no card row.

- ``ix_cards_deck_phase_due`` (deck, phase, due) gains ``id``, ``suspended`` and ``buried_until``:
  the deck list counts a deck's new, learning and due cards as three ranges of it, and the queue's
  candidate queries skip suspended and buried cards in it, without reading those cards' rows (``id``
  comes before them so that a range stays in (due, id) order: the queue's order, with no sort).
- ``ix_cards_deck_id_state`` (deck, id, phase, due, suspended, buried_until) is a deck's cards in id
  order with their state: a search listed in card order (the browser's default), ``is:due`` among
  them, reads it alone and needs no sort.

Answers rewrite one entry of each (as they did of the first); bulk inserts fill one index more.
The figures are in docs/performance.md.

Revision ID: 0008_card_state_indexes
Revises: 0007_unicode_ids_snapshots
"""

from alembic import op

revision = "0008_card_state_indexes"
down_revision = "0007_unicode_ids_snapshots"
branch_labels = None
depends_on = None

_STATE = ["suspended", "buried_until"]


def upgrade() -> None:
    op.drop_index("ix_cards_deck_phase_due", table_name="cards")
    op.create_index("ix_cards_deck_phase_due", "cards", ["deck_id", "phase", "due", "id", *_STATE])
    op.create_index("ix_cards_deck_id_state", "cards", ["deck_id", "id", "phase", "due", *_STATE])


def downgrade() -> None:
    op.drop_index("ix_cards_deck_id_state", table_name="cards")
    op.drop_index("ix_cards_deck_phase_due", table_name="cards")
    op.create_index("ix_cards_deck_phase_due", "cards", ["deck_id", "phase", "due"])
