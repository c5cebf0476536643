"""What can go wrong under a collection, as one line for the user.

The drivers report a full disk, a read-only folder, a lock, a damaged file or
a lost server as their own exception classes with messages such as "disk I/O
error". ``storage_error`` turns them into these classes, each naming the
problem and the file (or server) in one line; the command line prints it and
the app shows it in a dialog. Anything it does not recognise is left alone: an
unexpected bug is reported as one (see ``flashdeck.collection.failures``).
"""

from __future__ import annotations

import errno
from pathlib import Path

from flashdeck.core.errors import FlashDeckError
from flashdeck.storage.sqlite_driver import sqlite3

__all__ = [
    "ConnectionLostError",
    "DamagedError",
    "DiskFullError",
    "LockedError",
    "NewerSchemaError",
    "NotACollectionError",
    "ReadOnlyError",
    "StorageError",
    "storage_error",
]


class StorageError(FlashDeckError):
    """A collection that cannot be used as asked; ``str()`` is one line naming the problem and the place."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where


class DiskFullError(StorageError):
    """No space left where the collection (or a copy of it) is written; nothing was changed."""


class ReadOnlyError(StorageError):
    """The collection's file or folder cannot be written; reading still works."""


class LockedError(StorageError):
    """Another program holds the collection's write lock for longer than we wait."""


class DamagedError(StorageError):
    """The file is not a sound SQLite database (truncated, overwritten, damaged)."""


class NotACollectionError(StorageError):
    """A database of another program: FlashDeck neither reads nor adds its tables to it."""


class NewerSchemaError(StorageError):
    """The collection was written by a newer FlashDeck; it is left exactly as it is."""


class ConnectionLostError(StorageError):
    """The database server went away; the action in flight was not saved. The next action reconnects."""


# SQLite's extended result codes by name (``sqlite3.Error.sqlite_errorname``).
_FULL = {"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMMAP", "SQLITE_IOERR_FSYNC",
         "SQLITE_IOERR_TRUNCATE", "SQLITE_IOERR_FSTAT"}
_READ_ONLY = {"SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_CANTINIT", "SQLITE_READONLY_CANTLOCK",
              "SQLITE_READONLY_RECOVERY", "SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_DBMOVED", "SQLITE_CANTOPEN",
              "SQLITE_PERM", "SQLITE_AUTH"}
_LOCKED = {"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED",
           "SQLITE_LOCKED_SHAREDCACHE"}
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_CORRUPT_VTAB", "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_INDEX",
            "SQLITE_NOTADB", "SQLITE_IOERR_SHORT_READ"}
# Store.read_only says why a collection could only be opened for reading.
FULL_DISK = "the disk is full"
READ_ONLY_PLACE = "its folder or disk does not allow writing"
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
# PostgreSQL SQLSTATEs (class 08: connection exception; 57P01-57P03: the server shut down or is starting).
_PG_LOST = ("08", "57P01", "57P02", "57P03")


def disk_full(where: str) -> DiskFullError:
    return DiskFullError(f"the disk is full: {where} could not be written; nothing was changed "
                         "(free some space and try again)", where)


def read_only(where: str) -> ReadOnlyError:
    return ReadOnlyError(f"{where} is read-only (its folder or disk does not allow writing): nothing was changed; "
                         "reading and export still work", where)


def locked(where: str) -> LockedError:
    return LockedError(f"{where} is locked by another program (it kept the database busy): nothing was changed; "
                       "try again when it is done", where)


def unreachable(where: str, exc: BaseException) -> ConnectionLostError:
    first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["no answer"])[0]
    return ConnectionLostError(f"cannot reach the database server {where} ({first}): nothing was read or changed",
                               where)


def damaged(where: str, detail: str) -> DamagedError:
    return DamagedError(f"{where} is damaged ({detail})", where)


def storage_error(exc: BaseException, where: str | Path) -> StorageError | None:
    """The ``StorageError`` that ``exc`` means at ``where`` (the collection's file or server), or ``None``."""
    place = str(where)
    if isinstance(exc, StorageError):
        return exc
    inner = getattr(exc, "orig", None)
    if isinstance(inner, sqlite3.Error):  # SQLAlchemy's wrapper (a migration) around the driver's error
        exc = inner
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc)
        if name in _FULL or "disk is full" in text:
            return disk_full(place)
        if name in _DAMAGED or "malformed" in text or "not a database" in text:
            return damaged(place, text)
        if "Could not decode to UTF-8" in text:  # text a damaged page or another program left
            return damaged(place, f"text that is not UTF-8: {text}")
        if name in _READ_ONLY or "readonly database" in text:
            return read_only(place)
        if name in _LOCKED or "database is locked" in text:
            return locked(place)
        if name.startswith("SQLITE_IOERR"):
            return StorageError(f"{place} could not be read or written ({text}: {name}); nothing was changed", place)
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        target = exc.filename if exc.filename else place
        if exc.errno in _FULL_ERRNOS:
            return disk_full(str(target))
        if exc.errno in _READ_ONLY_ERRNOS:
            return read_only(str(target))
        return None
    return _server_error(exc, place)


def _server_error(exc: BaseException, place: str) -> StorageError | None:
    """A lost PostgreSQL connection (psycopg 3 or 2, bare or wrapped by SQLAlchemy)."""
    inner = getattr(exc, "orig", None) or exc
    module = type(inner).__module__ or ""
    if not module.startswith(("psycopg", "psycopg2")):
        return None
    state = getattr(inner, "sqlstate", None) or getattr(inner, "pgcode", None) or ""
    closed = type(inner).__name__ == "OperationalError" and not state
    if closed or state.startswith(_PG_LOST):
        first = (str(inner).strip().splitlines() or ["connection closed"])[0]
        return ConnectionLostError(f"lost the connection to the database server {place} ({first}): "
                                   "the last action was not saved; the next one reconnects", place)
    if state == "53100":  # disk_full
        return disk_full(f"the database server {place}")
    if state == "25006":  # read_only_sql_transaction
        return read_only(f"the database server {place}")
    return None
