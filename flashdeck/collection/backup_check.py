"""Is this file a sound FlashDeck collection? Asked of every backup before it counts, and before a restore.

``sound_collection`` opens the file read-only (nothing about it changes) and
answers with what is wrong: not a database, damaged (SQLite's integrity check),
half written (a hot journal beside it), not a FlashDeck collection, written by a
newer FlashDeck; then ``flashdeck.collection.checks`` runs the app's own invariants on it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flashdeck.collection.checks import check_collection, one_line
from flashdeck.storage import migrations
from flashdeck.storage.sqlite_open import read_version, written_by

__all__ = ["UNFINISHED", "FileReader", "Unsound", "physical_problem", "read_only_connection", "sound_collection"]

UNFINISHED = "an unfinished copy (its writing was interrupted); not a backup"
# The tables every released schema has had since the first.
REQUIRED_TABLES = ("config", "decks", "notes", "cards", "revlog")


class Unsound(Exception):
    """Why a file is not a usable collection, as the end of a one-line message."""


@contextlib.contextmanager
def read_only_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change ``path`` and does not trust its schema."""
    conn = sqlite3.connect(f"file:{quote(str(path), safe='/')}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        yield conn
    finally:
        conn.close()


class FileReader:
    """``flashdeck.collection.checks.Reader`` over a plain connection (a copy, a backup)."""

    sqlite = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._conn.execute(statement, tuple(params)).fetchall())

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.fetchall(statement, params)
        return rows[0][0] if rows else None


def physical_problem(conn: sqlite3.Connection, what: str = "backup") -> str | None:
    """What is wrong with the file behind ``conn`` as a FlashDeck collection, short of its invariants."""
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
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
