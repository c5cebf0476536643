"""Two FlashDeck instances on one collection: the second works safely, or says why it will not start.

- A second window on the same SQLite file is refused with a clear message and exit
  code 1; the lock a killed window leaves behind is taken over.
- Command-line commands work beside an open window (each is one transaction).
- Two Collections answering the same card: an answer to a card another instance
  answered meanwhile is refused (nothing written), never stacked on the newer
  state; undoing an answer another instance has built on is refused too. Every
  test of this last kind runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from helpers import START, basic_notes, run_cli
from pytestqt.qtbot import QtBot

from flashdeck.collection import CardChangedError, Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating
from flashdeck.ui.app import FIRST_PAINT_ENV

_OFFSCREEN = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _app(db: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", str(db)], env=env or _OFFSCREEN,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lock_owner(db: Path) -> int | None:
    """The pid QLockFile wrote in the lock file beside the database (its first line)."""
    try:
        first = Path(f"{db}.lock").read_text(encoding="utf-8").splitlines()[0]
    except (FileNotFoundError, IndexError):
        return None
    return int(first) if first.isdigit() else None


def _wait_for_lock(db: Path, app: subprocess.Popen[str], timeout: float = 30) -> None:
    # Another process's progress: no signal to wait on, so poll the file it writes.
    deadline = time.monotonic() + timeout
    while _lock_owner(db) != app.pid:
        assert app.poll() is None, app.communicate()[1]
        assert time.monotonic() < deadline, "the app did not take its lock"
        time.sleep(0.05)


@pytest.fixture
def first_window(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    db = tmp_path / "collection.db"
    app = _app(db)
    try:
        _wait_for_lock(db, app)
        yield db, app
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate(timeout=30)


@pytest.mark.gui
def test_a_second_window_on_the_same_collection_is_refused(first_window: tuple[Path, subprocess.Popen[str]]) -> None:
    db, first = first_window
    second = _app(db)
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"flashdeck: FlashDeck is already open on {db} (process {first.pid})\n" in err
    assert first.poll() is None  # the first window is untouched


@pytest.mark.gui
def test_the_command_line_works_beside_an_open_window(first_window: tuple[Path, subprocess.Popen[str]],
                                                       tmp_path: Path) -> None:
    db, first = first_window
    cards = tmp_path / "cards.tsv"
    cards.write_text("".join(f"side by side {i}\tanswer {i}\n" for i in range(30)), encoding="utf-8")
    imported = run_cli("import", str(cards), "--deck", "Beside", db=db)
    assert imported.returncode == 0, imported.stderr
    reviewed = run_cli("review", "--deck", "Beside", stdin="\n3\n\n4\nq\n", db=db)
    assert reviewed.returncode == 0, reviewed.stderr
    assert "answered good (card" in reviewed.stdout and "answered easy (card" in reviewed.stdout
    assert run_cli("check", db=db).returncode == 0
    assert first.poll() is None


@pytest.mark.gui
def test_the_lock_of_a_killed_window_is_taken_over(first_window: tuple[Path, subprocess.Popen[str]]) -> None:
    db, first = first_window
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert _lock_owner(db) == first.pid  # left behind: nobody removed it
    # The app paints its first window and quits when FIRST_PAINT_ENV names a file: a whole start.
    painted = db.parent / "painted"
    again = _app(db, {**_OFFSCREEN, FIRST_PAINT_ENV: str(painted)})
    _out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert painted.exists()
    assert not Path(f"{db}.lock").exists()  # released as it quit
    assert run_cli("check", db=db).returncode == 0


@pytest.mark.gui
def test_the_refusal_is_a_dialog_on_a_real_screen(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from flashdeck.ui.app import _tell_already_open

    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    _tell_already_open("FlashDeck is already open on /x/collection.db (process 42)", show_dialog=True)
    assert seen == ["FlashDeck is already open on /x/collection.db (process 42).\n\n"
                    "Switch to that window, or close it first."]


# -- two Collections, one card ------------------------------------------------------------


@pytest.fixture
def two(any_db: str) -> Iterator[tuple[Collection, Collection]]:
    clock = ManualClock(START, UTC)
    first = Collection.open(any_db, clock=clock, fuzz=False)
    first.add_notes(basic_notes(5), deck="D")
    second = Collection.open(any_db, clock=clock, fuzz=False)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def _logged(col: Collection, card_id: int) -> list[int]:
    return [r[0] for r in col.store.fetchall("SELECT rating FROM revlog WHERE card_id=? ORDER BY id", (card_id,))]


def test_an_answer_to_a_card_answered_elsewhere_meanwhile_is_refused(two: tuple[Collection, Collection]) -> None:
    first, second = two
    shown = first.next_card()
    assert shown is not None and second.next_card() == shown  # both show the same card
    second.answer(shown.id, Rating.GOOD)
    with pytest.raises(CardChangedError, match=f"card {shown.id} was answered in another window or process"):
        first.answer(shown.id, Rating.EASY)
    assert _logged(first, shown.id) == [Rating.GOOD]  # only the answer that happened
    assert first.store.scalar("SELECT reps FROM cards WHERE id=?", (shown.id,)) == 1
    assert first.check() == []
    # The refusal refreshed the first instance: it now sees what the second one did.
    assert first.counts() == second.counts()
    following = first.next_card()
    assert following is not None and following.id != shown.id
    first.answer(following.id, Rating.EASY)  # and goes on answering normally
    assert first.check() == []


def test_an_answer_cannot_land_between_another_answers_read_and_write(two: tuple[Collection, Collection]) -> None:
    """The race inside answer(): it reads the card, another process answers it, then it writes."""
    first, second = two
    card_id = first.search("deck:D")[0]
    read_card = first.store.card_and_kind

    def read_then_let_the_other_answer(cid: int) -> object:
        row = read_card(cid)
        second.answer(cid, Rating.AGAIN)
        return row

    first.store.card_and_kind = read_then_let_the_other_answer  # type: ignore[method-assign]
    with pytest.raises(CardChangedError):
        first.answer(card_id, Rating.EASY)
    assert _logged(first, card_id) == [Rating.AGAIN]
    assert first.check() == []


def test_undo_of_an_answer_another_instance_built_on_is_refused(two: tuple[Collection, Collection]) -> None:
    first, second = two
    card = first.next_card()
    assert card is not None
    first.answer(card.id, Rating.AGAIN)
    second.answer(card.id, Rating.GOOD)  # reads the card fresh: a second review on top of the first
    with pytest.raises(CardChangedError, match="can no longer be undone"):
        first.undo()
    assert _logged(first, card.id) == [Rating.AGAIN, Rating.GOOD]
    assert first.store.scalar("SELECT reps FROM cards WHERE id=?", (card.id,)) == 2
    assert first.check() == []
    # Undo within one instance still works as before.
    second.undo()
    assert _logged(first, card.id) == [Rating.AGAIN]
    assert first.check() == []


def test_an_answer_starts_from_the_state_the_card_was_moved_to_elsewhere(two: tuple[Collection, Collection]) -> None:
    """A card on screen that another instance moved without answering it (the interview plan moves due
    dates): the answer is computed from where the card is now, not from where it was shown."""
    from flashdeck.storage.plan_queries import move_due

    first, second = two
    shown = first.next_card()
    assert shown is not None
    moved_due = shown.state.due + 3600
    with second.store.transaction() as tx:
        move_due(tx, [(shown.id, moved_due)])
    first.answer(shown.id, Rating.GOOD)
    before_due = first.store.scalar("SELECT due_before FROM revlog WHERE card_id=?", (shown.id,))
    assert before_due == moved_due
    assert first.store.scalar("SELECT reps FROM cards WHERE id=?", (shown.id,)) == 1
    assert first.check() == []
