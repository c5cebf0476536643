"""Backups of a SQLite collection: when the app closes, on demand, and restoring one.

A backup is taken with SQLite's online backup API from the open connection, so
it is consistent while the app (or a ``flashdeck review`` in another terminal)
keeps writing. Backups live beside the database in ``backups/``, named after it
and the UTC time they were made (``collection-20261121-100000.db``); the newest
``backups_keep`` (config, default 20) are kept. The app makes one when it
closes, unless the newest is younger than ``backup_interval_min`` (config,
default 30 minutes). Times come from the collection's clock.

A backup is written under a temporary ``….partial`` name and renamed once whole
and synced, so a process killed mid-copy never leaves a half file that lists or
restores as a backup; such leftovers are deleted by a later backup once an hour
old. ``restore`` checks a file (integrity, tables, schema revision) before use.

A collection on a database server (PostgreSQL) is the server's to back up
(``pg_dump``): every function here refuses it with ``BackupError``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flashdeck.collection import Collection
from flashdeck.core.clock import Clock, SystemClock
from flashdeck.storage.engine import is_sqlite, resolve_url, sqlite_path

__all__ = [
    "DEFAULT_INTERVAL_MIN",
    "DEFAULT_KEEP",
    "BackupError",
    "RestoreResult",
    "backup_folder",
    "backup_now",
    "backup_on_close",
    "list_backups",
    "restore",
]

DEFAULT_KEEP = 20
DEFAULT_INTERVAL_MIN = 30
ABANDONED_PARTIAL_S = 3600
_STAMP = "%Y%m%d-%H%M%S"
_PARTIAL = ".partial"
_UNFINISHED = "an unfinished copy (its writing was interrupted); not a backup"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line for the user."""


@dataclass(frozen=True)
class RestoreResult:
    """What ``restore`` did: the backup of the state it replaced, and what ``check`` found after."""

    collection: Path
    previous: Path | None
    problems: list[str] = field(default_factory=list)


def _collection_file(db: str | os.PathLike[str] | None) -> Path:
    url = resolve_url(db)
    if not is_sqlite(url):
        scheme = url.split(":", 1)[0].split("+", 1)[0]
        raise BackupError(f"the collection is on a {scheme} server: back it up with the server's own tools "
                          "(e.g. pg_dump); FlashDeck backs up SQLite collections")
    path = sqlite_path(url)
    if path is None:
        raise BackupError("an in-memory collection has no file to back up")
    return path


def backup_folder(db: str | os.PathLike[str] | None) -> Path:
    """Where the backups of the collection at ``db`` go: ``backups/`` beside the database file."""
    return _collection_file(db).parent / "backups"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.db")


def _backups_with_times(folder: Path, stem: str) -> list[tuple[datetime, int, Path]]:
    pattern = _pattern(stem)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.fullmatch(path.name)
            if match:
                made = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
                found.append((made, int(match[2] or 0), path))
    return sorted(found, reverse=True)


def list_backups(db: str | os.PathLike[str] | None, folder: Path | None = None) -> list[Path]:
    """The backups of the collection at ``db``, newest first."""
    source = _collection_file(db)
    return [p for _t, _n, p in _backups_with_times(folder or source.parent / "backups", source.stem)]


def _new_name(folder: Path, stem: str, now: datetime) -> Path:
    base = f"{stem}-{now.astimezone(UTC).strftime(_STAMP)}"
    target, counter = folder / f"{base}.db", 1
    while target.exists():  # two in the same second (a restore right after a backup)
        target, counter = folder / f"{base}-{counter}.db", counter + 1
    return target


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(folder: Path, stem: str, now: datetime, copy_into: Callable[[Path], None]) -> Path:
    """Copy into a temporary name, then rename: a crash never leaves a half backup under a real name."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_partials(folder, stem)
    target = _new_name(folder, stem, now)
    # A name of its own: two processes backing up in the same second never write one half file together.
    handle, name = tempfile.mkstemp(dir=folder, prefix=f"{target.name}.", suffix=_PARTIAL)
    os.close(handle)
    partial = Path(name)
    try:
        copy_into(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
    _sync_dir(folder)
    return target


def _remove_abandoned_partials(folder: Path, stem: str) -> None:
    """Delete half copies a killed backup left behind (never listed, never restored: only disk used).

    One still being written is touched continuously, so an hour without a change means its
    process is gone. File times are the file system's, so this compares with the real time.
    """
    abandoned_before = time.time() - ABANDONED_PARTIAL_S
    for path in folder.glob(f"{glob.escape(stem)}-*{_PARTIAL}*"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < abandoned_before:
                path.unlink()


def _prune(folder: Path, stem: str, keep: int) -> list[Path]:
    old = [p for _t, _n, p in _backups_with_times(folder, stem)[max(1, keep):]]
    for path in old:
        path.unlink()
    return old


def backup_now(col: Collection, folder: Path | None = None) -> Path:
    """Back up ``col`` now; keeps the newest ``backups_keep`` backups. Returns the new file."""
    source = col.store.path
    if source is None:
        _collection_file(col.store.url)  # raises the right message
        raise BackupError("this collection has no file to back up")
    folder = folder or source.parent / "backups"
    target = _write(folder, source.stem, col.clock.now(), col.store.backup_to)
    keep = col.get_config("backups_keep", DEFAULT_KEEP)
    _prune(folder, source.stem, int(keep) if isinstance(keep, int | float) else DEFAULT_KEEP)
    return target


def backup_on_close(col: Collection, folder: Path | None = None) -> Path | None:
    """The app's backup as it closes: none if the newest is younger than ``backup_interval_min``.

    Returns the new backup, or ``None`` when none was due (or the collection is on a server).
    """
    source = col.store.path
    if source is None:
        return None
    interval = col.get_config("backup_interval_min", DEFAULT_INTERVAL_MIN)
    minutes = float(interval) if isinstance(interval, int | float) else DEFAULT_INTERVAL_MIN
    existing = _backups_with_times(folder or source.parent / "backups", source.stem)
    if existing:
        age = col.clock.now() - existing[0][0]
        # A newest backup "in the future" means the clock was wrong then: do not trust it.
        if timedelta(0) <= age < timedelta(minutes=minutes):
            return None
    return backup_now(col, folder)


def _check_backup(backup: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as conn:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone() if (
                "alembic_version" in tables) else None
    except sqlite3.DatabaseError as err:
        reason = getattr(err, "sqlite_errorname", "")
        if reason == "SQLITE_CORRUPT":
            raise BackupError(f"{backup}: the file is damaged ({err})") from None
        if reason == "SQLITE_READONLY_ROLLBACK":
            # A hot journal beside it: whatever was writing this file was stopped half-way.
            raise BackupError(f"{backup}: {_UNFINISHED}") from None
        raise BackupError(f"{backup}: not a FlashDeck backup ({err})") from None
    if integrity != ["ok"]:
        raise BackupError(f"{backup}: the file is damaged ({integrity[0]})")
    if version is None or not {"notes", "cards", "revlog"} <= tables:
        raise BackupError(f"{backup}: not a FlashDeck collection")
    if version[0] not in _known_revisions():
        raise BackupError(f"{backup}: made by a newer FlashDeck (schema {version[0]}); update FlashDeck first")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from flashdeck.storage import migrations

    script = ScriptDirectory(str(Path(migrations.__file__).parent))
    return {rev.revision for rev in script.walk_revisions()}


def _lock_exclusively(target: Path) -> sqlite3.Connection:
    """A connection that holds ``target`` alone until closed, or ``BackupError`` if anyone else has it open.

    The app keeps its collection in WAL mode, where every open connection holds
    a shared lock on the file for as long as it is open: leaving WAL mode needs
    all of them gone. In exclusive locking mode the lock taken then is kept.
    """
    conn = sqlite3.connect(str(target), isolation_level=None, timeout=0)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("PRAGMA journal_mode=DELETE")  # folds the WAL into the file
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError:
        conn.close()
        raise BackupError(f"{target} is open (FlashDeck or another program is using it): close it first") from None
    return conn


def restore(db: str | os.PathLike[str] | None, backup: str | os.PathLike[str], *, clock: Clock | None = None,
            folder: Path | None = None) -> RestoreResult:
    """Replace the collection at ``db`` with ``backup``, after backing up its current state.

    Refuses while anything has the collection open. ``backup`` may also be the
    bare name of a file in the backups folder. Afterwards the collection is
    opened (migrating an older backup forward) and checked.
    """
    target = _collection_file(db)
    folder = folder or target.parent / "backups"
    source = Path(backup)
    if not source.exists() and (folder / source.name).exists():
        source = folder / source.name
    if not source.is_file():
        raise BackupError(f"{backup}: no such backup")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError(f"{backup} is the collection itself")
    if source.name.endswith(_PARTIAL):
        raise BackupError(f"{backup}: {_UNFINISHED}")
    _check_backup(source)
    now = (clock or SystemClock()).now()
    target.parent.mkdir(parents=True, exist_ok=True)
    had_collection = target.exists() and target.stat().st_size > 0
    conn = _lock_exclusively(target)
    try:
        previous = _write(folder, target.stem, now, lambda path: _copy(conn, path)) if had_collection else None
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
            src.backup(conn)
        src.close()
    finally:
        conn.close()
    with Collection.open(target, clock=clock) as col:
        problems = col.check()
    return RestoreResult(target, previous, problems)


def _copy(conn: sqlite3.Connection, path: Path) -> None:
    dest = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
