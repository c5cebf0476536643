"""What a manager may ask of the collection: the façade as its managers see it.

Anki's pylib shape: ``Collection`` (``facade.py``) owns its managers and calls
them with itself; a manager (``stats``, ``planning``, ``optimize``, ``rehearsing``,
…) is typed against this protocol, never against the façade, so nothing in
``flashdeck.collection`` imports ``facade`` but the package's ``__init__`` — the
import-linter contracts in pyproject keep the layer acyclic. mypy checks that
``Collection`` satisfies the protocol wherever the façade passes itself.

Writes return what they changed (``flashdeck.core.changes``), as the façade's do.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from flashdeck.collection.importing import ImportReport
    from flashdeck.collection.stats_results import BasicStats
    from flashdeck.collection.views import CardView
    from flashdeck.core.changes import Answered, Changes, DecksDeleted
    from flashdeck.core.clock import Clock, StudyDay
    from flashdeck.core.interview_plan import InterviewWindow
    from flashdeck.core.notes import DeckMeta
    from flashdeck.core.queue import QueueCounts
    from flashdeck.core.scheduling import Rating, Scheduler, SchedulerSettings
    from flashdeck.storage.store import Store, Tx

__all__ = ["CollectionLike"]


class CollectionLike(Protocol):
    """The part of ``flashdeck.collection.Collection`` its managers use."""

    store: Store
    clock: Clock
    scheduler: Scheduler
    day_start_hour: int

    # -- reads --
    def today(self) -> StudyDay: ...
    def get_config(self, key: str, default: Any = None) -> Any: ...
    def interview_window(self) -> InterviewWindow | None: ...
    def due_counts(self, deck: str | None = None) -> QueueCounts: ...
    def card(self, card_id: int, *, queue: str | None = None) -> CardView: ...
    def deck_names(self) -> list[str]: ...
    def deck_meta(self, name: str) -> DeckMeta: ...
    def search(self, query: str, *, sort: str = "created", descending: bool = False,
               limit: int | None = None) -> list[int]: ...
    def stats(self) -> BasicStats: ...

    # -- writes (one transaction each) --
    def set_config(self, key: str, value: Any) -> Changes: ...
    def set_scheduler_settings(self, settings: SchedulerSettings) -> Changes: ...
    def answer(self, card_id: int, rating: Rating | int, duration_ms: int = 0, *,
               also: Callable[[Tx, int], object] | None = None) -> Answered: ...
    def delete_deck(self, name: str) -> DecksDeleted: ...
    def import_file(self, path: str | os.PathLike[str], *, fmt: str | None = None) -> ImportReport: ...
