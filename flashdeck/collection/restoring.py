"""Restoring a backup, whatever state the current collection is in.

1. The backup is checked read-only: a damaged, unfinished, foreign or newer
   file is refused before anything happens.
2. The collection is **rebuilt** from the backup's rows in a new file beside
   the backups: our own migrations make the schema of the backup's revision,
   the rows of our tables (our columns only) are copied in, and our migrations
   bring it to today's schema. Nothing of the backup's own DDL survives: no
   trigger, view or table a crafted file carried. Recording paths that could
   lead out of the recordings folder are cleared. The invariants are checked.
3. Only when all that succeeded is the current collection set aside and the
   new file renamed into its place (one atomic rename). A sound current
   collection becomes a backup (``flashdeck restore THAT`` undoes the restore);
   a damaged one (not a database, truncated, overwritten) is kept beside the
   backups as ``NAME-damaged-TIME.db`` with its journal files, never deleted.

A kill at any point leaves the old collection or the restored one in place,
never a mix and never none: until the rename the old file is untouched (a hard
link names it in ``backups/``), and the rename is atomic.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from flashdeck.collection.backup import (
    _PARTIAL,
    BackupError,
    RestoreResult,
    _collection_file,
    new_name,
    partial_name,
    sync_dir,
)
from flashdeck.collection.backup_check import (
    REQUIRED_TABLES,
    FileReader,
    physical_problem,
    read_only_connection,
    sound_collection,
)
from flashdeck.collection.checks import check_collection
from flashdeck.core.clock import Clock, SystemClock
from flashdeck.storage import collection_file, migrations
from flashdeck.storage.errors import StorageError, storage_error
from flashdeck.storage.sqlite_driver import sqlite3
from flashdeck.storage.sqlite_open import read_version

__all__ = ["restore", "restore_collection"]

_LOCKED = ("SQLITE_BUSY", "SQLITE_LOCKED")


def restore_collection(db: str | os.PathLike[str] | None, backup: str | os.PathLike[str], *,
                       clock: Clock | None = None, folder: Path | None = None,
                       own_lock: bool = False) -> RestoreResult:
    """Replace the collection at ``db`` with ``backup``; see the module's description.

    ``backup`` may be the bare name of a file in the backups folder. Refuses while
    anything has the collection open (``own_lock``: the caller is the app holding
    the window's lock, which it gives up with the collection it restores).
    """
    target = _collection_file(db)
    folder = folder or target.parent / "backups"
    source = _find(backup, folder, target)
    with read_only_connection(source) as conn:
        problem = physical_problem(conn)
        version = None if problem else read_version(conn)
    if problem is not None or version is None:
        raise BackupError(f"{backup}: {problem or 'not a FlashDeck collection'}")
    _refuse_if_the_app_has_it(target, own_lock)
    now = (clock or SystemClock()).now()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fresh = partial_name(folder, f"{target.stem}-restoring")
    except OSError as err:
        raise _not_restored(backup, err) from None
    try:
        try:
            problems = _rebuild(source, fresh, version)
        except (sqlite3.Error, OSError, StorageError, _Refused) as err:
            raise _not_restored(backup, err) from None
        except Exception as err:  # a migration that fails on these rows: Alembic's and SQLAlchemy's own errors
            raise _not_restored(backup, err) from None
        with _current(target) as current:
            previous = _set_aside(current, target, folder, now)
            os.replace(fresh, target)
            sync_dir(target.parent)
    finally:
        fresh.unlink(missing_ok=True)
    return RestoreResult(target, previous, problems, None if current is None else current.problem)


# The short name the command line, the app and the tests call it by.
restore = restore_collection


def _find(backup: str | os.PathLike[str], folder: Path, target: Path) -> Path:
    source = Path(backup)
    if not source.exists() and (folder / source.name).exists():
        source = folder / source.name
    if not source.is_file():
        raise BackupError(f"{backup}: no such backup")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError(f"{backup} is the collection itself")
    if source.name.endswith(_PARTIAL):
        raise BackupError(f"{backup}: an unfinished copy (its writing was interrupted); not a backup")
    return source


class _Refused(Exception):
    pass


def _not_restored(backup: str | os.PathLike[str], err: BaseException) -> BackupError:
    problem = storage_error(err, Path(backup)) if not isinstance(err, _Refused) else None
    detail = str(problem) if problem is not None else (str(err).strip().splitlines() or [type(err).__name__])[0]
    return BackupError(f"{backup}: could not be restored ({detail}); the collection was left as it was")


# -- the rebuild ---------------------------------------------------------------------------------


def _rebuild(source: Path, dest: Path, version: str) -> list[str]:
    """Make ``dest`` a collection at today's schema holding the rows of ``source``; what check finds in it."""
    from flashdeck import __version__
    from flashdeck.collection.files import safe_relative
    from flashdeck.storage.engine import make_engine

    url = "sqlite:///" + quote(str(dest), safe="/")
    for step in ("schema", "rows", "upgrade"):
        if step == "rows":  # into the schema of the backup's own revision, made by our migrations
            _copy_rows(source, dest)
            continue
        engine = make_engine(url)
        try:
            with engine.begin() as migrating:
                migrations.upgrade(migrating, version if step == "schema" else "head")
                if step == "upgrade":
                    migrations.sign(migrating, f"FlashDeck {__version__}")
        finally:
            engine.dispose()
    conn = sqlite3.connect(str(dest), isolation_level=None)
    try:
        collection_file.forget_unsafe_recordings(conn, lambda stored: safe_relative(stored) is None)
        collection_file.use_rollback_journal(conn)  # one self-contained file, ready to be renamed in
        problem = physical_problem(conn)
        if problem is not None:
            raise _Refused(problem)
        return check_collection(FileReader(conn), integrity=False)
    finally:
        conn.close()


def _copy_rows(source: Path, dest: Path) -> None:
    missing = collection_file.copy_rows(source, dest, {*REQUIRED_TABLES, "attempts"})
    if missing is not None:
        raise _Refused(f"its table {missing} is missing")


# -- the current collection ------------------------------------------------------------------------


@dataclass
class _Current:
    problem: str | None  # why the file there is not a sound collection; None when it is


@contextlib.contextmanager
def _current(target: Path) -> Iterator[_Current | None]:
    """Hold the current collection so that no one writes it while it is set aside (``None``: there is none).

    It is first looked at read-only (a look changes nothing, so a damaged file is kept byte for
    byte). A sound file is then held with SQLite's exclusive lock, which also folds its WAL in; a
    file that is not sound is not opened for writing at all: the kernel's record locks (SQLite's
    own) tell whether anyone has it open.
    """
    wal = Path(f"{target}-wal")
    if target.is_dir():
        raise BackupError(f"{target} is a folder, not a collection")
    if not target.exists() or (target.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size)):
        yield None
        return
    found = sound_collection(target, "collection")
    if found:
        if _locked_by_another(target):
            raise _open_error(target)
        yield _Current(found[0])
        return
    conn = _lock_exclusively(target)
    try:
        yield _Current(None)
    finally:
        conn.close()


def _lock_exclusively(target: Path) -> sqlite3.Connection:
    """A connection that holds ``target`` alone until closed (``collection_file.hold_exclusively``)."""
    conn = sqlite3.connect(str(target), isolation_level=None, timeout=0)
    try:
        collection_file.hold_exclusively(conn)
    except sqlite3.DatabaseError as err:
        conn.close()
        if getattr(err, "sqlite_errorname", "").startswith(_LOCKED):
            raise _open_error(target) from None
        raise BackupError(f"{target}: cannot be replaced ({storage_error(err, target) or err})") from None
    return conn


def _open_error(target: Path) -> BackupError:
    return BackupError(f"{target} is open (FlashDeck or another program is using it): close it first")


def _locked_by_another(target: Path) -> bool:
    """Whether another process holds a record lock on the file or its WAL index (SQLite's own locks)."""
    import fcntl
    import struct

    for path in (target, Path(f"{target}-shm")):
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
            l_type = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))[0]
        finally:
            os.close(fd)
        if l_type != fcntl.F_UNLCK:
            return True
    return False


def _refuse_if_the_app_has_it(target: Path, own_lock: bool) -> None:
    """The app's window lock (``NAME.db.lock``, Qt's format: pid, app, host) held by a live process."""
    lock = Path(os.path.realpath(target) + ".lock")
    try:
        pid_line, _app, host, *_rest = [*lock.read_text(encoding="utf-8", errors="replace").splitlines(), "", ""]
        pid = int(pid_line)
    except (OSError, ValueError):
        return
    if pid == os.getpid() and own_lock:
        return
    if host and host != socket.gethostname():
        raise BackupError(f"FlashDeck is open on {target} on {host} (process {pid}): close it first")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return  # a window that was killed: its lock is stale
    except PermissionError:
        pass
    raise BackupError(f"FlashDeck is open on {target} (process {pid}): close it first")


def _set_aside(current: _Current | None, target: Path, folder: Path, now: datetime) -> Path | None:
    """Name the current collection in ``folder`` (a hard link: the file itself stays until the rename)."""
    if current is None:
        return None
    label = "" if current.problem is None else "damaged-"
    aside = new_name(folder, target.stem, now, label)
    try:
        os.link(target, aside)
    except OSError:  # another file system, or one without hard links: a copy, synced
        shutil.copyfile(target, aside)
        with open(aside, "rb+") as fh:
            os.fsync(fh.fileno())
    if current.problem is not None:
        for suffix in ("-wal", "-journal"):
            companion = Path(f"{target}{suffix}")
            if companion.exists():
                os.replace(companion, Path(f"{aside}{suffix}"))
        Path(f"{target}-shm").unlink(missing_ok=True)
    sync_dir(folder)
    return aside
