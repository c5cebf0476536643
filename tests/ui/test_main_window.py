"""The window: home lists decks, navigation by keyboard, the help overlay, themes."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.collection.bundled import seed_if_empty
from flashdeck.ui.home import countdown_text, progress_text
from flashdeck.ui.ops import broadcast


@pytest.fixture
def window(qtbot: QtBot, col: Collection):  # type: ignore[no-untyped-def]
    from flashdeck.ui.main_window import MainWindow

    assert seed_if_empty(col) >= 60
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_home_lists_decks_with_counts(window, col: Collection) -> None:  # type: ignore[no-untyped-def]
    assert window.windowTitle() == "FlashDeck"
    tree = window.home.tree
    assert tree.topLevelItemCount() == len(col.deck_names()) >= 3
    for index, deck in enumerate(col.decks()):
        item = tree.topLevelItem(index)
        assert [item.text(c) for c in range(4)] == [deck.name, str(deck.new), str(deck.learning), str(deck.review)]
    assert window.home.selected_deck() == col.decks()[0].name  # the first deck with cards due


def test_bundled_decks_load_once(col: Collection) -> None:
    assert seed_if_empty(col) >= 60
    assert seed_if_empty(col) == 0


def test_help_overlay_lists_shortcuts(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window.actions_by_name["help"].trigger()
    assert window._help is not None and window._help.isVisible()
    names = [name for name, _ in window._help.sections]
    assert names[:2] == ["Everywhere", "Home"]
    qtbot.keyClick(window._help, "x")
    assert not window._help.isVisible()


def test_countdown_and_progress_texts() -> None:
    today = date(2026, 11, 21)
    assert countdown_text(date(2026, 12, 3), today) == "Interview in 12 days · Thu 3 Dec"
    assert countdown_text(date(2026, 11, 22), today).startswith("Interview tomorrow")
    assert countdown_text(None, today) == ""
    assert progress_text(0, 0) == "Nothing reviewed yet today."
    assert progress_text(12, 8 * 60000) == "12 cards reviewed today in 8 min."


def test_countdown_shows_on_home(window, col: Collection) -> None:  # type: ignore[no-untyped-def]
    broadcast(window.events, col.set_config("interview_date", "2026-12-03"), None)
    assert window.home.countdown.text().startswith("Interview in 12 days")


def test_themes_apply(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from flashdeck.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert apply_theme(app, "dark") == "dark"
    assert "#17191c" in app.styleSheet()
    assert apply_theme(app, "light") == "light"
    assert "#f6f5f2" in app.styleSheet()
    app.setStyleSheet("")


def test_keyboard_navigation_between_screens(window, qtbot: QtBot, col: Collection) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.home.tree, Qt.Key.Key_Return)
    assert window.current_screen() is window.review_screen()
    assert window.review_screen().isVisible()
    window.actions_by_name["home"].trigger()
    assert window.current_screen() is window.home
    window.actions_by_name["browse"].trigger()
    assert window.current_screen() is window.browser_screen()
    assert window.browser_screen().model.rowCount() == len(col.search(""))


def test_dropping_files_opens_the_import_preview(window, qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from flashdeck.ui.importing.dialog import ImportDialog

    doc = tmp_path / "notes.csv"
    doc.write_text("front,back\nA,1\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    # A synthetic drop is not routed by QApplication without a real drag in
    # progress; hand it to the window's handler as Qt would.
    window.dropEvent(event)
    assert event.isAccepted()
    dialogs = window.findChildren(ImportDialog)
    assert len(dialogs) == 1
    assert dialogs[0].table.rowCount() == 1
    qtbot.waitUntil(lambda: "1 would be added" in dialogs[0].details.toPlainText())
    dialogs[0].close()
