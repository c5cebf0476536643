"""Mock interviews on a Collection: choose the questions, keep every answer as it happens, grade, report.

The GUI's mock session and ``flashdeck mock`` use these functions:

1. ``start_session(col, …)`` — choose the questions (``flashdeck.core.mock``) and store the plan
   (one transaction): from here on a quit, a crash or a kill loses nothing finished.
2. ``record_answer(col, session, position, …)`` — the attempt (timing, beats, recording) and its place
   in the session, in one transaction; analyse it as the Rehearse screen does
   (``rehearsing.prepare_analysis`` / ``save_analysis``).
3. ``grade(col, session, position, rating)`` — a review through ``Collection.answer`` (the FSRS path,
   one transaction, undoable with ``col.undo()``), linked to the answer in that same transaction.
4. ``report(col, session)`` — the rows of the report (``flashdeck.core.mock_report``), built from
   what is stored, so a report after a resume is the same as one shown at once.
5. ``unfinished_sessions(col)`` / ``resume_position`` — what reopening offers to continue.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flashdeck.collection import rehearsing
from flashdeck.core.changes import Changes
from flashdeck.core.errors import InvalidInput, NotFound
from flashdeck.core.kinds import asked_question, kind_by_name
from flashdeck.core.mock import (
    DEFAULT_GRACE_S,
    FOLLOW_UP_WINDOW,
    Candidate,
    PlannedQuestion,
    choose_questions,
    follow_up_questions,
    plan_session,
)
from flashdeck.core.mock_report import FollowUpRow, ReportRow, report_html
from flashdeck.core.rehearsal import Lap, beats_for
from flashdeck.core.scheduling import Phase, Rating
from flashdeck.storage import mock_sessions as sql

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = [
    "MockRecord",
    "answered",
    "candidates",
    "finish_session",
    "grade",
    "question_text",
    "record_answer",
    "report",
    "report_page",
    "resume_position",
    "session",
    "start_session",
    "started_text",
    "unfinished_sessions",
]

RECENT_ATTEMPTS = 3


@dataclass(frozen=True)
class MockRecord:
    """A stored session: its plan and options."""

    id: int
    started_ms: int
    finished_ms: int | None
    questions: tuple[PlannedQuestion, ...]
    options: dict[str, Any]

    @property
    def grace_s(self) -> float:
        return float(self.options.get("grace_s", DEFAULT_GRACE_S))

    @property
    def decks(self) -> list[str]:
        return list(self.options.get("decks") or [])


def question_text(kind: str, ordinal: int, fields: dict[str, str]) -> str:
    """What the interviewer asks: the question a story answers when the note says, else the card's prompt."""
    asked = asked_question(kind, ordinal, fields)
    if asked:
        return asked
    spec = kind_by_name(kind)
    template = spec.templates[ordinal]
    text = template.front.format_map({k: fields.get(k, "") for k in spec.field_names})
    return " ".join(text.replace("**", "").split())


def _deck_ids(col: CollectionLike, decks: Sequence[str] | None) -> set[int] | None:
    if not decks:
        return None
    rows = col.store.deck_rows()
    wanted: set[int] = set()
    for name in decks:
        col.deck_meta(name)  # NotFound naming the deck, before anything is written
        wanted |= {row.id for row in rows if row.name == name or row.name.startswith(name + "::")}
    return wanted


def candidates(col: CollectionLike, decks: Sequence[str] | None = None) -> list[Candidate]:
    """The spoken, unsuspended cards of these decks (and their sub-decks; all decks with none)."""
    allowed = _deck_ids(col, decks)
    due = set(col.search("is:due is:spoken"))
    now = col.clock.now()
    out = []
    for card_id in col.search("is:spoken -is:suspended"):
        card = col.card(card_id)
        if allowed is not None and card.deck_id not in allowed:
            continue
        attempts = rehearsing.attempts_for_card(col, card_id)[-RECENT_ATTEMPTS:]
        grades = tuple(g for a in reversed(attempts)
                       if (g := a.self_grade or a.suggested_grade) is not None)
        retrievability = None if card.state.phase == Phase.NEW else col.scheduler.retrievability(card.state, now)
        follow_ups = follow_up_questions(card.fields.get("follow_ups", "")) if card.kind == "story" else ()
        out.append(Candidate(card.id, card.note_id, card.kind, question_text(card.kind, card.ord, card.fields),
                             card.target, card_id in due, retrievability, grades, follow_ups,
                             beats_for(card.kind, card.fields)))
    return out


def start_session(col: CollectionLike, *, decks: Sequence[str] | None = None, count: int | None = None,
                  minutes: float | None = None, grace_s: float = DEFAULT_GRACE_S, follow_ups: bool = True,
                  rng: random.Random | None = None) -> MockRecord:
    """Choose the questions and store the session (one transaction). ``InvalidInput`` when there is nothing to ask
    (or ``count`` is below one, or ``minutes`` is not above zero), ``NotFound`` for a deck that does not exist."""
    if count is not None and count < 1:
        raise InvalidInput("a mock interview needs at least one question")
    if minutes is not None and minutes <= 0:
        raise InvalidInput("a mock interview needs some time")
    rng = rng or random.Random()
    chosen = choose_questions(candidates(col, decks), count=count, minutes=minutes, grace_s=grace_s, rng=rng)
    if not chosen:
        where = f" in {', '.join(decks)}" if decks else ""
        raise InvalidInput(f"no spoken cards{where} to ask: add stories, questions, pitches or curveballs first")
    plan = plan_session(chosen, follow_ups=follow_ups, rng=rng)
    options = {"decks": list(decks or []), "count": count, "minutes": minutes, "grace_s": grace_s,
               "follow_ups": follow_ups}
    with col.store.transaction() as tx:
        session_id = sql.insert_session(tx, _now_ms(col), json.dumps(options),
                                        json.dumps([q.to_dict() for q in plan], ensure_ascii=False))
    return session(col, session_id)


def session(col: CollectionLike, session_id: int) -> MockRecord:
    row = sql.session_row(col.store, session_id)
    if row is None:
        raise NotFound(f"no mock interview with id {session_id}")
    return MockRecord(int(row.id), int(row.started_ms), None if row.finished_ms is None else int(row.finished_ms),
                      tuple(PlannedQuestion.from_dict(q) for q in json.loads(row.plan)), json.loads(row.options))


def unfinished_sessions(col: CollectionLike) -> list[MockRecord]:
    """Sessions started and not finished (newest first): what reopening offers to continue."""
    return [session(col, sid) for sid in sql.unfinished_session_ids(col.store)]


def answered(col: CollectionLike, session_id: int) -> dict[tuple[int, bool], int]:
    """(position, follow-up?) → attempt id of every answer kept so far."""
    return {(int(r.position), bool(r.follow_up)): int(r.attempt_id) for r in sql.answer_rows(col.store, session_id)}


def resume_position(col: CollectionLike, record: MockRecord) -> int:
    """The first question without an answer (a follow-up left unanswered is not asked again)."""
    done = answered(col, record.id)
    return next((i for i in range(len(record.questions)) if (i, False) not in done), len(record.questions))


def record_answer(col: CollectionLike, record: MockRecord, position: int, *, duration_ms: int, laps: Sequence[Lap] = (),
                  audio_path: str | os.PathLike[str] | None = None, follow_up: bool = False) -> rehearsing.Attempt:
    """Keep one finished answer: its attempt and its place in the session, in one transaction."""
    question = record.questions[position]
    target = FOLLOW_UP_WINDOW if follow_up else question.window
    return rehearsing.record_attempt(
        col, question.card_id, duration_ms=duration_ms, laps=laps, audio_path=audio_path, target=target,
        also=lambda tx, attempt_id: sql.insert_answer(tx, record.id, position, follow_up, attempt_id))


def grade(col: CollectionLike, record: MockRecord, position: int, rating: Rating | int) -> Changes:
    """Grade a question's answer: a review through the FSRS answer path, linked in the same transaction.
    ``col.undo()`` takes it back (the link goes with the review). Returns what the answer changed."""
    done = answered(col, record.id)
    attempt_id = done.get((position, False))
    if attempt_id is None:
        raise NotFound(f"question {position + 1} of this mock interview was not answered")
    made = rehearsing.attempt(col, attempt_id)
    return col.answer(made.card_id, rating, made.duration_ms,
                      also=lambda tx, revlog_id: sql.link_review(tx, record.id, position, revlog_id)).changes


def finish_session(col: CollectionLike, record: MockRecord) -> None:
    with col.store.transaction() as tx:
        sql.finish_session(tx, record.id, _now_ms(col))


def report(col: CollectionLike, record: MockRecord) -> list[ReportRow]:
    """One row per planned question, from what is stored now."""
    answers = {(int(r.position), bool(r.follow_up)): r for r in sql.answer_rows(col.store, record.id)}
    rows = []
    for position, question in enumerate(record.questions):
        main = answers.get((position, False))
        if main is None:
            rows.append(ReportRow.of(position, question, duration_s=None))
            continue
        made = rehearsing.attempt(col, int(main.attempt_id))
        follow = answers.get((position, True))
        follow_row = None
        if follow is not None and question.follow_up:
            extra = rehearsing.attempt(col, int(follow.attempt_id))
            follow_row = FollowUpRow(question.follow_up, extra.duration_s, extra.transcript)
        rows.append(ReportRow.of(position, question, duration_s=made.duration_s, laps=made.laps,
                                 analysis=made.analysis, grade=None if main.rating is None else int(main.rating),
                                 follow_up=follow_row))
    return rows


def report_page(col: CollectionLike, record: MockRecord, *, page: bool = True,
                rows: Sequence[ReportRow] | None = None) -> str:
    """The report as a self-contained HTML page (transcripts, no audio); ``page=False``: for the app's view."""
    return report_html(report(col, record) if rows is None else rows, when=started_text(col, record),
                       decks=record.decks, page=page)


def started_text(col: CollectionLike, record: MockRecord) -> str:
    """"Thu 3 Dec 2026, 09:30": when the session started, in local time."""
    started = datetime.fromtimestamp(record.started_ms / 1000, col.clock.local_tz)
    return started.strftime("%a %-d %b %Y, %H:%M")


def _now_ms(col: CollectionLike) -> int:
    return int(col.clock.now().timestamp() * 1000)
