"""Windows that fit the screen they open on, and what the app remembers of them between runs.

What is remembered where, and why:

- The main window's size and position, and the last folder files were imported from, belong to
  this machine (its screens, its disk), not to the collection — a collection shared on
  PostgreSQL is opened from several machines. They live in ``QSettings`` (an ini file under
  ``~/.config/FlashDeck/``), which Qt also uses to put a window back on a screen that still exists.
- The selected deck belongs to the collection, like Anki's current deck: it is stored in the
  collection's config (``selected_deck``) and follows the collection to another machine.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

__all__ = ["FRAME_ALLOWANCE", "available_area", "fit_window", "last_import_folder", "prefs",
           "remember_import_folder", "restore_window", "save_window"]

WINDOW_GEOMETRY = "window/geometry"
LAST_IMPORT_FOLDER = "import/lastFolder"
# A window's frame (title bar, borders) is known only once the window manager has drawn it:
# until then leave room for a usual one, so the title bar is on screen too.
FRAME_ALLOWANCE = QSize(12, 40)


def prefs() -> QSettings:
    """This machine's preferences for the app (not the collection's: see the module docstring)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "FlashDeck", "FlashDeck")


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (its parent's, else the primary screen) free of panels and docks."""
    # An unshown widget answers with its parent's screen, or the primary one.
    screen = widget.window().screen() if widget is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 640)


def fit_window(window: QWidget, width: int, height: int) -> QSize:
    """Give ``window`` its preferred size, or less where the screen is smaller; centre it on that screen
    (on its parent for a dialog). Returns the size given."""
    area = available_area(window.parentWidget() or window)
    frame = window.frameGeometry().size() - window.geometry().size() if window.isVisible() else FRAME_ALLOWANCE
    room = QSize(max(1, area.width() - frame.width()), max(1, area.height() - frame.height()))
    size = QSize(min(width, room.width()), min(height, room.height()))
    size = size.expandedTo(window.minimumSize()).boundedTo(room.expandedTo(window.minimumSize()))
    window.resize(size)
    parent = window.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    left = min(max(area.left(), centre.x() - (size.width() + frame.width()) // 2),
               area.right() - size.width() - frame.width())
    top = min(max(area.top(), centre.y() - (size.height() + frame.height()) // 2),
              area.bottom() - size.height() - frame.height())
    window.move(max(area.left(), left), max(area.top(), top))
    return size


def restore_window(window: QWidget, width: int, height: int) -> bool:
    """Put the window where it was last closed (Qt moves it onto a screen that still exists);
    else fit it to the screen. Returns whether a remembered geometry was used."""
    saved = prefs().value(WINDOW_GEOMETRY)
    if saved is not None and window.restoreGeometry(saved):
        area = available_area(window)
        if window.width() <= area.width() and window.height() <= area.height():
            return True
    fit_window(window, width, height)
    return False


def save_window(window: QWidget) -> None:
    settings = prefs()
    settings.setValue(WINDOW_GEOMETRY, window.saveGeometry())
    settings.sync()


def last_import_folder() -> str:
    """The folder the last import came from, while it still exists (else the home folder)."""
    folder = str(prefs().value(LAST_IMPORT_FOLDER, "") or "")
    return folder if folder and os.path.isdir(folder) else os.path.expanduser("~")


def remember_import_folder(paths: list[str]) -> None:
    if not paths:
        return
    first = os.path.abspath(paths[0])
    settings = prefs()
    settings.setValue(LAST_IMPORT_FOLDER, first if os.path.isdir(first) else os.path.dirname(first))
    settings.sync()
