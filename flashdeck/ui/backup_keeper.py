"""Backups while the app is in use: once ``backup_interval_min`` (default 30) has passed since the
newest backup and the collection changed since the one before, a new one is made.

A timer looks once a minute; looking costs a pragma read. A collection left open and idle overnight
gets no pile of identical backups. A failure (a full disk, a damaged collection) is reported once,
through ``failed``, not every minute.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from flashdeck.collection import Collection
from flashdeck.collection.backup import BackupError, DamagedCollectionError, backup_if_due
from flashdeck.storage.errors import StorageError

__all__ = ["CHECK_EVERY_MS", "BackupKeeper"]

CHECK_EVERY_MS = 60_000


class BackupKeeper(QObject):
    made = Signal(object)  # the new backup's Path
    failed = Signal(object)  # the exception, for the window to show

    def __init__(self, col: Collection, parent: QObject | None = None, *, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.col = col
        self._backed_up_at: int | None = None  # the change mark when this session last backed up
        self._reported: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> Path | None:
        """Back up if one is due and something changed since this session's last backup."""
        mark = self.col.store.change_mark()
        if mark is None or (self._backed_up_at is not None and mark == self._backed_up_at):
            return None
        try:
            made = backup_if_due(self.col)
        except (BackupError, StorageError) as err:
            if isinstance(err, DamagedCollectionError):
                self.timer.stop()  # a damaged collection stays damaged: no point looking every minute
            if str(err) != self._reported:
                self._reported = str(err)
                self.failed.emit(err)
            return None
        self._reported = None
        if made is not None:
            self._backed_up_at = mark
            self.made.emit(made)
        return made
