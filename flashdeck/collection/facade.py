"""The Collection: the one façade every front end uses (GUI, CLI, tests, benchmarks).

Each public method is one user action and, when it writes, one transaction
committed before it returns, and it returns what it changed (``core.changes.Changes``,
or a small result carrying ``.changes``) for the app to tell its screens. Time comes
from the injected clock.
"""

from __future__ import annotations

import gc
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NoReturn, cast

from flashdeck.collection.browsing import BrowseRow, NoteListing, browse_rows, note_listing, sort_clause
from flashdeck.collection.formats import read_data, read_document, steps_for
from flashdeck.collection.importing import (
    ImportChoices,
    ImportPlan,
    ImportReport,
    clean_fields,
    fallback_deck_name,
    file_stem,
    plan_import,
)
from flashdeck.collection.new_rows import add_alike
from flashdeck.collection.undo import AnswerUndo, FlagUndo, UndoEntry
from flashdeck.collection.views import CardView, DeckSummary
from flashdeck.core.changes import Answered, Changes, ChangesWithCount, DecksDeleted, Undone
from flashdeck.core.clock import Clock, StudyDay, SystemClock, check_clock, study_day
from flashdeck.core.daybins import DayMapper
from flashdeck.core.errors import CardChanged, InvalidInput, NotFound
from flashdeck.core.importers.deckfile import write_deck
from flashdeck.core.interview_plan import InterviewWindow
from flashdeck.core.kinds import default_target, kind_by_name
from flashdeck.core.notes import TYPED_IN_APP, DeckMeta, NoteDraft, ParseResult, gc_paused
from flashdeck.core.queue import LEARN_AHEAD_S, QueueCounts, QueuedCard, QueueKind, StudyQueue
from flashdeck.core.scheduling import CardState, Phase, Rating, Scheduler, SchedulerSettings, format_interval
from flashdeck.core.search import parse_search
from flashdeck.storage import attempts as attempt_sql
from flashdeck.storage import queries
from flashdeck.storage.limits import CONFIG_KEY, DECK_NAME, too_long
from flashdeck.storage.rows import DeckRow, NoteRow
from flashdeck.storage.store import AS_STORED, NewCards, NewNotes, Store, Tx, new_card_row, state_of

# The managers behind the reads below are imported where first used, so opening a collection (the
# app's first window, `flashdeck due`) does not load them; none imports this module, so no cycle.
if TYPE_CHECKING:
    from flashdeck.collection.optimize import OptimizeResult, TradeoffRow
    from flashdeck.collection.planning import StudyPlan
    from flashdeck.collection.stats_results import BasicStats, FullStats

__all__ = ["CardChanged", "CardView", "Collection", "DeckSummary", "ImportReport"]

# Built once: a frozen dataclass costs microseconds to make, and answer() is the hot path.
_ANSWERED = Changes(cards=True, reviews=True)
_ANSWERED_WITH_ATTEMPT = Changes(cards=True, reviews=True, attempts=True)
UNDO_STEPS = 100
# One encoder, built once: json.dumps with options builds a new one per call, and JSONEncoder.encode
# builds its C encoder per call (half the time of encoding a note's fields; an import encodes two
# objects a note). Same output as JSONEncoder(ensure_ascii=False, sort_keys=True).encode.
_fields_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)  # CPython's C encoder (absent: pure Python)
_fields_chunks = None if _c_make_encoder is None else _c_make_encoder(
    None, _fields_json.default, json.encoder.encode_basestring, None, ": ", ", ", True, False, True)


def _encode_fields(value: Any) -> str:
    if _fields_chunks is None:
        return _fields_json.encode(value)
    return "".join(_fields_chunks(value, 0))


# A note's values in NOTE_INSERT_COLUMNS order after (id, guid, deck_id, kind, created_ms), before imported.
_NOTE_VALUE_COLUMNS = ("title", "fields", "tags", "search_text", "target_low", "target_high", "modified_ms")


def _note_texts(draft: NoteDraft, title: str) -> tuple[str, str, str, str]:
    """The note's title, fields (JSON), tags and search text, as stored (an import makes them per note)."""
    fields = draft.fields
    return (title, _encode_fields(fields), f" {' '.join(draft.tags)} " if draft.tags else "",
            "\n".join(fields.values()).casefold())


def _note_row_values(draft: NoteDraft, now_ms: int) -> tuple[Any, ...]:
    """The note's ``_NOTE_VALUE_COLUMNS``, as a row."""
    target = draft.target
    return (*_note_texts(draft, draft.title), target[0] if target else None, target[1] if target else None, now_ms)


def _encode_imported(imported: dict[str, Any], draft: NoteDraft) -> str:
    """What to store as the note's "as imported": ``AS_STORED`` when that is what the note holds (every
    note an import adds, and those it updates where no edit of the user's is kept), else its JSON."""
    fields = imported["fields"]
    if (fields is draft.fields or fields == draft.fields) and imported["tags"] == list(draft.tags):
        return AS_STORED
    return _encode_fields(imported)


class Collection:
    """A FlashDeck collection on any SQLAlchemy database (SQLite by default)."""

    def __init__(self, store: Store, *, clock: Clock | None = None, fuzz: bool | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        settings = SchedulerSettings.from_dict(store.get_config("scheduler", {}))
        if fuzz is not None:
            settings = replace(settings, enable_fuzzing=fuzz)
        self._fuzz_override = fuzz
        self.scheduler = Scheduler(settings)
        self.day_start_hour: int = int(store.get_config("day_start_hour", 4))
        self._deck_filter: list[int] | None = None
        self._queue: StudyQueue | None = None
        self._queue_day: int | None = None
        # The last UNDO_STEPS actions: kept without a bound, a long session's undo history grew
        # by ~0.4 kB an answer (bench/soak.py: +43 MB over 100 000 reviews).
        self._undo: deque[UndoEntry] = deque(maxlen=UNDO_STEPS)
        # The reps of the cards next_card() showed and that are not answered yet: an answer to a card
        # another window or process answered meanwhile is refused rather than stacked on the newer state.
        self._shown_reps: dict[int, int] = {}
        # The last card next_card() showed: answering it starts from the state it was shown in.
        self._on_screen: CardView | None = None
        self._day: StudyDay | None = None
        self._kind_targets: dict[str, tuple[int, int]] | None = None
        # The interview window, read once: answer() consults it on every review.
        self._interview: InterviewWindow | None = None
        self._interview_loaded = False

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, clock: Clock | None = None,
             fuzz: bool | None = None) -> Collection:
        """Open (creating and migrating as needed) the collection at a path or URL."""
        return cls(Store(None if db is None else os.fspath(db)), clock=clock, fuzz=fuzz)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- time ------------------------------------------------------------------------------

    def today(self) -> StudyDay:
        now = self.clock.now()
        day = self._day
        if day is None or not day.start <= now < day.end:
            day = self._day = study_day(now, self.clock.local_tz, self.day_start_hour)
        return day

    def _now_ts(self) -> int:
        return int(self.clock.now().timestamp())

    # -- settings --------------------------------------------------------------------------

    def set_scheduler_settings(self, settings: SchedulerSettings) -> Changes:
        settings.validated()
        with self.store.transaction() as conn:
            self.store.set_config("scheduler", json.loads(settings.to_json()), conn)
        if self._fuzz_override is not None:
            settings = replace(settings, enable_fuzzing=self._fuzz_override)
        self.scheduler = Scheduler(settings)
        self._invalidate()
        return Changes(config=True)

    def set_day_start_hour(self, hour: int) -> Changes:
        if not 0 <= hour <= 23:
            raise InvalidInput("the day start hour must be between 0 and 23")
        with self.store.transaction() as conn:
            self.store.set_config("day_start_hour", hour, conn)
        self.day_start_hour = hour
        self._day = None
        self._interview_loaded = False
        self._invalidate()
        return Changes(config=True)

    def kind_targets(self) -> dict[str, tuple[int, int]]:
        """The speaking windows the user chose per kind in Settings (kind → seconds)."""
        if self._kind_targets is None:
            stored = self.store.get_config("kind_targets", {}) or {}
            self._kind_targets = {k: (int(v[0]), int(v[1])) for k, v in stored.items()}
        return self._kind_targets

    def get_config(self, key: str, default: Any = None) -> Any:
        return self.store.get_config(key, default)

    def set_config(self, key: str, value: Any) -> Changes:
        if problem := too_long("the setting name", key, CONFIG_KEY):
            raise InvalidInput(problem)
        with self.store.transaction() as conn:
            self.store.set_config(key, value, conn)
        self._kind_targets = None
        if key == "interview_date":
            self._interview_loaded = False
            self._invalidate()  # the daily new-card quota follows the date
        return Changes(config=True)

    # -- the interview date ------------------------------------------------------------------

    def interview_window(self) -> InterviewWindow | None:
        """The interview day and its final window, or ``None`` with no date set (cached)."""
        if not self._interview_loaded:
            stored = self.store.get_config("interview_date")
            mapper = DayMapper(self.clock.local_tz, self.day_start_hour)
            self._interview = InterviewWindow(date.fromisoformat(stored), mapper) if stored else None
            self._interview_loaded = True
        return self._interview

    def set_interview_date(self, day: date | None) -> ChangesWithCount:
        """Set (or clear) the interview date; ``.count``: how many scheduled reviews were brought forward.

        Reviews already scheduled past the final window are moved into it at
        once, in the same transaction, so every card is seen again before the day.
        """
        from flashdeck.collection.planning import capped_reviews
        from flashdeck.storage.plan_queries import move_due

        mapper = DayMapper(self.clock.local_tz, self.day_start_hour)
        moved = [] if day is None else capped_reviews(self, InterviewWindow(day, mapper))
        with self.store.transaction() as conn:
            self.store.set_config("interview_date", None if day is None else day.isoformat(), conn)
            move_due(conn, moved)
        self._interview_loaded = False
        self._invalidate()
        return ChangesWithCount(len(moved), Changes(config=True, cards=bool(moved)))

    def study_plan(self) -> StudyPlan:
        """What is left to cover on each day until the interview (see ``flashdeck.collection.planning``)."""
        from flashdeck.collection.planning import study_plan

        return study_plan(self)

    # -- decks -----------------------------------------------------------------------------

    def deck_names(self) -> list[str]:
        return [deck.name for deck in self.store.deck_rows()]

    def deck_meta(self, name: str) -> DeckMeta:
        for deck in self.store.deck_rows():
            if deck.name == name:
                return DeckMeta(deck.name, deck.description, deck.default_kind,
                                _window(deck.target_low, deck.target_high), tuple(deck.tags.split()))
        raise NotFound(f"no deck named {name!r}")

    def _require_deck(self, name: str) -> int:
        deck_id = self.store.deck_id(name)
        if deck_id is None:
            raise NotFound(f"no deck named {name!r} (decks: {', '.join(self.deck_names()) or 'none'})")
        return deck_id

    def ensure_deck(self, name: str) -> Changes:
        """The deck named ``name``, made if missing; its id is ``.new_id`` (``decks`` is set when it was made)."""
        deck_id = self.store.deck_id(name)
        if deck_id is not None:
            return Changes(new_id=deck_id)
        if problem := too_long("the deck name", name, DECK_NAME):
            raise InvalidInput(problem)
        with self.store.transaction() as conn:
            return Changes(decks=True, new_id=self._create_deck(conn, DeckMeta(name)))

    def _create_deck(self, conn: Any, meta: DeckMeta) -> int:
        return self.store.insert_deck(conn, {**self._deck_values(meta), "new_per_day": 20,
                                             "reviews_per_day": 200, "created_ms": self._now_ms()})

    @staticmethod
    def _deck_values(meta: DeckMeta) -> dict[str, Any]:
        return {
            "name": meta.name,
            "description": meta.description,
            "default_kind": meta.default_kind,
            "target_low": meta.target[0] if meta.target else None,
            "target_high": meta.target[1] if meta.target else None,
            "tags": " ".join(meta.tags),
        }

    def set_deck_limits(self, name: str, *, new_per_day: int, reviews_per_day: int) -> Changes:
        if new_per_day < 0 or reviews_per_day < 0:
            raise InvalidInput("daily limits cannot be negative")
        deck_id = self._require_deck(name)
        with self.store.transaction() as conn:
            self.store.update_deck(conn, deck_id, {"new_per_day": new_per_day, "reviews_per_day": reviews_per_day})
        self._invalidate()
        return Changes(decks=True)

    def deck_limits(self, name: str) -> tuple[int, int]:
        for deck in self.store.deck_rows():
            if deck.name == name:
                return int(deck.new_per_day), int(deck.reviews_per_day)
        raise NotFound(f"no deck named {name!r}")

    def _limits_left(self, deck_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
        day = self.today()
        done = queries.done_today(self.store, day.start_ts * 1000)
        wanted = None if deck_ids is None else set(deck_ids)
        window = self._pacing_window(day)
        # With an interview date, a deck meets the new cards a day that date asks for: an even pace to the
        # final window. Its own limit would front-load them (max of the two) or miss the date (min).
        quota: dict[int, int] | None = None
        if window is not None:
            from flashdeck.collection.planning import new_quota

            quota = new_quota(self, window, done)
        out = {}
        for deck in self.store.deck_rows():
            if wanted is not None and deck.id not in wanted:
                continue
            new_done, rev_done = done.get(deck.id, (0, 0))
            new_limit = deck.new_per_day if quota is None else quota.get(deck.id, 0)
            out[deck.id] = (max(0, new_limit - new_done), max(0, deck.reviews_per_day - rev_done))
        return out

    def _pacing_window(self, day: StudyDay) -> InterviewWindow | None:
        """The interview window while it sets the new cards a day (until the interview; then the decks'
        own limits again)."""
        window = self.interview_window()
        return window if window is not None and day.date < window.interview else None

    def _limits_may_bind(self, day: StudyDay, decks: Iterable[DeckRow], available: Iterable[tuple[int, int]]) -> bool:
        """Whether a deck's daily limits, less today's reviews, could cut its (new, review) cards ``available``.

        A deck has done at most what every deck together did today, so when none has more cards than its
        limits less those totals, the per-deck tally of today's reviews (a join over them: two thirds of a
        fresh process's first queue, with 2,000 reviews today) is not needed. An interview date paces the
        new cards by its own quota: then the tally always is.
        """
        if self._pacing_window(day) is not None:
            return True
        new_done, reviews_done = queries.introduced_and_reviewed_since(self.store, day.start_ts * 1000)
        return any(new > max(0, deck.new_per_day - new_done) or review > max(0, deck.reviews_per_day - reviews_done)
                   for deck, (new, review) in zip(decks, available, strict=True))

    def decks(self) -> list[DeckSummary]:
        """Every deck with its new, learning and review counts due now (within daily limits)."""
        day, now = self.today(), self._now_ts()
        decks = self.store.deck_rows()
        available = [queries.count_available(self.store, deck.id, day.date.toordinal(), day.end_ts,
                                             now + LEARN_AHEAD_S) for deck in decks]
        binding = self._limits_may_bind(day, decks, [(new, review) for new, _, review in available])
        limits = self._limits_left() if binding else {}
        out = []
        for deck, (new, learning, review) in zip(decks, available, strict=True):
            new_left, review_left = limits.get(deck.id, (new, review))
            out.append(DeckSummary(deck.id, deck.name, deck.description, min(new, new_left), learning,
                                   min(review, review_left)))
        return out

    def due_counts(self, deck: str | None = None) -> QueueCounts:
        summaries = self.decks()
        if deck is not None:
            self._require_deck(deck)
            summaries = [s for s in summaries if s.name == deck or s.name.startswith(deck + "::")]
        return QueueCounts(
            new=sum(s.new for s in summaries),
            learning=sum(s.learning for s in summaries),
            review=sum(s.review for s in summaries),
        )

    # -- importing -------------------------------------------------------------------------

    def plan(self, result: ParseResult, *, source: str = "<input>", deck: str | None = None,
             with_notes: bool = True, choices: ImportChoices | None = None) -> ImportPlan:
        """What importing ``result`` would do, without writing anything (``choices``: the preview's corrections)."""
        def stored_in_deck(name: str) -> list[tuple[str, str]]:
            deck_id = self.store.deck_id(name)
            return [] if deck_id is None else self.store.guids_in_deck(deck_id)

        def resolve(name: str) -> tuple[str, str]:
            found = self.store.deck_by_origin(name)
            return (found.name, found.origin) if found is not None else (name, name)

        def planned(fallback: str, name_from_document: bool = True) -> ImportPlan:
            parsed = result if name_from_document else replace(result, deck=replace(result.deck, name=None))
            return plan_import(parsed, source=source, deck_override=deck, fallback_deck=fallback,
                               lookup=self.store.notes_by_guid, stored_in_deck=stored_in_deck,
                               with_notes=with_notes, resolve=resolve, choices=choices)

        plan = planned(fallback_deck_name(source, result.format))
        # Earlier versions named more decks after their file ("000_19d2c97a"): a file imported then goes
        # on updating that deck (its notes' ids derive from its name) rather than starting a new one.
        stem = file_stem(source)
        if (deck is None and not (choices and choices.deck) and stem and plan.report.deck != stem
                and plan.report.added and self.store.deck_id(stem) is not None
                and self.store.deck_id(plan.report.deck) is None):
            before = planned(stem, name_from_document=False)
            if before.report.updated + before.report.unchanged:
                plan = before
        steps_for(result.format).describe(plan)
        return plan

    @gc_paused  # (see _apply)
    def import_result(self, result: ParseResult, *, source: str = "<input>", deck: str | None = None,
                      dry_run: bool = False, choices: ImportChoices | None = None) -> ImportReport:
        # The per-note listing is for previews; a real import of 50k notes need not build it.
        plan = self.plan(result, source=source, deck=deck, with_notes=dry_run, choices=choices)
        plan.report.dry_run = dry_run
        if not dry_run:
            self._apply(plan)
            wrote = bool(plan.report.added or plan.report.updated)
            # A deck is made (or its header applied) even for a document whose notes are all unchanged;
            # an Anki package brings its review history.
            plan.report.changes = Changes(decks=True, notes=wrote, cards=wrote,
                                          reviews=bool(plan.report.package and plan.report.package.get("reviews")))
        return plan.report

    @gc_paused  # (see _apply)
    def import_file(self, path: str | os.PathLike[str], *, deck: str | None = None, fmt: str | None = None,
                    dry_run: bool = False, choices: ImportChoices | None = None) -> ImportReport:
        """Import one document: parsed, planned, then written in one transaction (or not at all)."""
        source = os.fspath(path)
        result = read_document(source, fmt)
        return self.import_result(result, source=source, deck=deck, dry_run=dry_run, choices=choices)

    @gc_paused  # (see _apply)
    def import_data(self, data: bytes, *, source: str = "<stdin>", deck: str | None = None, fmt: str | None = None,
                    dry_run: bool = False, choices: ImportChoices | None = None) -> ImportReport:
        """Import text that is no file (standard input, the clipboard): read as a document, like a file."""
        result = read_data(data, source, fmt)
        return self.import_result(result, source=source, deck=deck, dry_run=dry_run, choices=choices)

    def rename_deck(self, old: str, new: str) -> Changes:
        """Rename a deck and its sub-decks. Documents that name the old deck still import into it (their
        notes keep their ids and history), and the old name is free for a new deck."""
        new = new.strip()
        self._require_deck(old)
        if not new:
            raise InvalidInput("a deck needs a name")
        if problem := too_long("the deck name", new, DECK_NAME):
            raise InvalidInput(problem)
        if new == old:
            return Changes()
        if new.startswith(old + "::"):
            raise InvalidInput(f"a deck cannot be moved inside itself ({new!r} is under {old!r})")
        taken = {n for n in self.deck_names() if not (n == old or n.startswith(old + "::"))}
        clashes = [n for n in taken if n == new or n.startswith(new + "::")]
        if clashes:
            raise InvalidInput(f"there is already a deck named {clashes[0]!r}")
        with self.store.transaction() as conn:
            self.store.rename_deck(conn, old, new)
        self._invalidate()
        return Changes(decks=True)

    def delete_deck(self, name: str) -> DecksDeleted:
        """Delete a deck and its sub-decks with all their notes, cards, reviews and attempts (one transaction).

        ``.names``: the decks deleted. Not undoable: flashdeck.collection.deck_removal backs the collection up first.
        """
        from flashdeck.storage import deck_removal

        self._require_deck(name)
        decks = deck_removal.deck_ids_under(self.store, name)
        with self.store.transaction() as tx:
            deck_removal.delete_decks(tx, [deck_id for deck_id, _name in decks])
        if self._deck_filter is not None and set(self._deck_filter) & {deck_id for deck_id, _name in decks}:
            self._deck_filter = None
        self._undo.clear()
        self._invalidate()
        return DecksDeleted(tuple(deck_name for _id, deck_name in decks),
                            Changes(decks=True, notes=True, cards=True, reviews=True, attempts=True))

    def add_notes(self, drafts: Sequence[NoteDraft], *, deck: str) -> ImportReport:
        """Add or update notes in bulk (one transaction, a few statements)."""
        return self.import_result(ParseResult(TYPED_IN_APP, list(drafts), DeckMeta(deck)), deck=deck)

    def _apply(self, plan: ImportPlan) -> None:
        steps = steps_for(plan.result.format)
        staged = steps.stage(self, plan)  # (an Anki package's media: moved in once the transaction committed)
        # Tens of thousands of row tuples would trigger full GC passes mid-insert. (The whole import runs
        # with the collector paused, not each step: paused only while parsing and planning, it then made
        # its pass over everything those steps built before the next step began, ~3 % of a 10k import.)
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._write_plan(plan)
        except BaseException:
            steps.discard(staged)
            raise
        finally:
            if gc_was_enabled:
                gc.enable()
        steps.finish(staged, plan.report)
        self._invalidate()

    def _write_plan(self, plan: ImportPlan) -> None:
        now_ms = self._now_ms()
        steps = steps_for(plan.result.format)
        with self.store.transaction() as conn:
            deck_ids: dict[str, int] = {}
            for name in dict.fromkeys(map(attrgetter("deck"), plan.notes)) or [plan.deck.name or ""]:
                deck_id = self.store.deck_id(name)
                meta = plan.deck if name == plan.deck.name else DeckMeta(name)
                if deck_id is None:
                    deck_id = self._create_deck(conn, meta)
                elif steps.header_sets_deck and name == plan.deck.name:
                    self.store.update_deck(conn, deck_id, self._deck_values(meta))
                deck_ids[name] = deck_id
            next_note, next_card = self.store.next_ids(conn)
            notes = NewNotes(now_ms)
            cards = NewCards()
            remember = plan.result.format != TYPED_IN_APP  # (no "as imported" version to remember)
            # (kind, field names) → the ordinals of its cards: a planned note's fields are stripped and not
            # empty, so which templates they fill depends on their names alone.
            templates: dict[tuple[str, ...], tuple[int, ...]] = {}
            title_fields: dict[str, str] = {}
            group_kind: str | None = None
            group_target: tuple[int, int] | None = None
            group_imported: str | None = None
            group_deck = 0
            group: list[tuple[Any, ...]] = []
            # (new notes all alike, as a CSV's rows are: their rows made a column at a time)
            alike = add_alike(plan.notes, deck_ids, AS_STORED if remember else None, next_note, next_card, notes, cards)
            for planned in () if alike else plan.notes:
                draft = planned.draft
                if planned.action == "unchanged":
                    if remember and planned.snapshot_changed and planned.existing_id is not None:
                        snapshot = _encode_imported(planned.imported, draft) if planned.imported else None
                        self.store.update_note(conn, planned.existing_id, {"imported": snapshot})
                    continue
                if (ordinals := templates.get(key := (draft.kind, *draft.fields))) is None:
                    ordinals = templates[key] = tuple(
                        ordinal for ordinal, _tpl in kind_by_name(draft.kind).templates_for(draft.fields))
                imported = (None if not remember else AS_STORED if planned.imported is None
                            else _encode_imported(planned.imported, draft))
                deck_id = deck_ids[planned.deck]
                if planned.action == "add":
                    note_id, next_note = next_note, next_note + 1
                    kind_name, target, fields, tags = draft.kind, draft.target, draft.fields, draft.tags
                    if (title_field := title_fields.get(kind_name)) is None:
                        title_field = title_fields[kind_name] = kind_by_name(kind_name).title_field
                    # (the group of the note before, as a rule: what the notes share is looked up once)
                    if (kind_name is not group_kind or target is not group_target or imported is not group_imported
                            or deck_id != group_deck):
                        group_kind, group_target, group_imported, group_deck = kind_name, target, imported, deck_id
                        group = notes.group((deck_id, kind_name, target[0] if target else None,
                                             target[1] if target else None, imported))
                    # (``_note_texts``, written out: an import makes one a note)
                    group.append((note_id, planned.guid, fields.get(title_field, ""), _encode_fields(fields),
                                  f" {' '.join(tags)} " if tags else "", "\n".join(fields.values()).casefold()))
                    for ordinal in ordinals:
                        cards.add(next_card, note_id, deck_id, ordinal)
                        next_card += 1
                    continue
                else:
                    assert planned.existing_id is not None
                    note_id = planned.existing_id
                    named = dict(zip(_NOTE_VALUE_COLUMNS, _note_row_values(draft, now_ms), strict=True))
                    if not remember:
                        self.store.keep_imported(conn, note_id)
                    self.store.update_note(conn, note_id, {**named, "imported": imported} if remember else named)
                    ords = self.store.card_ords(note_id)
                for ordinal in ordinals:
                    if ordinal not in ords:
                        cards.add(next_card, note_id, deck_id, ordinal)
                        next_card += 1
            self.store.insert_notes_and_cards(conn, notes, cards)
            steps.write(self.store, conn, plan, self.scheduler)

    @staticmethod
    def _note_values(draft: NoteDraft, now_ms: int) -> dict[str, Any]:
        return dict(zip(_NOTE_VALUE_COLUMNS, _note_row_values(draft, now_ms), strict=True))

    # -- notes -----------------------------------------------------------------------------

    def note(self, note_id: int) -> NoteDraft:
        return self._note_and_row(note_id)[0]

    def _note_and_row(self, note_id: int) -> tuple[NoteDraft, NoteRow]:
        row = self.store.note_row(note_id)
        if row is None:
            raise NotFound(f"no note with id {note_id}")
        return NoteDraft(row.kind, json.loads(row.fields), tuple(row.tags.split()), row.guid, None,
                         _window(row.target_low, row.target_high)), row

    def update_note(self, note_id: int, fields: dict[str, str], tags: Sequence[str] | None = None) -> Changes:
        """Edit a note in place; new cards appear for templates its fields now fill."""
        current, row = self._note_and_row(note_id)
        draft = NoteDraft(current.kind, {k: v.strip() for k, v in fields.items() if v.strip()},
                          tuple(tags) if tags is not None else current.tags, current.guid, None, current.target)
        draft.fields = clean_fields(draft, f"note {note_id}")
        with self.store.transaction() as conn:
            self.store.keep_imported(conn, note_id)
            self.store.update_note(conn, note_id, self._note_values(draft, self._now_ms()))
            ords = self.store.card_ords(note_id)
            next_card = self.store.next_ids(conn)[1]
            new_ords = [o for o, _ in kind_by_name(draft.kind).templates_for(draft.fields) if o not in ords]
            rows = [new_card_row(next_card + i, note_id, row.deck_id, o) for i, o in enumerate(new_ords)]
            self.store.insert_notes_and_cards(conn, [], rows)
        self._invalidate()
        return Changes(notes=True, cards=bool(rows))

    def delete_notes(self, note_ids: Sequence[int]) -> Changes:
        """Delete notes with their cards, review history and rehearsal attempts, and then the recordings
        of those attempts (the GUI confirms first).

        The files go once the rows are gone: a crash in between leaves files no attempt names, which
        ``rehearsing.prune_recordings`` removes later; never an attempt whose recording is missing.
        """
        from flashdeck.collection import rehearsing

        recordings = rehearsing.recordings_of_notes(self, note_ids)
        with self.store.transaction() as conn:
            self.store.delete_notes(conn, note_ids)
        self._undo.clear()
        self._invalidate()
        rehearsing.remove_recordings(self, recordings)  # only theirs: a file another attempt names stays
        return Changes(notes=True, cards=True, reviews=True, attempts=True)

    def note_id_by_guid(self, guid: str) -> int | None:
        """The id of the note with this stable identity (explicit, or derived from deck, kind and title)."""
        row = self.store.notes_by_guid([guid]).get(guid)
        return None if row is None else int(row.id)

    def export_deck(self, name: str) -> str:
        """The deck as a native deck file (canonical: re-importing it changes nothing)."""
        from flashdeck.storage.export_rows import deck_file_rows

        deck_id = self._require_deck(name)
        meta = self.deck_meta(name)
        rows = deck_file_rows(self.store, deck_id)
        # target_low alone says whether there is a window, as it always has here (the store writes both or
        # neither); the cast keeps that reading for a file that holds one without the other.
        drafts = [
            NoteDraft(row.kind, json.loads(row.fields), tuple(row.tags.split()), row.guid, None,
                      cast("tuple[int, int]", (row.target_low, row.target_high)) if row.target_low is not None
                      else None)
            for row in rows
        ]
        return write_deck(meta, drafts)

    # -- studying --------------------------------------------------------------------------

    def select_deck(self, name: str | None) -> None:
        """Study one deck (and its sub-decks), or every deck with ``None``."""
        if name is None:
            self._deck_filter = None
        else:
            self._require_deck(name)
            self._deck_filter = [deck.id for deck in self.store.deck_rows()
                                 if deck.name == name or deck.name.startswith(name + "::")]
        self._invalidate()

    def _invalidate(self) -> None:
        self._queue = None

    def _study_queue(self) -> StudyQueue:
        day = self.today()
        if self._queue is None or self._queue_day != day.date.toordinal():
            if self._queue_day != day.date.toordinal() and self.store.read_only is None:
                queries.bring_back_future_cards(self.store, self._now_ts())  # once a day: a clock set back
            learning: list[tuple[int, int]] = []
            review: list[int] = []
            new: list[int] = []
            for found in self._queue_candidates(day).values():
                learning += found.learning
                review += found.review
                new += found.new
            self._queue = StudyQueue(learning, review, new, day.end_ts, LEARN_AHEAD_S)
            self._queue_day = day.date.toordinal()
        return self._queue

    def _queue_candidates(self, day: StudyDay) -> dict[int, queries.DeckCandidates]:
        """Each studied deck's cards for today, within its daily limits less today's reviews in it.

        Read first up to the limits themselves; only when a deck found more than its limits less every
        deck's reviews today (``_limits_may_bind``) are today's reviews tallied per deck, and each list cut
        to what is left (a shorter limit's list is a prefix of the longer one's).
        """
        decks = [deck for deck in self.store.deck_rows()
                 if self._deck_filter is None or deck.id in self._deck_filter]
        today, day_end = day.date.toordinal(), day.end_ts
        if self._pacing_window(day) is not None:
            return queries.queue_candidates(self.store, self._limits_left(self._deck_filter), today, day_end)
        ceilings = {deck.id: (deck.new_per_day, deck.reviews_per_day) for deck in decks}
        found = queries.queue_candidates(self.store, ceilings, today, day_end)
        if not self._limits_may_bind(day, decks, [(len(f.new), len(f.review)) for f in found.values()]):
            return found
        left = self._limits_left(self._deck_filter)
        return {deck_id: queries.DeckCandidates(f.learning, f.review[:left[deck_id][1]], f.new[:left[deck_id][0]])
                for deck_id, f in found.items()}

    def counts(self) -> QueueCounts:
        return self._study_queue().counts()

    def next_card(self) -> CardView | None:
        """The card to study now, or ``None`` when today's queue is done."""
        queued = self._study_queue().peek(self._now_ts())
        if queued is None:
            return None
        view = self.card(queued.card_id, queue=queued.kind.value)
        self._shown_reps[view.id] = view.state.reps
        self._on_screen = view
        return view

    def card(self, card_id: int, *, queue: str | None = None) -> CardView:
        row = self.store.card_with_note(card_id)
        if row is None:
            raise NotFound(f"no card with id {card_id}")
        kind, fields = row.kind, json.loads(row.fields)
        template = kind_by_name(kind).templates[row.ord]
        target = None
        if template.spoken:
            # The note's own window, else its deck's, else the user's default for
            # the kind (Settings), else the kind's built-in default.
            if row.note_target_low is not None:
                target = _window(row.note_target_low, row.note_target_high)
            elif row.deck_target_low is not None:
                target = _window(row.deck_target_low, row.deck_target_high)
            elif kind in self.kind_targets():
                target = self.kind_targets()[kind]
            else:
                target = default_target(kind, fields)
        return CardView(row.id, row.note_id, row.deck_id, row.ord, kind, template.name, template.spoken,
                        target, state_of(row), fields, queue, tuple(row.tags.split()), row.deck_name,
                        bool(row.suspended),
                        int(row.buried_until or 0))

    def interval_preview(self, card_id: int) -> dict[Rating, str]:
        """What each answer button would schedule, as Anki shows it ("10m", "1d", "4d")."""
        row = self.store.card_row(card_id)
        if row is None:
            raise NotFound(f"no card with id {card_id}")
        now = self.clock.now()
        check_clock(now)
        intervals = self.scheduler.preview(state_of(row), now)
        return {rating: format_interval(delta) for rating, delta in intervals.items()}

    def answer(self, card_id: int, rating: Rating | int, duration_ms: int = 0, *, attempt_id: int | None = None,
               also: Callable[[Tx, int], object] | None = None) -> Answered:
        """Grade a card. The answer is committed (synced to disk) before this returns; ``.state`` is the new one.

        ``attempt_id``: a rehearsal attempt at this card, graded along with it — its self-grade is written in
        the answer's own transaction, so both are kept or neither (``NotFound`` for a deleted attempt).
        ``also(tx, revlog_id)`` writes more in that transaction (a mock interview links its answer).
        """
        rating = Rating(int(rating))
        graded: tuple[int, int | None] | None = None
        if attempt_id is not None:
            attempt_row = attempt_sql.attempt_row(self.store, attempt_id)
            if attempt_row is None:
                raise NotFound(f"no attempt with id {attempt_id}")
            graded = (attempt_id, attempt_row.self_grade)  # its self-grade before: undo puts it back
            also = _grading_attempt(attempt_id, int(rating), also)
        shown = self._on_screen
        if shown is not None and shown.id == card_id:
            # The card next_card() showed: its state as shown is the state answered, if the card is
            # still exactly in it (the write checks every part of it); else it is read again below.
            try:
                return self._grade(card_id, shown.state, shown.note_id, shown.kind, rating, duration_ms,
                                   also, graded, exact=True)
            except CardChanged:
                self._on_screen = None
        row = self.store.card_and_kind(card_id)
        if row is None:
            raise NotFound(f"no card with id {card_id}")
        before = state_of(row)
        if self._shown_reps.get(card_id, before.reps) != before.reps:
            self._card_changed_elsewhere(card_id)
        return self._grade(card_id, before, row.note_id, row.kind, rating, duration_ms, also, graded, exact=False)

    def _grade(self, card_id: int, before: CardState, note_id: int, kind: str, rating: Rating, duration_ms: int,
               also: Callable[[Tx, int], object] | None, graded: tuple[int, int | None] | None, *,
               exact: bool) -> Answered:
        """Answer ``card_id`` from state ``before``; ``exact``: only if the card is still in it."""
        has_siblings = len(kind_by_name(kind).templates) > 1
        now = self.clock.now()
        check_clock(now)
        after = self.scheduler.review(before, rating, now)
        window = self._interview if self._interview_loaded else self.interview_window()
        if window is not None and after.phase == Phase.REVIEW:
            capped = window.cap_due(after.due, int(now.timestamp()), card_id)
            if capped != after.due:
                after = replace(after, due=capped)
        log = (card_id, int(now.timestamp() * 1000), int(rating), max(0, int(duration_ms)),
               int(before.phase), before.step, before.stability, before.difficulty, before.due,
               before.last_review, int(after.phase), after.step, after.stability, after.difficulty, after.due)
        day = self.today()
        # In the final window before an interview every card must be seen: a sibling buried on its
        # last day would next come up on the interview day itself, so siblings stay in the queue.
        in_final_window = window is not None and window.first_day <= day.date <= window.last_day
        bury_until = day.date.toordinal() if has_siblings and not in_final_window else None
        try:
            revlog_id, siblings = self.store.answer(card_id, after, log, note_id, bury_until, before,
                                                    exact=exact, also=also)
        except CardChanged:
            if exact:
                raise  # answer() reads the card again
            self._card_changed_elsewhere(card_id)
        self._shown_reps.pop(card_id, None)  # answered as shown: the next showing records it again
        self._on_screen = None
        if siblings:
            # Buried siblings were not introduced: the daily limit they held in the queue goes to the
            # next new cards, which only a rebuild from the database finds (Anki's behaviour too).
            self._invalidate()
        else:
            queue = self._study_queue()
            queue.take(card_id)
            if after.phase in (Phase.LEARNING, Phase.RELEARNING):
                queue.add_learning(card_id, after.due)
        self._undo.append(AnswerUndo(card_id, revlog_id, before, tuple(siblings), graded))
        return Answered(after, _ANSWERED if graded is None else _ANSWERED_WITH_ATTEMPT, revlog_id)

    def _card_changed_elsewhere(self, card_id: int) -> NoReturn:
        """Refuse an answer to a card changed by another window or process; refresh the queue."""
        self._shown_reps.pop(card_id, None)
        self._invalidate()  # the next card comes from the database as it is now
        raise CardChanged(f"card {card_id} was answered in another window or process meanwhile; "
                               "this answer was not recorded")

    def undo(self) -> Undone | None:
        """Undo the last answer, suspension or burial; returns what was undone and the card to show again
        (``None``: nothing to undo). That card is put first in the study queue: ``next_card()`` returns it.

        The card to show again is an answer's card, or the one card a suspension or burial set aside
        while it was the study card on screen; cards set aside elsewhere (the browser) do not come back.
        ``CardChanged`` (nothing undone) when another window or process has answered that card since.
        """
        if not self._undo:
            return None
        entry = self._undo.pop()
        try:
            with self.store.transaction() as conn:
                entry.revert(self.store, conn)
        except CardChanged:
            self._invalidate()
            raise
        self._invalidate()
        again = entry.show_again
        if again is not None:
            row = self.store.card_row(again)
            # A card set aside in a deck no longer studied (another deck chosen since) stays out of this one.
            outside = (row is not None and isinstance(entry, FlagUndo) and self._deck_filter is not None
                       and row.deck_id not in self._deck_filter)
            if row is None or outside:
                again = None
            else:
                state = entry.before if isinstance(entry, AnswerUndo) else state_of(row)
                self._study_queue().prepend(QueuedCard(again, _kind_of(state)))
        answer = isinstance(entry, AnswerUndo)
        graded = isinstance(entry, AnswerUndo) and entry.attempt is not None
        return Undone(entry.label, Changes(cards=True, reviews=answer, attempts=graded), again)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- where the collection is and how it is open: what the app shows and checks (the screens ask these,
    # not the store behind them)

    @property
    def url(self) -> str:
        """The collection's SQLAlchemy URL (a SQLite file's, or a server's)."""
        return self.store.url

    @property
    def location(self) -> str:
        """The collection's place as the user reads it (a file's path, a server's host and database)."""
        return self.store.location

    @property
    def read_only(self) -> str | None:
        """Why the collection is open for reading only (a full disk, a read-only file, a newer schema), or None."""
        return self.store.read_only

    def change_mark(self) -> int | None:
        """A number that moves whenever the collection changes, here or in another process (None on a server)."""
        return self.store.change_mark()

    def suspend(self, card_ids: Sequence[int], suspended: bool = True) -> Changes:
        return self._set_flags(card_ids, suspended=suspended)

    def unsuspend(self, card_ids: Sequence[int]) -> Changes:
        return self._set_flags(card_ids, suspended=False)

    def bury(self, card_ids: Sequence[int], buried: bool = True) -> Changes:
        return self._set_flags(card_ids, bury=buried)

    def unbury(self, card_ids: Sequence[int]) -> Changes:
        return self._set_flags(card_ids, bury=False)

    def _set_flags(self, card_ids: Sequence[int], *, suspended: bool | None = None,
                   bury: bool | None = None) -> Changes:
        ids = list(card_ids)
        before = self.store.flags(ids)
        missing = set(ids) - set(before)
        if missing:
            raise NotFound(f"no card with id {min(missing)}")
        with self.store.transaction() as conn:
            if suspended is not None:
                self.store.set_suspended(conn, ids, suspended)
            if bury is not None:
                self.store.set_buried(conn, ids, self.today().date.toordinal() if bury else 0)
        # The study card on screen (shown by next_card, not answered) set aside: an undo shows it again.
        on_screen = ids[0] if len(ids) == 1 and ids[0] in self._shown_reps else None
        self._undo.append(FlagUndo(tuple((cid, *before[cid]) for cid in ids), study_card=on_screen))
        self._invalidate()
        return Changes(cards=True)

    # -- search ----------------------------------------------------------------------------

    def search(self, query: str, *, sort: str = "created", descending: bool = False,
               limit: int | None = None) -> list[int]:
        """Card ids matching the search language (see ``flashdeck.core.search``), sorted.

        ``sort`` is one of ``flashdeck.collection.browsing.SORTS`` (due, interval, difficulty, lapses, …).
        """
        day = self.today()
        return queries.search_card_ids(self.store, parse_search(query), now_ts=self._now_ts(),
                                       today=day.date.toordinal(), day_end_ts=day.end_ts,
                                       order=sort_clause(sort, descending), limit=limit)

    def notes(self, query: str = "") -> list[NoteListing]:
        """The notes with a card matching ``query`` (the search language; "" is every note), oldest first."""
        return note_listing(self.store, self.search(query))

    def note_id(self, ref: str | int) -> int:
        """A note's id from either of its ids: the number (``12``) or its stable id (``d:3f…``, a deck file's).

        A number is taken as the note id first, then as a stable id. ``NotFound`` for neither.
        """
        text = str(ref).strip()
        if text.isascii() and text.isdigit() and len(text) < 19 and self.store.note_row(int(text)) is not None:
            return int(text)
        found = self.store.notes_by_guid([text]).get(text)
        if found is None:
            raise NotFound(f"no note with id {text}")
        return int(found.id)

    def browse_rows(self, card_ids: list[int]) -> list[BrowseRow]:
        """The browser's table rows for a page of card ids, in order."""
        return browse_rows(self.store, card_ids)

    # -- statistics and checks -------------------------------------------------------------

    def stats(self) -> BasicStats:
        from flashdeck.collection.stats import basic_stats

        return basic_stats(self)

    def stats_full(self, deck: str | None = None, *, year: int | None = None) -> FullStats:
        """Heatmap, forecast, retention, card states, time and rehearsal figures (see ``stats``)."""
        from flashdeck.collection.stats import full_stats

        return full_stats(self, deck, year=year)

    def optimize(self, *, apply: bool = True) -> OptimizeResult:
        """Fit FSRS parameters to this collection's reviews; kept only if better (``OptimizeResult``)."""
        from flashdeck.collection.optimize import optimize_parameters

        return optimize_parameters(self, apply=apply)

    def retention_tradeoff(self, levels: Sequence[float] | None = None) -> list[TradeoffRow]:
        """Expected daily reviews and minutes at a few desired retentions (fsrs-rs's simulator)."""
        from flashdeck.collection.optimize import TRADEOFF_LEVELS, retention_tradeoff

        return retention_tradeoff(self, tuple(levels) if levels is not None else TRADEOFF_LEVELS)

    def check(self) -> list[str]:
        from flashdeck.collection.checks import check_collection

        return check_collection(self.store)

    def _now_ms(self) -> int:
        return int(self.clock.now().timestamp() * 1000)



def _window(low: int | None, high: int | None) -> tuple[int, int] | None:
    """A speaking window from its two columns (both set, or neither)."""
    return None if low is None or high is None else (low, high)


def _grading_attempt(attempt_id: int, grade: int,
                     also: Callable[[Tx, int], object] | None) -> Callable[[Tx, int], object]:
    """Write an attempt's self-grade inside an answer's transaction (then ``also``, if any)."""
    def write(tx: Tx, revlog_id: int) -> None:
        if not attempt_sql.set_self_grade(tx, attempt_id, grade):
            raise NotFound(f"no attempt with id {attempt_id} (deleted meanwhile): the answer was not recorded")
        if also is not None:
            also(tx, revlog_id)
    return write


def _kind_of(state: CardState) -> QueueKind:
    if state.phase == Phase.NEW:
        return QueueKind.NEW
    if state.phase == Phase.REVIEW:
        return QueueKind.REVIEW
    return QueueKind.LEARNING
