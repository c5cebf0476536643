"""``flashdeck check``: database integrity plus the collection's own invariants.

The same checks verify every backup before it counts (``flashdeck.collection.backup``),
on the copy, through a read-only connection. A damaged file is a finding, not
a crash: a failing integrity check, text that is not UTF-8, a query that runs
into a damaged page are each reported, and the checks after them still run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from flashdeck.core.kinds import KINDS
from flashdeck.storage.errors import StorageError

__all__ = ["Reader", "check_collection", "one_line"]

# Columns of text a damaged or crafted SQLite file may hold as bytes that are not UTF-8:
# reading them as text fails, so they are looked at as bytes first.
_TEXT_COLUMNS = (("notes", "fields"), ("notes", "title"), ("notes", "tags"), ("notes", "guid"),
                 ("decks", "name"), ("decks", "description"), ("config", "value"))
_ATTEMPT_PATH_PROBLEM = "recording path outside the recordings folder"


def one_line(text: str, limit: int = 240) -> str:
    """SQLite's reports span lines (``*** in database main ***``, then the pages): one line, not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Reader(Protocol):
    """What the checks read through: a ``Store``, or a read-only connection to a copy."""

    sqlite: bool

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any: ...


def check_collection(store: Reader, *, integrity: bool = True) -> list[str]:
    """Every problem found, as one line each; an empty list means sound.

    ``integrity=False`` skips SQLite's integrity check (the caller has just run it).
    """
    problems: list[str] = []

    def run(label: str, step: Callable[[], list[str]]) -> None:
        try:
            problems.extend(step())
        except (StorageError, sqlite3.Error) as err:
            problems.append(f"{label}: could not be read ({one_line(str(err))})")

    if store.sqlite:
        if integrity:
            run("sqlite integrity", lambda: _integrity(store))
        run("text", lambda: _undecodable(store))
        if problems:
            return problems  # the checks below would only run into the same damage
        run("foreign keys", lambda: _foreign_keys(store))
    run("notes", lambda: _notes(store))
    run("cards", lambda: _cards(store))
    run("attempts", lambda: _attempts(store))
    return problems


def _integrity(store: Reader) -> list[str]:
    result = store.fetchall("PRAGMA integrity_check")
    return [] if [r[0] for r in result] == ["ok"] else [f"sqlite integrity: {one_line(r[0])}" for r in result]


def _foreign_keys(store: Reader) -> list[str]:
    broken = store.fetchall("PRAGMA foreign_key_check")
    return [f"foreign key broken: {r[0]} row {r[1]} -> {r[2]}" for r in broken]


def _undecodable(store: Reader) -> list[str]:
    problems = []
    for table, column in _TEXT_COLUMNS:
        key = "key" if table == "config" else "rowid"
        for row_key, raw in store.fetchall(
            f"SELECT {key}, CAST({column} AS BLOB) FROM {table} WHERE typeof({column}) IN ('text', 'blob')"
        ):
            try:
                bytes(raw).decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{table} {row_key!s}: {column} is not valid UTF-8 text")
    return problems


def _notes(store: Reader) -> list[str]:
    problems = []
    for note_id, kind, fields in store.fetchall("SELECT id, kind, fields FROM notes"):
        if kind not in KINDS:
            problems.append(f"note {note_id}: unknown kind {kind!r}")
            continue
        try:
            if not isinstance(json.loads(fields), dict):
                problems.append(f"note {note_id}: fields are not an object")
        except (ValueError, TypeError):
            problems.append(f"note {note_id}: fields are not valid JSON")
    orphans = store.scalar(
        "SELECT count(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.note_id = n.id)"
    )
    if orphans:
        problems.append(f"{orphans} note(s) without any card")
    return problems


def _cards(store: Reader) -> list[str]:
    problems = []
    for card_id, kind, ordinal in store.fetchall(
        "SELECT c.id, n.kind, c.ord FROM cards c JOIN notes n ON n.id = c.note_id"
    ):
        if kind in KINDS and not 0 <= ordinal < len(KINDS[kind].templates):
            problems.append(f"card {card_id}: template {ordinal} does not exist for kind {kind!r}")
    for card_id, phase, stability, last_review in store.fetchall(
        "SELECT id, phase, stability, last_review FROM cards WHERE phase NOT IN (0, 1, 2, 3) "
        "OR (phase > 0 AND (stability IS NULL OR last_review IS NULL)) OR (phase = 0 AND last_review IS NOT NULL)"
    ):
        problems.append(
            f"card {card_id}: inconsistent state (phase {phase}, stability {stability}, last review {last_review})"
        )
    for card_id, reps, logged in store.fetchall(
        "SELECT c.id, c.reps, (SELECT count(*) FROM revlog r WHERE r.card_id = c.id) AS n FROM cards c "
        "WHERE c.reps <> (SELECT count(*) FROM revlog r WHERE r.card_id = c.id)"
    ):
        problems.append(f"card {card_id}: {reps} repetitions but {logged} review log entries")
    return problems


def _attempts(store: Reader) -> list[str]:
    from flashdeck.collection.files import safe_relative

    problems = []
    for attempt_id, stored in store.fetchall("SELECT id, audio_path FROM attempts WHERE audio_path IS NOT NULL"):
        if safe_relative(stored) is None:
            problems.append(f"attempt {attempt_id}: {_ATTEMPT_PATH_PROBLEM} ({stored!r})")
    return problems
