"""Today's study queue, in memory: learning due now, then reviews, then new cards.

The collection builds it once from the database (already limited per deck) and
then serves and updates it in memory, as Anki's backend does, so that showing
the next card costs no query. Learning cards come back when they fall due.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from itertools import count

__all__ = ["LEARN_AHEAD_S", "QueueCounts", "QueueKind", "QueuedCard", "StudyQueue"]

# A learning card due within this many seconds is shown now rather than leaving the session empty (as Anki).
LEARN_AHEAD_S = 20 * 60


class QueueKind(StrEnum):
    LEARNING = "learning"
    REVIEW = "review"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class QueuedCard:
    card_id: int
    kind: QueueKind


@dataclass(frozen=True)
class QueueCounts:
    new: int
    learning: int
    review: int

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "learning": self.learning, "review": self.review}

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


# An entry is live while its token is the card's current token: taking a card
# or re-queueing it elsewhere retires the old entry without searching for it.
# The review and new lanes hold the card ids as fetched, all with token 0, so
# building a queue of 10 000 cards allocates next to nothing.
_Entry = tuple[int, int]  # (token, card_id), for re-queued cards



class StudyQueue:
    """The cards left to study today.

    ``learn_ahead_s`` lets a learning card due a little later be shown when
    nothing else is left (Anki's "learn ahead limit", 20 minutes).
    """

    def __init__(
        self,
        learning: list[tuple[int, int]],
        review: list[int],
        new: list[int],
        day_end_ts: int,
        learn_ahead_s: int = 1200,
    ) -> None:
        """``learning``: (due, card id) rows; ``review`` and ``new``: card ids in the order to show them."""
        self.day_end_ts = day_end_ts
        self.learn_ahead_s = learn_ahead_s
        self._live: dict[int, tuple[int, QueueKind]] = dict.fromkeys(new, (0, QueueKind.NEW))
        self._live.update(dict.fromkeys(review, (0, QueueKind.REVIEW)))
        self._front: deque[_Entry] = deque()
        self._review: deque[int] = deque(review)
        self._new: deque[int] = deque(new)
        # The learning rows take tokens 1..n in one pass (as ``_enter`` would, one by one): a fresh process
        # builds its first queue once, and a call per card was a tenth of that.
        self._learning: list[tuple[int, int, int]] = [  # (due, token, card)
            (due, token, cid) for token, (due, cid) in enumerate(learning, start=1)
        ]
        learning_kind = QueueKind.LEARNING
        self._live.update({cid: (token, learning_kind) for _, token, cid in self._learning})
        self._tokens = count(len(self._learning) + 1)
        heapq.heapify(self._learning)

    def _enter(self, card_id: int, kind: QueueKind) -> _Entry:
        token = next(self._tokens)
        self._live[card_id] = (token, kind)
        return (token, card_id)

    def _is_live(self, token: int, card_id: int) -> bool:
        live = self._live.get(card_id)
        return live is not None and live[0] == token

    def _head(self, lane: deque[int]) -> int | None:
        while lane and not self._is_live(0, lane[0]):
            lane.popleft()
        return lane[0] if lane else None

    def _learning_head(self) -> tuple[int, int, int] | None:
        while self._learning and not self._is_live(self._learning[0][1], self._learning[0][2]):
            heapq.heappop(self._learning)
        return self._learning[0] if self._learning else None

    def peek(self, now_ts: int) -> QueuedCard | None:
        """The card to show at ``now_ts``, without taking it off the queue."""
        while self._front and not self._is_live(self._front[0][0], self._front[0][1]):
            self._front.popleft()
        if self._front:
            cid = self._front[0][1]
            return QueuedCard(cid, self._live[cid][1])
        learning = self._learning_head()
        if learning is not None and learning[0] <= now_ts:
            return QueuedCard(learning[2], QueueKind.LEARNING)
        for lane, kind in ((self._review, QueueKind.REVIEW), (self._new, QueueKind.NEW)):
            head = self._head(lane)
            if head is not None:
                return QueuedCard(head, kind)
        if learning is not None and learning[0] <= now_ts + self.learn_ahead_s:
            return QueuedCard(learning[2], QueueKind.LEARNING)
        return None

    def take(self, card_id: int) -> None:
        """Remove a card (answered, buried or suspended) wherever it is queued."""
        self._live.pop(card_id, None)

    def add_learning(self, card_id: int, due_ts: int) -> None:
        """A card answered into (re)learning comes back today if it falls due today."""
        if due_ts < self.day_end_ts:
            token = self._enter(card_id, QueueKind.LEARNING)[0]
            heapq.heappush(self._learning, (due_ts, token, card_id))

    def prepend(self, card: QueuedCard) -> None:
        """Show ``card`` next (after an undo), wherever else it sits in the queue."""
        self._front.appendleft(self._enter(card.card_id, card.kind))

    def counts(self) -> QueueCounts:
        kinds = [kind for _, kind in self._live.values()]
        return QueueCounts(
            new=kinds.count(QueueKind.NEW),
            learning=kinds.count(QueueKind.LEARNING),
            review=kinds.count(QueueKind.REVIEW),
        )
