"""Start the desktop app on a collection.

The window is shown as soon as the home screen exists; every other screen is
built on first use, so the first paint comes quickly after start.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["FIRST_PAINT_ENV", "MULTIMEDIA_LOG_RULES", "quiet_multimedia_logging", "run"]

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


# Qt Multimedia's chatter on the terminal a user started the app from: FFmpeg's "Input #0, wav, from …"
# stream dump (Qt passes FFmpeg's own log through while qt.multimedia.ffmpeg's info/debug are on), its
# "Using Qt multimedia with FFmpeg" banner, and "Couldn't load pipewire-0.3 library" where Qt tries
# PipeWire before falling back to PulseAudio. Real warnings (no audio device) still reach stderr.
MULTIMEDIA_LOG_RULES = "\n".join((
    "qt.multimedia*.debug=false",
    "qt.multimedia*.info=false",
    "qt.multimedia.symbolsresolver*=false",
))


def quiet_multimedia_logging() -> None:
    """Silence Qt Multimedia's informational output; call before PySide6.QtMultimedia is imported.

    QT_LOGGING_RULES still wins (Qt applies it after these), for anyone debugging playback.
    """
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(MULTIMEDIA_LOG_RULES)


def _freeze_startup_objects() -> None:
    gc.collect()
    gc.freeze()


def run(db: str | None = None) -> int:
    quiet_multimedia_logging()  # first: Qt Multimedia logs as soon as its library loads
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from flashdeck.ui.main_window import MainWindow
    from flashdeck.ui.theme import app_icon, apply_theme
    from flashdeck.ui.widgets.emoji_font import ensure_emoji_font

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("FlashDeck")
    app.setDesktopFileName("io.github.flashdeck.FlashDeck")
    app.setWindowIcon(app_icon())
    ensure_emoji_font()  # ❌ ✅ 🚀 on cards, not boxes, even on a system without an emoji font
    show_dialogs = app.platformName() not in _NO_SCREEN
    apply_theme(app, "system")  # the dialogs before the collection is open; then the user's own choice
    # Logging out sends SIGTERM (and a closed terminal SIGHUP): quit as Ctrl+Q does, backup included.
    stop_signals = _quit_on_signals(app)
    lock, refusal = _lock_collection(db)
    if refusal is not None:
        stop_signals.release()
        _tell_already_open(refusal, show_dialog=show_dialogs)
        return 1
    try:
        restore_from: Path | None = None
        while True:
            col = _open_for_the_app(db, show_dialogs, restore_from)
            if col is None:
                return 1
            apply_theme(app, str(col.get_config("theme", "system")))
            window = MainWindow(col, show_dialogs=show_dialogs)
            if os.environ.get(FIRST_PAINT_ENV):
                _report_first_paint(window, os.environ[FIRST_PAINT_ENV])
            window.show()
            if col.read_only is not None:
                QTimer.singleShot(0, window.tell_read_only)
            # Start-up leaves ~100k long-lived objects (Qt wrappers, modules); freezing them
            # keeps later full GC passes from rescanning them mid-scroll (a 50-70 ms stall).
            QTimer.singleShot(0, _freeze_startup_objects)
            previous_hook = sys.excepthook
            sys.excepthook = _show_in(window)
            try:
                code = app.exec()
            finally:
                sys.excepthook = previous_hook
                restore_from = window.restore_requested
                window.backups.finish()  # one being made while in use is finished, not cut off
                if restore_from is None:
                    _backup_on_close(col, window if show_dialogs and not stop_signals.received else None)
                col.close()
            if restore_from is None:
                return code
    finally:
        stop_signals.release()
        if lock is not None:
            lock.unlock()


def _show_in(window: Any) -> Any:
    """An excepthook for the running app: an error escaping a screen's slot becomes the window's dialog."""

    def hook(_kind: type[BaseException], value: BaseException, _tb: object) -> None:
        window.handle_failure(value)

    return hook


def _open_for_the_app(db: str | None, show_dialogs: bool, restore_from: Path | None) -> Any:
    """The collection, ready for the window; or ``None`` after telling the user why it cannot be opened.

    A damaged collection is met with a dialog offering its newest good backup (``restore_from``
    when the window already asked); a newer one, a full disk and the rest with the one line the
    command line would print.
    """
    from flashdeck.collection import Collection
    from flashdeck.collection.bundled import seed_if_empty
    from flashdeck.collection.failures import describe_failure
    from flashdeck.collection.restoring import restore
    from flashdeck.ui.dialogs.failures import RESTORE_BUTTON, damaged_box, error_box, restored_box

    while True:
        if restore_from is not None:
            try:
                with _busy():
                    result = restore(db, restore_from, own_lock=True)
            except Exception as exc:
                failure = describe_failure(exc, db)
                print(f"flashdeck: {failure.message}", file=sys.stderr)
                if show_dialogs:
                    error_box(None, failure).exec()
                return None
            if show_dialogs:
                restored_box(None, result, restore_from).exec()
            restore_from = None
        try:
            col = Collection.open(db)
        except Exception as exc:
            failure = describe_failure(exc, db)
            print(f"flashdeck: {failure.message}", file=sys.stderr)
            if not show_dialogs:
                return None
            if failure.damaged:
                box = damaged_box(None, failure)
                box.exec()
                clicked = box.clickedButton()
                if clicked is not None and clicked.objectName() == RESTORE_BUTTON:
                    restore_from = failure.newest_good_backup
                    continue
                return None
            error_box(None, failure).exec()
            return None
        if col.read_only is None:
            try:
                seed_if_empty(col)
            except Exception as exc:  # the decks that ship are a convenience: a full disk must not stop the start
                print(f"flashdeck: {describe_failure(exc, db).message}", file=sys.stderr)
        return col


@contextlib.contextmanager
def _busy() -> Any:
    """The wait cursor while a restore runs (a few seconds for a large collection)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class _SignalQuit:
    """SIGTERM and SIGHUP quit the app through its event loop (so the backup on close runs).

    A Python signal handler only runs once Python code runs; the event loop is C++. The signal
    module writes a byte to a socket on every signal, and a socket notifier on it wakes the loop.
    """

    def __init__(self, app: Any) -> None:
        import signal
        import socket

        from PySide6.QtCore import QSocketNotifier

        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        self._previous = {sig: signal.signal(sig, self._quit) for sig in (signal.SIGTERM, signal.SIGHUP)}
        self._app = app

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)

    def _quit(self, signum: int, _frame: Any) -> None:
        from PySide6.QtCore import QTimer

        self.received = signum
        # Queued: a signal that comes while the app is still starting quits it as soon as its loop runs.
        QTimer.singleShot(0, self._app.quit)

    def release(self) -> None:
        import signal

        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def _quit_on_signals(app: Any) -> _SignalQuit:
    return _SignalQuit(app)


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

    named = sqlite_path(resolve_url(db))
    if named is None:
        return None, None
    # The file itself, whatever name leads to it (a symlink, a relative path): one lock per file.
    path = Path(os.path.realpath(named))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None, None  # a folder that cannot be made here: opening the collection says why
    lock = QLockFile(str(path.with_name(path.name + ".lock")))
    lock.setStaleLockTime(0)  # open for hours is normal: only a dead owner makes the lock stale
    if lock.tryLock(0):
        return lock, None
    if lock.error() != QLockFile.LockError.LockFailedError:
        return None, None  # no lock file possible here (a read-only folder): SQLite still guards the data
    info = lock.getLockInfo()
    owner = f" (process {info[0]})" if isinstance(info, tuple) and info and info[0] else ""
    return None, f"FlashDeck is already open on {named}{owner}"


def _tell_already_open(message: str, *, show_dialog: bool) -> None:
    print(f"flashdeck: {message}", file=sys.stderr)
    if show_dialog:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "FlashDeck", f"{message}.\n\nSwitch to that window, or close it first.")


def _backup_on_close(col: Any, window: Any = None) -> None:
    """The app's backup as it closes (at most one per ``backup_interval_min``; see flashdeck.collection.backup).

    Every answer is already on disk: a failed backup never turns quitting into a crash. It is
    said in a dialog when the window can still show one, and always on stderr.
    """
    from flashdeck.collection.backup import backup_on_close
    from flashdeck.collection.failures import describe_failure

    try:
        backup_on_close(col)
    except Exception as err:
        failure = describe_failure(err, col.url)
        print(f"flashdeck: no backup on close: {failure.message}", file=sys.stderr)
        if window is not None:
            from flashdeck.ui.dialogs.failures import error_box

            error_box(None, failure).exec()
