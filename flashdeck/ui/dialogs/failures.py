"""What the app shows instead of the command line's one line (``flashdeck.collection.failures``).

- ``error_box``: the failure, and for a bug the log holding its traceback.
- ``damaged_box``: the collection is damaged; it offers the newest good backup
  (what it holds and when it was made) and says where the damaged file will be kept.
- ``restored_box``: what a restore from the app did.

Each returns a ``QMessageBox`` the caller shows: ``exec()`` at start-up (no
window yet), ``open()`` from a screen (window-modal, the screen stays usable).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from flashdeck.collection.backup import RestoreResult, made_at
from flashdeck.collection.failures import Failure
from flashdeck.storage.sqlite_driver import sqlite3

__all__ = ["RESTORE_BUTTON", "backup_summary", "damaged_box", "error_box", "restored_box"]

RESTORE_BUTTON = "restoreButton"
_TITLE = "FlashDeck"


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def error_box(parent: QWidget | None, failure: Failure) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, _TITLE, _sentence(failure.problem), QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("failureBox")
    if failure.log is not None:
        box.setText(_sentence(failure.problem.split("; this is a bug in FlashDeck", 1)[0]))
        box.setInformativeText(f"This is a bug in FlashDeck. What happened is written down in {failure.log} "
                               "(please attach it to a bug report). Everything you did before is saved.")
    return _plain_buttons(box)


def backup_summary(path: Path) -> str:
    """When a backup was made and what it holds, read without changing it."""
    from flashdeck.storage.collection_file import notes_and_reviews, read_only_connection

    try:
        with read_only_connection(path) as conn:
            notes, reviews = notes_and_reviews(conn)
    except sqlite3.Error:
        return path.name
    made = made_at(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return f"{path.name}, made {made.astimezone():%A %d %B %Y at %H:%M}: {notes} notes, {reviews} reviews"


def _plain_buttons(box: QMessageBox) -> QMessageBox:
    # Some platform styles put an icon on OK; these boxes carry their meaning in words.
    for button in box.buttons():
        button.setIcon(QIcon())
    return box


def damaged_box(parent: QWidget | None, failure: Failure, *, in_use: bool = False) -> QMessageBox:
    """The collection is damaged: restore the newest good backup (the ``RESTORE_BUTTON``), or not.

    At start-up the other choice is to quit; ``in_use`` (found while the window is open), to carry on.
    """
    other = "Not now" if in_use else "Quit"
    box = QMessageBox(QMessageBox.Icon.Critical, f"{_TITLE}: the collection is damaged", _sentence(failure.problem),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("damagedBox")
    good = failure.newest_good_backup
    if good is None:
        box.setInformativeText("No good backup of it was found. The file is left exactly as it is; "
                               "`flashdeck check` lists what is wrong with it.")
        box.addButton("OK" if in_use else "Quit", QMessageBox.ButtonRole.RejectRole)
        return box
    box.setInformativeText(f"The newest good backup is {backup_summary(good)}.\n\n"
                           "Restore it? Anything done since that backup is not in it. The damaged file is kept, "
                           f"untouched, in {good.parent}.")
    restore: QPushButton = box.addButton("Restore this backup", QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName(RESTORE_BUTTON)
    box.addButton(other, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    return box


def restored_box(parent: QWidget | None, result: RestoreResult, backup: Path) -> QMessageBox:
    if result.previous is not None and result.previous_damaged is not None:
        kept = f"The damaged collection is kept in {result.previous}."
    elif result.previous is not None:
        kept = f"The collection as it was is kept as the backup {result.previous.name}."
    else:
        kept = ""
    text = f"Restored {backup.name}. {kept}".strip()
    box = QMessageBox(QMessageBox.Icon.Information, f"{_TITLE}: backup restored", text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("restoredBox")
    if result.problems:
        box.setInformativeText(f"Check found {len(result.problems)} problem(s) in it: {result.problems[0]}")
    return _plain_buttons(box)
