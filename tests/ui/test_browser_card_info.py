"""The browser tells a story's cards apart and shows a card's history (issue #14)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection, rehearsing
from flashdeck.collection.card_info import card_info
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Phase, Rating
from flashdeck.ui.browse.card_info import card_info_html
from flashdeck.ui.browse.model import CARD, TITLE
from flashdeck.ui.browse.screen import BrowserScreen
from flashdeck.ui.events import AppEvents

pytestmark = pytest.mark.gui

STORY = NoteDraft("story", {"title": "Cutting the nightly batch", "use_for": "A time you improved performance",
                            "anchor": "from 6 h to 40 min", "situation": "S", "task": "T", "action": "A",
                            "result": "R"})


def _story(col: Collection) -> list[int]:
    col.add_notes([STORY], deck="Stories")
    return col.search("kind:story", sort="card")


def _browser(qtbot: QtBot, col: Collection) -> BrowserScreen:
    screen = BrowserScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.table.setFocus()
    return screen


def _select(screen: BrowserScreen, card_id: int) -> None:
    row = screen.model.row_of(card_id)
    assert row is not None
    screen.table.selectionModel().setCurrentIndex(
        screen.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def test_a_storys_three_cards_differ_in_the_card_column(qtbot: QtBot, col: Collection) -> None:
    _story(col)
    screen = _browser(qtbot, col)
    rows = [(screen.model.index(r, TITLE).data(), screen.model.index(r, CARD).data())
            for r in range(screen.model.rowCount())]
    assert sorted(rows) == [("Cutting the nightly batch", "Result metric"),
                            ("Cutting the nightly batch", "Tell the story"),
                            ("Cutting the nightly batch", "Which story")]
    screen.sort_by("card")
    assert [screen.model.index(r, CARD).data() for r in range(3)] == ["Tell the story", "Which story",
                                                                      "Result metric"]


def test_card_info_lists_reviews_and_rehearsals(col: Collection) -> None:
    told, which, _metric = _story(col)
    clock = col.clock
    assert isinstance(clock, ManualClock)
    col.answer(told, Rating.GOOD, duration_ms=95_000)
    clock.advance(timedelta(days=3))
    col.answer(told, Rating.HARD, duration_ms=130_000)
    rehearsing.record_attempt(col, told, duration_ms=150_000)
    clock.advance(timedelta(hours=1))
    attempt = rehearsing.record_attempt(col, told, duration_ms=170_000)
    rehearsing.set_self_grade(col, attempt.id, 4)
    info = card_info(col, told)
    assert (info.template, info.deck, info.kind_label) == ("Tell the story", "Stories", "Story")
    assert [(r.rating, r.phase_before, r.duration_ms) for r in info.reviews] == [
        (Rating.GOOD, Phase.NEW, 95_000), (Rating.HARD, Phase.LEARNING, 130_000)]
    assert len(info.attempts) == 2 and info.total_time_ms == 225_000
    html = card_info_html(info, UTC)
    assert "card: Tell the story" in html
    assert "<th>Reviews</th><td>2</td>" in html and "<th>Total time</th><td>3:45</td>" in html
    # Newest first: the Hard answer, then the Good one; the attempts with their lengths and the self-grade.
    assert html.index("Hard") < html.index("Good")
    assert html.index("2:50") < html.index("2:30") and "Easy" in html
    assert "Rehearsals (target 2:00-3:00)" in html  # the window the attempts were timed against
    untouched = card_info_html(card_info(col, which), UTC)
    assert "Not reviewed yet." in untouched and "new card, not studied yet" in untouched
    assert "A card to recall, not to say out loud." in untouched  # "Which story" is not spoken


def test_ctrl_shift_i_shows_the_selected_cards_info_and_follows_the_selection(qtbot: QtBot,
                                                                             col: Collection) -> None:
    told, which, _metric = _story(col)
    col.answer(told, Rating.EASY)
    screen = _browser(qtbot, col)
    _select(screen, told)
    assert screen.side.currentWidget() is screen.preview
    qtbot.keyClick(screen.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert screen.side.currentWidget() is screen.info
    assert screen.info.card_id == told and "Easy" in screen.info.plain_text()
    _select(screen, which)
    assert screen.info.card_id == which and "Not reviewed yet." in screen.info.plain_text()
    qtbot.keyClick(screen.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert screen.side.currentWidget() is screen.preview
    assert "Which story answers" in screen.preview.plain_text()
