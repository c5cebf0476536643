"""The rows the store hands out, by name: ``row.deck_id`` rather than ``row[2]``.

Named tuples, not dataclasses: a row is still the tuple the driver returned (code
that unpacks one keeps working, and making one costs a few hundred nanoseconds,
nothing beside the query), and each field is named where its SQL is written
(``flashdeck.storage.store``). The column lists below are that SQL's select lists.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "AnalysedAttempt",
    "AttemptRecord",
    "AttemptTiming",
    "BrowseRecord",
    "CardAndKind",
    "CardFacts",
    "CardKind",
    "CardRecord",
    "CardWithNote",
    "CheckedNote",
    "DayReviews",
    "DeckFileNote",
    "DeckOrigin",
    "DeckRow",
    "DueReviewRow",
    "ExportNoteRow",
    "ForeignKeyBreak",
    "InconsistentCard",
    "MockAnswerRow",
    "MockSessionRow",
    "NewCardRow",
    "NoteCard",
    "NoteRow",
    "RepsMismatch",
    "ReviewLogRow",
    "ScheduledCardRow",
    "StoredNote",
]


class DeckRow(NamedTuple):
    id: int
    name: str
    description: str
    default_kind: str | None
    target_low: int | None
    target_high: int | None
    tags: str  # space-separated
    new_per_day: int
    reviews_per_day: int


class DeckOrigin(NamedTuple):
    """The deck a document names: where it is now and the name it was imported under."""

    id: int
    name: str
    origin: str


class NoteRow(NamedTuple):
    id: int
    guid: str
    deck_id: int
    kind: str
    title: str
    fields: str  # JSON object: field name → text
    tags: str  # space-separated, padded with a space each side
    target_low: int | None
    target_high: int | None
    created_ms: int
    modified_ms: int


class CardRecord(NamedTuple):
    """A card row in ``CARD_COLUMNS`` order (what ``state_of`` reads)."""

    id: int
    note_id: int
    deck_id: int
    ord: int
    phase: int
    step: int
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int | None
    reps: int
    lapses: int
    suspended: Any  # 0/1 on SQLite, a bool on PostgreSQL
    buried_until: int | None


class CardAndKind(NamedTuple):
    """A card row and its note's kind (what answering needs)."""

    id: int
    note_id: int
    deck_id: int
    ord: int
    phase: int
    step: int
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int | None
    reps: int
    lapses: int
    suspended: Any
    buried_until: int | None
    kind: str


class CardWithNote(NamedTuple):
    """A card row, its note's kind, fields, window and tags, and its deck's window and name (what a card view
    needs)."""

    id: int
    note_id: int
    deck_id: int
    ord: int
    phase: int
    step: int
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int | None
    reps: int
    lapses: int
    suspended: Any
    buried_until: int | None
    kind: str
    fields: str  # JSON object
    note_target_low: int | None
    note_target_high: int | None
    deck_target_low: int | None
    deck_target_high: int | None
    tags: str
    deck_name: str


class StoredNote(NamedTuple):
    """A note as an import compares with it (``Store.notes_by_guid``)."""

    id: int
    deck_id: int
    kind: str
    fields: str  # JSON object
    tags: str
    target_low: int | None
    target_high: int | None
    imported: str | None  # JSON of what the last import wrote, or None (see docs/importing.md)


class BrowseRecord(NamedTuple):
    """A card as the browser's table shows it (``browse_queries.browse_rows``)."""

    id: int
    note_id: int
    deck_name: str
    kind: str
    title: str
    ord: int
    phase: int
    due: int
    last_review: int | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    suspended: Any
    buried_until: int
    tags: str


class MockAnswerRow(NamedTuple):
    """One kept answer of a mock interview; ``rating`` from its review (None: not graded, or undone)."""

    position: int
    follow_up: Any  # 0/1 on SQLite, a bool on PostgreSQL
    attempt_id: int
    revlog_id: int | None
    rating: int | None


class ForeignKeyBreak(NamedTuple):
    """A row of ``PRAGMA foreign_key_check``: a row whose foreign key names no row."""

    table: str
    rowid: int | None
    parent: str
    fkid: int


class ExportNoteRow(NamedTuple):
    """A note as a deck file writes it (``export_rows.note_rows_under``)."""

    id: int
    guid: str
    kind: str
    fields: str  # JSON object
    tags: str
    deck_name: str
    created_ms: int
    modified_ms: int


class AttemptRecord(NamedTuple):
    """A rehearsal attempt: its fields are ``attempts.ATTEMPT_COLUMNS``, the select list."""

    id: int
    card_id: int
    started_ms: int
    duration_ms: int
    target_low: int | None
    target_high: int | None
    laps: str  # JSON list of {"beat", "start_s", "end_s"}
    audio_path: str | None  # relative to the recordings folder beside the database
    transcript: str | None
    analysis: str | None  # JSON object, None until analysed
    words: int | None
    wpm: float | None
    coverage: float | None
    suggested_grade: int | None
    self_grade: int | None


class AnalysedAttempt(NamedTuple):
    """An analysed attempt that has a recording (``attempts.analysed_rows``)."""

    id: int
    audio_path: str  # as stored
    analysis: str  # JSON object


class CardFacts(NamedTuple):
    """What a card's info pane shows beside its state (``card_history.card_facts``)."""

    created_ms: int  # the note's
    modified_ms: int  # the note's
    deck_name: str
    title: str
    kind: str
    ord: int
    suspended: Any  # 0/1 on SQLite, a bool on PostgreSQL


class ReviewLogRow(NamedTuple):
    """A review of a card: its fields are ``card_history.REVIEW_COLUMNS``, the select list."""

    reviewed_ms: int
    rating: int
    duration_ms: int
    phase_before: int
    phase_after: int
    due_after: int  # seconds since the epoch
    stability_after: float | None
    difficulty_after: float | None


class MockSessionRow(NamedTuple):
    """A mock interview as stored (``mock_sessions.session_row``)."""

    id: int
    started_ms: int
    finished_ms: int | None  # None: not finished
    options: str  # JSON object: decks, count, minutes, grace_s, follow_ups
    plan: str  # JSON list of the planned questions, in order


class DueReviewRow(NamedTuple):
    """A review card due on or after a day (``plan_queries.reviews_due_from``)."""

    id: int
    due: int
    last_review: int | None


class ScheduledCardRow(NamedTuple):
    """A learning or review card the interview plan projects (``plan_queries.scheduled_cards``)."""

    id: int
    note_id: int
    deck_id: int
    phase: int
    step: int
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int | None
    buried_until: int  # study-day ordinal


class NewCardRow(NamedTuple):
    """A new card the interview plan introduces (``plan_queries.new_cards``)."""

    id: int
    note_id: int
    deck_id: int
    buried_until: int  # study-day ordinal


class DeckFileNote(NamedTuple):
    """A note as a native deck file holds it (``export_rows.deck_file_rows``)."""

    kind: str
    fields: str  # JSON object
    tags: str  # space-separated, padded with a space each side
    guid: str
    target_low: int | None
    target_high: int | None


class CheckedNote(NamedTuple):
    """A note as ``flashdeck check`` looks at it (``check_queries.note_rows``)."""

    id: int
    kind: Any  # text, but a damaged file may hold anything
    fields: Any  # JSON object, if the file is sound


class CardKind(NamedTuple):
    """A card, its note's kind and its template (``check_queries.card_kinds``)."""

    id: int
    kind: Any
    ord: int


class InconsistentCard(NamedTuple):
    """A card whose phase does not fit its memory state (``check_queries.inconsistent_cards``)."""

    id: int
    phase: int
    stability: float | None
    last_review: int | None


class RepsMismatch(NamedTuple):
    """A card whose repetitions are not its review log's length (``check_queries.reps_mismatches``)."""

    id: int
    reps: int
    logged: int  # review log rows of the card


class DayReviews(NamedTuple):
    """The reviews of one range of review times (``stats_queries.reviews_per_day``)."""

    lo: int  # the range's start, ms
    reviews: int
    spent_ms: int | None  # None: no review in the range


class AttemptTiming(NamedTuple):
    """A rehearsal attempt as the statistics time it (``stats_queries.attempt_rows_since``)."""

    started_ms: int
    duration_ms: int
    target_low: int | None
    target_high: int | None
    wpm: float | None


class NoteCard(NamedTuple):
    """One of a note's cards (``browse_queries.note_guids_and_cards``)."""

    note_id: int
    ord: int
    id: int
