"""The figures a candidate reads — the review screen's "New · Learning · Review" and Home's deck row — agree
with the collection (``counts()``, ``due_counts()``) at every step, driven by the keyboard.

What "New" does when a new card is set aside (buried or suspended), as Anki does it:
with more new cards waiting than today's limit, the next one takes its place and New
stays at the limit (the status line says so); with fewer, New drops by one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.core.queue import QueueCounts
from flashdeck.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
DATA = Path(__file__).resolve().parents[1] / "data"


def _on_screen(window: MainWindow) -> QueueCounts:
    text = re.sub(r"</?u>", "", window.review_screen().progress.text())
    match = re.fullmatch(r"New (\d+) · Learning (\d+) · Review (\d+)", text)
    assert match, text
    return QueueCounts(*(int(n) for n in match.groups()))


def _home_row(window: MainWindow, deck: str) -> QueueCounts:
    tree = window.home.tree
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        assert item is not None
        if item.text(0) == deck:
            return QueueCounts(int(item.text(1)), int(item.text(2)), int(item.text(3)))
    raise AssertionError(f"no row for {deck}")


def _agree(window: MainWindow, col: Collection, deck: str) -> QueueCounts:
    shown = _on_screen(window)
    assert shown == col.counts() == col.due_counts(deck), (shown, col.counts(), col.due_counts(deck))
    return shown


def _key(qtbot: QtBot, window: MainWindow, key: Qt.Key | str, modifier: Qt.KeyboardModifier | None = None) -> None:
    screen = window.review_screen()
    if modifier is None:
        qtbot.keyClick(screen, key)
    else:
        qtbot.keyClick(screen, key, modifier)


def _open(qtbot: QtBot, col: Collection, deck: str) -> MainWindow:
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.home.tree.setCurrentItem(next(window.home.tree.topLevelItem(i) for i in
                                         range(window.home.tree.topLevelItemCount())
                                         if window.home.tree.topLevelItem(i).text(0) == deck))  # type: ignore[union-attr]
    qtbot.keyClick(window.home.tree, Qt.Key.Key_Return)
    assert window.current_screen() is window.review_screen()
    return window


def test_answer_bury_suspend_undo_with_more_new_cards_than_the_limit(qtbot: QtBot, col: Collection) -> None:
    for name in ("star/three_stories_by_heading.md", "questions/qa_prep_sheet.txt", "questions/fifteen_questions.md"):
        col.import_file(DATA / name, deck="Prep")
    col.set_deck_limits("Prep", new_per_day=6, reviews_per_day=200)
    assert int(col.store.scalar("SELECT count(*) FROM cards WHERE phase=0")) > 12
    window = _open(qtbot, col, "Prep")
    screen = window.review_screen()
    assert _agree(window, col, "Prep").new == 6
    # Answer until a story card (three cards a note) is shown, then answer it: its siblings are buried,
    # not introduced, so New drops by one and the next new cards fill the limit.
    while screen.card is not None and screen.card.kind != "story":
        before = _agree(window, col, "Prep")
        _key(qtbot, window, Qt.Key.Key_Space)
        _key(qtbot, window, Qt.Key.Key_3)
        assert _agree(window, col, "Prep").new == before.new - 1
    assert screen.card is not None and screen.card.queue == "new"
    before = _agree(window, col, "Prep")
    _key(qtbot, window, Qt.Key.Key_Space)
    _key(qtbot, window, Qt.Key.Key_3)
    after = _agree(window, col, "Prep")
    assert after.new == before.new - 1 and after.learning == before.learning + 1
    # Bury then suspend a new card: the next new card takes its place (more are waiting than the limit).
    for key, said in (("-", "Card buried until tomorrow"), ("@", "Card suspended")):
        while screen.card is not None and screen.card.queue != "new":
            _key(qtbot, window, Qt.Key.Key_Space)
            _key(qtbot, window, Qt.Key.Key_3)
        before = _agree(window, col, "Prep")
        assert screen.card is not None and screen.card.queue == "new"
        _key(qtbot, window, key)
        assert _agree(window, col, "Prep").new == before.new
        assert screen.status.text() == f"{said}; the next new card takes its place in today's limit · Ctrl+Z to undo"
    # Ctrl+Z twice: suspension, then burial undone; the figures follow.
    for _ in range(2):
        before = _agree(window, col, "Prep")
        _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert _agree(window, col, "Prep").new == before.new
    # An answer undone: the card is new again and counted again.
    _key(qtbot, window, Qt.Key.Key_Space)
    _key(qtbot, window, Qt.Key.Key_3)
    before = _agree(window, col, "Prep")
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.status.text() == "Answer undone"
    undone = _agree(window, col, "Prep")
    assert undone != before
    # Home, shown again, reads the same figures as the review screen did.
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_screen() is window.home
    assert _home_row(window, "Prep") == col.due_counts("Prep") == undone


def test_with_fewer_new_cards_than_the_limit_setting_one_aside_lowers_new(qtbot: QtBot, col: Collection) -> None:
    col.import_file(DATA / "questions" / "qa_prep_sheet.txt", deck="Few")
    waiting = int(col.store.scalar("SELECT count(*) FROM cards WHERE phase=0"))
    assert 2 < waiting < 20  # the default limit is 20
    window = _open(qtbot, col, "Few")
    screen = window.review_screen()
    assert _agree(window, col, "Few").new == waiting
    _key(qtbot, window, "-")
    assert _agree(window, col, "Few").new == waiting - 1
    assert screen.status.text() == "Card buried until tomorrow · Ctrl+Z to undo"
    _key(qtbot, window, "@")
    assert _agree(window, col, "Few").new == waiting - 2
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _agree(window, col, "Few").new == waiting - 1
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert _home_row(window, "Few") == col.due_counts("Few") == QueueCounts(waiting - 1, 0, 0)
    assert window.home.title.text() == f"{waiting - 1} cards to study today"
