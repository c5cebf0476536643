"""Ids derived from every script's letters; what each note was when last imported; a deck's own name.

- Derived note ids (``d:`` + a hash of deck, kind and title) were computed from
  the title's ASCII letters and digits only, so "Explain C++ templates" and
  "Explain C# templates", or two Chinese or Russian questions, got one id: the
  second import took over the first note. Ids are now derived from the title
  reduced Unicode-aware (NFKC, case-folded; letters of every script, digits,
  symbols and ``# % & @`` count). A stored id that is exactly what the old rule
  derives from the note's deck, kind and title is recomputed with the new rule,
  so that re-importing an unchanged file still finds every note (history kept).
  For titles of ASCII letters, digits and ordinary punctuation both rules give
  the same id: those notes do not change at all. An id given explicitly (a deck
  file's ``id:``, an Anki guid) or that no longer matches its title (edited in
  the app) is left alone, as is one whose new id another note already has.
- ``notes.imported``: the fields and tags as the last import wrote them (JSON),
  so a later import can tell the user's edits in the app from the file's
  changes. Empty for notes stored before this revision (nothing is known).
- ``decks.origin``: the name documents give a deck that was renamed since (its
  derived ids keep using it). Empty for decks never renamed.

The rules are copied here as they are at this revision: a migration must not
change when the application's code does.

Revision ID: 0007_unicode_ids_snapshots
Revises: 0006_every_note_has_a_card
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0007_unicode_ids_snapshots"
down_revision = "0006_every_note_has_a_card"
branch_labels = None
depends_on = None

_OLD_STRIP = re.compile(r"[^a-z0-9]+")
_KEPT = frozenset("#%&@")


def _old_key(text: str) -> str:
    return _OLD_STRIP.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _new_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(ch if unicodedata.category(ch)[0] in "LNMS" or ch in _KEPT else " "
                            for ch in folded).split())


def _guid(deck: str, kind: str, title: str, key: Callable[[str], str]) -> str:
    text = f"{key(deck)}\x1f{kind}\x1f{key(title)}"
    return "d:" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("imported", sa.Text))
    with op.batch_alter_table("decks") as batch:
        batch.add_column(sa.Column("origin", sa.String(200)))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT n.id, n.guid, n.kind, n.title, d.name FROM notes n JOIN decks d ON d.id = n.deck_id "
        "WHERE n.guid LIKE 'd:%' ORDER BY n.id"
    )).fetchall()
    taken = {r[0] for r in conn.execute(sa.text("SELECT guid FROM notes")).fetchall()}
    for note_id, guid, kind, title, deck in rows:
        if guid != _guid(deck, kind, title, _old_key):
            continue  # explicit, or the title was edited since: it cannot be re-derived
        new = _guid(deck, kind, title, _new_key)
        if new == guid or new in taken:
            continue
        conn.execute(sa.text("UPDATE notes SET guid = :new WHERE id = :id"), {"new": new, "id": note_id})
        taken.discard(guid)
        taken.add(new)


def downgrade() -> None:
    # The new ids stay (the old rule merged distinct notes; going back must not merge them again).
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("origin")
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("imported")
