"""The SQL for mock interviews (tables ``mock_sessions`` and ``mock_answers``, migration 0009): functions over a
``Store``. ``flashdeck.collection.mocking`` turns the rows into sessions and reports."""

from __future__ import annotations

from flashdeck.storage.rows import MockAnswerRow, MockSessionRow
from flashdeck.storage.store import Store, Tx

__all__ = [
    "answer_rows",
    "finish_session",
    "insert_answer",
    "insert_session",
    "link_review",
    "session_row",
    "unfinished_session_ids",
]

_ANSWERS = ("SELECT m.position, m.follow_up, m.attempt_id, m.revlog_id, r.rating FROM mock_answers m "
            "LEFT JOIN revlog r ON r.id = m.revlog_id WHERE m.session_id=? ORDER BY m.position, m.follow_up")


def insert_session(tx: Tx, started_ms: int, options: str, plan: str) -> int:
    return tx.insert_returning_id("INSERT INTO mock_sessions (started_ms, options, plan) VALUES (?, ?, ?)",
                                  (started_ms, options, plan))


def insert_answer(tx: Tx, session_id: int, position: int, follow_up: bool, attempt_id: int) -> int:
    return tx.insert_returning_id(
        "INSERT INTO mock_answers (session_id, position, follow_up, attempt_id) VALUES (?, ?, ?, ?)",
        (session_id, position, int(follow_up), attempt_id))


def link_review(tx: Tx, session_id: int, position: int, revlog_id: int) -> None:
    """The question's answer was graded with this review (inside the review's own transaction)."""
    tx.execute("UPDATE mock_answers SET revlog_id=? WHERE session_id=? AND position=? AND follow_up=0",
               (revlog_id, session_id, position))


def finish_session(tx: Tx, session_id: int, finished_ms: int) -> bool:
    return bool(tx.execute("UPDATE mock_sessions SET finished_ms=? WHERE id=? AND finished_ms IS NULL",
                           (finished_ms, session_id)).rowcount)


def session_row(store: Store, session_id: int) -> MockSessionRow | None:
    """The stored session, or None."""
    rows = store.fetchall("SELECT id, started_ms, finished_ms, options, plan FROM mock_sessions WHERE id=?",
                          (session_id,))
    return MockSessionRow._make(rows[0]) if rows else None


def unfinished_session_ids(store: Store) -> list[int]:
    """Sessions started and not finished, newest first."""
    return [int(r[0]) for r in store.fetchall(
        "SELECT id FROM mock_sessions WHERE finished_ms IS NULL ORDER BY started_ms DESC, id DESC")]


def answer_rows(store: Store, session_id: int) -> list[MockAnswerRow]:
    """A session's answers, in order."""
    return list(map(MockAnswerRow._make, store.fetchall(_ANSWERS, (session_id,))))
