"""Home's "Delete deck…": name what goes, say how to get it back, back up, delete.

The question is asked by ``DeckDeleter.confirm`` (a test answers it instead of a
modal box). There is no undo: the backup made just before is the way back, and
the question says so; a collection on a database server cannot be backed up by
FlashDeck, and the question says that instead.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from flashdeck.collection import Collection, NotFound, deck_removal
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op

__all__ = ["DeckDeleter", "question_text"]


def question_text(name: str, contents: deck_removal.DeckContents, backed_up: bool) -> tuple[str, str]:
    """(the question, the explanation under it) of the confirmation."""
    subs = len(contents.decks) - 1
    under = f" and its {subs} sub-deck{'s' if subs != 1 else ''}" if subs else ""
    question = f"Delete the deck “{name}”{under}?"
    detail = f"This deletes {contents.summary()}."
    if backed_up:
        detail += (" There is no undo: a backup of the whole collection is made first (in the backups "
                   "folder beside it), and “flashdeck restore” with that backup brings the deck back.")
    else:
        detail += (" This collection is on a database server, which FlashDeck cannot back up: "
                   "only the server's own backups can bring the deck back.")
    return question, detail


class DeckDeleter:
    """Deletes decks for a screen, asking first."""

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget) -> None:
        self.col, self.events, self.parent = col, events, parent

    def question_box(self, name: str, contents: deck_removal.DeckContents, backed_up: bool) -> QMessageBox:
        """The confirmation, not yet shown; its "Delete deck" button is named ``deleteDeckButton``."""
        question, detail = question_text(name, contents, backed_up)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete deck", question, QMessageBox.StandardButton.NoButton,
                          self.parent)
        box.setObjectName("deleteDeckBox")
        box.setInformativeText(detail)
        delete = box.addButton("Delete deck", QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("deleteDeckButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter must never delete
        box.setEscapeButton(cancel)
        for button in box.buttons():
            button.setIcon(QIcon())  # the style's icon on Cancel (a red cross) reads as "delete"
        return box

    def confirm(self, name: str, contents: deck_removal.DeckContents, backed_up: bool) -> bool:
        """Ask (a modal box); a test overrides this."""
        box = self.question_box(name, contents, backed_up)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return clicked is not None and clicked.objectName() == "deleteDeckButton"

    def delete(self, name: str) -> str | None:
        """Ask, then back up and delete ``name``; what to tell the user once it is gone (None: not deleted)."""
        try:
            contents = deck_removal.deck_contents(self.col, name)
        except NotFound:
            return None  # deleted elsewhere meanwhile: the list refreshes
        if not self.confirm(name, contents, deck_removal.can_back_up(self.col)):
            return None
        # A backup that fails (BackupError, a full disk) is the window's dialog: nothing was deleted without it.
        done = run_op(self.events, lambda: deck_removal.delete_deck(self.col, name), initiator=self)
        if done.value is None:
            return None
        backup = done.value.backup
        where = f" The backup made first: {backup}" if backup is not None else ""
        return f"Deleted “{name}” ({contents.summary()}).{where}"
