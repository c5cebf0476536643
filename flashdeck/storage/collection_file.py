"""The SQL over a collection file opened with ``sqlite3`` itself, not through a ``Store``: a backup being checked
or summed up, a collection being rebuilt from one, the file a restore is about to replace.

``flashdeck.collection.backup_check`` and ``flashdeck.collection.restoring`` decide what the answers mean.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flashdeck.storage.sqlite_driver import sqlite3

__all__ = [
    "REQUIRED_TABLES",
    "FileReader",
    "copy_online",
    "copy_rows",
    "forget_unsafe_recordings",
    "hold_exclusively",
    "integrity_report",
    "notes_and_reviews",
    "read_only_connection",
    "table_names",
    "use_rollback_journal",
]

# The tables every released schema has had since the first.
REQUIRED_TABLES = ("config", "decks", "notes", "cards", "revlog")


@contextlib.contextmanager
def read_only_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change ``path`` and does not trust its schema."""
    conn = sqlite3.connect(f"file:{quote(str(path), safe='/')}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        yield conn
    finally:
        conn.close()


def copy_online(source: Path, target: Path) -> None:
    """Copy the collection at ``source`` to ``target`` with SQLite's online backup API, over a read-only
    connection of its own (so from any thread, beside the app's connection): one step inside one read
    transaction, a consistent snapshot while others write; the copy uses a rollback journal, a single file."""
    with read_only_connection(source) as conn:
        dest = sqlite3.connect(str(target), isolation_level=None)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()


class FileReader:
    """``flashdeck.storage.check_queries.Reader`` over a plain connection (a copy, a backup)."""

    sqlite = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._conn.execute(statement, tuple(params)).fetchall())

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.fetchall(statement, params)
        return rows[0][0] if rows else None


def integrity_report(conn: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check: ``["ok"]``, or a line per problem."""
    return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def notes_and_reviews(conn: sqlite3.Connection) -> tuple[int, int]:
    """How many notes and review log rows the file holds."""
    notes, reviews = conn.execute("SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM revlog)").fetchone()
    return notes, reviews


def copy_rows(source: Path, dest: Path, required: Collection[str]) -> str | None:
    """Copy every row of ``source``'s tables into ``dest``'s tables of the same names, ``dest``'s columns only.

    ``dest`` has the schema (made by our migrations): nothing of ``source``'s own DDL is read, and its
    triggers and views are never run. Returns the first of ``dest``'s tables in ``required`` that
    ``source`` lacks (nothing copied then), else None.
    """
    conn = sqlite3.connect(f"file:{quote(str(dest), safe='/')}", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA foreign_keys=OFF")  # rows arrive table by table; check_collection reports breaks
        conn.execute("ATTACH DATABASE ? AS src", (f"file:{quote(str(source), safe='/')}?mode=ro",))
        theirs = {r[0] for r in conn.execute("SELECT name FROM src.sqlite_master WHERE type='table'")}
        ours = [r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type='table' "
                                           "AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'")]
        missing = [t for t in ours if t not in theirs and t in required]
        if missing:
            return str(missing[0])
        conn.execute("BEGIN")
        for table in ours:
            their_columns = {r[1] for r in conn.execute(f'PRAGMA src.table_info("{table}")')}
            columns = ", ".join(f'"{c}"' for c in (r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")'))
                                if c in their_columns)
            conn.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM src."{table}"')
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
    finally:
        conn.close()
    return None


def forget_unsafe_recordings(conn: sqlite3.Connection, unsafe: Callable[[str], bool]) -> None:
    """Clear the recording path of every attempt whose stored path is ``unsafe``."""
    cleared = [(row_id,) for row_id, stored in conn.execute(
        "SELECT id, audio_path FROM attempts WHERE audio_path IS NOT NULL") if unsafe(stored)]
    conn.executemany("UPDATE attempts SET audio_path=NULL WHERE id=?", cleared)


def use_rollback_journal(conn: sqlite3.Connection) -> None:
    """Leave WAL mode: the file is then one self-contained file, ready to be renamed."""
    conn.execute("PRAGMA journal_mode=DELETE")


def hold_exclusively(conn: sqlite3.Connection) -> None:
    """Take the file's exclusive lock and keep it until ``conn`` closes (raises ``sqlite3`` errors as they come).

    The app keeps its collection in WAL mode, where every open connection holds
    a shared lock on the file for as long as it is open: leaving WAL mode needs
    all of them gone. In exclusive locking mode the lock taken then is kept.
    """
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA journal_mode=DELETE")  # folds the WAL into the file
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("COMMIT")
