"""Start the desktop app on a collection.

The window is shown as soon as the home screen exists; every other screen is
built on first use, so the first paint comes quickly after start.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import Any

__all__ = ["FIRST_PAINT_ENV", "run"]

# bench/bench_startup.py sets this to a file: the app writes the wall-clock
# time of its first paint there and quits, so start-up is measured for real.
FIRST_PAINT_ENV = "FLASHDECK_FIRST_PAINT_FILE"
# Platforms with no screen a dialog could be seen on (tests, headless runs).
_NO_SCREEN = ("offscreen", "minimal")


def _report_first_paint(window: Any, path: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                # Runs just before the window's own paint: quit after it has drawn.
                watched.removeEventFilter(self)
                QTimer.singleShot(0, lambda: _write_and_quit(path))
            return False

    def _write_and_quit(target: str) -> None:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(f"{time.time():.6f}\n")
        QApplication.quit()

    window._first_paint_filter = FirstPaint(window)
    window.installEventFilter(window._first_paint_filter)


def _freeze_startup_objects() -> None:
    gc.collect()
    gc.freeze()


def run(db: str | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from flashdeck.bundled import seed_if_empty
    from flashdeck.collection import Collection
    from flashdeck.ui.main_window import MainWindow
    from flashdeck.ui.theme import app_icon, apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("FlashDeck")
    app.setDesktopFileName("io.github.flashdeck.FlashDeck")
    app.setWindowIcon(app_icon())
    lock, refusal = _lock_collection(db)
    if refusal is not None:
        _tell_already_open(refusal, show_dialog=app.platformName() not in _NO_SCREEN)
        return 1
    col = Collection.open(db)
    seed_if_empty(col)
    apply_theme(app, str(col.get_config("theme", "system")))
    window = MainWindow(col)
    if os.environ.get(FIRST_PAINT_ENV):
        _report_first_paint(window, os.environ[FIRST_PAINT_ENV])
    window.show()
    # Start-up leaves ~100k long-lived objects (Qt wrappers, modules); freezing them
    # keeps later full GC passes from rescanning them mid-scroll (a 50-70 ms stall).
    QTimer.singleShot(0, _freeze_startup_objects)
    try:
        return app.exec()
    finally:
        _backup_on_close(col)
        col.close()
        if lock is not None:
            lock.unlock()


def _lock_collection(db: str | None) -> tuple[Any, str | None]:
    """One window per collection file: (the lock to keep while open, or why this start must stop).

    Two windows on one file would each show a queue the other makes stale. The lock is a
    ``QLockFile`` beside the database holding the owner's pid; a lock whose process is gone
    (killed, crashed) is stale and taken over. The command line takes no lock: each command
    is one short transaction, and works beside the window. A collection on a database
    server gets no lock either (several machines using it is the point of a server).
    """
    from PySide6.QtCore import QLockFile

    from flashdeck.storage.engine import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(db))
    if path is None:
        return None, None
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path.with_name(path.name + ".lock")))
    lock.setStaleLockTime(0)  # open for hours is normal: only a dead owner makes the lock stale
    if lock.tryLock(0):
        return lock, None
    if lock.error() != QLockFile.LockError.LockFailedError:
        return None, None  # no lock file possible here (a read-only folder): SQLite still guards the data
    info = lock.getLockInfo()
    owner = f" (process {info[0]})" if isinstance(info, tuple) and info and info[0] else ""
    return None, f"FlashDeck is already open on {path}{owner}"


def _tell_already_open(message: str, *, show_dialog: bool) -> None:
    print(f"flashdeck: {message}", file=sys.stderr)
    if show_dialog:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "FlashDeck", f"{message}.\n\nSwitch to that window, or close it first.")


def _backup_on_close(col: Any) -> None:
    """The app's backup as it closes (at most one per ``backup_interval_min``; see flashdeck.backup)."""
    from flashdeck.backup import backup_on_close

    try:
        backup_on_close(col)
    except Exception as err:  # every answer is already on disk: a failed backup must not turn quitting into a crash
        print(f"flashdeck: no backup on close: {err}".splitlines()[0], file=sys.stderr)
