"""Backups while the app is in use: once ``backup_interval_min`` (default 30) has passed since the
newest backup and the collection changed since the one before, a new one is made.

A timer looks once a minute; looking costs a pragma read. A collection left open and idle overnight
gets no pile of identical backups. A failure (a full disk, a damaged collection) is reported once,
through ``failed``, not every minute.

The backup itself (copy, verification of the copy, rename, pruning) runs on a worker thread with
connections of its own: at 50,000 notes it takes about half a second, and on the GUI thread that was
a frozen window every half hour. The window waits for a running one (``finish``) before it closes.

The worker touches no Qt object and holds no reference to one: it leaves its outcome in a plain
holder, and a short timer on the GUI thread picks it up while a backup is being made. (A worker that
held the keeper and emitted its signal could hold the last reference to it, and a QObject with a
running timer destroyed on that thread leaves the GUI thread's event loop with a dangling timer.)
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
# While a backup is being made, how often the GUI thread looks whether it has ended.
POLL_MS = 50


class _Outcome:
    """One backup being made: the change mark it started at, and what the worker thread leaves for the GUI
    thread (the new backup's Path, or the error)."""

    __slots__ = ("made", "mark")

    def __init__(self, mark: int) -> None:
        self.mark = mark
        self.made: Path | Exception | None = None


def _make(job: BackupJob, outcome: _Outcome) -> None:
    try:
        outcome.made = job.run()
    except Exception as err:  # a full disk, a damaged copy, or a bug: the window shows each, not the thread
        outcome.made = err


class BackupKeeper(QObject):
    made = Signal(object)  # the new backup's Path
    failed = Signal(object)  # the exception, for the window to show
    ended = Signal()  # a backup started by tick() has ended, made or not (after made or failed, if either)

    def __init__(self, col: Collection, parent: QObject | None = None, *, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.col = col
        self._backed_up_at: int | None = None  # the change mark when this session last backed up
        self._reported: str | None = None
        self._worker: threading.Thread | None = None
        self._outcome = _Outcome(0)
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

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
        self._outcome = _Outcome(mark)
        self._worker = threading.Thread(target=_make, args=(job, self._outcome), name="flashdeck-backup",
                                        daemon=True)
        self._worker.start()
        self._poll.start()
        return job

    def _collect(self) -> None:
        worker = self._worker
        if worker is None or worker.is_alive():
            return
        self._poll.stop()
        self._worker = None
        made = self._outcome.made
        if isinstance(made, Exception):
            self._report(made)
        elif made is not None:
            self._reported = None
            self._backed_up_at = self._outcome.mark
            self.made.emit(made)
        self.ended.emit()

    def _report(self, err: Exception) -> None:
        if isinstance(err, DamagedCollectionError):
            self.timer.stop()  # a damaged collection stays damaged: no point looking every minute
        if str(err) != self._reported:
            self._reported = str(err)
            self.failed.emit(err)

    def finish(self) -> None:
        """Wait for a backup being made (the window is closing), and stop looking for more."""
        self.timer.stop()
        self._poll.stop()
        worker = self._worker
        if worker is not None:
            worker.join()
