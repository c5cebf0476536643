"""Rehearse without a mouse: the picker, R from review, the peek, the feedback read against the prepared answer."""

from __future__ import annotations

import pytest
from helpers import ManualMonotonic
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from flashdeck.analysis import Analysis
from flashdeck.collection import Collection, rehearsing
from flashdeck.core import delivery
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.events import AppEvents
from flashdeck.ui.rehearse.screen import RehearseScreen
from flashdeck.ui.theme import apply_theme

pytestmark = pytest.mark.gui

# Our own story (not from any seed document): a warehouse picking rota.
STORY = {"title": "Untangling the picking rota",
         "answers": "Tell me about a time you fixed a broken process.",
         "use_for": "Process improvement; working under a deadline",
         "anchor": "Misses from forty a week to three",
         "situation": "Night shift pickers at the Leeds depot missed forty orders a week.",
         "task": "As shift lead I had to stop the misses before the peak season.",
         "action": "I mapped every aisle, moved the fast sellers near packing and paired new starters with veterans.",
         "result": "Misses fell to three a week and overtime dropped by a quarter."}


def screen_for(qtbot: QtBot, col: Collection, *, size: tuple[int, int] = (1024, 640)) -> RehearseScreen:
    screen = RehearseScreen(col, AppEvents(), monotonic=ManualMonotonic())
    qtbot.addWidget(screen)
    screen.resize(*size)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    if screen.record.armed:
        screen.record.toggle()
    return screen


def add_cards(col: Collection) -> dict[str, int]:
    col.add_notes([NoteDraft("story", dict(STORY)),
                   NoteDraft("question", {"prompt": "Why logistics?", "great": "A reason of your own."}),
                   NoteDraft("question", {"prompt": "Why this depot?", "great": "What you saw on the visit."}),
                   NoteDraft("concept", {"term": "Cross-docking", "definition": "Goods move from inbound to "
                                                                                 "outbound with no storage."})],
                  deck="Depot")
    return {"story": col.search("kind:story is:spoken")[0],
            "story_recall": next(c for c in col.search("kind:story") if not col.card(c).spoken),
            "logistics": col.search('"Why logistics?"')[0],
            "concept": col.search("kind:concept")[0]}


def test_the_picker_is_driven_by_ctrl_f_arrows_and_enter(qtbot: QtBot, col: Collection) -> None:
    cards = add_cards(col)
    screen = screen_for(qtbot, col)
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.filter.hasFocus()
    qtbot.keyClicks(screen.filter, "why")
    assert screen.picker.titles() == ["Why logistics?", "Why this depot?"]
    assert screen.picker.highlighted() == cards["logistics"]  # what Enter would open is marked
    qtbot.keyClick(screen.filter, Qt.Key.Key_Down)
    qtbot.keyClick(screen.filter, Qt.Key.Key_Down)  # stays on the last
    assert screen.card_id is None  # moving the highlight opens nothing
    qtbot.keyClick(screen.filter, Qt.Key.Key_Up)
    qtbot.keyClick(screen.filter, Qt.Key.Key_Down)
    qtbot.keyClick(screen.filter, Qt.Key.Key_Return)
    assert screen.title.text() == "Why this depot?" and screen.hasFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # Space is the timer's again at once
    assert screen.big_timer.state == "running"
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert len(rehearsing.attempts_for_card(col, screen.card_id or 0)) == 1


def test_r_in_review_never_opens_an_unrelated_card(qtbot: QtBot, col: Collection) -> None:
    from flashdeck.ui.main_window import MainWindow

    cards = add_cards(col)
    window = MainWindow(col)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    screen = window.rehearse_screen()
    screen.open_card(cards["logistics"])  # rehearsed earlier: it must not come back uninvited
    window.start_review("Depot")
    review = window.review_screen()

    review._show(col.card(cards["story_recall"]))  # "Which story answers …?": not spoken, its note's story is
    qtbot.keyClick(review, Qt.Key.Key_R)
    assert window.current_screen() is screen and screen.card_id == cards["story"]
    assert screen.back_button.text() == "Back to review"
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert window.current_screen() is review

    review._show(col.card(cards["concept"]))  # a concept has no spoken card at all
    qtbot.keyClick(review, Qt.Key.Key_R)
    assert window.current_screen() is screen and screen.card_id is None
    assert "Cross-docking" in screen.title.text() and "not answered out loud" in screen.title.text()
    assert screen.details.attempt is None and screen.attempts.rowCount() == 0
    assert screen.back_button.text() == "Back to review"
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # nothing to time
    assert screen.big_timer.state != "running"
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert window.current_screen() is review and review.card is not None and review.card.id == cards["concept"]

    window.show_home()
    qtbot.keyClick(window.home, Qt.Key.Key_R)
    assert window.current_screen() is screen and screen.back_button.text() == "Home"


def test_p_peeks_at_the_prompt_and_the_prepared_beats_while_speaking(qtbot: QtBot, col: Collection) -> None:
    cards = add_cards(col)
    screen = screen_for(qtbot, col)
    screen.open_card(cards["story"])
    assert not screen.peek.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.keyClick(screen, Qt.Key.Key_P)
    assert screen.peek.isVisible() and screen.big_timer.isVisible() and screen.big_timer.state == "running"
    text = screen.peek.text()
    assert "Untangling the picking rota" in text
    for beat in ("Situation", "Task", "Action", "Result"):
        assert beat in text
    assert STORY["action"] in text
    qtbot.keyClick(screen, Qt.Key.Key_Tab)  # the beat keys still work beside the peek
    assert len(screen.big_timer.timer.laps()) == 2
    qtbot.keyClick(screen, Qt.Key.Key_P)
    assert not screen.peek.isVisible() and screen.big_timer.state == "running"


def analysed_attempt(col: Collection, card_id: int, said: str) -> int:
    """An attempt analysed from a typed transcript (the analysis, without audio)."""
    spec = rehearsing.rehearsal_spec(col, card_id)
    made = rehearsing.record_attempt(col, card_id, duration_ms=150_000, laps=[])
    tokens = delivery.tokenize(said)
    words = delivery.lexical_words(tokens)
    analysis = Analysis(duration_s=150, speech_s=140, pauses=[], words=len(words), wpm=130, fillers={},
                        i_count=1, we_count=0, numbers=[], transcript=said, target=spec.target,
                        coverage=delivery.coverage(words, spec.points, ordered=spec.ordered), engine="typed")
    analysis.suggestion = delivery.suggest_grade(150, len(words), target=spec.target,
                                                 coverage=analysis.coverage_fraction, fillers=0, longest_pause_s=0)
    rehearsing.save_analysis(col, made.id, analysis)
    return made.id


def test_the_feedback_reads_the_answer_against_the_prepared_one(qtbot: QtBot, col: Collection) -> None:
    cards = add_cards(col)
    said = ("the night pickers at our Leeds depot missed forty orders every week so I mapped each aisle "
            "and moved the fast sellers next to packing")  # no Task, no Result
    attempt = analysed_attempt(col, cards["story"], said)
    screen = screen_for(qtbot, col)
    screen.open_card(cards["story"])
    screen.attempts.choose(attempt)
    qtbot.keyClick(screen, Qt.Key.Key_BracketLeft)  # [ : the feedback page (only one attempt to show)
    assert screen.tabs.currentWidget() is screen.feedback_page
    prepared = screen.details.prepared.toPlainText()
    marks = {line[2:].strip(): line[0] for line in prepared.splitlines() if line[:1] in "✓✗"}
    assert marks == {"Situation": "✓", "Task": "✗", "Action": "✓", "Result": "✗"}
    html = screen.details.transcript.toHtml()
    shown = screen.details.transcript.toPlainText()
    assert shown.index("[Situation]") < shown.index("night") and shown.index("[Action]") < shown.index("mapped")
    assert "[Task]" not in shown and "[Result]" not in shown
    assert shown.replace("[Situation] ", "").replace("[Action] ", "") == said
    assert "Leeds</span>" in html and "packing</span>" in html  # the words that met a point are marked
    shown_whole = (screen.details.transcript, screen.details.prepared, screen.details.delete_button,
                   *screen.details.grade_buttons.values())
    # Once laid out (the page was hidden until the key): each is on screen whole, nothing cut off.
    qtbot.waitUntil(lambda: all(w.isVisible() and w.visibleRegion().boundingRect().size() == w.size()
                                for w in shown_whole), timeout=3000)
    assert not screen.feedback_page.horizontalScrollBar().isVisible()


def test_the_chosen_self_grade_is_highlighted(qtbot: QtBot, col: Collection) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    try:
        cards = add_cards(col)
        attempt = analysed_attempt(col, cards["story"], "we mapped the aisles")
        screen = screen_for(qtbot, col)
        screen.open_card(cards["story"])
        screen.attempts.choose(attempt)
        qtbot.keyClick(screen, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert rehearsing.attempt(col, attempt).self_grade == 3
        buttons = screen.details.grade_buttons
        assert buttons[3].isChecked() and buttons[3].text() == "✓ Good" and buttons[2].text() == "Hard"

        def fill(button_grade: int) -> QColor:
            button = buttons[button_grade]
            return button.grab().toImage().pixelColor(QPoint(6, button.height() // 2))

        assert fill(3) == QColor("#3f9d62") and fill(2) != fill(3)  # the chosen one in its colour, the rest not
    finally:
        app.setStyleSheet("")
