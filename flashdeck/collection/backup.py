"""Backups of a SQLite collection: while the app is in use, when it closes, on demand; and restoring one.

A backup is taken with SQLite's online backup API from the open connection, so
it is consistent while the app (or a ``flashdeck review`` in another terminal)
keeps writing. Backups live beside the database in ``backups/``, named after it
and the UTC time they were made (``collection-20261121-100000.db``); the newest
``backups_keep`` (config, default 20) are kept. The app makes one every
``backup_interval_min`` (config, default 30) minutes of use in which something
changed, and one when it closes (unless the newest is younger than that).
Times come from the collection's clock.

A backup is written under a temporary ``….partial`` name, **verified** (SQLite's
integrity check and the app's own invariants, run on the copy) and only then
renamed: a killed process never leaves a half file that lists or restores as a
backup, and a damaged collection never becomes a backup. When the copy fails
verification nothing is kept and nothing is pruned; the error names the first
problem and the newest good backup. Pruning never removes the backup just made,
whatever the clock said when the others were named.

``restore`` (``flashdeck.collection.restoring``) works whatever state the collection is in.
A collection on a database server (PostgreSQL) is the server's to back up
(``pg_dump``): every function here refuses it with ``BackupError``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flashdeck.collection.backup_check import UNFINISHED, sound_collection
from flashdeck.collection.checks import one_line
from flashdeck.core.errors import FlashDeckError
from flashdeck.storage.collection_file import copy_online
from flashdeck.storage.engine import is_sqlite, resolve_url, sqlite_path
from flashdeck.storage.errors import DamagedError, DiskFullError, ReadOnlyError, StorageError, storage_error
from flashdeck.storage.sqlite_driver import sqlite3

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = [
    "DEFAULT_INTERVAL_MIN",
    "DEFAULT_KEEP",
    "BackupError",
    "BackupJob",
    "DamagedCollectionError",
    "RestoreResult",
    "backup_folder",
    "backup_if_due",
    "backup_now",
    "backup_on_close",
    "damaged_collection",
    "due_backup",
    "list_backups",
    "made_at",
    "newest_good_backup",
]

DEFAULT_KEEP = 20
DEFAULT_INTERVAL_MIN = 30
ABANDONED_PARTIAL_S = 3600
_STAMP = "%Y%m%d-%H%M%S"
_PARTIAL = ".partial"
_UNFINISHED = UNFINISHED


class BackupError(FlashDeckError):
    """A backup or restore that cannot be done; the message is one line for the user."""


class DamagedCollectionError(BackupError):
    """The collection failed verification: no backup was made (``newest_good`` is what to restore)."""

    def __init__(self, message: str, newest_good: Path | None) -> None:
        super().__init__(message)
        self.newest_good = newest_good


@dataclass(frozen=True)
class RestoreResult:
    """What ``restore`` did: where the state it replaced went, and what ``check`` found after."""

    collection: Path
    previous: Path | None  # the replaced collection: a backup (restorable), or a damaged file kept aside
    problems: list[str] = field(default_factory=list)
    previous_damaged: str | None = None  # why the replaced file was not sound, if it was not


def _collection_file(db: str | os.PathLike[str] | None) -> Path:
    url = resolve_url(db)
    if not is_sqlite(url):
        scheme = url.split(":", 1)[0].split("+", 1)[0]
        raise BackupError(f"the collection is on a {scheme} server: back it up with the server's own tools "
                          "(e.g. pg_dump); FlashDeck backs up SQLite collections")
    path = sqlite_path(url)
    if path is None:
        raise BackupError("an in-memory collection has no file to back up")
    return Path(os.path.realpath(path))  # the file itself: a restore through a link replaces the file, not the link


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


def made_at(path: Path) -> datetime | None:
    """When a backup was made, by the UTC time in its name."""
    match = re.search(r"-(\d{8}-\d{6})(?:-\d+)?\.db$", path.name)
    return None if match is None else datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)


def list_backups(db: str | os.PathLike[str] | None, folder: Path | None = None) -> list[Path]:
    """The backups of the collection at ``db``, newest first."""
    source = _collection_file(db)
    return [p for _t, _n, p in _backups_with_times(folder or source.parent / "backups", source.stem)]


def newest_good_backup(db: str | os.PathLike[str] | None, folder: Path | None = None) -> Path | None:
    """The newest backup that passes verification now (a backup can be damaged later, on disk)."""
    try:
        backups = list_backups(db, folder)
    except BackupError:
        return None
    return next((path for path in backups if not sound_collection(path)), None)


def new_name(folder: Path, stem: str, now: datetime, label: str = "") -> Path:
    """A free name for a backup (or, with ``label``, a file kept aside) made at ``now``."""
    base = f"{stem}-{label}{now.astimezone(UTC).strftime(_STAMP)}"
    target, counter = folder / f"{base}.db", 1
    while target.exists():  # two in the same second (a restore right after a backup)
        target, counter = folder / f"{base}-{counter}.db", counter + 1
    return target


def sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def partial_name(folder: Path, prefix: str) -> Path:
    """A fresh temporary file in ``folder`` (a name of its own: two processes never share one)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=f"{prefix}.", suffix=_PARTIAL)
    os.close(handle)
    return Path(name)


def _write(folder: Path, source: Path, now: datetime, copy_into: Callable[[Path], None]) -> Path:
    """Copy into a temporary name, verify the copy, then rename: only a whole, sound copy gets a backup's name."""
    stem = source.stem
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_partials(folder, stem)
        target = new_name(folder, stem, now)
        partial = partial_name(folder, target.name)
    except OSError as err:
        raise _not_written(err, folder) from None
    try:
        try:
            copy_into(partial)
        except (sqlite3.Error, OSError, StorageError) as err:
            if isinstance(storage_error(err, source), DamagedError):
                raise damaged_collection(source, str(err), folder) from None
            raise _not_written(err, folder) from None
        problems = sound_collection(partial)
        if problems:
            raise damaged_collection(source, problems[0], folder)
        os.replace(partial, target)
        sync_dir(folder)
    finally:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
    return target


def damaged_collection(source: Path, problem: str, folder: Path | None = None) -> DamagedCollectionError:
    """The one line for a collection that failed verification, naming the newest good backup."""
    good = newest_good_backup(source, folder)
    advice = f"the newest good backup is {good} (flashdeck restore {good.name})" if good else \
        "no good backup was found"
    return DamagedCollectionError(
        f"{source} is damaged ({problem}): no backup was made and the backups kept are untouched; {advice}", good)


def _not_written(err: BaseException, folder: Path) -> BackupError:
    problem = storage_error(err, folder)
    if isinstance(problem, DiskFullError):
        return BackupError(f"the disk is full: no backup was made in {folder} (the collection is unchanged; "
                           "free some space and try again)")
    if isinstance(problem, ReadOnlyError):
        return BackupError(f"{folder} is read-only: no backup was made (the collection is unchanged)")
    detail = one_line(str(problem) if problem is not None else f"{type(err).__name__}: {err}")
    return BackupError(f"no backup was made in {folder} (the collection is unchanged): {detail}")


def _remove_abandoned_partials(folder: Path, stem: str) -> None:
    """Delete half copies a killed backup or restore left behind (never listed, never restored).

    One still being written is touched continuously, so an hour without a change means its
    process is gone. File times are the file system's, so this compares with the real time.
    """
    abandoned_before = time.time() - ABANDONED_PARTIAL_S
    for path in folder.glob(f"{glob.escape(stem)}-*{_PARTIAL}*"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < abandoned_before:
                path.unlink()


def _prune(folder: Path, stem: str, keep: int, made: Path) -> list[Path]:
    """Keep the newest ``keep`` backups by the time in their names, and always ``made``: a clock set
    back names a new backup older than the ones before it, and it must not go at once."""
    others = [p for _t, _n, p in _backups_with_times(folder, stem) if p != made]
    old = others[max(1, keep) - 1:]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def backup_now(col: CollectionLike, folder: Path | None = None) -> Path:
    """Back up ``col`` now; keeps the newest ``backups_keep`` backups. Returns the new file.

    ``DamagedCollectionError`` when the copy fails verification: nothing kept, nothing pruned.
    """
    source = col.store.path
    if source is None:
        _collection_file(col.store.url)  # raises the right message
        raise BackupError("this collection has no file to back up")
    folder = folder or source.parent / "backups"
    target = _write(folder, source, col.clock.now(), col.store.backup_to)
    keep = col.get_config("backups_keep", DEFAULT_KEEP)
    _prune(folder, source.stem, int(keep) if isinstance(keep, int | float) else DEFAULT_KEEP, target)
    return target


@dataclass(frozen=True)
class BackupJob:
    """A backup that is due, with everything it needs read from the collection beforehand: ``run`` uses
    connections of its own, so the app runs it on a worker thread while the user goes on studying."""

    source: Path
    folder: Path
    now: datetime
    keep: int

    def run(self) -> Path:
        """Copy, verify, name and prune as ``backup_now`` does; returns the new backup."""
        target = _write(self.folder, self.source, self.now, lambda partial: copy_online(self.source, partial))
        _prune(self.folder, self.source.stem, self.keep, target)
        return target


def due_backup(col: CollectionLike, folder: Path | None = None) -> BackupJob | None:
    """The backup to make now, unless the newest is younger than ``backup_interval_min``; ``None`` when
    none is due (or the collection is on a server)."""
    source = col.store.path
    if source is None:
        return None
    interval = col.get_config("backup_interval_min", DEFAULT_INTERVAL_MIN)
    minutes = float(interval) if isinstance(interval, int | float) else DEFAULT_INTERVAL_MIN
    folder = folder or source.parent / "backups"
    existing = _backups_with_times(folder, source.stem)
    now = col.clock.now()
    if existing:
        age = now - existing[0][0]
        # A newest backup "in the future" means the clock was wrong then: do not trust it.
        if timedelta(0) <= age < timedelta(minutes=minutes):
            return None
    keep = col.get_config("backups_keep", DEFAULT_KEEP)
    return BackupJob(source, folder, now, int(keep) if isinstance(keep, int | float) else DEFAULT_KEEP)


def backup_if_due(col: CollectionLike, folder: Path | None = None) -> Path | None:
    """A backup unless the newest is younger than ``backup_interval_min``; ``None`` when none was due
    (or the collection is on a server). The app calls it when it closes (while in use: ``due_backup``
    on a worker thread)."""
    return None if due_backup(col, folder) is None else backup_now(col, folder)


backup_on_close = backup_if_due
