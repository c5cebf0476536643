"""Where the collection lives and how we connect to it.

SQLite by default, in the platform's user data directory, in WAL mode with
foreign keys on and ``synchronous=FULL`` (one fsync per committed answer).
Any SQLAlchemy URL works too (``--db`` or ``FLASHDECK_DB``). SQLAlchemy itself
is imported only when an engine is needed (another database, or a migration).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from flashdeck.storage.sqlite_driver import sqlite3

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["default_db_path", "describe_location", "engine_on", "is_sqlite", "make_engine", "resolve_url",
           "sqlite_path"]

ENV_VAR = "FLASHDECK_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("flashdeck", appauthor=False)) / "collection.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """A path, a URL, ``$FLASHDECK_DB`` or the default file, as a SQLAlchemy URL.

    ``:memory:`` is SQLite's in-memory database, not a file of that name. A path
    is percent-quoted into the URL, so ``q?x.db`` and ``100%41.db`` name those
    files (a URL's ``?`` starts its query and ``%41`` means ``A``).
    """
    value = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if value is None:
        value = os.fspath(default_db_path())
    if value == ":memory:":
        return "sqlite://"
    if "://" in value:
        return value
    return "sqlite:///" + quote(os.path.abspath(os.path.expanduser(value)), safe="/")


def describe_location(url: str) -> str:
    """Where a collection is, for messages: the file, or the server and database without any password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    if is_sqlite(url):
        return "the in-memory collection"
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.split('+', 1)[0]}://{user}{parts.hostname or ''}{port}{parts.path}"


def is_sqlite(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL; ``None`` for an in-memory database."""
    if not is_sqlite(url):
        return None
    rest = url.split("://", 1)[1].split("?", 1)[0]
    if not rest.startswith("/") or rest in ("/", "/:memory:"):
        return None
    return Path(unquote(rest[1:]))


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """A SQLAlchemy engine; for SQLite with the same pragmas and explicit transactions."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    if is_sqlite(url):
        path = sqlite_path(url)
        if path is None:
            raise ValueError("an in-memory database needs the connection that holds it (Store migrates it there)")
        path.parent.mkdir(parents=True, exist_ok=True)
        # The driver gets the file itself: SQLAlchemy never re-parses a path that looks like a URL.
        # ``module``: SQLAlchemy then recognises the driver's errors as its own (they are pysqlite3's).
        engine = create_engine("sqlite://", module=sqlite3, poolclass=NullPool,
                               creator=lambda: sqlite3.connect(str(path)))
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


class _Borrowed:
    """A SQLite connection lent to SQLAlchemy: everything passes through except ``close``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def close(self) -> None:
        """The owner closes it, not the pool."""


def engine_on(conn: sqlite3.Connection) -> Engine:
    """An engine over a connection we already hold: an in-memory database exists only in it."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", module=sqlite3, poolclass=StaticPool, creator=lambda: _Borrowed(conn))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine
