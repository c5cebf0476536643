"""The store: the SQL the collection needs, over one connection (``flashdeck.storage.database``).

SQLAlchemy describes the schema, runs the Alembic migrations and connects to
any database by URL. At run time the store speaks plain SQL over the driver
connection: SQLAlchemy's per-statement overhead (~0.1 ms) would otherwise
exceed the fsync of an answer, and importing it (~150 ms) would double the
start-up of a SQLite collection, so for SQLite it is only imported when a
migration has to run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from flashdeck.core.errors import CardChanged
from flashdeck.core.scheduling import CardState, Phase
from flashdeck.storage.database import Database, Tx
from flashdeck.storage.rows import CardAndKind, CardRecord, CardWithNote, DeckOrigin, DeckRow, NoteRow, StoredNote

__all__ = [
    "AS_STORED",
    "CARD_COLUMNS",
    "CARD_INSERT_COLUMNS",
    "NOTE_INSERT_COLUMNS",
    "CardChangedError",
    "CardRow",
    "NewCards",
    "NewNotes",
    "Store",
    "Tx",
    "imported_json",
    "new_card_row",
    "state_of",
]

CARD_COLUMNS = (
    "id, note_id, deck_id, ord, phase, step, stability, difficulty, due, last_review, "
    "reps, lapses, suspended, buried_until"
)
_C_CARD_COLUMNS = ", ".join("c." + c.strip() for c in CARD_COLUMNS.split(","))
CardRow = tuple[Any, ...]

_UPDATE_CARD = (
    "UPDATE cards SET phase=?, step=?, stability=?, difficulty=?, due=?, last_review=?, "
    "reps=?, lapses=? WHERE id=?"
)
# Every answer adds one to reps and an undo takes it back: reps is the card's version. A write
# that names the reps it started from cannot land on a state another process wrote meanwhile.
_UPDATE_CARD_IF_UNCHANGED = _UPDATE_CARD + " AND reps=?"
# An answer computed from a state read earlier (the card on screen) lands only on that very state:
# anything that moved it without an answer (a reschedule, a clock set back) is caught too.
_IS = {True: "IS", False: "IS NOT DISTINCT FROM"}  # NULL-safe equality: SQLite's spelling, then the standard one
_UPDATE_CARD_IF_EXACTLY = {
    sqlite: _UPDATE_CARD_IF_UNCHANGED + f" AND phase=? AND step {op} ? AND stability {op} ? AND difficulty {op} ? "
    f"AND due=? AND last_review {op} ? AND lapses=?"
    for sqlite, op in _IS.items()
}
_INSERT_REVLOG = (
    "INSERT INTO revlog (card_id, reviewed_ms, rating, duration_ms, phase_before, step_before, "
    "stability_before, difficulty_before, due_before, last_review_before, phase_after, step_after, "
    "stability_after, difficulty_after, due_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_SIBLINGS = "SELECT id FROM cards WHERE note_id=? AND id<>? AND NOT suspended AND buried_until<?"
_DECK_COLUMNS = ("name", "description", "default_kind", "target_low", "target_high", "tags",
                 "new_per_day", "reviews_per_day", "created_ms")


# notes.imported, the note as its last import wrote it (what tells the user's edits from the file's changes):
# NULL: none (typed in the app, or not imported since 0007); AS_STORED: its own fields and tags, unchanged
# since (every note an import adds: no second copy of their text); else the JSON {"fields", "tags"}.
# Whatever changes a note's fields or tags first calls ``keep_imported`` (AS_STORED becomes the copy).
AS_STORED = ""

NOTE_INSERT_COLUMNS = ("id", "guid", "deck_id", "kind", "created_ms", "title", "fields", "tags", "search_text",
                       "target_low", "target_high", "modified_ms", "imported")
CARD_INSERT_COLUMNS = ("id", "note_id", "deck_id", "ord", "phase", "due", "reps", "lapses", "suspended",
                       "buried_until")


# A bulk insert of more notes than this gets a page cache of its own size (see insert_notes_and_cards).
_BULK_CACHE_ROWS = 2_000
_BULK_CACHE_KIB = 128 * 1024


# The name before the FlashDeckError family (#16); callers and tests still use it.
CardChangedError = CardChanged


def new_card_row(card_id: int, note_id: int, deck_id: int, ordinal: int) -> tuple[Any, ...]:
    """A new card in ``CARD_INSERT_COLUMNS`` order (its memory state starts empty)."""
    return (card_id, note_id, deck_id, ordinal, 0, 0, 0, 0, False, 0)


class NewCards:
    """New cards, added in id order and kept as runs: cards one apart for notes one apart, of one deck and
    one template (an import's card per note) make one run, written by one ``INSERT … SELECT`` over those
    notes instead of a row of ten values per card (binding them was a third of a bulk import's inserts)."""

    __slots__ = ("runs",)

    def __init__(self) -> None:
        self.runs: list[list[int]] = []  # [first card id, first note id, cards, deck id, ordinal]

    def add(self, card_id: int, note_id: int, deck_id: int, ordinal: int) -> None:
        if self.runs:
            last = self.runs[-1]
            count = last[2]
            if (card_id == last[0] + count and note_id == last[1] + count and deck_id == last[3]
                    and ordinal == last[4]):
                last[2] = count + 1
                return
        self.runs.append([card_id, note_id, 1, deck_id, ordinal])

    def add_run(self, card_id: int, note_id: int, count: int, deck_id: int, ordinal: int) -> None:
        """``add`` for ``count`` cards one apart of notes one apart, at once."""
        if count < 1:
            return
        self.add(card_id, note_id, deck_id, ordinal)
        self.runs[-1][2] += count - 1

    def __len__(self) -> int:
        return sum(run[2] for run in self.runs)


class NewNotes:
    """New notes, grouped by what they share: deck, kind, target and "as imported" (and the time, one for
    all). A group is one statement with those values written into it, so each row binds only its own six
    (id, guid, title, fields, tags, search text): binding thirteen was ~40 % of inserting the notes."""

    __slots__ = ("groups", "now_ms")

    def __init__(self, now_ms: int) -> None:
        self.now_ms = now_ms
        # (deck id, kind, target low, target high, imported) → rows of (id, guid, title, fields, tags, search)
        self.groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}

    def group(self, shared: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """The rows of the notes that share ``shared`` (append each note's own values)."""
        if (rows := self.groups.get(shared)) is None:
            rows = self.groups[shared] = []
        return rows

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.groups.values())

    def statements(self) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
        """(``INSERT … VALUES``, one row's ``(…)``, rows) per group; a group whose shared values are no plain
        literal binds all thirteen."""
        head = f"INSERT INTO notes ({', '.join(NOTE_INSERT_COLUMNS)}) VALUES "
        for (deck_id, kind, low, high, imported), rows in self.groups.items():
            literals = [_literal(value) for value in (deck_id, kind, self.now_ms, low, high, self.now_ms, imported)]
            if all(literal is not None for literal in literals):
                d, k, c, lo, hi, m, i = literals
                yield head, f"(?, ?, {d}, {k}, {c}, ?, ?, ?, ?, {lo}, {hi}, {m}, {i})", rows
            else:
                yield (head, f"({', '.join('?' * len(NOTE_INSERT_COLUMNS))})",
                       [(r[0], r[1], deck_id, kind, self.now_ms, *r[2:], low, high, self.now_ms, imported)
                        for r in rows])


_PLAIN = re.compile(r"[a-z_]*")


def _literal(value: Any) -> str | None:
    """``value`` as an SQL literal when it is an int, NULL or a word of lower-case letters; else None."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if type(value) is str and _PLAIN.fullmatch(value):
        return f"'{value}'"
    return None


# Looking up more ids than this first counts the notes (see notes_by_guid).
_LOOKUP_ALL_FROM = 500

# New notes inserted by one statement (the rest, fewer, one statement a row): 100 rows of 6 bound values are
# prepared once; larger statements cost more to prepare than they save on an import of 1,000 notes.
_ROWS_PER_INSERT = 100

# A run of fewer cards than this is written as rows (one statement per run would cost more).
_RUN_CARDS = 16
_INSERT_CARD_RUN = (f"INSERT INTO cards ({', '.join(CARD_INSERT_COLUMNS)}) "
                    "SELECT id + ?, id, ?, ?, 0, 0, 0, 0, ?, 0 FROM notes WHERE id BETWEEN ? AND ?")


def imported_json(fields_json: str, tags: list[str]) -> str:
    """The "as imported" JSON of a note whose fields are ``fields_json`` (as stored: keys sorted)."""
    return f'{{"fields": {fields_json}, "tags": {json.dumps(tags, ensure_ascii=False)}}}'


def state_of(row: CardRow) -> CardState:
    """The scheduler state in a card row (``CARD_COLUMNS`` order)."""
    return CardState(Phase(row[4]), row[5], row[6], row[7], row[8], row[9], row[10], row[11])


class Store(Database):
    """The collection's SQL over its ``Database`` connection."""

    # -- config -----------------------------------------------------------------------

    def get_config(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM config WHERE key=?", (key,))
        return default if value is None else json.loads(value)

    def set_config(self, key: str, value: Any, tx: Tx) -> None:
        payload = json.dumps(value, sort_keys=True)
        if tx.execute("UPDATE config SET value=? WHERE key=?", (payload, key)).rowcount == 0:
            tx.execute("INSERT INTO config (key, value) VALUES (?, ?)", (key, payload))

    # -- decks -------------------------------------------------------------------------

    def deck_rows(self) -> list[DeckRow]:
        return [DeckRow._make(row) for row in self.fetchall(
            "SELECT id, name, description, default_kind, target_low, target_high, tags, "
            "new_per_day, reviews_per_day FROM decks ORDER BY name"
        )]

    def deck_id(self, name: str) -> int | None:
        value = self.scalar("SELECT id FROM decks WHERE name=?", (name,))
        return None if value is None else int(value)

    def deck_by_origin(self, name: str) -> DeckOrigin | None:
        """(id, name, origin) of the deck a document calls ``name``: renamed since, or never."""
        rows = self.fetchall("SELECT id, name, origin FROM decks WHERE name=?", (name,)) or self.fetchall(
            "SELECT id, name, origin FROM decks WHERE origin=? ORDER BY id DESC", (name,))
        if not rows:
            return None
        deck_id, current, origin = rows[0]
        return DeckOrigin(int(deck_id), current, origin or current)

    def rename_deck(self, tx: Tx, old: str, new: str) -> None:
        """Rename a deck and its sub-decks ("Old::Sub" → "New::Sub"); each keeps the name documents give it."""
        for row_id, name, origin in tx.execute("SELECT id, name, origin FROM decks").fetchall():
            if name != old and not name.startswith(old + "::"):
                continue
            renamed = new + name[len(old):]
            tx.execute("UPDATE decks SET name=?, origin=? WHERE id=?", (renamed, origin or name, row_id))
        tx.execute("UPDATE decks SET origin=NULL WHERE origin=name")

    def insert_deck(self, tx: Tx, values: dict[str, Any]) -> int:
        next_id = int(tx.scalar("SELECT coalesce(max(id), 0) + 1 FROM decks"))
        columns = ("id", *_DECK_COLUMNS)
        row = (next_id, *(values[c] for c in _DECK_COLUMNS))
        tx.execute(f"INSERT INTO decks ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", row)
        return next_id

    def update_deck(self, tx: Tx, deck_id: int, values: dict[str, Any]) -> None:
        self._update(tx, "decks", deck_id, values)

    @staticmethod
    def _update(tx: Tx, table: str, row_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column}=?" for column in values)
        tx.execute(f"UPDATE {table} SET {assignments} WHERE id=?", (*values.values(), row_id))

    # -- notes and cards in bulk ---------------------------------------------------------

    def next_ids(self, tx: Tx) -> tuple[int, int]:
        """The next free note and card ids (inside the caller's write transaction)."""
        note = tx.scalar("SELECT coalesce(max(id), 0) + 1 FROM notes")
        card = tx.scalar("SELECT coalesce(max(id), 0) + 1 FROM cards")
        return int(note), int(card)

    def insert_notes_and_cards(
        self, tx: Tx, note_rows: list[tuple[Any, ...]] | NewNotes, card_rows: list[tuple[Any, ...]] | NewCards
    ) -> None:
        """Bulk insert (rows in ``NOTE_INSERT_COLUMNS`` / ``CARD_INSERT_COLUMNS`` order, or ``NewNotes``;
        cards as rows, or ``NewCards`` of notes that exist once the notes are in)."""
        # SQLite's page cache (2 MB by default) holds the transaction's changed pages until the commit;
        # a bulk insert changes more (50,000 notes: ~30 MB), so without room SQLite writes pages to the
        # WAL early and writes them again when they change once more (~25% of the insert's time). The
        # cache grows only as pages are used, and is put back after.
        cache = int(tx.scalar("PRAGMA cache_size")) if self.sqlite and len(note_rows) > _BULK_CACHE_ROWS else None
        if cache is not None:
            tx.execute(f"PRAGMA cache_size={-_BULK_CACHE_KIB}")
        try:
            runs: list[list[int]] = []
            if isinstance(card_rows, NewCards):
                runs = [run for run in card_rows.runs if run[2] >= _RUN_CARDS]
                card_rows = [new_card_row(card_id + i, note_id + i, deck_id, ordinal)
                             for card_id, note_id, count, deck_id, ordinal in card_rows.runs if count < _RUN_CARDS
                             for i in range(count)]
            if isinstance(note_rows, NewNotes):
                for head, row, rows in note_rows.statements():
                    # A statement of many rows' values: one execution (cursors opened, the statement reset, the
                    # GIL released) per _ROWS_PER_INSERT notes instead of per note (~4,000 instructions a note).
                    whole = len(rows) - len(rows) % _ROWS_PER_INSERT
                    if whole:
                        many = head + ", ".join([row] * _ROWS_PER_INSERT)
                        for start in range(0, whole, _ROWS_PER_INSERT):
                            tx.execute(many, list(chain.from_iterable(rows[start:start + _ROWS_PER_INSERT])))
                    tx.executemany(head + row, rows[whole:])
            else:
                tx.executemany(f"INSERT INTO notes ({', '.join(NOTE_INSERT_COLUMNS)}) "
                               f"VALUES ({', '.join('?' * len(NOTE_INSERT_COLUMNS))})", note_rows)
            tx.executemany(f"INSERT INTO cards ({', '.join(CARD_INSERT_COLUMNS)}) "
                           f"VALUES ({', '.join('?' * len(CARD_INSERT_COLUMNS))})", card_rows)
            for card_id, note_id, count, deck_id, ordinal in runs:
                written = tx.execute(_INSERT_CARD_RUN, (card_id - note_id, deck_id, ordinal, False, note_id,
                                                        note_id + count - 1)).rowcount
                if written != count:  # (a note of the run missing: never, but not a card for another note)
                    raise RuntimeError(f"{written} cards written for a run of {count} notes from {note_id}")
        finally:
            if cache is not None:
                tx.execute(f"PRAGMA cache_size={cache}")

    def notes_by_guid(self, guids: Iterable[str]) -> dict[str, StoredNote]:
        """guid → the stored note of that stable id, for the guids that have one."""
        out: dict[str, StoredNote] = {}
        wanted = list(guids)
        if len(wanted) > _LOOKUP_ALL_FROM:
            # More ids than the collection has notes (a first import): its ids, read at once, say which
            # are there, rather than a probe of the index per id (10,000 ids: 5-8 ms; an empty collection: 0).
            stored = int(self.scalar("SELECT count(*) FROM notes"))
            if stored < len(wanted):
                have = {row[0] for row in self.fetchall("SELECT guid FROM notes")}
                wanted = [guid for guid in wanted if guid in have]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.fetchall(
                "SELECT guid, id, deck_id, kind, fields, tags, target_low, target_high, imported "
                f"FROM notes WHERE guid IN ({marks})",
                chunk,
            ):
                out[row[0]] = StoredNote._make(row[1:])
        return out

    def guids_in_deck(self, deck_id: int) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.fetchall("SELECT guid, title FROM notes WHERE deck_id=?", (deck_id,))]

    def update_note(self, tx: Tx, note_id: int, values: dict[str, Any]) -> None:
        self._update(tx, "notes", note_id, values)

    def keep_imported(self, tx: Tx, note_id: int) -> None:
        """Before a note's fields or tags change other than by an import: an ``AS_STORED`` "as imported"
        becomes a copy of the values it stands for (else the edit would pass for the imported version)."""
        rows = tx.execute("SELECT fields, tags FROM notes WHERE id=? AND imported=?", (note_id, AS_STORED)).fetchall()
        if rows:
            fields, tags = rows[0]
            tx.execute("UPDATE notes SET imported=? WHERE id=?", (imported_json(fields, tags.split()), note_id))

    def card_ords(self, note_id: int) -> set[int]:
        return {r[0] for r in self.fetchall("SELECT ord FROM cards WHERE note_id=?", (note_id,))}

    def note_row(self, note_id: int) -> NoteRow | None:
        rows = self.fetchall(
            "SELECT id, guid, deck_id, kind, title, fields, tags, target_low, target_high, "
            "created_ms, modified_ms FROM notes WHERE id=?",
            (note_id,),
        )
        return NoteRow._make(rows[0]) if rows else None

    def delete_notes(self, tx: Tx, note_ids: Sequence[int]) -> None:
        for start in range(0, len(note_ids), 500):
            chunk = list(note_ids[start : start + 500])
            tx.execute(f"DELETE FROM notes WHERE id IN ({','.join('?' * len(chunk))})", chunk)

    # -- cards ---------------------------------------------------------------------------

    def card_row(self, card_id: int) -> CardRecord | None:
        rows = self.fetchall(f"SELECT {CARD_COLUMNS} FROM cards WHERE id=?", (card_id,))
        return CardRecord._make(rows[0]) if rows else None

    def card_with_note(self, card_id: int) -> CardWithNote | None:
        """The card row followed by its note's kind, fields, target, its deck's target, the note's tags and
        the deck's name."""
        rows = self.fetchall(
            f"SELECT {_C_CARD_COLUMNS}, n.kind, n.fields, n.target_low, n.target_high, d.target_low, "
            "d.target_high, n.tags, d.name FROM cards c JOIN notes n ON n.id = c.note_id "
            "JOIN decks d ON d.id = c.deck_id WHERE c.id=?",
            (card_id,),
        )
        return CardWithNote._make(rows[0]) if rows else None

    def card_and_kind(self, card_id: int) -> CardAndKind | None:
        rows = self.fetchall(
            f"SELECT {_C_CARD_COLUMNS}, n.kind FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.id=?",
            (card_id,),
        )
        return CardAndKind._make(rows[0]) if rows else None

    def answer(self, card_id: int, after: CardState, log: tuple[Any, ...], note_id: int,
               bury_until: int | None, before: CardState, *, exact: bool = False,
               also: Callable[[Tx, int], object] | None = None) -> tuple[int, list[int]]:
        """Write one answer in one durable transaction: the hot path of every review.

        Returns the review log id and the sibling cards it buried (with
        ``bury_until`` None the note has no siblings and none are looked for).
        ``CardChangedError`` (nothing written) when the card no longer has
        ``before``'s reps (another process answered it after the caller read it)
        or, with ``exact``, when any part of its state is no longer ``before``'s.
        """
        if exact:
            statement = _UPDATE_CARD_IF_EXACTLY[self.sqlite]
            card_params: tuple[Any, ...] = (
                int(after.phase), after.step, after.stability, after.difficulty, after.due,
                after.last_review, after.reps, after.lapses, card_id, before.reps,
                int(before.phase), before.step, before.stability, before.difficulty, before.due,
                before.last_review, before.lapses,
            )
        else:
            statement = _UPDATE_CARD_IF_UNCHANGED
            card_params = (
                int(after.phase), after.step, after.stability, after.difficulty, after.due,
                after.last_review, after.reps, after.lapses, card_id, before.reps,
            )
        with self.transaction() as tx:
            if tx.execute(statement, card_params).rowcount != 1:
                raise CardChangedError(f"card {card_id} was just answered in another window or process; "
                                       "this answer was not recorded")
            revlog_id = tx.insert_returning_id(_INSERT_REVLOG, log)
            siblings: list[int] = []
            if bury_until is not None:
                siblings = [r[0] for r in tx.execute(_SIBLINGS, (note_id, card_id, bury_until)).fetchall()]
                if siblings:
                    self.set_buried(tx, siblings, bury_until)
            if also is not None:
                also(tx, revlog_id)
        return revlog_id, siblings

    def set_buried(self, tx: Tx, card_ids: Sequence[int], until: int) -> None:
        self._set_many(tx, "buried_until", card_ids, until)

    def set_suspended(self, tx: Tx, card_ids: Sequence[int], value: bool) -> None:
        self._set_many(tx, "suspended", card_ids, value)

    @staticmethod
    def _set_many(tx: Tx, column: str, card_ids: Sequence[int], value: Any) -> None:
        ids = list(card_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            tx.execute(f"UPDATE cards SET {column}=? WHERE id IN ({','.join('?' * len(chunk))})", (value, *chunk))

    def restore_card(self, tx: Tx, card_id: int, state: CardState, *, if_reps: int | None = None) -> bool:
        """Put a card's scheduling state back; with ``if_reps``, only if it still has that many reps."""
        params = (int(state.phase), state.step, state.stability, state.difficulty, state.due,
                  state.last_review, state.reps, state.lapses, card_id)
        if if_reps is None:
            return bool(tx.execute(_UPDATE_CARD, params).rowcount)
        return bool(tx.execute(_UPDATE_CARD_IF_UNCHANGED, (*params, if_reps)).rowcount)

    def insert_reviews(self, tx: Tx, rows: list[tuple[Any, ...]]) -> None:
        """Bulk-insert review log rows (``answer``'s ``log`` order), e.g. an imported history."""
        tx.executemany(_INSERT_REVLOG, rows)

    def delete_revlog(self, tx: Tx, revlog_id: int) -> None:
        tx.execute("DELETE FROM revlog WHERE id=?", (revlog_id,))

    def flags(self, card_ids: Sequence[int]) -> dict[int, tuple[bool, int]]:
        out: dict[int, tuple[bool, int]] = {}
        ids = list(card_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for cid, suspended, buried in self.fetchall(
                f"SELECT id, suspended, buried_until FROM cards WHERE id IN ({marks})", chunk
            ):
                out[cid] = (bool(suspended), int(buried))
        return out
