"""Indexes that hold what searches, deck counts and statistics test, so that they read no table row.

- ``ix_cards_deck_phase_due`` (deck, phase, due) gains ``id``, ``suspended`` and ``buried_until``:
  the deck list counts a deck's new, learning and due cards as three ranges of it, and the queue's
  candidate queries skip suspended and buried cards in it, without reading those cards' rows (``id``
  comes before them so that a range stays in (due, id) order: the queue's order, with no sort).
- ``ix_cards_deck_id_state`` (deck, id, phase, due, suspended, buried_until) is a deck's cards in id
  order with their state: a search listed in card order (the browser's default), ``is:due`` among
  them, reads it alone and needs no sort.

- ``ix_revlog_reviewed_ms`` and ``ix_revlog_card_id`` hold what statistics and today's counts read
  (duration, rating, phase before, card), and ``ix_notes_kind`` lists notes by kind: the heatmap
  counts each day as one range, retention walks kinds → cards → each card's recent reviews, and
  no review row is read or sorted (a year of a heavy user's statistics: seconds → a tenth of that).

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


# index name → (table, columns before, columns after)
_CHANGED = {
    "ix_cards_deck_phase_due": ("cards", ["deck_id", "phase", "due"], ["deck_id", "phase", "due", "id", *_STATE]),
    "ix_revlog_card_id": ("revlog", ["card_id"], ["card_id", "reviewed_ms", "phase_before", "rating"]),
    "ix_revlog_reviewed_ms": ("revlog", ["reviewed_ms"],
                              ["reviewed_ms", "duration_ms", "rating", "phase_before", "card_id"]),
}
_NEW = {
    "ix_cards_deck_id_state": ("cards", ["deck_id", "id", "phase", "due", *_STATE]),
    "ix_notes_kind": ("notes", ["kind"]),
}


def upgrade() -> None:
    for name, (table, _before, after) in _CHANGED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after)
    for name, (table, columns) in _NEW.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in _NEW.items():
        op.drop_index(name, table_name=table)
    for name, (table, before, _after) in _CHANGED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before)
