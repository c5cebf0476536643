"""Is this file a sound FlashDeck collection? Asked of every backup before it counts, and before a restore.

``sound_collection`` opens the file read-only (nothing about it changes) and
answers with what is wrong: not a database, damaged (SQLite's integrity check),
half written (a hot journal beside it), not a FlashDeck collection, written by a
newer FlashDeck; then ``flashdeck.collection.checks`` runs the app's own invariants on it.
"""

from __future__ import annotations

from pathlib import Path

from flashdeck.collection.checks import check_collection, one_line
from flashdeck.storage import migrations
from flashdeck.storage.collection_file import (  # the SQL on the file; re-exported for restoring
    REQUIRED_TABLES,
    FileReader,
    integrity_report,
    read_only_connection,
    table_names,
)
from flashdeck.storage.sqlite_driver import sqlite3
from flashdeck.storage.sqlite_open import read_version, written_by

__all__ = [
    "REQUIRED_TABLES",
    "UNFINISHED",
    "FileReader",
    "Unsound",
    "physical_problem",
    "read_only_connection",
    "sound_collection",
]

UNFINISHED = "an unfinished copy (its writing was interrupted); not a backup"


class Unsound(Exception):
    """Why a file is not a usable collection, as the end of a one-line message."""


def physical_problem(conn: sqlite3.Connection, what: str = "backup") -> str | None:
    """What is wrong with the file behind ``conn`` as a FlashDeck collection, short of its invariants."""
    try:
        integrity = integrity_report(conn)
        tables = table_names(conn)
        version = read_version(conn)
    except sqlite3.DatabaseError as err:
        reason = getattr(err, "sqlite_errorname", "")
        if reason == "SQLITE_READONLY_ROLLBACK":
            # A hot journal beside it: whatever was writing this file was stopped half-way.
            return UNFINISHED
        if reason in ("SQLITE_CORRUPT", "SQLITE_IOERR_SHORT_READ") or "malformed" in str(err):
            return f"the file is damaged ({err})"
        return f"not a FlashDeck {what} ({err})"
    if integrity != ["ok"]:
        return f"the file is damaged ({one_line(' '.join(integrity[:3]))})"
    if version is None or not set(REQUIRED_TABLES) <= tables:
        return "not a FlashDeck collection"
    if version not in migrations.known_revisions():
        author = written_by(conn)
        return f"made by a newer FlashDeck ({author + ', ' if author else ''}schema {version}); update FlashDeck first"
    return None


def sound_collection(path: Path, what: str = "backup") -> list[str]:
    """Every problem with the collection file at ``path`` (empty: sound); the file is only read."""
    try:
        with read_only_connection(path) as conn:
            problem = physical_problem(conn, what)  # SQLite's integrity check among the rest
            if problem is not None:
                return [problem]
            return check_collection(FileReader(conn), integrity=False)
    except sqlite3.Error as err:
        return [f"not a FlashDeck {what} ({err})"]
