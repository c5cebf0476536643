"""The real app on a damaged, newer or busy collection, and asked to quit by the session.

Found by trying: the app started on a damaged collection crashed with a traceback, on a newer one
with an Alembic traceback; SIGTERM (logging out) quit it without its backup; a symlink to the
collection opened a second window on the same file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from damage import counts, make_collection, truncate
from helpers import run_cli

from flashdeck.collection.backup import list_backups
from flashdeck.collection.backup_check import sound_collection

OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def _app(db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", str(db)], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Another process's progress: polled (there is no signal to wait on across processes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        time.sleep(0.02)


def _xdotool(display: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=30, check=check)
    return done.stdout.strip()


def _press(display: str, title: str, *keys: str) -> None:
    """Wait for the window called ``title`` and press ``keys`` in it."""
    window = _xdotool(display, "search", "--sync", "--onlyvisible", "--name", f"^{title}$").split()[0]
    _xdotool(display, "windowfocus", "--sync", window)
    for key in keys:  # typed (XTEST) into the focused window, as a keyboard does
        _xdotool(display, "key", "--clearmodifiers", key, check=False)


@pytest.fixture
def damaged_with_backup(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "collection.db"
    make_collection(db)
    backup = Path(run_cli("backup", db=db).stdout.strip())
    make_collection(db, notes=10, answers=0, prefix="later")
    truncate(db)
    return db, backup


def _newer(tmp_path: Path) -> Path:
    import sqlite3

    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=0)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num='0042_from_the_future'")
        conn.execute("UPDATE config SET value='\"FlashDeck 3.2.0\"' WHERE key='written_by'")
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return db


def test_without_a_screen_a_damaged_or_newer_collection_is_one_line(damaged_with_backup: tuple[Path, Path],
                                                                    tmp_path: Path) -> None:
    db, backup = damaged_with_backup
    before = db.read_bytes()
    app = _app(db, OFFSCREEN)
    out, err = app.communicate(timeout=60)
    assert app.returncode == 1 and out == ""
    assert err.splitlines() == [f"flashdeck: {db} is damaged (database disk image is malformed); the newest good "
                                f"backup is {backup}: flashdeck restore {backup.name}"]
    assert db.read_bytes() == before
    newer = _newer(tmp_path / "newer")
    before = newer.read_bytes()
    app = _app(newer, OFFSCREEN)
    _out, err = app.communicate(timeout=60)
    assert app.returncode == 1 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert "was written by FlashDeck 3.2.0 (schema 0042_from_the_future)" in err
    assert newer.read_bytes() == before


def test_on_a_screen_a_damaged_collection_is_restored_from_the_dialog(damaged_with_backup: tuple[Path, Path],
                                                                       xvfb_display: str) -> None:
    db, backup = damaged_with_backup
    damaged = db.read_bytes()
    app = _app(db, {"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"})
    try:
        _press(xvfb_display, "FlashDeck: the collection is damaged", "Return")  # Restore this backup
        _press(xvfb_display, "FlashDeck: backup restored", "Return")  # OK, and the main window opens
        _press(xvfb_display, "FlashDeck", "ctrl+q")
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
        _out, err = app.communicate()
    assert "Traceback" not in err
    assert counts(db) == counts(backup)
    [kept] = [p for p in (db.parent / "backups").iterdir() if "-damaged-" in p.name and p.suffix == ".db"]
    assert kept.read_bytes() == damaged


def test_on_a_screen_a_newer_collection_is_a_dialog_and_left_untouched(tmp_path: Path, xvfb_display: str) -> None:
    db = _newer(tmp_path)
    before = db.read_bytes()
    app = _app(db, {"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"})
    try:
        _press(xvfb_display, "FlashDeck", "Return")
        assert app.wait(timeout=30) == 1
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate()
    assert db.read_bytes() == before


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_the_session_ending_quits_the_app_with_its_backup(tmp_path: Path, signum: int) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=7, answers=2)
    lock = tmp_path / "collection.db.lock"
    app = _app(db, OFFSCREEN)
    try:
        _wait_for(lock.exists)  # the signal handlers are in place before the lock is taken
        app.send_signal(signum)
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
        _out, err = app.communicate()
    assert "Traceback" not in err
    [backup] = list_backups(db)
    assert sound_collection(backup) == [] and counts(backup) == counts(db)
    assert not lock.exists()


def test_a_symlink_to_the_collection_does_not_open_a_second_window(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=3, answers=0)
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(db)
    first = _app(db, OFFSCREEN)
    try:
        _wait_for((tmp_path / "collection.db.lock").exists)
        second = _app(link, OFFSCREEN)
        _out, err = second.communicate(timeout=60)
        assert second.returncode == 1
        assert err.startswith(f"flashdeck: FlashDeck is already open on {link} (process {first.pid})")
        # Restoring under the open window is refused too, through either name.
        backup = Path(run_cli("backup", db=db).stdout.strip())
        for name in (db, link):
            refused = run_cli("restore", str(backup), db=name)
            assert refused.returncode == 1
            assert refused.stderr.startswith("flashdeck: FlashDeck is open on ") and "close it first" in refused.stderr
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()
