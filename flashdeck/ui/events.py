"""What the screens tell each other: the collection changed (and what), an action failed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

__all__ = ["AppEvents"]


class AppEvents(QObject):
    """The screens' shared notifications.

    ``changed(changes, initiator)`` follows every write that changed the collection: the
    ``Changes`` it returned (``flashdeck.core.changes``) and the object that ran it. Only
    ``flashdeck.ui.ops.run_op`` emits it. Each screen listens, ignores what cannot affect it
    and refreshes itself, so no screen needs to know the others; the initiator lets a screen
    that has already shown the result of its own write (review) skip refreshing.
    """

    changed = Signal(object, object)  # (Changes, initiator)
    # An action failed (a full disk, a read-only or damaged collection, a lost server): the exception,
    # for the window to show. The screen that raised it has already kept its state as it was.
    failed = Signal(object)
