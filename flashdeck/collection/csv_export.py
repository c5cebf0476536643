"""A deck as CSV that ``flashdeck import`` reads back into the same notes.

Layout: a header row ``id, kind, deck, tags``, then one column per field name
of the kinds the deck uses (a name shared by two kinds is one
column); one row per note. ``id`` is the note's stable id, so importing the
file again updates those notes instead of adding copies. RFC 4180: comma
separated, CRLF line ends, fields quoted when they hold a comma, a quote or a
line break (quotes doubled), UTF-8 without a byte order mark.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from flashdeck.collection.gather import ExportNote, deck_notes
from flashdeck.core.kinds import kind_by_name

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = ["HEADER", "export_csv", "notes_to_csv"]

HEADER = ("id", "kind", "deck", "tags")


def notes_to_csv(notes: Sequence[ExportNote]) -> str:
    columns: dict[str, None] = {}
    for kind_name in dict.fromkeys(n.kind for n in notes):
        columns.update(dict.fromkeys(kind_by_name(kind_name).field_names))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*HEADER, *columns])
    for note in notes:
        writer.writerow([note.guid, note.kind, note.deck, " ".join(note.tags),
                         *(note.fields.get(name, "") for name in columns)])
    return buffer.getvalue()


def export_csv(col: CollectionLike, deck: str, out: str | os.PathLike[str] | None) -> str:
    """The deck (and its sub-decks) as CSV; written to ``out`` unless it is None. Returns the text."""
    text = notes_to_csv(deck_notes(col, deck))
    if out is not None:
        Path(out).write_text(text, encoding="utf-8", newline="")
    return text
