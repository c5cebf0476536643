"""The store: one DB-API connection, explicit transactions, and the SQL the collection needs.

SQLAlchemy describes the schema, runs the Alembic migrations and connects to
any database by URL. At run time the store speaks plain SQL over the driver
connection: SQLAlchemy's per-statement overhead (~0.1 ms) would otherwise
exceed the fsync of an answer, and importing it (~150 ms) would double the
start-up of a SQLite collection, so for SQLite it is only imported when a
migration has to run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flashdeck.core.scheduling import CardState, Phase
from flashdeck.storage import migrations
from flashdeck.storage.engine import is_sqlite, resolve_url, sqlite_path

__all__ = [
    "CARD_COLUMNS",
    "CARD_INSERT_COLUMNS",
    "NOTE_INSERT_COLUMNS",
    "CardChangedError",
    "CardRow",
    "Store",
    "Tx",
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
_INSERT_REVLOG = (
    "INSERT INTO revlog (card_id, reviewed_ms, rating, duration_ms, phase_before, step_before, "
    "stability_before, difficulty_before, due_before, last_review_before, phase_after, step_after, "
    "stability_after, difficulty_after, due_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
# Any constant shared by every FlashDeck process on a database ("FDCK" in ASCII).
_PG_WRITER_LOCK = 0x4644434B
_SIBLINGS = "SELECT id FROM cards WHERE note_id=? AND id<>? AND NOT suspended AND buried_until<?"
_DECK_COLUMNS = ("name", "description", "default_kind", "target_low", "target_high", "tags",
                 "new_per_day", "reviews_per_day", "created_ms")


NOTE_INSERT_COLUMNS = ("id", "guid", "deck_id", "kind", "created_ms", "title", "fields", "tags", "search_text",
                       "target_low", "target_high", "modified_ms", "imported")
CARD_INSERT_COLUMNS = ("id", "note_id", "deck_id", "ord", "phase", "due", "reps", "lapses", "suspended",
                       "buried_until")


class CardChangedError(LookupError):
    """A card was answered (or an answer undone) by another window or process since this one read it.

    Nothing was written; the message is one line for the user.
    """


def new_card_row(card_id: int, note_id: int, deck_id: int, ordinal: int) -> tuple[Any, ...]:
    """A new card in ``CARD_INSERT_COLUMNS`` order (its memory state starts empty)."""
    return (card_id, note_id, deck_id, ordinal, 0, 0, 0, 0, False, 0)


def state_of(row: CardRow) -> CardState:
    """The scheduler state in a card row (``CARD_COLUMNS`` order)."""
    return CardState(Phase(row[4]), row[5], row[6], row[7], row[8], row[9], row[10], row[11])


class Tx:
    """The statements of one open transaction (see ``Store.transaction``)."""

    def __init__(self, store: Store, cursor: Any) -> None:
        self._store, self._cursor = store, cursor

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns the cursor (for ``rowcount`` and ``fetchall``).

        Not the driver's return value: DB-API leaves it undefined (psycopg2 returns None).
        """
        self._cursor.execute(self._store.sql(statement), tuple(params))
        return self._cursor

    def executemany(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self._cursor.executemany(self._store.sql(statement), rows)

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        self.execute(statement, params)
        row = self._cursor.fetchone()
        return None if row is None else row[0]

    def insert_returning_id(self, statement: str, params: Sequence[Any]) -> int:
        if self._store.sqlite:
            self.execute(statement, params)
            return int(self._cursor.lastrowid)
        return int(self.scalar(statement + " RETURNING id", params))


class Store:
    """A connection to one collection database, schema brought to ``HEAD`` on open."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.sqlite = is_sqlite(self.url)
        self._engine: Any = None
        self._in_tx = False
        self._writer_lock: str | None = None
        if self.sqlite:
            path = sqlite_path(self.url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: every transaction is an explicit BEGIN IMMEDIATE … COMMIT.
            self._raw: Any = sqlite3.connect(str(path or ":memory:"), isolation_level=None,
                                             check_same_thread=False)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
                self._raw.execute(f"PRAGMA {pragma}")
            self._percent = False
        else:
            from flashdeck.storage.engine import make_engine

            self._engine = make_engine(self.url)
            self._raw = self._engine.raw_connection()
            self._percent = self._engine.dialect.paramstyle in ("format", "pyformat")
            if self._engine.dialect.name == "postgresql":
                # One writer at a time, as SQLite's BEGIN IMMEDIATE gives: new ids are
                # max(id) + 1 and config is update-or-insert, both safe only when
                # serialised. Readers never wait; the lock ends with the transaction.
                self._writer_lock = f"SELECT pg_advisory_xact_lock({_PG_WRITER_LOCK})"
        self._ensure_schema()

    # -- connection and transactions ------------------------------------------------

    def _ensure_schema(self) -> None:
        if self.version() == migrations.HEAD:
            return
        # Migrations run on a SQLAlchemy connection of their own, then we carry on.
        from flashdeck.storage.engine import make_engine

        engine = self._engine or make_engine(self.url)
        try:
            with engine.begin() as conn:
                if self._writer_lock is not None:
                    # Two starts upgrading one server database at once: the second waits for the
                    # first, then finds the schema at HEAD (Alembic reads the version after this).
                    conn.exec_driver_sql(self._writer_lock)
                migrations.upgrade(conn)
        finally:
            if engine is not self._engine:
                engine.dispose()

    def version(self) -> str | None:
        """The schema revision, or ``None`` for an empty database."""
        try:
            rows = self.fetchall("SELECT version_num FROM alembic_version")
        except Exception:  # no such table: each driver has its own error class
            if not self.sqlite:
                self._raw.rollback()
            return None
        finally:
            if not self.sqlite:
                self._raw.commit()  # end the read transaction the driver opened
        return rows[0][0] if rows else None

    @property
    def path(self) -> Path | None:
        """The SQLite file; ``None`` for an in-memory database or a database server."""
        return sqlite_path(self.url)

    def backup_to(self, target: Path) -> None:
        """Copy a SQLite collection to ``target`` with SQLite's online backup API.

        The copy is made in one step, inside one read transaction, so it is a
        consistent snapshot even while this or another process keeps writing
        (a file copy of a WAL database can tear). The copy is a single file in
        rollback-journal mode, ready to be moved, mailed or restored.
        """
        if not self.sqlite:
            raise ValueError("only a SQLite collection can be copied with the backup API")
        dest = sqlite3.connect(str(target), isolation_level=None)
        try:
            self._raw.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()

    def close(self) -> None:
        if self._raw is None:
            return
        if self.sqlite:
            # Fold the WAL back so the file on disk is whole without its -wal companion.
            self._raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._raw.close()
        self._raw = None
        if self._engine is not None:
            self._engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One user action: committed (and synced) on exit, rolled back on error.

        Reads through the store (``fetchall``) inside it see its uncommitted writes.
        """
        if self._in_tx:
            raise RuntimeError("transactions do not nest")
        cursor = self._raw.cursor()
        self._in_tx = True
        try:
            if self.sqlite:
                # IMMEDIATE takes the write lock up front: two processes never deadlock
                # upgrading a read transaction; the second waits (busy_timeout).
                cursor.execute("BEGIN IMMEDIATE")
            elif self._writer_lock is not None:
                cursor.execute(self._writer_lock)
            try:
                yield Tx(self, cursor)
            except BaseException:
                if self.sqlite:
                    cursor.execute("ROLLBACK")
                else:
                    self._raw.rollback()
                raise
            if self.sqlite:
                cursor.execute("COMMIT")
            else:
                self._raw.commit()
        finally:
            self._in_tx = False
            cursor.close()

    def sql(self, statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s") if self._percent else statement

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite:
            return list(self._raw.execute(statement, tuple(params)).fetchall())
        cursor = self._raw.cursor()
        try:
            cursor.execute(self.sql(statement), tuple(params))
            return [tuple(r) for r in cursor.fetchall()]
        finally:
            cursor.close()
            if not self.in_transaction:
                self._raw.commit()  # a read outside an action must not hold a snapshot open

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.fetchall(statement, params)
        return rows[0][0] if rows else None

    @property
    def in_transaction(self) -> bool:
        if self.sqlite:
            return bool(self._raw.in_transaction)
        return self._in_tx

    # -- config -----------------------------------------------------------------------

    def get_config(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM config WHERE key=?", (key,))
        return default if value is None else json.loads(value)

    def set_config(self, key: str, value: Any, tx: Tx) -> None:
        payload = json.dumps(value, sort_keys=True)
        if tx.execute("UPDATE config SET value=? WHERE key=?", (payload, key)).rowcount == 0:
            tx.execute("INSERT INTO config (key, value) VALUES (?, ?)", (key, payload))

    # -- decks -------------------------------------------------------------------------

    def deck_rows(self) -> list[tuple[Any, ...]]:
        return self.fetchall(
            "SELECT id, name, description, default_kind, target_low, target_high, tags, "
            "new_per_day, reviews_per_day FROM decks ORDER BY name"
        )

    def deck_id(self, name: str) -> int | None:
        value = self.scalar("SELECT id FROM decks WHERE name=?", (name,))
        return None if value is None else int(value)

    def deck_by_origin(self, name: str) -> tuple[int, str, str] | None:
        """(id, name, origin) of the deck a document calls ``name``: renamed since, or never."""
        rows = self.fetchall("SELECT id, name, origin FROM decks WHERE name=?", (name,)) or self.fetchall(
            "SELECT id, name, origin FROM decks WHERE origin=? ORDER BY id DESC", (name,))
        if not rows:
            return None
        deck_id, current, origin = rows[0]
        return int(deck_id), current, origin or current

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
        self, tx: Tx, note_rows: list[tuple[Any, ...]], card_rows: list[tuple[Any, ...]]
    ) -> None:
        """Bulk insert (rows in ``NOTE_INSERT_COLUMNS`` / ``CARD_INSERT_COLUMNS`` order)."""
        for table, columns, rows in (("notes", NOTE_INSERT_COLUMNS, note_rows),
                                     ("cards", CARD_INSERT_COLUMNS, card_rows)):
            tx.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
            )

    def notes_by_guid(self, guids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """guid → (id, deck_id, kind, fields JSON, tags, target_low, target_high, imported JSON or None)."""
        out: dict[str, tuple[Any, ...]] = {}
        wanted = list(guids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.fetchall(
                "SELECT guid, id, deck_id, kind, fields, tags, target_low, target_high, imported "
                f"FROM notes WHERE guid IN ({marks})",
                chunk,
            ):
                out[row[0]] = tuple(row[1:])
        return out

    def guids_in_deck(self, deck_id: int) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.fetchall("SELECT guid, title FROM notes WHERE deck_id=?", (deck_id,))]

    def update_note(self, tx: Tx, note_id: int, values: dict[str, Any]) -> None:
        self._update(tx, "notes", note_id, values)

    def card_ords(self, note_id: int) -> set[int]:
        return {r[0] for r in self.fetchall("SELECT ord FROM cards WHERE note_id=?", (note_id,))}

    def note_row(self, note_id: int) -> tuple[Any, ...] | None:
        rows = self.fetchall(
            "SELECT id, guid, deck_id, kind, title, fields, tags, target_low, target_high, "
            "created_ms, modified_ms FROM notes WHERE id=?",
            (note_id,),
        )
        return rows[0] if rows else None

    def delete_notes(self, tx: Tx, note_ids: Sequence[int]) -> None:
        for start in range(0, len(note_ids), 500):
            chunk = list(note_ids[start : start + 500])
            tx.execute(f"DELETE FROM notes WHERE id IN ({','.join('?' * len(chunk))})", chunk)

    # -- cards ---------------------------------------------------------------------------

    def card_row(self, card_id: int) -> CardRow | None:
        rows = self.fetchall(f"SELECT {CARD_COLUMNS} FROM cards WHERE id=?", (card_id,))
        return rows[0] if rows else None

    def card_with_note(self, card_id: int) -> tuple[Any, ...] | None:
        """The card row followed by its note's kind, fields, target and its deck's target."""
        rows = self.fetchall(
            f"SELECT {_C_CARD_COLUMNS}, n.kind, n.fields, n.target_low, n.target_high, d.target_low, "
            "d.target_high FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id "
            "WHERE c.id=?",
            (card_id,),
        )
        return rows[0] if rows else None

    def card_and_kind(self, card_id: int) -> tuple[Any, ...] | None:
        rows = self.fetchall(
            f"SELECT {_C_CARD_COLUMNS}, n.kind FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.id=?",
            (card_id,),
        )
        return rows[0] if rows else None

    def answer(self, card_id: int, after: CardState, log: tuple[Any, ...], note_id: int,
               bury_until: int | None, before_reps: int) -> tuple[int, list[int]]:
        """Write one answer in one durable transaction: the hot path of every review.

        Returns the review log id and the sibling cards it buried (with
        ``bury_until`` None the note has no siblings and none are looked for).
        ``CardChangedError`` (nothing written) when the card no longer has
        ``before_reps``: another process answered it after the caller read it.
        """
        card_params = (
            int(after.phase), after.step, after.stability, after.difficulty, after.due,
            after.last_review, after.reps, after.lapses, card_id, before_reps,
        )
        with self.transaction() as tx:
            if tx.execute(_UPDATE_CARD_IF_UNCHANGED, card_params).rowcount != 1:
                raise CardChangedError(f"card {card_id} was just answered in another window or process; "
                                       "this answer was not recorded")
            revlog_id = tx.insert_returning_id(_INSERT_REVLOG, log)
            siblings: list[int] = []
            if bury_until is not None:
                siblings = [r[0] for r in tx.execute(_SIBLINGS, (note_id, card_id, bury_until)).fetchall()]
                if siblings:
                    self.set_buried(tx, siblings, bury_until)
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
