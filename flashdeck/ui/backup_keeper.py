"""Backups while the app is in use: once ``backup_interval_min`` (default 30) has passed since the
newest backup and the collection changed since the one before, a new one is made.

A timer looks once a minute; looking costs a pragma read. A collection left open and idle overnight
gets no pile of identical backups. A failure (a full disk, a damaged collection) is reported once,
through ``failed``, not every minute.

The backup itself (copy, verification of the copy, rename, pruning) runs on a worker thread with
connections of its own: at 50,000 notes it takes about half a second, and on the GUI thread that was
a frozen window every half hour. The window waits for a running one (``finish``) before it closes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from flashdeck.collection import Collection
from flashdeck.collection.backup import BackupJob, DamagedCollectionError, due_backup
from flashdeck.storage.errors import StorageError

__all__ = ["CHECK_EVERY_MS", "BackupKeeper"]

CHECK_EVERY_MS = 60_000


class BackupKeeper(QObject):
    made = Signal(object)  # the new backup's Path
    failed = Signal(object)  # the exception, for the window to show
    _finished = Signal(object, object)  # (change mark, Path or the error): from the worker to the GUI thread

    def __init__(self, col: Collection, parent: QObject | None = None, *, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.col = col
        self._backed_up_at: int | None = None  # the change mark when this session last backed up
        self._reported: str | None = None
        self._worker: threading.Thread | None = None
        self._finished.connect(self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> BackupJob | None:
        """Start a backup if one is due and something changed since this session's last backup;
        returns the backup started (``made`` or ``failed`` says how it ended), ``None`` if none."""
        if self._worker is not None:
            return None  # the last one is still being made
        mark = self.col.change_mark()
        if mark is None or (self._backed_up_at is not None and mark == self._backed_up_at):
            return None
        try:
            job = due_backup(self.col)
        except StorageError as err:
            self._report(err)
            return None
        if job is None:
            return None
        self._worker = threading.Thread(target=self._run, args=(job, mark), name="flashdeck-backup", daemon=True)
        self._worker.start()
        return job

    def _run(self, job: BackupJob, mark: int) -> None:
        try:
            made: Path | Exception = job.run()
        except Exception as err:  # a full disk, a damaged copy, or a bug: the window shows each, not the thread
            made = err
        self._finished.emit(mark, made)

    def _done(self, mark: int, made: Path | Exception) -> None:
        self._worker = None
        if isinstance(made, Exception):
            self._report(made)
            return
        self._reported = None
        self._backed_up_at = mark
        self.made.emit(made)

    def _report(self, err: Exception) -> None:
        if isinstance(err, DamagedCollectionError):
            self.timer.stop()  # a damaged collection stays damaged: no point looking every minute
        if str(err) != self._reported:
            self._reported = str(err)
            self.failed.emit(err)

    def finish(self) -> None:
        """Wait for a backup being made (the window is closing), and stop looking for more."""
        self.timer.stop()
        worker = self._worker
        if worker is not None:
            worker.join()
