"""``flashdeck check``: database integrity plus the collection's own invariants.

The same checks verify every backup before it counts (``flashdeck.collection.backup``),
on the copy, through a read-only connection. A damaged file is a finding, not
a crash: a failing integrity check, text that is not UTF-8, a query that runs
into a damaged page are each reported, and the checks after them still run.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flashdeck.core.kinds import KINDS
from flashdeck.storage import check_queries
from flashdeck.storage.check_queries import Reader  # what the checks read through (a Store, or a copy)
from flashdeck.storage.errors import StorageError
from flashdeck.storage.sqlite_driver import sqlite3

__all__ = ["Reader", "check_collection", "one_line"]

_ATTEMPT_PATH_PROBLEM = "recording path outside the recordings folder"


def one_line(text: str, limit: int = 240) -> str:
    """SQLite's reports span lines (``*** in database main ***``, then the pages): one line, not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


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
    result = check_queries.integrity_report(store)
    return [] if result == ["ok"] else [f"sqlite integrity: {one_line(line)}" for line in result]


def _foreign_keys(store: Reader) -> list[str]:
    broken = check_queries.foreign_key_breaks(store)
    return [f"foreign key broken: {r.table} row {r.rowid} -> {r.parent}" for r in broken]


def _undecodable(store: Reader) -> list[str]:
    problems = []
    for table, column in check_queries.TEXT_COLUMNS:
        for row_key, raw in check_queries.text_as_bytes(store, table, column):
            try:
                bytes(raw).decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{table} {row_key!s}: {column} is not valid UTF-8 text")
    return problems


def _notes(store: Reader) -> list[str]:
    problems = []
    for note in check_queries.note_rows(store):
        if note.kind not in KINDS:
            problems.append(f"note {note.id}: unknown kind {note.kind!r}")
            continue
        try:
            if not isinstance(json.loads(note.fields), dict):
                problems.append(f"note {note.id}: fields are not an object")
        except (ValueError, TypeError):
            problems.append(f"note {note.id}: fields are not valid JSON")
    orphans = check_queries.notes_without_cards(store)
    if orphans:
        problems.append(f"{orphans} note(s) without any card")
    return problems


def _cards(store: Reader) -> list[str]:
    problems = []
    for card in check_queries.card_kinds(store):
        if card.kind in KINDS and not 0 <= card.ord < len(KINDS[card.kind].templates):
            problems.append(f"card {card.id}: template {card.ord} does not exist for kind {card.kind!r}")
    for odd in check_queries.inconsistent_cards(store):
        problems.append(f"card {odd.id}: inconsistent state (phase {odd.phase}, stability {odd.stability}, "
                        f"last review {odd.last_review})")
    for mismatch in check_queries.reps_mismatches(store):
        problems.append(f"card {mismatch.id}: {mismatch.reps} repetitions but {mismatch.logged} review log entries")
    return problems


def _attempts(store: Reader) -> list[str]:
    from flashdeck.collection.files import safe_relative

    problems = []
    for attempt_id, stored in check_queries.attempt_paths(store):
        if safe_relative(stored) is None:
            problems.append(f"attempt {attempt_id}: {_ATTEMPT_PATH_PROBLEM} ({stored!r})")
    return problems
