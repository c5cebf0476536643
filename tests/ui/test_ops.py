"""The one operation helper: it runs a write, tells the user of their errors as the screens did, and
broadcasts what changed with its initiator; screens refresh from what changed and review skips its own."""

from __future__ import annotations

import pytest
from helpers import ManualMonotonic, basic_notes
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection, InvalidInput, NotFound, rehearsing
from flashdeck.core.changes import Changes
from flashdeck.storage.errors import StorageError
from flashdeck.ui.events import AppEvents
from flashdeck.ui.home import HomeScreen
from flashdeck.ui.ops import run_op
from flashdeck.ui.review.screen import ReviewScreen

pytestmark = pytest.mark.gui


class Seen:
    """What the screens were told, and what went to the failure dialog."""

    def __init__(self, events: AppEvents) -> None:
        self.changed: list[tuple[Changes, object]] = []
        self.failed: list[BaseException] = []
        events.changed.connect(lambda changes, initiator: self.changed.append((changes, initiator)))
        events.failed.connect(self.failed.append)


def test_a_write_is_broadcast_with_its_initiator(col: Collection) -> None:
    events, initiator = AppEvents(), object()
    seen = Seen(events)
    done = run_op(events, lambda: col.add_notes(basic_notes(2), deck="D"), initiator=initiator)
    assert done.ok and done.value is not None and done.value.added == 2
    assert seen.changed == [(Changes(notes=True, cards=True, decks=True), initiator)]
    seen.changed.clear()
    assert run_op(events, lambda: col.rename_deck("D", "D"), initiator=initiator).ok
    assert seen.changed == []  # nothing changed: nobody is told
    made = col.search("deck:D")[0]
    attempt = run_op(events, lambda: rehearsing.record_attempt(col, made, duration_ms=900), initiator=initiator,
                     changes=rehearsing.ATTEMPT_CHANGES)
    assert attempt.value is not None and seen.changed == [(Changes(attempts=True), initiator)]


def test_user_errors_are_the_status_line_and_bugs_are_not_caught(col: Collection) -> None:
    events = AppEvents()
    seen, status = Seen(events), []
    done = run_op(events, lambda: col.rename_deck("Nowhere", "X"), initiator=None, status=status.append)
    assert isinstance(done.error, NotFound) and not done.ok
    assert status == ["no deck named 'Nowhere' (decks: none)"] and seen.failed == [] and seen.changed == []
    status.clear()
    run_op(events, lambda: col.set_day_start_hour(30), initiator=None, status=status.append,
           messages=((InvalidInput, "Pick an hour of the day."),))
    assert status == ["Pick an hour of the day."]
    # Without a status line of its own, a screen's user error is the window's dialog.
    run_op(events, lambda: col.rename_deck("Nowhere", "X"), initiator=None)
    assert len(seen.failed) == 1 and isinstance(seen.failed[0], NotFound)

    def bug() -> Changes:
        return {}["missing"]  # type: ignore[no-any-return]

    with pytest.raises(KeyError):  # a bug of ours reaches the excepthook (the bug dialog with its log)
        run_op(events, bug, initiator=None, status=status.append)


def test_a_storage_failure_is_the_dialog_with_the_screens_words(read_only_col: Collection) -> None:
    events = AppEvents()
    seen, status = Seen(events), []
    card = read_only_col.search("")[0]
    done = run_op(events, lambda: read_only_col.suspend([card]), initiator=None, status=status.append,
                  messages=((StorageError, "Not saved."),))
    assert isinstance(done.error, StorageError)
    assert seen.failed == [done.error] and status == ["Not saved."] and seen.changed == []


def _review(qtbot: QtBot, col: Collection, events: AppEvents) -> ReviewScreen:
    screen = ReviewScreen(col, events, monotonic=ManualMonotonic())
    qtbot.addWidget(screen)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.start(None)
    screen.setFocus()
    return screen


def test_review_refreshes_from_what_changed_and_not_from_its_own_writes(qtbot: QtBot, col: Collection) -> None:
    col.add_notes(basic_notes(3), deck="D")
    events = AppEvents()
    screen = _review(qtbot, col, events)
    refreshed: list[bool] = []
    original = screen.refresh
    screen.refresh = lambda: (refreshed.append(True), original())[1]  # type: ignore[method-assign]
    first = screen.card
    assert first is not None
    col.suspend([first.id])  # behind the screen's back, told below
    events.changed.emit(Changes(attempts=True), object())  # a rehearsal attempt changes no card
    assert screen.card == first and refreshed == []
    events.changed.emit(Changes(cards=True), object())
    assert screen.card is not None and screen.card.id != first.id and refreshed == [True]
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    with qtbot.waitSignal(events.changed) as told:
        qtbot.keyClick(screen, Qt.Key.Key_3)
    assert told.args[1] is screen and refreshed == [True]  # its own answer: the next card is shown, no refresh


def test_grading_a_rehearsal_from_review_is_one_transaction(qtbot: QtBot, col: Collection) -> None:
    col.add_notes(basic_notes(2), deck="D")
    events = AppEvents()
    screen = _review(qtbot, col, events)
    card = screen.card
    assert card is not None
    kept = rehearsing.record_attempt(col, card.id, duration_ms=20_000)
    screen.rehearsed(card.id, kept.id)  # back from rehearsing it: the answer shows
    assert screen.revealed
    with qtbot.waitSignal(events.changed) as told:
        qtbot.keyClick(screen, Qt.Key.Key_2)
    assert told.args[0] == Changes(cards=True, reviews=True, attempts=True)
    assert rehearsing.attempt(col, kept.id).self_grade == 2 and col.card(card.id).state.reps == 1
    # The next one is rehearsed, then that attempt is deleted (another window) before the grade.
    following = screen.card
    assert following is not None and following.id != card.id
    doomed = rehearsing.record_attempt(col, following.id, duration_ms=15_000)
    screen.rehearsed(following.id, doomed.id)
    rehearsing.delete_attempt(col, doomed.id)
    with qtbot.assertNotEmitted(events.changed):
        qtbot.keyClick(screen, Qt.Key.Key_3)
    assert "deleted" in screen.status.text()
    assert col.card(following.id).state.reps == 0  # neither the answer nor the grade
    assert col.store.scalar("SELECT count(*) FROM revlog") == 1 and screen.tally.count == 1


def test_home_ignores_an_attempt_and_renames_from_its_own_broadcast(qtbot: QtBot, col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="D")
    events = AppEvents()
    home = HomeScreen(col, events)
    qtbot.addWidget(home)
    home.show()
    names = lambda: [home.tree.topLevelItem(i).text(0) for i in range(home.tree.topLevelItemCount())]  # noqa: E731
    col.ensure_deck("Quiet")  # not told yet
    events.changed.emit(Changes(attempts=True), object())
    assert names() == ["D"]
    events.changed.emit(Changes(decks=True), object())
    assert names() == ["D", "Quiet"]
