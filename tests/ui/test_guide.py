"""The first start shows a short guide on Home: once, dismissable, back with F1 (issue #14)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.collection.bundled import seed_if_empty
from flashdeck.core.scheduling import Rating
from flashdeck.ui.guide import GUIDE_SEEN_KEY, STEPS
from flashdeck.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _window(qtbot: QtBot, col: Collection) -> MainWindow:
    window = MainWindow(col, show_dialogs=False)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_a_new_collection_shows_the_four_steps_and_got_it_hides_them_for_good(qtbot: QtBot,
                                                                             col: Collection) -> None:
    seed_if_empty(col)
    window = _window(qtbot, col)
    guide = window.home.guide
    assert guide.isVisible()
    texts = [label.text() for label in guide.step_labels]
    assert [lead for lead, _text in STEPS] == ["Import your material", "Review a little every day",
                                              "Rehearse out loud", "Set your interview date"]
    assert all(f"<b>{lead}.</b>" in text for (lead, _t), text in zip(STEPS, texts, strict=True))
    assert window.home.tree.hasFocus()  # the guide takes no key: Enter still studies
    qtbot.mouseClick(guide.close_button, Qt.MouseButton.LeftButton)
    assert not guide.isVisible() and col.get_config(GUIDE_SEEN_KEY) is True
    again = _window(qtbot, col)
    assert not again.home.guide.isVisible()


def test_f1_brings_the_guide_back_on_home(qtbot: QtBot, col: Collection) -> None:
    seed_if_empty(col)
    col.set_config(GUIDE_SEEN_KEY, True)
    window = _window(qtbot, col)
    window.show_browser()
    assert not window.home.guide.isVisible()
    qtbot.keyClick(window.current_screen(), Qt.Key.Key_F1)
    assert window.current_screen() is window.home and window.home.guide.isVisible()
    assert ("F1", "The getting-started guide (on Home)") in window.help_sections()[0][1]


def test_a_collection_already_studied_gets_no_guide(qtbot: QtBot, col: Collection) -> None:
    seed_if_empty(col)
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.GOOD)
    assert not _window(qtbot, col).home.guide.isVisible()


def test_the_guides_buttons_open_import_and_settings(qtbot: QtBot, col: Collection) -> None:
    window = _window(qtbot, col)
    window.home.guide.import_button.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().objectName() == "importDialog")
    QApplication.activeModalWidget().close()
    window.home.guide.settings_button.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().objectName() == "settingsDialog")
    QApplication.activeModalWidget().close()
