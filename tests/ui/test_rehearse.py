"""The Rehearse screen, driven by the keyboard: timing, beats, attempts kept, graded, analysed, deleted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ManualMonotonic
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from speech import SHORT, STORY, speak

from flashdeck.collection import Collection, rehearsing
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.ui.events import AppEvents
from flashdeck.ui.rehearse.screen import RehearseScreen

pytestmark = pytest.mark.gui

STORY_FIELDS = {"title": "Checkout latency", "situation": "Checkout was slow and customers left.",
                "task": "Fix it within a quarter.", "action": "I traced requests and built a cache.",
                "result": "Pages loaded in 300 ms and sales grew."}


@pytest.fixture
def monotonic() -> ManualMonotonic:
    return ManualMonotonic()


@pytest.fixture
def events() -> Iterator[AppEvents]:
    yield AppEvents()


@pytest.fixture
def story_card(col: Collection) -> int:
    col.add_notes([NoteDraft("story", dict(STORY_FIELDS)),
                   NoteDraft("question", {"prompt": "Why do you want this role?", "great": "Growth."}),
                   NoteDraft("concept", {"term": "Not spoken", "definition": "A concept card."})], deck="Prep")
    return col.search("kind:story is:spoken")[0]


def open_screen(qtbot: QtBot, col: Collection, events: AppEvents, monotonic: ManualMonotonic,
                card_id: int | None = None, *, record: bool = False) -> RehearseScreen:
    screen = RehearseScreen(col, events, monotonic=monotonic)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    if screen.record.armed != record:
        screen.record.toggle()
    if card_id is not None:
        screen.open_card(card_id)
    screen.setFocus()
    return screen


def press(qtbot: QtBot, screen: RehearseScreen, key: Qt.Key | str,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(screen.focusWidget() or screen, key, modifier)


def speak_story_beats(qtbot: QtBot, screen: RehearseScreen, clock: ManualMonotonic,
                      seconds: tuple[float, ...]) -> None:
    """Space, then a Tab between beats, then Space: one attempt with these beat lengths."""
    press(qtbot, screen, Qt.Key.Key_Space)
    for index, length in enumerate(seconds):
        clock.advance(length)
        press(qtbot, screen, Qt.Key.Key_Tab if index < len(seconds) - 1 else Qt.Key.Key_Space)


def test_the_picker_lists_spoken_cards_and_filters(qtbot: QtBot, col: Collection, events: AppEvents,
                                                   monotonic: ManualMonotonic, story_card: int) -> None:
    screen = open_screen(qtbot, col, events, monotonic)
    titles = screen.picker.titles()
    assert "Checkout latency" in titles and "Why do you want this role?" in titles
    assert "Not spoken" not in titles
    screen.kind_filter.setCurrentIndex(screen.kind_filter.findData("question"))
    assert screen.picker.titles() == ["Why do you want this role?"]
    screen.kind_filter.setCurrentIndex(0)
    qtbot.keyClicks(screen.filter, "checkout")
    assert screen.card_list.count() == 1
    qtbot.keyClick(screen.filter, Qt.Key.Key_Return)
    assert screen.card_id == story_card and screen.title.text() == "Checkout latency"


def test_space_and_tab_time_a_story_in_beats(qtbot: QtBot, col: Collection, events: AppEvents,
                                             monotonic: ManualMonotonic, story_card: int) -> None:
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    assert not screen.lap_shortcut.isEnabled()  # idle: Tab moves the focus as usual
    assert screen.big_timer.window_label.text() == "target 2:00–3:00"
    press(qtbot, screen, Qt.Key.Key_Space)
    assert screen.big_timer.state == "running" and screen.lap_shortcut.isEnabled()
    monotonic.advance(20)
    screen.big_timer.tick()
    assert screen.big_timer.zone == "before" and screen.big_timer.clock.property("zone") == "before"
    assert "Now: Situation" in screen.big_timer.beat_label.text() and "Tab → Task" in screen.big_timer.beat_label.text()
    press(qtbot, screen, Qt.Key.Key_Tab)
    monotonic.advance(15)
    press(qtbot, screen, Qt.Key.Key_Tab)
    monotonic.advance(100)
    screen.big_timer.tick()
    assert screen.big_timer.zone == "in" and "in the window" in screen.big_timer.zone_label.text()
    press(qtbot, screen, Qt.Key.Key_Tab)
    monotonic.advance(15)
    press(qtbot, screen, Qt.Key.Key_Space)

    assert screen.big_timer.state == "stopped" and not screen.lap_shortcut.isEnabled()
    [made] = rehearsing.attempts_for_card(col, story_card)
    assert made.duration_ms == 150_000 and made.audio_path is None and made.target == (120, 180)
    assert [(lap.beat, lap.duration_s) for lap in made.laps] == [
        ("Situation", 20), ("Task", 15), ("Action", 100), ("Result", 15)]
    assert screen.laps.lap_texts() == [("Situation", "0:20", "13%"), ("Task", "0:15", "10%"),
                                       ("Action", "1:40", "67%"), ("Result", "0:15", "10%")]
    assert "well balanced" in screen.laps.flags.text()
    assert screen.attempts.row_texts(0)[2] == "2:30 ✓" and screen.attempts.row_texts(0)[0] == "1"
    assert screen.chart.series_points["duration"] == [(1, 2.5)]
    assert screen.chart.series_points["window_low"] == [(1, 2.0)]
    assert screen.details.attempt is not None and screen.details.attempt.id == made.id
    assert "not recorded" in screen.details.heading.text()


def test_an_unbalanced_story_is_flagged(qtbot: QtBot, col: Collection, events: AppEvents, clock: ManualClock,
                                        monotonic: ManualMonotonic, story_card: int) -> None:
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    speak_story_beats(qtbot, screen, monotonic, (45, 30, 40, 3))
    flags = screen.laps.flags.text()
    assert "Situation + Task took 1:15" in flags and "Action is not the largest" in flags
    assert "Result took 3 s" in flags
    assert [row[0] for row in screen.laps.lap_texts()] == ["Situation", "⚠ Task", "⚠ Action", "⚠ Result"]
    # Over the window: the clock says so.
    clock.advance(minutes=10)
    press(qtbot, screen, Qt.Key.Key_Space)
    monotonic.advance(200)
    screen.big_timer.tick()
    assert screen.big_timer.zone == "over" and "past the window by 0:20" in screen.big_timer.zone_label.text()
    press(qtbot, screen, Qt.Key.Key_Space)
    assert len(rehearsing.attempts_for_card(col, story_card)) == 2
    assert screen.attempts.row_texts(0)[2] == "3:20 long" and screen.attempts.row_texts(1)[2] == "1:58 short"


def test_without_beats_marked_nothing_is_judged(qtbot: QtBot, col: Collection, events: AppEvents,
                                                monotonic: ManualMonotonic, story_card: int) -> None:
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    speak_story_beats(qtbot, screen, monotonic, (140,))
    assert screen.laps.flags.text() == ""  # one lap: the person did not mark beats, so no verdict on them


def recorded_attempt(col: Collection, card_id: int, text: str, tmp: Path) -> rehearsing.Attempt:
    path = rehearsing.new_recording_path(col, card_id)
    speak(text, tmp / "said.wav").replace(path)
    return rehearsing.record_attempt(col, card_id, duration_ms=3000, audio_path=path)


def test_grade_yourself_then_delete_twice_removes_the_file(qtbot: QtBot, col: Collection, events: AppEvents,
                                                           monotonic: ManualMonotonic, story_card: int,
                                                           tmp_path: Path) -> None:
    made = recorded_attempt(col, story_card, SHORT, tmp_path)
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    assert screen.details.attempt is not None and screen.details.attempt.id == made.id
    assert screen.details.player.isEnabled() and screen.details.analyse_button.isEnabled()
    press(qtbot, screen, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert rehearsing.attempt(col, made.id).self_grade == 3
    assert screen.attempts.row_texts(0)[-1] == "Good" and screen.details.grade_buttons[3].isChecked()
    press(qtbot, screen, Qt.Key.Key_Delete)
    assert "Press Del again" in screen.details.progress_label.text()
    assert made.audio_path is not None and made.audio_path.is_file()
    press(qtbot, screen, Qt.Key.Key_Delete)
    assert rehearsing.attempts_for_card(col, story_card) == [] and not made.audio_path.exists()
    assert screen.attempts.rowCount() == 0 and screen.details.attempt is None


def test_analysis_runs_off_the_gui_thread_and_fills_the_details(qtbot: QtBot, col: Collection, events: AppEvents,
                                                                monotonic: ManualMonotonic, story_card: int,
                                                                tmp_path: Path) -> None:
    made = recorded_attempt(col, story_card, SHORT, tmp_path)
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    steps: list[float] = []
    screen.runner.progress.connect(lambda _id, fraction, _message: steps.append(fraction))
    with qtbot.waitSignal(screen.runner.done, timeout=60_000):
        press(qtbot, screen, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
        assert screen.details.progress.isVisible() and screen.details.cancel_button.isVisible()
    assert steps and max(steps) <= 1.0
    stored = rehearsing.attempt(col, made.id)
    assert stored.transcript and "search" in stored.transcript.casefold()
    assert stored.suggested_grade is not None and stored.wpm is not None
    assert "Suggested:" in screen.details.suggestion.text()
    assert "Pace" in screen.details.summary.text() and "Covered" in screen.details.summary.text()
    assert screen.details.transcript.toPlainText() == stored.transcript
    assert not screen.details.progress.isVisible()
    assert screen.attempts.row_texts(0)[5] in {"Again", "Hard", "Good", "Easy"}


def test_an_analysis_can_be_cancelled(qtbot: QtBot, col: Collection, events: AppEvents,
                                      monotonic: ManualMonotonic, story_card: int, tmp_path: Path) -> None:
    made = recorded_attempt(col, story_card, STORY, tmp_path)  # two minutes: time enough to cancel
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    with qtbot.waitSignal(screen.runner.progress, timeout=30_000):
        screen.details.analyse_button.click()
    with qtbot.waitSignal(screen.runner.cancelled, timeout=30_000):
        screen.details.cancel_button.click()
    assert rehearsing.attempt(col, made.id).transcript is None
    assert "cancelled" in screen.details.progress_label.text() and screen.details.analyse_button.isEnabled()


def test_from_review_r_rehearses_the_card_and_its_grade_is_kept(qtbot: QtBot, col: Collection,
                                                                story_card: int) -> None:
    from flashdeck.ui.main_window import MainWindow

    window = MainWindow(col)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.start_review("Prep")
    review = window.review_screen()
    while review.card is not None and not review.card.spoken:
        review.reveal()
        review.rate(Rating.GOOD)
    assert review.card is not None and review.card.spoken
    card_id = review.card.id
    qtbot.keyClick(review, Qt.Key.Key_R)
    screen = window.rehearse_screen()
    assert window.current_screen() is screen and screen.card_id == card_id and screen.from_review
    assert screen.back_button.text() == "Back to review"
    if screen.record.armed:
        screen.record.toggle()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    [made] = rehearsing.attempts_for_card(col, card_id)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert window.current_screen() is review and review.revealed  # spoken already: straight to the grades
    assert review.rehearsal_line.isVisible() and review.rehearsal_line.text().startswith("Rehearsed: 0:")
    reviews_before = col.stats().reviews
    qtbot.keyClick(review, Qt.Key.Key_2)
    assert col.stats().reviews == reviews_before + 1
    assert rehearsing.attempt(col, made.id).self_grade == 2


def test_a_story_told_for_a_question_shows_the_question(qtbot: QtBot, col: Collection, events: AppEvents,
                                                       monotonic: ManualMonotonic, tmp_path: Path) -> None:
    """Imported with the question it answers, a story shows that question on its spoken card and here."""
    document = tmp_path / "story.txt"
    document.write_text("Question: Tell me about a time you sped something up?\n" + "\n".join(
        f"{part.capitalize()}: {STORY_FIELDS[part]}" for part in ("situation", "task", "action", "result")) + "\n",
        encoding="utf-8")
    col.import_file(document)
    told = col.search("kind:story is:spoken")[0]
    front, _back = col.card(told).render()
    assert "<blockquote>\n<p>Tell me about a time you sped something up?</p>" in front
    screen = open_screen(qtbot, col, events, monotonic, told)
    assert screen.title.text() == "Sped something up"
    assert screen.question.isVisible() and screen.question.text() == "“Tell me about a time you sped something up?”"
    col.add_notes([NoteDraft("story", {**STORY_FIELDS, "title": "No question here"})], deck="Prep")
    screen.open_card(col.search('kind:story "No question here"')[0])
    assert not screen.question.isVisible()


def test_an_attempt_of_the_old_recogniser_keeps_its_figures_until_analysed_again(
        qtbot: QtBot, col: Collection, events: AppEvents, monotonic: ManualMonotonic, story_card: int,
        tmp_path: Path) -> None:
    from flashdeck.analysis import analyze

    made = recorded_attempt(col, story_card, SHORT, tmp_path)
    assert made.audio_path is not None
    old = analyze(made.audio_path, engine="pocketsphinx")  # as attempts were analysed before issue #15
    rehearsing.save_analysis(col, made.id, old)
    screen = open_screen(qtbot, col, events, monotonic, story_card)
    assert "old recogniser (pocketsphinx)" in screen.details.summary.text()
    assert screen.details.transcript.toPlainText() == old.transcript  # its own figures, kept as they were
    assert screen.details.analyse_button.text() == "Analyse again"
    with qtbot.waitSignal(screen.runner.done, timeout=60_000):
        screen.details.analyse_button.click()
    again = rehearsing.attempt(col, made.id).delivery()
    assert again is not None and again.engine == "whisper-ct2/tiny.en"
    assert "old recogniser" not in screen.details.summary.text()
    assert screen.details.transcript.toPlainText() == again.transcript != old.transcript
