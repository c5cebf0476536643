"""The SQL for rehearsal attempts (table ``attempts``): functions over a ``Store``.

Kept out of ``store.py`` so the review hot path stays one small module. Rows
come back as ``AttemptRecord`` (``ATTEMPT_COLUMNS``, by name); ``flashdeck.collection.rehearsing``
turns them into ``Attempt`` objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flashdeck.storage.rows import AnalysedAttempt, AttemptRecord
from flashdeck.storage.store import Store, Tx

__all__ = [
    "ANALYSIS_COLUMNS",
    "ATTEMPT_COLUMNS",
    "analysed_rows",
    "attempt_row",
    "attempt_rows",
    "audio_paths",
    "audio_paths_of_notes",
    "clear_audio",
    "delete_attempt",
    "insert_attempt",
    "set_self_grade",
    "update_analysis",
]

# The select list is the record's fields, so a column added to one is in the other.
ATTEMPT_COLUMNS = AttemptRecord._fields
_INSERT_COLUMNS = ATTEMPT_COLUMNS[1:]
ANALYSIS_COLUMNS = ("transcript", "analysis", "words", "wpm", "coverage", "suggested_grade")
_SELECT = f"SELECT {', '.join(ATTEMPT_COLUMNS)} FROM attempts"


def insert_attempt(tx: Tx, values: Mapping[str, Any]) -> int:
    """Insert one attempt (``values`` keyed by column; missing ones are NULL); returns its id."""
    row = tuple(values.get(c) for c in _INSERT_COLUMNS)
    return tx.insert_returning_id(
        f"INSERT INTO attempts ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})", row
    )


def update_analysis(tx: Tx, attempt_id: int, values: Mapping[str, Any]) -> bool:
    """Store an attempt's analysis columns; false when there is no such attempt."""
    assignments = ", ".join(f"{c}=?" for c in ANALYSIS_COLUMNS)
    cursor = tx.execute(f"UPDATE attempts SET {assignments} WHERE id=?",
                        (*(values.get(c) for c in ANALYSIS_COLUMNS), attempt_id))
    return bool(cursor.rowcount)


def clear_audio(tx: Tx, attempt_id: int) -> None:
    tx.execute("UPDATE attempts SET audio_path=NULL WHERE id=?", (attempt_id,))


def set_self_grade(tx: Tx, attempt_id: int, grade: int | None) -> bool:
    """Store the user's own grade of an attempt; false when there is no such attempt."""
    return bool(tx.execute("UPDATE attempts SET self_grade=? WHERE id=?", (grade, attempt_id)).rowcount)


def attempt_row(store: Store, attempt_id: int) -> AttemptRecord | None:
    rows = store.fetchall(f"{_SELECT} WHERE id=?", (attempt_id,))
    return AttemptRecord._make(rows[0]) if rows else None


def attempt_rows(store: Store, card_id: int) -> list[AttemptRecord]:
    """A card's attempts, oldest first."""
    return list(map(AttemptRecord._make, store.fetchall(f"{_SELECT} WHERE card_id=? ORDER BY started_ms, id",
                                                        (card_id,))))


def delete_attempt(tx: Tx, attempt_id: int) -> str | None:
    """Delete one attempt row; returns its stored audio path (``None`` if it had none or did not exist)."""
    cursor = tx.execute("SELECT audio_path FROM attempts WHERE id=?", (attempt_id,))
    row = cursor.fetchone()
    tx.execute("DELETE FROM attempts WHERE id=?", (attempt_id,))
    return None if row is None else row[0]


def audio_paths(store: Store) -> set[str]:
    """Every stored audio path (to tell recordings in use from leftovers)."""
    return {r[0] for r in store.fetchall("SELECT audio_path FROM attempts WHERE audio_path IS NOT NULL")}


def audio_paths_of_notes(store: Store, note_ids: Sequence[int]) -> list[str]:
    """The stored audio paths of the attempts at these notes' cards."""
    out: list[str] = []
    ids = list(note_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out += [r[0] for r in store.fetchall(
            "SELECT a.audio_path FROM attempts a JOIN cards c ON c.id = a.card_id "
            f"WHERE a.audio_path IS NOT NULL AND c.note_id IN ({','.join('?' * len(chunk))})", chunk)]
    return out


def analysed_rows(store: Store) -> list[AnalysedAttempt]:
    """Every analysed attempt with a recording, oldest first."""
    return list(map(AnalysedAttempt._make, store.fetchall(
        "SELECT id, audio_path, analysis FROM attempts WHERE analysis IS NOT NULL AND audio_path IS NOT NULL "
        "ORDER BY id")))
