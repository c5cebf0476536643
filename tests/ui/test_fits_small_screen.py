"""A window that fits a 1024x640 laptop: every screen and dialog usable there, and what it remembers of itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection, rehearsing
from flashdeck.collection.bundled import seed_if_empty
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.events import AppEvents
from flashdeck.ui.main_window import PREFERRED_SIZE, SELECTED_DECK, MainWindow
from flashdeck.ui.theme import apply_theme
from flashdeck.ui.window_fit import FRAME_ALLOWANCE, available_area, fit_window, last_import_folder

pytestmark = pytest.mark.gui

SMALL = QSize(1024, 640)
# The window's inner size on a 1024x640 screen once a title bar has its share.
SMALL_INNER = QSize(SMALL.width() - FRAME_ALLOWANCE.width(), SMALL.height() - FRAME_ALLOWANCE.height())


def open_window(qtbot: QtBot, col: Collection) -> MainWindow:
    window = MainWindow(col)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture
def small_window(qtbot: QtBot, col: Collection) -> Iterator[MainWindow]:
    seed_if_empty(col)
    window = open_window(qtbot, col)
    window.resize(SMALL_INNER)
    yield window


def inside(widget: QWidget, window: QWidget) -> bool:
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.rect().contains(rect)


def settled(qtbot: QtBot, check: object) -> None:
    """Wait for the layout a screen change asked for (a posted event), then check."""
    assert callable(check)
    qtbot.waitUntil(check, timeout=3000)


def test_the_window_fits_any_screen_and_can_shrink_to_a_small_one(qtbot: QtBot, col: Collection) -> None:
    window = open_window(qtbot, col)
    area = available_area(window)
    assert window.width() <= min(PREFERRED_SIZE[0], area.width()) and window.height() <= min(
        PREFERRED_SIZE[1], area.height() - FRAME_ALLOWANCE.height() + 1)
    assert area.contains(window.geometry())
    for build in (window.review_screen, window.browser_screen, window.stats_screen, window.rehearse_screen):
        build()  # the stack's minimum is the largest of its screens'
    minimum = window.minimumSizeHint()
    assert minimum.width() <= SMALL_INNER.width() and minimum.height() <= SMALL_INNER.height(), minimum


def test_every_screen_is_usable_at_1024x640(qtbot: QtBot, col: Collection, small_window: MainWindow) -> None:
    window = small_window
    col.add_notes([NoteDraft("story", {"title": "Reopening the night shift", "situation": "Orders were late.",
                                       "task": "Cut the backlog.", "action": "I re-planned the rota.",
                                       "result": "Backlog gone in two weeks."})], deck="Depot")
    story = col.search('kind:story is:spoken "night shift"')[0]
    rehearsing.record_attempt(col, story, duration_ms=95_000, laps=[])
    window.start_review(None)
    review = window.review_screen()
    window.rehearse_card(story)
    screen = window.rehearse_screen()
    for page, widgets in ((window.home, [window.home.tree, window.home.study_button]),
                          (review, [review.view, review.show_answer_button]),
                          (screen, [screen.big_timer.clock, screen.laps, screen.record.button, screen.back_button,
                                    screen.card_list, screen.filter])):
        window.stack.setCurrentWidget(page)
        settled(qtbot, lambda ws=widgets: all(w.isVisible() and inside(w, window) for w in ws))
    screen.tabs.setCurrentWidget(screen.feedback_page)
    details = screen.details
    feedback = [details.delete_button, details.analyse_button, details.transcript, details.prepared,
                *details.grade_buttons.values()]
    settled(qtbot, lambda: all(w.isVisible() and inside(w, window) for w in feedback))
    assert details.transcript.height() >= 80 and details.transcript.width() >= 250  # room to read, not a slot
    assert not screen.feedback_page.horizontalScrollBar().isVisible()
    # Labels and buttons are not cut: each has at least the width its text needs.
    for widget in details.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap():
            assert widget.width() >= widget.sizeHint().width(), widget.objectName()
        elif isinstance(widget, QAbstractButton):
            needed = widget.fontMetrics().horizontalAdvance(widget.text()) + 8
            assert widget.width() >= needed, widget.objectName()


def test_settings_scrolls_one_way_only_at_1024x640(qtbot: QtBot, col: Collection, small_window: MainWindow) -> None:
    col.add_notes([NoteDraft("basic", {"front": "f", "back": "b"})],
                  deck="A deck with a name long enough to widen any form it is shown in, on any screen")
    small_window.open_settings()
    dialog = small_window.findChild(QDialog, "settingsDialog")
    assert dialog is not None
    dialog.resize(dialog.width(), min(dialog.height(), SMALL_INNER.height()))
    scroll = dialog.findChild(QScrollArea, "settingsScroll")
    assert scroll is not None and scroll.widget() is not None
    settled(qtbot, lambda: dialog.isVisible())
    assert not scroll.horizontalScrollBar().isVisible()
    body = scroll.widget()
    assert body is not None and body.minimumSizeHint().width() <= scroll.viewport().width()
    dialog.close()


def test_every_dialog_fits_1024x640(qtbot: QtBot, col: Collection) -> None:
    from flashdeck.ui.browse.editor import NoteEditor
    from flashdeck.ui.dialogs.settings import SettingsDialog
    from flashdeck.ui.importing.dialog import ImportDialog

    seed_if_empty(col)
    events = AppEvents()
    for dialog in (SettingsDialog(col, events), NoteEditor(col, events), ImportDialog(col, events, [])):
        qtbot.addWidget(dialog)
        hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert hint.width() <= SMALL_INNER.width() and hint.height() <= SMALL_INNER.height(), type(dialog).__name__
        dialog.resize(dialog.size().boundedTo(SMALL_INNER))
        with qtbot.waitExposed(dialog):
            dialog.show()
        buttons = [b for b in dialog.findChildren(QAbstractButton) if b.text() in ("Save", "Cancel", "Close",
                                                                                   "&Save", "&Cancel", "&Close")]
        assert buttons, type(dialog).__name__
        settled(qtbot, lambda d=dialog, bs=buttons: all(b.isVisible() and inside(b, d) for b in bs))
        dialog.close()


def test_a_dialog_opened_on_a_small_screen_fits_it(qtbot: QtBot, col: Collection) -> None:
    window = open_window(qtbot, col)
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.resize(3000, 2000)  # wants more than any screen here
    fit_window(dialog, dialog.width(), dialog.height())
    area = available_area(window)
    assert dialog.width() <= area.width() - FRAME_ALLOWANCE.width()
    assert dialog.height() <= area.height() - FRAME_ALLOWANCE.height()
    assert area.contains(QRect(dialog.pos(), dialog.size()))


def test_the_window_remembers_its_place_and_the_selected_deck(qtbot: QtBot, col: Collection) -> None:
    seed_if_empty(col)
    first = open_window(qtbot, col)
    first.resize(700, 560)  # smaller than this test's screen (800x800), larger than the minimum
    first.move(30, 40)
    decks = col.deck_names()
    chosen = decks[-1]
    tree = first.home.tree
    tree.setCurrentItem(tree.topLevelItem(tree.topLevelItemCount() - 1))
    assert first.home.selected_deck() == chosen
    first.close()
    assert col.get_config(SELECTED_DECK) == chosen  # the collection's, like Anki's current deck
    second = open_window(qtbot, col)
    assert second.size() == QSize(700, 560)
    assert second.home.selected_deck() == chosen


def test_the_import_dialog_starts_in_the_last_folder_used(qtbot: QtBot, col: Collection, tmp_path: Path) -> None:
    from flashdeck.ui.importing.dialog import ImportDialog

    folder = tmp_path / "prep notes"
    folder.mkdir()
    document = folder / "questions.txt"
    document.write_text("Q: Why this team?\nA: Its on-call culture.\n", encoding="utf-8")
    assert last_import_folder() == os.path.expanduser("~")  # nothing imported yet on this machine
    dialog = ImportDialog(col, AppEvents(), [str(document)])
    qtbot.addWidget(dialog)
    assert last_import_folder() == str(folder)
    folder_gone = tmp_path / "gone"
    folder_gone.mkdir()
    dialog.add_paths([str(folder_gone)])
    # The preview reads in a thread: let it finish before the test (and its collection) goes.
    qtbot.waitUntil(lambda: all(e.status != "Reading…" for e in dialog.entries), timeout=20_000)
    folder_gone.rmdir()
    assert last_import_folder() == os.path.expanduser("~")  # a folder since deleted is not offered


def test_the_shortcut_overlay_is_opaque_and_shows_every_key_whole(qtbot: QtBot, small_window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    try:
        small_window.show_help()
        overlay = small_window._help
        assert overlay is not None and overlay.isVisible() and inside(overlay, small_window)
        labels = overlay.key_labels()
        keys = {label.text() for label in labels}
        assert {"Ctrl+I", "Ctrl+F", "Space", "Ctrl+S / Ctrl+Enter"} <= keys
        settled(qtbot, lambda: all(label.height() > 0 for label in labels))
        for label in labels:
            if label.visibleRegion().isEmpty():
                continue  # scrolled out of view for now
            needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
            assert label.height() >= needed, label.text()  # no key cut to "Ctrl+T"
        # Opaque: a corner of the panel is the panel's colour, not the screen behind.
        corner = overlay.grab().toImage().pixelColor(QPoint(overlay.width() // 2, 6))
        assert corner == QColor("#ffffff")
        bar = overlay.scroll_area.verticalScrollBar()
        if bar.maximum() > 0:
            from PySide6.QtCore import Qt

            qtbot.keyClick(overlay, Qt.Key.Key_PageDown)
            assert bar.value() > 0 and overlay.isVisible()  # the keys that scroll do not close it
        qtbot.keyClick(overlay, "x")
        assert not overlay.isVisible()
    finally:
        app.setStyleSheet("")
