"""The one notification the screens share: "the collection changed"."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

__all__ = ["AppEvents"]


class AppEvents(QObject):
    """Emitted after every operation that changes the collection.

    The argument says what changed ("cards", "notes", "decks", "settings"); each
    screen listens and refreshes itself, so no screen needs to know the others.
    """

    changed = Signal(str)
    # An action failed (a full disk, a read-only or damaged collection, a lost server): the exception,
    # for the window to show. The screen that raised it has already kept its state as it was.
    failed = Signal(object)
