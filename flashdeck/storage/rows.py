"""The rows the store hands out, by name: ``row.deck_id`` rather than ``row[2]``.

Named tuples, not dataclasses: a row is still the tuple the driver returned (code
that unpacks one keeps working, and making one costs a few hundred nanoseconds,
nothing beside the query), and each field is named where its SQL is written
(``flashdeck.storage.store``). The column lists below are that SQL's select lists.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["AnalysedAttempt", "AttemptRecord", "BrowseRecord", "CardAndKind", "CardRecord", "CardWithNote",
           "DeckOrigin", "DeckRow", "ExportNoteRow", "ForeignKeyBreak", "MockAnswerRow", "NoteRow", "StoredNote"]


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
