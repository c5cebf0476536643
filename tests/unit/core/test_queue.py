from __future__ import annotations

from flashdeck.core.queue import QueuedCard, QueueKind, StudyQueue

END = 100_000


def test_order_learning_due_then_review_then_new() -> None:
    queue = StudyQueue([(50, 1)], [2], [3], END)
    assert queue.peek(10).card_id == 2  # learning card not due yet: review first
    assert queue.peek(60).card_id == 1  # due now: learning first
    queue.take(1)
    queue.take(2)
    assert queue.peek(60).kind is QueueKind.NEW


def test_learn_ahead_only_when_nothing_else() -> None:
    queue = StudyQueue([(1000, 1)], [], [], END, learn_ahead_s=1200)
    assert queue.peek(0).card_id == 1
    queue = StudyQueue([(5000, 1)], [], [], END, learn_ahead_s=1200)
    assert queue.peek(0) is None


def test_learning_card_comes_back_and_not_twice() -> None:
    queue = StudyQueue([], [], [1, 2], END)
    card = queue.peek(0)
    assert card is not None and card.card_id == 1
    queue.take(1)
    queue.add_learning(1, 600)
    assert queue.peek(0).card_id == 2  # the stale "new" entry of card 1 is gone
    assert queue.counts().to_dict() == {"new": 1, "learning": 1, "review": 0}
    queue.take(2)
    assert queue.peek(600).card_id == 1


def test_learning_due_after_day_end_leaves_the_queue() -> None:
    queue = StudyQueue([], [], [1], END)
    queue.take(1)
    queue.add_learning(1, END + 5)
    assert queue.peek(END) is None
    assert queue.counts().total == 0


def test_taking_a_card_anywhere_removes_it() -> None:
    queue = StudyQueue([(5, 4)], [1], [2, 3], END)
    queue.take(2)  # a buried sibling, not at the head of its lane
    queue.take(4)
    queue.take(1)
    assert queue.peek(10).card_id == 3
    assert queue.counts().total == 1


def test_prepend_shows_card_first() -> None:
    queue = StudyQueue([], [1], [2], END)
    queue.take(1)
    queue.prepend(QueuedCard(1, QueueKind.REVIEW))
    assert queue.peek(0).card_id == 1
    assert queue.counts().review == 1
