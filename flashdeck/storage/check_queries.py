"""The SQL behind ``flashdeck check`` (``flashdeck.collection.checks``): what the collection's invariants are read
from, through a ``Store`` or a read-only connection to a copy (``collection_file.FileReader``).

Each function is one statement and returns its rows; the collection decides what is a problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from flashdeck.storage.rows import CardKind, CheckedNote, ForeignKeyBreak, InconsistentCard, RepsMismatch

__all__ = [
    "TEXT_COLUMNS",
    "Reader",
    "attempt_paths",
    "card_kinds",
    "foreign_key_breaks",
    "inconsistent_cards",
    "integrity_report",
    "note_rows",
    "notes_without_cards",
    "reps_mismatches",
    "text_as_bytes",
]

# Columns of text a damaged or crafted SQLite file may hold as bytes that are not UTF-8:
# reading them as text fails, so they are looked at as bytes first.
TEXT_COLUMNS = (("notes", "fields"), ("notes", "title"), ("notes", "tags"), ("notes", "guid"),
                ("decks", "name"), ("decks", "description"), ("config", "value"))


class Reader(Protocol):
    """What the checks read through: a ``Store``, or a read-only connection to a copy."""

    sqlite: bool

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any: ...


def integrity_report(store: Reader) -> list[str]:
    """SQLite's integrity check: ``["ok"]``, or a line per problem (SQLite only)."""
    return [r[0] for r in store.fetchall("PRAGMA integrity_check")]


def foreign_key_breaks(store: Reader) -> list[ForeignKeyBreak]:
    """Each row whose foreign key names no row (SQLite only)."""
    return list(map(ForeignKeyBreak._make, store.fetchall("PRAGMA foreign_key_check")))


def text_as_bytes(store: Reader, table: str, column: str) -> list[tuple[Any, ...]]:
    """(row key, raw bytes) of the text and blob values of one of ``TEXT_COLUMNS`` (SQLite only)."""
    key = "key" if table == "config" else "rowid"
    return store.fetchall(
        f"SELECT {key}, CAST({column} AS BLOB) FROM {table} WHERE typeof({column}) IN ('text', 'blob')"
    )


def note_rows(store: Reader) -> list[CheckedNote]:
    """Every note's kind and fields."""
    return list(map(CheckedNote._make, store.fetchall("SELECT id, kind, fields FROM notes")))


def notes_without_cards(store: Reader) -> int:
    return int(store.scalar(
        "SELECT count(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.note_id = n.id)"
    ) or 0)


def card_kinds(store: Reader) -> list[CardKind]:
    """Every card with its note's kind and its template."""
    return list(map(CardKind._make, store.fetchall(
        "SELECT c.id, n.kind, c.ord FROM cards c JOIN notes n ON n.id = c.note_id")))


def inconsistent_cards(store: Reader) -> list[InconsistentCard]:
    """The cards whose phase does not fit their memory state."""
    return list(map(InconsistentCard._make, store.fetchall(
        "SELECT id, phase, stability, last_review FROM cards WHERE phase NOT IN (0, 1, 2, 3) "
        "OR (phase > 0 AND (stability IS NULL OR last_review IS NULL)) OR (phase = 0 AND last_review IS NOT NULL)"
    )))


def reps_mismatches(store: Reader) -> list[RepsMismatch]:
    """The cards whose repetitions are not their review log's length."""
    return list(map(RepsMismatch._make, store.fetchall(
        "SELECT c.id, c.reps, (SELECT count(*) FROM revlog r WHERE r.card_id = c.id) AS n FROM cards c "
        "WHERE c.reps <> (SELECT count(*) FROM revlog r WHERE r.card_id = c.id)"
    )))


def attempt_paths(store: Reader) -> list[tuple[Any, ...]]:
    """(attempt id, stored audio path) of the attempts with a recording."""
    return store.fetchall("SELECT id, audio_path FROM attempts WHERE audio_path IS NOT NULL")
