"""Opening a SQLite collection whatever state its file, folder and disk are in.

In order, so that nothing is written before we know the file is ours to write:

1. A read-only look (``mode=ro``) at the schema revision. A file that is not a
   database or is damaged is a ``DamagedError``; one written by a newer
   FlashDeck is a ``NewerSchemaError`` and is left byte for byte as it was
   (switching it to WAL, or checkpointing, would already change it).
2. The connection we keep, with WAL, ``synchronous=FULL`` and foreign keys.
3. If the folder or disk cannot take a write (a read-only mount, a full disk:
   SQLite then cannot even make the WAL's ``-shm`` file), the collection is
   opened read-only instead, so that reading and exporting still work, as long
   as no ``-wal`` file holds changes we would then not see. Writing through it
   fails with a one-line ``ReadOnlyError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flashdeck.storage import errors, migrations
from flashdeck.storage.sqlite_driver import sqlite3

__all__ = ["OpenedSqlite", "open_sqlite", "read_version", "written_by"]

PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000",
           # A crafted file cannot make its schema (views, triggers, defaults) call functions with side effects.
           "trusted_schema=OFF",
           # A 40 MB page cache (SQLite's default is 2 MB; Anki's core opens its collection with 40 MB): at
           # 10,000 cards a deck's searches ran ~35 % faster in bench_core with it (six alternating pairs).
           # The memory is taken only as pages are read.
           "cache_size=-40960")
# What opening the WAL reports on a full disk or a read-only folder: it cannot make the -shm file.
_CANNOT_WRITE_HERE = {"SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_READONLY_CANTINIT", "SQLITE_READONLY_DIRECTORY",
                      "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_SHMMAP", "SQLITE_FULL",
                      "SQLITE_IOERR_WRITE", "SQLITE_PERM"}


_FOREIGN = "\0foreign"


@dataclass
class OpenedSqlite:
    conn: sqlite3.Connection
    version: str | None  # the schema revision found (None: a new, empty database)
    read_only: str | None  # why the collection was opened read-only; None when it can be written


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path), safe='/')}" + (f"?{query}" if query else "")


def read_version(conn: sqlite3.Connection) -> str | None:
    """The schema revision in ``alembic_version``; ``None`` for a database without one."""
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def written_by(conn: sqlite3.Connection) -> str | None:
    """The FlashDeck that last changed the schema (config ``written_by``), if it said so."""
    try:
        row = conn.execute("SELECT value FROM config WHERE key='written_by'").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0]).strip('"')


def _look(path: Path) -> tuple[str | None, str | None] | None:
    """(revision, written by) from a read-only connection; ``None`` if the folder or disk stops even that."""
    probe = None
    try:
        probe = sqlite3.connect(_uri(path, mode="ro"), uri=True, isolation_level=None)
        version = read_version(probe)
        if version is None:  # an empty file is a new collection; one with tables of its own is not ours
            return None, _FOREIGN if probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] else None
        return version, written_by(probe) if version != migrations.HEAD else None
    except sqlite3.Error as err:
        if getattr(err, "sqlite_errorname", "") in _CANNOT_WRITE_HERE:
            return None
        raise errors.storage_error(err, path) or err from None
    finally:
        if probe is not None:
            probe.close()


def open_sqlite(path: Path | None) -> OpenedSqlite:
    """Open (creating if absent) the collection file at ``path``, or an in-memory one for ``None``."""
    if path is None:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _set_pragmas(conn, path)
        return OpenedSqlite(conn, None, None)
    if path.is_dir():
        raise errors.StorageError(f"{path} is a folder, not a collection file", str(path))
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise errors.storage_error(err, path.parent) or err from None
        conn = _connect(path)
        return OpenedSqlite(conn, None, None)
    looked = _look(path)
    if looked is not None:
        version, author = looked
        if version is not None and version != migrations.HEAD and version not in migrations.known_revisions():
            raise newer_schema(path, version, author)
        if version is None and author == _FOREIGN:
            raise errors.NotACollectionError(
                f"{path} is not a FlashDeck collection (a database of another program): nothing was changed", str(path))
    try:
        conn = _connect(path)
    except (errors.ReadOnlyError, errors.DiskFullError) as err:
        return _read_only(path, err)
    version = read_version(conn) if looked is None else looked[0]
    return OpenedSqlite(conn, version, None)


def newer_schema(path: Path | str, version: str, author: str | None) -> errors.NewerSchemaError:
    from flashdeck.core.version import __version__

    by = f"{author} " if author else "a newer FlashDeck "
    return errors.NewerSchemaError(
        f"{path} was written by {by}(schema {version}); this is FlashDeck {__version__}, which cannot read it: "
        "update FlashDeck to open it (the file was left as it was)", str(path))


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        raise errors.storage_error(err, path) or err from None
    try:
        _set_pragmas(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _set_pragmas(conn: sqlite3.Connection, path: Path | None) -> None:
    try:
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
    except sqlite3.Error as err:
        raise errors.storage_error(err, path or ":memory:") or err from None


def _read_only(path: Path, why: errors.StorageError) -> OpenedSqlite:
    """The collection as it is on disk, for reading, when its folder or disk takes no writes."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Changes still in the WAL that a read-only open could not see: refusing beats showing old data.
        raise why
    # immutable=1: SQLite then needs no -shm file (it cannot make one here) and takes no locks.
    try:
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA trusted_schema=OFF")
        version = read_version(conn)
    except sqlite3.Error as err:
        raise errors.storage_error(err, path) or err from None
    if version is not None and version != migrations.HEAD and version not in migrations.known_revisions():
        conn.close()
        raise newer_schema(path, version, None)
    reason = errors.FULL_DISK if _disk_full(path) else errors.READ_ONLY_PLACE
    return OpenedSqlite(conn, version, reason)


def _disk_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False
