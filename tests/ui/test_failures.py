"""The app shows failures instead of printing them: a failed answer, a damaged or read-only collection.

Found by trying: in the app a failed answer (a full disk, a read-only folder) was silent (a traceback
on stderr, the card moved on as if answered); a damaged collection met mid-session had no way back.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from damage import counts, make_collection
from helpers import START
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.collection.backup import list_backups
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating
from flashdeck.storage.errors import damaged
from flashdeck.ui.backup_keeper import BackupKeeper
from flashdeck.ui.dialogs.failures import RESTORE_BUTTON
from flashdeck.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _window(qtbot: QtBot, col: Collection) -> MainWindow:
    window = MainWindow(col)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts only reach an active window
        window.show()
        window.activateWindow()
    return window


def test_a_failed_answer_is_a_dialog_and_the_card_stays(qtbot: QtBot, read_only_col: Collection,
                                                         tmp_path: Path) -> None:
    window = _window(qtbot, read_only_col)
    window.start_review(None)
    review = window.review_screen()
    card = review.card
    assert card is not None
    qtbot.keyClick(review, Qt.Key.Key_Space)  # show the answer
    qtbot.keyClick(review, Qt.Key.Key_3)  # Good: the file cannot be written
    box = window.failure_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == (f"{tmp_path / 'view' / 'collection.db'} is read-only (its folder or disk does not allow "
                          "writing): nothing was changed; reading and export still work.")
    assert review.card == card and review.revealed  # not answered: still there, answer showing
    assert "not saved" in review.status.text()
    assert review.tally.answers == []
    assert counts(tmp_path / "source" / "collection.db")[2] == 0
    box.accept()


def test_the_app_says_once_that_a_collection_is_read_only(qtbot: QtBot, read_only_col: Collection) -> None:
    window = _window(qtbot, read_only_col)
    window.tell_read_only()
    box = window.failure_box
    assert isinstance(box, QMessageBox) and box.objectName() == "readOnlyBox"
    assert "is open for reading only: its folder or disk does not allow writing" in box.text()
    box.accept()


def test_damage_found_in_use_offers_the_newest_good_backup(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=0)
    with Collection.open(db, clock=ManualClock(START)) as col:
        from flashdeck.collection.backup import backup_now

        good = backup_now(col)
        window = _window(qtbot, col)
        window.handle_failure(damaged(str(db), "database disk image is malformed"))
        box = window.failure_box
        assert isinstance(box, QMessageBox) and box.objectName() == "damagedBox"
        assert box.text() == f"{db} is damaged (database disk image is malformed)."
        assert f"The newest good backup is {good.name}, made " in box.informativeText()
        assert ": 5 notes, 0 reviews." in box.informativeText()
        restore = box.findChild(QPushButton, RESTORE_BUTTON)
        assert restore is not None and box.defaultButton() is restore
        with qtbot.waitSignal(box.finished):
            restore.click()
        assert window.restore_requested == good  # the app restores it and opens a new window (test_app_failures)
        qtbot.waitUntil(lambda: not window.isVisible())


def test_an_unexpected_bug_in_a_screen_is_a_dialog_naming_the_log(qtbot: QtBot, col: Collection,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    window = _window(qtbot, col)
    try:
        {}["missing"]  # a real KeyError, with a real traceback
    except KeyError as bug:
        window.handle_failure(bug)
    box = window.failure_box
    assert isinstance(box, QMessageBox)
    assert box.text() == "Unexpected error (KeyError: 'missing')."
    log = tmp_path / "state" / "flashdeck" / "log" / "errors.log"
    assert str(log) in box.informativeText() and "KeyError" in log.read_text(encoding="utf-8")
    box.accept()


def test_backups_while_in_use_every_interval_when_something_changed(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=0)
    clock = ManualClock(START)
    with Collection.open(db, clock=clock, fuzz=False) as col:
        keeper = BackupKeeper(col)
        assert keeper.timer.isActive() and keeper.timer.interval() == 60_000

        def backed_up() -> Path:
            with qtbot.waitSignal(keeper.made) as made:
                assert keeper.tick() is not None
            assert made.args[0] in list_backups(db)
            return Path(made.args[0])

        first = backed_up()
        assert list_backups(db) == [first]
        clock.advance(minutes=45)
        assert keeper.tick() is None  # nothing changed since: no identical backup
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.GOOD)
        clock.advance(minutes=10)
        second = backed_up()  # changed, and 55 minutes since the last one
        assert list_backups(db) == [second, first]
        col.answer(col.next_card().id, Rating.GOOD)  # type: ignore[union-attr]
        clock.advance(minutes=29)
        assert keeper.tick() is None  # changed, but not 30 minutes yet
        clock.advance(timedelta(minutes=1))
        backed_up()
        assert len(list_backups(db)) == 3
        # A change in another process counts too.
        with Collection.open(db, clock=clock, fuzz=False) as other:
            other.answer(other.next_card().id, Rating.GOOD)  # type: ignore[union-attr]
        clock.advance(minutes=31)
        backed_up()


def test_a_backup_while_in_use_is_made_beside_the_study_and_finished_before_closing(tmp_path: Path) -> None:
    """The copy and its verification run on a thread of their own, with their own connections: the
    collection goes on answering meanwhile, and closing waits for the backup instead of cutting it off."""
    db = tmp_path / "collection.db"
    make_collection(db, notes=200, answers=0)
    clock = ManualClock(START)
    with Collection.open(db, clock=clock, fuzz=False) as col:
        keeper = BackupKeeper(col)
        job = keeper.tick()
        assert job is not None
        assert keeper.tick() is None  # one at a time
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.GOOD)  # while the backup is being made
        keeper.finish()  # joins the worker; no event loop ran, so only the thread can have made it
        assert not keeper.timer.isActive()
        backups = list_backups(db)
        assert len(backups) == 1 and backups[0].parent == job.folder
        assert not list(job.folder.glob("*.partial"))
        # The backup is a whole, sound collection (with the answer or without it, never half of it).
        from flashdeck.collection.backup_check import sound_collection
        from flashdeck.storage.collection_file import notes_and_reviews, read_only_connection

        assert sound_collection(backups[0]) == []
        with read_only_connection(backups[0]) as copy:
            assert notes_and_reviews(copy)[0] == 200


def test_a_keeper_dropped_while_its_backup_is_made_goes_at_once_on_this_thread(qtbot: QtBot, tmp_path: Path) -> None:
    """The worker holds no reference to the keeper (a QObject with a running timer): dropping the keeper
    destroys it here, on the GUI thread, at once; were the worker holding it, it would be destroyed on the
    worker's thread when that ended, leaving a dangling timer in this thread's event loop (a crash later)."""
    import gc
    import weakref

    db = tmp_path / "collection.db"
    make_collection(db, notes=2000, answers=0)
    with Collection.open(db, clock=ManualClock(START), fuzz=False) as col:
        keeper = BackupKeeper(col)
        job = keeper.tick()
        assert job is not None
        worker, gone = keeper._worker, weakref.ref(keeper)
        assert worker is not None
        del keeper
        gc.collect()
        assert gone() is None
        worker.join()
        assert len(list_backups(db)) == 1 and not list(job.folder.glob("*.partial"))


def test_a_backup_while_in_use_on_a_full_disk_is_said_once_and_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    from mounts import fill, small_disk

    with small_disk(tmp_path / "disk", "8m") as disk:
        db = disk / "collection.db"
        make_collection(db, notes=50, answers=0)
        clock = ManualClock(START)
        with Collection.open(db, clock=clock, fuzz=False) as col:
            keeper = BackupKeeper(col)
            told: list[Exception] = []
            keeper.failed.connect(told.append)
            filler = fill(disk)
            with qtbot.waitSignal(keeper.failed):
                assert keeper.tick() is not None
            assert "the disk is full: no backup was made in" in str(told[0])
            # The same failure a minute later is not said again; nothing was left behind either time.
            with qtbot.waitSignal(keeper.ended):
                assert keeper.tick() is not None
            assert len(told) == 1
            assert list_backups(db) == [] and not list((disk / "backups").glob("*.partial"))
            filler.unlink()
            with qtbot.waitSignal(keeper.made):
                assert keeper.tick() is not None
            assert len(list_backups(db)) == 1
