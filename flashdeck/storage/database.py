"""The connection under a collection: opening it, transactions, reads, and what their failures mean.

One DB-API connection, explicit transactions. SQLite is opened by
``flashdeck.storage.sqlite_open`` (whatever state the file, folder and disk
are in); any other database through a SQLAlchemy engine, whose connection is
taken again, once, when the server went away between two actions. Every
driver error that means a full disk, a read-only file, a held lock, damage or
a lost server comes out as the ``flashdeck.storage.errors`` class saying so,
with the collection's place in its one line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from flashdeck.storage import errors, migrations
from flashdeck.storage.engine import describe_location, is_sqlite, resolve_url, sqlite_path
from flashdeck.storage.sqlite_driver import sqlite3
from flashdeck.storage.sqlite_open import newer_schema, open_sqlite, read_version

__all__ = ["Database", "Tx"]

# Any constant shared by every FlashDeck process on a database ("FDCK" in ASCII).
_PG_WRITER_LOCK = 0x4644434B


class Tx:
    """The statements of one open transaction (see ``Store.transaction``)."""

    def __init__(self, store: Database, cursor: Any) -> None:
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


class Transaction:
    """``with store.transaction() as tx``: begins on entry, commits on a clean exit, rolls back otherwise.

    A class rather than a generator context manager: every answer opens one, and the generator's
    machinery cost more than the rest of the Python around the answer's statements.
    """

    __slots__ = ("_cursor", "_db")

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cursor: Any = None

    def __enter__(self) -> Tx:
        db = self._db
        if db._in_tx:
            raise RuntimeError("transactions do not nest")
        db._in_tx = True
        try:
            self._cursor = db._begin()
        except BaseException:
            db._in_tx = False
            raise
        return Tx(db, self._cursor)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        db, cursor = self._db, self._cursor
        try:
            if exc is not None:
                db._rollback()
                if isinstance(exc, Exception):
                    raise db._failed(exc) from exc
                return  # KeyboardInterrupt and the like go on as they are
            try:
                if db.sqlite:
                    cursor.execute("COMMIT")
                else:
                    db._raw.commit()
            except Exception as failure:
                db._rollback()  # SQLite keeps a transaction open when its COMMIT fails (a full disk)
                raise db._failed(failure) from failure
        finally:
            db._in_tx = False
            with suppress(Exception):
                cursor.close()


class Database:
    """A connection to one collection database, schema brought to ``HEAD`` on open."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.sqlite = is_sqlite(self.url)
        self.location = describe_location(self.url)
        self._engine: Any = None
        self._in_tx = False
        self._writer_lock: str | None = None
        # Why the collection could only be opened for reading (a read-only folder, a full disk), else None.
        self.read_only: str | None = None
        self._lost = False  # the server connection broke: the next action reconnects first
        if self.sqlite:
            # Autocommit mode: every transaction is an explicit BEGIN IMMEDIATE … COMMIT.
            opened = open_sqlite(self.path)
            self._raw: Any = opened.conn
            self.read_only = opened.read_only
            self._percent = False
            version = opened.version
        else:
            from flashdeck.storage.engine import make_engine

            self._engine = make_engine(self.url)
            try:
                self._raw = self._connect_server()
            except errors.ConnectionLostError as lost:
                raise errors.unreachable(self.location, lost.__cause__ or lost) from lost
            self._percent = self._engine.dialect.paramstyle in ("format", "pyformat")
            if self._engine.dialect.name == "postgresql":
                # One writer at a time, as SQLite's BEGIN IMMEDIATE gives: new ids are
                # max(id) + 1 and config is update-or-insert, both safe only when
                # serialised. Readers never wait; the lock ends with the transaction.
                self._writer_lock = f"SELECT pg_advisory_xact_lock({_PG_WRITER_LOCK})"
            version = self.version()
        try:
            self._ensure_schema(version)
        except BaseException:
            self.close()
            raise

    # -- connection and transactions ------------------------------------------------

    def _ensure_schema(self, version: str | None) -> None:
        if version == migrations.HEAD:
            return
        if version is not None and version not in migrations.known_revisions():
            raise newer_schema(self.location, version, self._written_by())
        if self.read_only is not None:
            raise errors.read_only(f"{self.location} (it needs an upgrade to this FlashDeck's schema)")
        # Migrations run on a SQLAlchemy connection of their own, then we carry on.
        from flashdeck.core.version import __version__
        from flashdeck.storage.engine import engine_on, make_engine

        engine = self._engine or (make_engine(self.url) if self.path is not None else engine_on(self._raw))
        try:
            with engine.begin() as conn:
                if self._writer_lock is not None:
                    # Two starts upgrading one server database at once: the second waits for the
                    # first, then finds the schema at HEAD (Alembic reads the version after this).
                    conn.exec_driver_sql(self._writer_lock)
                migrations.upgrade(conn)
                migrations.sign(conn, f"FlashDeck {__version__}")
        except Exception as exc:
            raise errors.storage_error(exc, self.location) or exc from exc
        finally:
            if engine is not self._engine:
                engine.dispose()

    def _written_by(self) -> str | None:
        try:
            value = self.scalar("SELECT value FROM config WHERE key='written_by'")
        except Exception:
            self._rollback()
            return None
        return None if value is None else str(value).strip('"')

    def version(self) -> str | None:
        """The schema revision, or ``None`` for an empty database."""
        if self.sqlite:
            return read_version(self._raw)
        try:
            rows = self.fetchall("SELECT version_num FROM alembic_version")
        except errors.StorageError:
            raise
        except Exception:  # no such table: each driver has its own error class
            self._raw.rollback()
            return None
        finally:
            with suppress(Exception):
                self._raw.commit()  # end the read transaction the driver opened
        return rows[0][0] if rows else None

    # -- a database server: one connection, taken again once if the server went away -------

    def _connect_server(self) -> Any:
        try:
            return self._engine.raw_connection()
        except Exception as exc:
            raise errors.storage_error(exc, self.location) or exc from exc

    def _reconnect(self) -> None:
        """Drop the broken connection and open a new one (the server restarted, the network came back)."""
        with suppress(Exception):
            self._raw.invalidate()
        self._raw = self._connect_server()
        self._lost = False

    def _failed(self, exc: BaseException) -> BaseException:
        """``exc`` as the user's one-line error; a lost server connection is taken again by the next action."""
        translated = errors.storage_error(exc, self.location)
        if isinstance(translated, errors.ConnectionLostError):
            self._lost = True
        if isinstance(translated, errors.ReadOnlyError) and self.read_only == errors.FULL_DISK:
            translated = errors.disk_full(self.location)  # opened read-only because the disk was full
        return translated or exc

    def change_mark(self) -> int | None:
        """A number that moves whenever the collection changes, here or in another process (SQLite);
        ``None`` where there is none to read (a server)."""
        if not self.sqlite or self._raw is None:
            return None
        try:
            version = int(self._raw.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None
        return int(self._raw.total_changes) + version

    @property
    def path(self) -> Path | None:
        """The SQLite file, links followed (its backups and recordings sit beside the file itself,
        whatever name led to it); ``None`` for an in-memory database or a database server."""
        named = sqlite_path(self.url)
        return None if named is None else Path(os.path.realpath(named))

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
        try:
            if self.sqlite and self.read_only is None:
                # Fold the WAL back so the file on disk is whole without its -wal companion. Without
                # waiting: while another process writes (or on a full disk) it is left for the last
                # one to close; the WAL keeps every change until then.
                with suppress(sqlite3.Error):
                    self._raw.execute("PRAGMA busy_timeout=0")
                    self._raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with suppress(Exception):
                self._raw.close()
        finally:
            self._raw = None
            if self._engine is not None:
                self._engine.dispose()

    def transaction(self) -> Transaction:
        """One user action: committed (and synced) on exit, rolled back on error.

        Reads through the store (``fetchall``) inside it see its uncommitted writes.
        A driver's error that means a full disk, a read-only file, a lock held too
        long, damage or a lost server comes out as the ``StorageError`` saying so.
        """
        return Transaction(self)

    def _begin(self) -> Any:
        """A cursor in a new write transaction. On a server, a connection found broken before
        anything was sent is taken again, once: nothing of this action can have reached it."""
        if self.sqlite:
            cursor = self._raw.cursor()
            try:
                # IMMEDIATE takes the write lock up front: two processes never deadlock
                # upgrading a read transaction; the second waits (busy_timeout).
                cursor.execute("BEGIN IMMEDIATE")
            except Exception as exc:
                cursor.close()
                raise self._failed(exc) from exc
            return cursor
        for attempt in (1, 2):
            try:
                if self._lost:
                    self._reconnect()
                cursor = self._raw.cursor()
                if self._writer_lock is not None:
                    cursor.execute(self._writer_lock)
                return cursor
            except errors.StorageError:
                raise
            except Exception as exc:
                failure = self._failed(exc)
                if attempt == 2 or not self._lost:
                    with suppress(Exception):
                        self._raw.rollback()
                    raise failure from exc
        raise AssertionError("unreachable")

    def _rollback(self) -> None:
        """Undo the open transaction; a connection too broken to roll back has nothing to undo."""
        with suppress(Exception):
            if self.sqlite:
                if self._raw.in_transaction:
                    self._raw.execute("ROLLBACK")
            else:
                self._raw.rollback()

    def sql(self, statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s") if self._percent else statement

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite:
            try:
                return list(self._raw.execute(statement, tuple(params)).fetchall())
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc
        # A read outside an action is taken again once on a new connection if the server went away.
        for attempt in (1, 2):
            in_tx = self.in_transaction
            try:
                if self._lost and not in_tx:
                    self._reconnect()
                return self._server_fetchall(statement, params)
            except errors.StorageError:
                raise
            except Exception as exc:
                failure = self._failed(exc)
                if attempt == 2 or in_tx or not self._lost:
                    raise failure from exc
        raise AssertionError("unreachable")

    def _server_fetchall(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        cursor = self._raw.cursor()
        try:
            cursor.execute(self.sql(statement), tuple(params))
            rows = [tuple(r) for r in cursor.fetchall()]
        except BaseException:
            if not self.in_transaction:
                self._rollback()
            raise
        finally:
            with suppress(Exception):
                cursor.close()
        if not self.in_transaction:
            self._raw.commit()  # a read outside an action must not hold a snapshot open
        return rows

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.fetchall(statement, params)
        return rows[0][0] if rows else None

    @property
    def in_transaction(self) -> bool:
        if self.sqlite:
            return bool(self._raw.in_transaction)
        return self._in_tx
