"""Run a write on the collection the way every screen does: one place for errors and for telling the others.

``run_op(events, op, initiator=self, status=…)`` calls ``op()`` (a façade write, or a few of them),
then broadcasts what it changed — the ``Changes`` it returned, or its result's ``.changes`` —
with its initiator on ``AppEvents.changed``; each screen refreshes itself from that (as Anki's
``CollectionOp`` does with ``OpChanges``). Nothing is broadcast when nothing changed.

A ``FlashDeckError`` becomes what the user reads, as the screens showed it before: a storage,
backup or file failure (a full disk, a read-only or damaged file, a lost server) goes to
``AppEvents.failed``, which the main window shows as a dialog; any other one (a card answered
elsewhere, a deleted note, bad input) is the screen's status line when it has one, else the
dialog. Anything else that escapes is a bug and propagates to the app's excepthook (the bug
dialog with its log).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from flashdeck.collection.backup import BackupError
from flashdeck.core.changes import NOTHING, Changes
from flashdeck.core.errors import FlashDeckError
from flashdeck.storage.errors import StorageError
from flashdeck.ui.events import AppEvents

__all__ = ["Outcome", "broadcast", "changes_of", "run_op"]

R = TypeVar("R")

# Failures of the machine or the file, not of what the user asked: the window's failure dialog.
_DIALOG_ERRORS: tuple[type[BaseException], ...] = (StorageError, BackupError, OSError)


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What running an operation gave: its result, or the user's error it raised (already shown)."""

    value: R | None = None
    error: BaseException | None = None
    changes: Changes = NOTHING

    @property
    def ok(self) -> bool:
        return self.error is None


def changes_of(result: object) -> Changes:
    """The ``Changes`` a write returned, directly or on its result's ``.changes``."""
    if isinstance(result, Changes):
        return result
    carried = getattr(result, "changes", None)
    return carried if isinstance(carried, Changes) else NOTHING


def broadcast(events: AppEvents, changes: Changes, initiator: object) -> None:
    """Tell every screen what changed (nothing when nothing did)."""
    if changes:
        events.changed.emit(changes, initiator)


def run_op(events: AppEvents, op: Callable[[], R], *, initiator: object,
           status: Callable[[str], None] | None = None,
           messages: Sequence[tuple[type[BaseException], str]] = (),
           changes: Changes = NOTHING) -> Outcome[R]:
    """Run ``op``, report its user error, broadcast what it changed.

    ``status``: where the screen shows a one-line message (else errors go to the dialog).
    ``messages``: the screen's own words for some errors, first match wins (``(NotFound, "…")``);
    a storage failure shows its words on the status line too, beside the dialog; ``""`` says
    nothing (an expected race the screen handles, e.g. an attempt deleted while it was analysed).
    ``changes``: what ``op`` changes when its result does not say (a rehearsal manager's write that
    returns the attempt it wrote: ``rehearsing.ATTEMPT_CHANGES``); merged with what it does say.
    """
    try:
        value = op()
    except FlashDeckError as err:
        _report(events, err, status, messages)
        return Outcome(None, err)
    except OSError as err:  # a file the user named, or the disk under a recording
        _report(events, err, status, messages)
        return Outcome(None, err)
    done = changes_of(value) | changes
    broadcast(events, done, initiator)
    return Outcome(value, None, done)


def _report(events: AppEvents, err: BaseException, status: Callable[[str], None] | None,
            messages: Sequence[tuple[type[BaseException], str]]) -> None:
    own = next((text for kind, text in messages if isinstance(err, kind)), None)
    if own == "":
        return
    if isinstance(err, _DIALOG_ERRORS) or status is None:
        if own is not None and status is not None:
            status(own)
        events.failed.emit(err)
        return
    status(own if own is not None else _one_line(err))


def _one_line(err: BaseException) -> str:
    text = str(err.args[0]) if err.args else str(err)
    return text.splitlines()[0] if text else type(err).__name__
