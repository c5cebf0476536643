"""The review screen, driven by the keyboard as a person would, checked on screen and in the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import ManualMonotonic, basic_notes
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.core.changes import Changes
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating, SchedulerSettings
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import broadcast
from flashdeck.ui.review.done import SessionTally, summary_text
from flashdeck.ui.review.screen import RATING_BUTTONS, ReviewScreen, progress_html
from flashdeck.ui.review.timer import bar_fraction, format_clock, format_window, zone_for

pytestmark = pytest.mark.gui


FakeMonotonic = ManualMonotonic


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def events() -> Iterator[AppEvents]:
    yield AppEvents()


def open_screen(qtbot: QtBot, col: Collection, events: AppEvents, monotonic: FakeMonotonic,
                deck: str | None = None) -> ReviewScreen:
    screen = ReviewScreen(col, events, monotonic=monotonic)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    # Shortcuts fire only in the active window, for the screen that has focus.
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.start(deck)
    screen.setFocus()
    return screen


def press(qtbot: QtBot, screen: ReviewScreen, key: Qt.Key | str, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A key press where the person's focus is: the screen keeps it (the card text never takes it)."""
    target = screen.focusWidget() or screen
    assert target is screen
    if modifier is None:
        qtbot.keyClick(target, key)
    else:
        qtbot.keyClick(target, key, modifier)


def revlog(col: Collection) -> list[tuple[int, int, int]]:
    return [tuple(r) for r in col.store.fetchall("SELECT card_id, rating, duration_ms FROM revlog ORDER BY id")]


def card_flags(col: Collection, card_id: int) -> tuple[int, int]:
    row = col.store.fetchall("SELECT suspended, buried_until FROM cards WHERE id=?", (card_id,))[0]
    return int(row[0]), int(row[1])


@pytest.fixture
def basic_col(col: Collection) -> Collection:
    col.add_notes(basic_notes(5), deck="Prep")
    return col


# -- the card, the answer, the grades ------------------------------------------------------------


def test_space_reveals_and_3_rates_good(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                         monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic, "Prep")
    first = screen.card
    assert first is not None
    assert "Q0 front" in screen.view.plain_text()
    assert "Q0 back" not in screen.view.plain_text()
    assert screen.show_answer_button.isVisible()
    assert not screen.rating_row.isVisible() and not screen.rating_row.isEnabled()
    assert screen.progress.text() == "<u>New 5</u> · Learning 0 · Review 0"
    assert screen.context.text() == "Basic · Prep · Recall"

    monotonic.advance(4.25)
    press(qtbot, screen, Qt.Key.Key_Space)
    assert screen.revealed
    assert "Q0 back" in screen.view.plain_text()
    assert screen.rating_row.isVisible() and screen.rating_row.isEnabled()
    assert not screen.show_answer_button.isVisible()

    with qtbot.waitSignal(events.changed) as changed:
        press(qtbot, screen, "3")
    assert changed.args == [Changes(cards=True, reviews=True), screen]
    assert revlog(basic_col) == [(first.id, 3, 4250)]
    assert screen.card is not None and screen.card.id != first.id
    assert not screen.revealed
    assert "Q1 front" in screen.view.plain_text()


def test_enter_and_keypad_enter_also_reveal(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                            monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    press(qtbot, screen, Qt.Key.Key_Return)
    assert screen.revealed
    press(qtbot, screen, "1")
    assert not screen.revealed
    press(qtbot, screen, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert screen.revealed


def test_grades_ignored_until_the_answer_shows(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                               monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    for key in "1234":
        press(qtbot, screen, key)
    assert revlog(basic_col) == []
    assert not screen.revealed


def test_each_grade_key_lands_in_the_database(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                              monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    answered = []
    for key in "1234":
        assert screen.card is not None
        answered.append((screen.card.id, int(key)))
        press(qtbot, screen, Qt.Key.Key_Space)
        press(qtbot, screen, key)
    assert [(cid, rating) for cid, rating, _ in revlog(basic_col)] == answered
    assert screen.tally.by_rating == {Rating.AGAIN: 1, Rating.HARD: 1, Rating.GOOD: 1, Rating.EASY: 1}


def test_space_on_the_answer_grades_good(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                         monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    card_id = screen.card.id
    press(qtbot, screen, Qt.Key.Key_Space)
    press(qtbot, screen, Qt.Key.Key_Space)
    assert [(cid, rating) for cid, rating, _ in revlog(basic_col)] == [(card_id, 3)]


def test_buttons_show_the_interval_each_grade_would_give(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                                         monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    press(qtbot, screen, Qt.Key.Key_Space)
    preview = basic_col.interval_preview(screen.card.id)
    texts = {spec.rating: screen.rating_buttons[spec.rating].text() for spec in RATING_BUTTONS}
    assert texts == {r: f"{r.name.capitalize()}\n{preview[r]}" for r in Rating}
    # A fresh card with the default steps: 1m / 6m / 10m, and Easy jumps to days.
    assert [t.split("\n")[1] for t in texts.values()][:3] == ["1m", "6m", "10m"]
    assert texts[Rating.EASY].endswith("d")
    assert [screen.rating_buttons[s.rating].objectName() for s in RATING_BUTTONS] == [
        "ratingAgain", "ratingHard", "ratingGood", "ratingEasy"]


def test_clicking_the_buttons_works_too(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                        monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    card_id = screen.card.id
    qtbot.mouseClick(screen.show_answer_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.rating_buttons[Rating.EASY], Qt.MouseButton.LeftButton)
    assert [(cid, rating) for cid, rating, _ in revlog(basic_col)] == [(card_id, 4)]


# -- undo, suspend, bury, edit ------------------------------------------------------------------


def test_ctrl_z_takes_back_the_answer_and_shows_the_card_again(qtbot: QtBot, basic_col: Collection,
                                                               events: AppEvents, monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    first = screen.card.id
    press(qtbot, screen, Qt.Key.Key_Space)
    press(qtbot, screen, "4")
    assert len(revlog(basic_col)) == 1
    assert screen.card is not None and screen.card.id != first
    with qtbot.waitSignal(events.changed):
        press(qtbot, screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert revlog(basic_col) == []
    assert screen.card is not None and screen.card.id == first
    assert not screen.revealed and "Q0 front" in screen.view.plain_text()
    assert screen.tally.count == 0
    assert basic_col.card(first).state.reps == 0
    press(qtbot, screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.status.text() == "Nothing to undo"


def test_at_suspends_and_moves_on_and_undo_brings_it_back(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                                          monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    first = screen.card.id
    with qtbot.waitSignal(events.changed):
        press(qtbot, screen, "@")
    assert card_flags(basic_col, first)[0] == 1
    assert screen.card is not None and screen.card.id != first
    assert "suspended" in screen.status.text()
    assert screen.progress.text().startswith("<u>New 4</u>")
    press(qtbot, screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card_flags(basic_col, first)[0] == 0
    assert screen.card is not None and screen.card.id == first


def test_minus_buries_until_tomorrow(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                     monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    first = screen.card.id
    press(qtbot, screen, "-")
    assert card_flags(basic_col, first) == (0, basic_col.today().date.toordinal())
    assert screen.card is not None and screen.card.id != first
    assert first not in [screen.card.id]
    assert basic_col.counts().new == 4


def test_e_asks_to_edit_the_note_and_an_edit_shows_at_once(qtbot: QtBot, basic_col: Collection,
                                                           events: AppEvents, monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    note_id = screen.card.note_id
    press(qtbot, screen, Qt.Key.Key_Space)
    with qtbot.waitSignal(screen.edit_note_requested) as asked:
        press(qtbot, screen, "e")
    assert asked.args == [note_id]
    # The editor saves and announces it; the screen shows the new text on the side it was on.
    broadcast(events, basic_col.update_note(note_id, {"front": "Q0 front", "back": "a better answer"}), None)
    assert screen.revealed and "a better answer" in screen.view.plain_text()


def test_escape_asks_for_home(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                              monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    with qtbot.waitSignal(screen.home_requested):
        press(qtbot, screen, Qt.Key.Key_Escape)


def test_a_card_suspended_elsewhere_is_replaced(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                               monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert screen.card is not None
    first = screen.card.id
    broadcast(events, basic_col.suspend([first]), None)  # as the browser would
    assert screen.card is not None and screen.card.id != first


def test_arrow_and_page_keys_scroll_a_long_answer(qtbot: QtBot, col: Collection, events: AppEvents,
                                                  monotonic: FakeMonotonic) -> None:
    long_back = "\n\n".join(f"Paragraph {i} of a long answer." for i in range(80))
    col.add_notes([NoteDraft("basic", {"front": "A long one", "back": long_back})], deck="D")
    screen = open_screen(qtbot, col, events, monotonic)
    press(qtbot, screen, Qt.Key.Key_Space)
    bar = screen.view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    press(qtbot, screen, Qt.Key.Key_Down)
    assert bar.value() == bar.singleStep()
    press(qtbot, screen, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    press(qtbot, screen, Qt.Key.Key_PageUp)
    assert bar.value() == bar.maximum() - bar.pageStep()
    press(qtbot, screen, Qt.Key.Key_Home)
    assert bar.value() == 0


def test_a_card_left_on_screen_for_an_hour_counts_as_fifteen_minutes(qtbot: QtBot, basic_col: Collection,
                                                                     events: AppEvents,
                                                                     monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    monotonic.advance(3600)
    press(qtbot, screen, Qt.Key.Key_Space)
    press(qtbot, screen, "3")
    assert revlog(basic_col)[0][2] == 15 * 60 * 1000


def test_changes_before_start_do_not_pick_a_deck(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                                 monotonic: FakeMonotonic) -> None:
    screen = ReviewScreen(basic_col, events, monotonic=monotonic)
    qtbot.addWidget(screen)
    screen.show()
    events.changed.emit(Changes(cards=True), None)
    assert screen.card is None and not screen.on_done_page


# -- a whole session ----------------------------------------------------------------------------


def test_a_whole_session_by_keyboard_alone(qtbot: QtBot, col: Collection, events: AppEvents,
                                           monotonic: FakeMonotonic) -> None:
    col.set_scheduler_settings(SchedulerSettings(learning_steps_min=(1.0,), relearning_steps_min=(1.0,)))
    col.add_notes(basic_notes(5, "S"), deck="Session")
    screen = open_screen(qtbot, col, events, monotonic, "Session")
    # Again and Hard keep a card learning (it comes back within the learn-ahead); Good and Easy graduate it.
    script = iter([1, 3, 2, 4, 1, 1, 3, 2, 4, 3])
    expected: list[tuple[int, int, int]] = []
    with qtbot.waitSignal(screen.finished, timeout=2000):
        for step in range(40):
            card = screen.card
            if card is None:
                break
            rating = next(script)
            monotonic.advance(1.5 + step)
            press(qtbot, screen, Qt.Key.Key_Space)
            press(qtbot, screen, str(rating))
            expected.append((card.id, rating, round((1.5 + step) * 1000)))
            # Every grade is in the database the moment the next card shows.
            assert revlog(col) == expected
    assert screen.card is None and screen.on_done_page
    assert revlog(col) == expected
    # New cards in order, then the learning ones as they fall due (earliest first, ties in answer order).
    s0, s1, s2, s3, s4 = sorted(col.search("deck:Session"))
    assert [(cid, rating) for cid, rating, _ in expected] == [
        (s0, 1), (s1, 3), (s2, 2), (s3, 4), (s4, 1), (s0, 1), (s4, 3), (s0, 2), (s2, 4), (s0, 3)]
    assert col.counts().total == 0
    summary = screen.done_page.summary.text()
    assert summary == "You reviewed 10 cards in 1 min.\nAgain 3 · Hard 2 · Good 3 · Easy 2"
    assert "Esc" in screen.done_page.hint.text()
    assert screen.done_page.title.text() == "Done for today"
    # Undo from the done page brings the last card back.
    press(qtbot, screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.card is not None and screen.card.id == expected[-1][0]
    assert len(revlog(col)) == 9


def test_nothing_due_shows_the_calm_end_state(qtbot: QtBot, col: Collection, events: AppEvents,
                                              monotonic: FakeMonotonic) -> None:
    col.ensure_deck("Empty")
    screen = ReviewScreen(col, events, monotonic=monotonic)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.finished):
        screen.start("Empty")
    assert screen.on_done_page
    assert screen.done_page.title.text() == "Nothing due right now"
    assert screen.progress.text() == "New 0 · Learning 0 · Review 0"


# -- rendering ------------------------------------------------------------------------------------


def test_story_blanks_stand_out(qtbot: QtBot, col: Collection, events: AppEvents, monotonic: FakeMonotonic) -> None:
    col.add_notes([NoteDraft("story", {"title": "Billing migration", "situation": "Invoices failed for [how many].",
                                       "result": "Errors fell by [what %?]."})], deck="Stories")
    screen = open_screen(qtbot, col, events, monotonic)
    press(qtbot, screen, Qt.Key.Key_Space)
    assert '<span class="fill-in">[how many]</span>' in screen.shown_html
    assert '<span class="fill-in">[what %?]</span>' in screen.shown_html
    # On screen, the blank has a background of its own; plain words around it have none.
    doc = screen.view.document()
    blank = doc.find("[how many]")
    plain = doc.find("Invoices")
    assert not blank.isNull() and not plain.isNull()
    inside = QTextCursor(blank)
    inside.setPosition(blank.selectionStart() + 2)
    outside = QTextCursor(plain)
    outside.setPosition(plain.selectionStart() + 2)
    assert inside.charFormat().background().style() != Qt.BrushStyle.NoBrush
    assert outside.charFormat().background().style() == Qt.BrushStyle.NoBrush


def test_card_html_is_the_sanitised_render(qtbot: QtBot, col: Collection, events: AppEvents,
                                           monotonic: FakeMonotonic) -> None:
    col.add_notes([NoteDraft("basic", {"front": "Hi <script>alert(1)</script> **bold**", "back": "ok"})], deck="D")
    screen = open_screen(qtbot, col, events, monotonic)
    assert "<script" not in screen.shown_html
    assert "<strong>bold</strong>" in screen.shown_html


# -- the speaking timer -----------------------------------------------------------------------------


def test_zone_is_a_pure_function_of_elapsed_and_window() -> None:
    window = (120, 180)
    assert zone_for(0, window) == "before"
    assert zone_for(119.9, window) == "before"
    assert zone_for(120, window) == "in"
    assert zone_for(180, window) == "in"
    assert zone_for(180.1, window) == "over"
    assert format_clock(0) == "0:00"
    assert format_clock(75.9) == "1:15"
    assert format_clock(600) == "10:00"
    assert format_window((25, 35)) == "0:25–0:35"
    assert bar_fraction(0, window) == 0.0
    assert bar_fraction(225, window) == 1.0
    assert bar_fraction(1000, window) == 1.0


def test_spoken_card_timer_runs_until_reveal(qtbot: QtBot, col: Collection, events: AppEvents,
                                             monotonic: FakeMonotonic) -> None:
    col.add_notes([NoteDraft("pitch", {"label": "30-second pitch", "text": "I build things."})], deck="Pitches")
    screen = open_screen(qtbot, col, events, monotonic)
    timer = screen.timer
    assert screen.card is not None and screen.card.spoken
    assert timer.isVisible() and timer.ticking
    assert timer.window_label.text() == "target 0:25–0:35"
    assert timer.property("zone") == "before"
    assert timer.elapsed_label.text() == "0:00"

    monotonic.advance(26)
    timer.tick()
    assert timer.property("zone") == "in" and timer.bar.property("zone") == "in"
    assert timer.elapsed_label.text() == "0:26"
    monotonic.advance(10)
    qtbot.waitUntil(lambda: timer.elapsed_label.text() == "0:36")  # the QTimer's own tick
    assert timer.property("zone") == "over" and timer.elapsed_label.property("zone") == "over"

    press(qtbot, screen, Qt.Key.Key_Space)
    assert not timer.ticking
    monotonic.advance(30)
    timer.tick()
    assert timer.elapsed_label.text() == "0:36"  # frozen at the reveal
    press(qtbot, screen, "3")
    assert revlog(col)[0][2] == 66_000  # the duration runs to the grade, not to the reveal


def test_timer_ticks_only_while_visible(qtbot: QtBot, col: Collection, events: AppEvents,
                                        monotonic: FakeMonotonic) -> None:
    col.add_notes([NoteDraft("curveball", {"prompt": "Why should we not hire you?"})], deck="C")
    screen = open_screen(qtbot, col, events, monotonic)
    assert screen.timer.ticking
    screen.hide()
    assert not screen.timer.ticking
    monotonic.advance(100)
    screen.show()
    assert screen.timer.ticking
    assert screen.timer.elapsed_label.text() == "1:40"
    assert screen.timer.zone == "in"


def test_no_timer_for_recall_cards(qtbot: QtBot, basic_col: Collection, events: AppEvents,
                                   monotonic: FakeMonotonic) -> None:
    screen = open_screen(qtbot, basic_col, events, monotonic)
    assert not screen.timer.isVisible() and not screen.timer.ticking


# -- small pure helpers ----------------------------------------------------------------------------


def test_progress_line_and_summary_text() -> None:
    assert progress_html(12, 3, 40, "review") == "New 12 · Learning 3 · <u>Review 40</u>"
    tally = SessionTally()
    assert summary_text(tally) == "No card is waiting for review in this deck."
    tally.add(1, Rating.GOOD, 90_000)
    tally.add(2, Rating.AGAIN, 30_000)
    tally.remove(2)
    assert summary_text(tally) == "You reviewed 1 card in 2 min.\nAgain 0 · Hard 0 · Good 1 · Easy 0"


def test_a_card_answered_in_another_window_is_not_answered_twice(qtbot: QtBot, col: Collection, db_path,  # type: ignore[no-untyped-def]
                                                                  clock, events: AppEvents,
                                                                  monotonic: FakeMonotonic) -> None:
    col.add_notes(basic_notes(3), deck="D")
    screen = open_screen(qtbot, col, events, monotonic, "D")
    assert screen.card is not None
    shown = screen.card.id
    other = Collection.open(db_path, clock=clock, fuzz=False)
    try:
        other.select_deck("D")
        assert other.next_card() is not None
        other.answer(shown, Rating.GOOD)
    finally:
        other.close()
    press(qtbot, screen, Qt.Key.Key_Space)
    press(qtbot, screen, Qt.Key.Key_4)
    assert "answered in another window or process" in screen.status.text()
    ratings = [r[0] for r in col.store.fetchall("SELECT rating FROM revlog WHERE card_id=?", (shown,))]
    assert ratings == [Rating.GOOD]  # the other window's answer only
    assert screen.card is not None and screen.card.id != shown  # the refreshed queue moved on
