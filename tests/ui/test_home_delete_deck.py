"""Deleting a deck from Home: the question names what goes and the way back; Cancel keeps it (issue #14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection, deck_removal
from flashdeck.collection.backup import list_backups
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.ui.dialogs.deck_delete import DeckDeleter, question_text
from flashdeck.ui.events import AppEvents
from flashdeck.ui.home import HomeScreen

pytestmark = pytest.mark.gui


def _fill(col: Collection) -> None:
    col.add_notes([NoteDraft("basic", {"front": f"Q{i}", "back": "A"}) for i in range(3)], deck="Behavioural")
    col.add_notes([NoteDraft("basic", {"front": "Old", "back": "A"})], deck="Behavioural::2024")
    col.add_notes([NoteDraft("basic", {"front": "Keep", "back": "A"})], deck="System design")
    col.answer(col.search("deck:Behavioural")[0], Rating.GOOD)


class Answering(DeckDeleter):
    def __init__(self, *args: object, answer: bool) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def confirm(self, name: str, contents: deck_removal.DeckContents, backed_up: bool) -> bool:
        self.asked.append(question_text(name, contents, backed_up))
        return self.answer


def _home(qtbot: QtBot, col: Collection, answer: bool) -> tuple[HomeScreen, Answering, AppEvents]:
    events = AppEvents()
    home = HomeScreen(col, events)
    qtbot.addWidget(home)
    home.deleter = deleter = Answering(col, events, home, answer=answer)
    with qtbot.waitActive(home):
        home.show()
        home.activateWindow()
    home.tree.setFocus()
    return home, deleter, events


def _select(home: HomeScreen, name: str) -> None:
    for i in range(home.tree.topLevelItemCount()):
        if home.tree.topLevelItem(i).text(0) == name:
            home.tree.setCurrentItem(home.tree.topLevelItem(i))


def test_delete_key_asks_with_the_counts_backs_up_and_deletes(qtbot: QtBot, col: Collection,
                                                               db_path: Path) -> None:
    _fill(col)
    home, deleter, _events = _home(qtbot, col, answer=True)
    _select(home, "Behavioural")
    qtbot.keyClick(home.tree, Qt.Key.Key_Delete)
    assert deleter.asked == [(
        "Delete the deck “Behavioural” and its 1 sub-deck?",
        "This deletes 4 notes, 4 cards and 1 review. There is no undo: a backup of the whole collection is made "
        "first (in the backups folder beside it), and “flashdeck restore” with that backup brings the deck back.")]
    qtbot.waitUntil(lambda: [home.tree.topLevelItem(i).text(0) for i in range(home.tree.topLevelItemCount())]
                    == ["System design"])
    assert col.deck_names() == ["System design"]
    (backup,) = list_backups(db_path)
    assert home.rename_error.isVisible()
    assert home.rename_error.text() == (f"Deleted “Behavioural” (4 notes, 4 cards and 1 review). "
                                        f"The backup made first: {backup}")


def test_cancel_keeps_the_deck(qtbot: QtBot, col: Collection, db_path: Path) -> None:
    _fill(col)
    home, deleter, _events = _home(qtbot, col, answer=False)
    _select(home, "System design")
    assert not home.delete_selected()
    assert deleter.asked[0][0] == "Delete the deck “System design”?"
    assert col.deck_names() == ["Behavioural", "Behavioural::2024", "System design"]
    assert list_backups(db_path) == []  # no backup either: nothing happened


def test_a_failed_backup_deletes_nothing_and_is_reported(qtbot: QtBot, col: Collection, db_path: Path) -> None:
    _fill(col)
    home, _deleter, events = _home(qtbot, col, answer=True)
    (db_path.parent / "backups").write_text("not a folder")
    _select(home, "System design")
    with qtbot.waitSignal(events.failed) as failed:
        assert not home.delete_selected()
    assert "backup" in str(failed.args[0]).casefold()
    assert "System design" in col.deck_names()


def test_the_real_question_defaults_to_cancel(qtbot: QtBot, col: Collection) -> None:
    _fill(col)
    home = HomeScreen(col, AppEvents())
    qtbot.addWidget(home)
    deleter = DeckDeleter(col, AppEvents(), home)

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.findChild(QPushButton, "deleteDeckButton") is not None
        assert box.defaultButton() is box.escapeButton()  # Enter is Cancel
        box.defaultButton().click()

    QTimer.singleShot(0, press_enter)
    assert not deleter.confirm("System design", deck_removal.deck_contents(col, "System design"), True)
    assert "System design" in col.deck_names()
