"""Home's deck list: renaming a deck in place (F2 or the right-click menu), refused names explained."""

from __future__ import annotations

import pytest
from helpers import DATA
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.home import HomeScreen

pytestmark = pytest.mark.gui


def _home(qtbot: QtBot, col: Collection) -> tuple[HomeScreen, AppEvents]:
    events = AppEvents()
    home = HomeScreen(col, events)
    qtbot.addWidget(home)
    with qtbot.waitActive(home):
        home.show()
        home.activateWindow()
    home.tree.setFocus()
    return home, events


def _deck_names(home: HomeScreen) -> list[str]:
    return [home.tree.topLevelItem(i).text(0) for i in range(home.tree.topLevelItemCount())]


def _type_name(qtbot: QtBot, home: HomeScreen, name: str) -> None:
    editor = home.tree.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, name)  # "s" and "S" are typed, not taken as "Study"
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_f2_renames_a_deck_and_its_documents_still_find_it(qtbot: QtBot, col: Collection) -> None:
    path = DATA / "star" / "with_coaching.md"
    col.import_file(path)
    home, _events = _home(qtbot, col)
    studied: list[str] = []
    home.study_requested.connect(studied.append)
    assert _deck_names(home) == ["with_coaching"]
    qtbot.keyClick(home.tree, Qt.Key.Key_F2)
    _type_name(qtbot, home, "Stories for Acme")
    qtbot.waitUntil(lambda: col.deck_names() == ["Stories for Acme"])
    qtbot.waitUntil(lambda: _deck_names(home) == ["Stories for Acme"])
    assert studied == []
    # The file names the deck it was imported into; it goes on updating the renamed deck, history kept.
    again = col.import_file(path)
    assert (again.deck, again.added, again.unchanged) == ("Stories for Acme", 0, 1)
    assert col.deck_names() == ["Stories for Acme"]


def test_a_name_already_taken_is_refused_and_explained(qtbot: QtBot, col: Collection) -> None:
    col.add_notes([], deck="Behavioural")
    col.ensure_deck("System design")
    home, _events = _home(qtbot, col)
    home.tree.setCurrentItem(home.tree.topLevelItem(0))
    home.rename_selected()  # what the right-click menu's "Rename…" does
    _type_name(qtbot, home, "System design")
    qtbot.waitUntil(lambda: home.rename_error.isVisible())
    assert home.rename_error.text() == "Not renamed: there is already a deck named 'System design'"
    assert sorted(col.deck_names()) == ["Behavioural", "System design"]
    assert _deck_names(home) == ["Behavioural", "System design"]
