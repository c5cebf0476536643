"""Undo entries: what the collection needs to put back, and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flashdeck.core.errors import CardChanged
from flashdeck.core.scheduling import CardState
from flashdeck.storage import attempts as attempt_sql
from flashdeck.storage.store import Store

__all__ = ["AnswerUndo", "FlagUndo", "UndoEntry"]


@dataclass(frozen=True)
class AnswerUndo:
    """An answer: the card's state before it, its review log, the siblings it buried, and the rehearsal
    attempt it graded with its self-grade before (``(attempt id, grade)``)."""

    card_id: int
    revlog_id: int
    before: CardState
    buried_siblings: tuple[int, ...]
    attempt: tuple[int, int | None] | None = None
    label: str = "answer"

    @property
    def show_again(self) -> int | None:
        """The card a study screen shows again once this is undone: the answered one."""
        return self.card_id

    def revert(self, store: Store, conn: Any) -> None:
        # Only over this answer's own result: had another process answered the card since,
        # restoring the state before would orphan that answer's review log.
        if not store.restore_card(conn, self.card_id, self.before, if_reps=self.before.reps + 1):
            raise CardChanged(f"card {self.card_id} was changed in another window or process since "
                                   "(answered again or deleted); this answer can no longer be undone")
        store.delete_revlog(conn, self.revlog_id)
        if self.buried_siblings:
            store.set_buried(conn, list(self.buried_siblings), 0)
        if self.attempt is not None:
            attempt_sql.set_self_grade(conn, *self.attempt)  # an attempt deleted since: nothing to put back


@dataclass(frozen=True)
class FlagUndo:
    """A suspension or burial: each card's (id, suspended, buried_until) before it."""

    previous: tuple[tuple[int, bool, int], ...]
    study_card: int | None = None  # the study card on screen that was set aside: it comes back
    label: str = "suspend/bury"

    @property
    def show_again(self) -> int | None:
        return self.study_card

    def revert(self, store: Store, conn: Any) -> None:
        for card_id, suspended, buried_until in self.previous:
            store.set_suspended(conn, [card_id], suspended)
            store.set_buried(conn, [card_id], buried_until)


UndoEntry = AnswerUndo | FlagUndo
