"""The tables. Times are integers: epoch seconds for due dates, milliseconds for reviews.

All of them are 64-bit (``Int64``, ``BigInteger``): a 32-bit epoch overflows in 2038.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from flashdeck.storage import limits

# 64-bit on every backend; SQLite's INTEGER already is, and is what migrations left there.
Int64 = BigInteger().with_variant(Integer(), "sqlite")

# Named constraints so Alembic migrations can refer to them on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

config = Table(
    "config",
    metadata,
    Column("key", String(limits.CONFIG_KEY), primary_key=True),
    Column("value", Text, nullable=False),
)

decks = Table(
    "decks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(limits.DECK_NAME), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    Column("default_kind", String(limits.KIND)),
    Column("target_low", Integer),
    Column("target_high", Integer),
    Column("tags", Text, nullable=False, default=""),
    Column("new_per_day", Integer, nullable=False, default=20),
    Column("reviews_per_day", Integer, nullable=False, default=200),
    Column("created_ms", BigInteger, nullable=False),
    # The name documents gave the deck before the user renamed it: imports naming it still land here,
    # and its derived note ids keep using it (0007). NULL: never renamed.
    Column("origin", String(limits.DECK_NAME)),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("guid", String(limits.NOTE_ID), nullable=False, unique=True),
    Column("deck_id", Integer, ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(limits.KIND), nullable=False),
    Column("title", Text, nullable=False),
    Column("fields", Text, nullable=False),  # JSON object: field name -> Markdown
    Column("tags", Text, nullable=False, default=""),  # " tag1 tag2 " for LIKE matching
    Column("search_text", Text, nullable=False, default=""),  # casefolded fields, for free text
    Column("target_low", Integer),
    Column("target_high", Integer),
    Column("created_ms", BigInteger, nullable=False),
    Column("modified_ms", BigInteger, nullable=False),
    # The fields and tags as the last import wrote them (JSON), to tell the user's edits in the app
    # from the file's changes on the next import (0007). NULL: not imported since 0007.
    Column("imported", Text),
    Index("ix_notes_deck_id", "deck_id"),
    Index("ix_notes_kind", "kind"),  # statistics per kind walk the notes grouped (0008)
)

cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("note_id", Integer, ForeignKey("notes.id", ondelete="CASCADE"), nullable=False),
    Column("deck_id", Integer, ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
    Column("ord", Integer, nullable=False),
    Column("phase", Integer, nullable=False, default=0),
    Column("step", Integer),
    Column("stability", Float),
    Column("difficulty", Float),
    Column("due", Int64, nullable=False, default=0),
    Column("last_review", Int64),
    Column("reps", Integer, nullable=False, default=0),
    Column("lapses", Integer, nullable=False, default=0),
    Column("suspended", Boolean, nullable=False, default=False),
    Column("buried_until", Integer, nullable=False, default=0),  # study-day ordinal
    # The queue and the deck counts read ranges of it in (due, id) order; it holds what they test (0008).
    Index("ix_cards_deck_phase_due", "deck_id", "phase", "due", "id", "suspended", "buried_until"),
    # A deck's cards in id order with what searches test: read alone, no sort (0008).
    Index("ix_cards_deck_id_state", "deck_id", "id", "phase", "due", "suspended", "buried_until"),
    Index("ix_cards_note_id", "note_id"),
)

revlog = Table(
    "revlog",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Integer, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False),
    Column("reviewed_ms", BigInteger, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("duration_ms", Int64, nullable=False, default=0),
    # The state before, so an answer can be undone exactly (also after a restart) ...
    Column("phase_before", Integer, nullable=False),
    Column("step_before", Integer),
    Column("stability_before", Float),
    Column("difficulty_before", Float),
    Column("due_before", Int64, nullable=False),
    Column("last_review_before", Int64),
    # ... and after, for statistics and the optimizer.
    Column("phase_after", Integer, nullable=False),
    Column("step_after", Integer),
    Column("stability_after", Float),
    Column("difficulty_after", Float),
    Column("due_after", Int64, nullable=False),
    # Statistics and today's counts read these alone: a card's reviews by time with their outcome, and
    # the reviews by time with their duration, outcome and card (0008).
    Index("ix_revlog_card_id", "card_id", "reviewed_ms", "phase_before", "rating"),
    Index("ix_revlog_reviewed_ms", "reviewed_ms", "duration_ms", "rating", "phase_before", "card_id"),
)

attempts = Table(
    "attempts",
    metadata,
    # One spoken rehearsal of a card: its timing and beats, and, once analysed, its delivery.
    Column("id", Integer, primary_key=True),
    Column("card_id", Integer, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False),
    Column("started_ms", BigInteger, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("target_low", Integer),  # the window the attempt was timed against (seconds)
    Column("target_high", Integer),
    Column("laps", Text, nullable=False, server_default="[]"),  # JSON list of {"beat", "start_s", "end_s"}
    Column("audio_path", Text),  # relative to the recordings folder beside the database
    Column("transcript", Text),
    Column("analysis", Text),  # JSON: flashdeck.analysis.Analysis.to_dict(extra=True)
    Column("words", Integer),
    Column("wpm", Float),
    Column("coverage", Float),  # share of the card's beats or talking points covered, 0-1
    Column("suggested_grade", Integer),  # 1-4, shown beside the user's own grade, never applied
    Column("self_grade", Integer),  # 1-4, the user's own grade of the attempt (or of the review it preceded)
    Index("ix_attempts_card_id_started_ms", "card_id", "started_ms"),
)

mock_sessions = Table(
    "mock_sessions",
    metadata,
    # One mock interview, written when it starts so that a quit, a crash or a kill keeps what was answered (0009).
    Column("id", Integer, primary_key=True),
    Column("started_ms", BigInteger, nullable=False),
    Column("finished_ms", BigInteger),  # NULL: not finished (reopening offers to continue it)
    Column("options", Text, nullable=False, server_default="{}"),  # JSON: decks, count, minutes, grace_s, follow_ups
    Column("plan", Text, nullable=False, server_default="[]"),  # JSON: the questions, in order (PlannedQuestion)
)

mock_answers = Table(
    "mock_answers",
    metadata,
    # One answer of a session (a question's, or its follow-up's): the attempt holds its timing, recording and
    # analysis; the review it was graded with (NULL until graded, and again when that review is undone).
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("mock_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("follow_up", Integer, nullable=False, server_default="0"),
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False),
    Column("revlog_id", Integer, ForeignKey("revlog.id", ondelete="SET NULL")),
    Index("ix_mock_answers_session_id", "session_id", "position", "follow_up", unique=True),
    Index("ix_mock_answers_attempt_id", "attempt_id"),
    Index("ix_mock_answers_revlog_id", "revlog_id"),
)
