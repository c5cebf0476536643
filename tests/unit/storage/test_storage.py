"""Storage: migrations from empty, SQLite pragmas, schema agrees with the tables.

The migration tests run on SQLite and on PostgreSQL (a blank database each).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import loaded_after
from pgserver import PgServer
from sqlalchemy import create_engine, inspect

from flashdeck.storage import migrations
from flashdeck.storage.engine import resolve_url
from flashdeck.storage.schema import metadata
from flashdeck.storage.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables at all), as a path or URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "new.db")
        return
    server: PgServer = request.getfixturevalue("postgres")
    url = server.create_database(migrated=False)
    yield url
    server.drop_database(url)


def test_migrates_an_empty_database(blank_db: str) -> None:
    store = Store(blank_db)
    try:
        assert store.version() == migrations.HEAD
    finally:
        store.close()
    engine = create_engine(resolve_url(blank_db))
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"config", "decks", "notes", "cards", "revlog", "alembic_version"} <= tables


def test_migrated_schema_matches_the_tables(blank_db: str) -> None:
    """What the migrations build is what schema.py describes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    Store(blank_db).close()
    engine = create_engine(resolve_url(blank_db))
    with engine.connect() as conn:
        assert migrations.current_version(conn) == migrations.HEAD
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_from_the_baseline_keeps_the_data(blank_db: str) -> None:
    """A collection made by 0001 moves to HEAD on open, rows intact, times now 64-bit."""
    from sqlalchemy import text

    engine = create_engine(resolve_url(blank_db))
    with engine.begin() as conn:
        migrations.upgrade(conn, "0001_baseline")
        conn.execute(text("INSERT INTO decks VALUES (1, 'D', '', NULL, NULL, NULL, '', 20, 200, 0)"))
        conn.execute(text("INSERT INTO notes VALUES (1, 'g', 1, 'basic', 'T', '{}', '', '', NULL, NULL, 0, 0)"))
        conn.execute(text("INSERT INTO cards VALUES (1, 1, 1, 0, 2, NULL, 3.5, 5.0, 1800000000, 1700000000, "
                          "1, 0, false, 0)"))
    engine.dispose()
    store = Store(blank_db)
    try:
        assert store.version() == migrations.HEAD
        assert store.fetchall("SELECT id, due, last_review FROM cards") == [(1, 1800000000, 1700000000)]
        year_2100 = 4102444800
        with store.transaction() as tx:
            tx.execute("UPDATE cards SET due=?, last_review=? WHERE id=1", (year_2100, year_2100 - 86400))
        assert store.scalar("SELECT due FROM cards") == year_2100
    finally:
        store.close()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    try:
        assert store.scalar("PRAGMA journal_mode") == "wal"
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("PRAGMA synchronous") == 2  # FULL: one fsync per commit
    finally:
        store.close()
    # The file is a plain SQLite database another tool can read.
    with sqlite3.connect(tmp_path / "c.db") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopen_skips_migrations_and_sqlalchemy(tmp_path: Path) -> None:
    """Opening a current SQLite collection and studying need neither Alembic nor SQLAlchemy, nor what only
    rendering (Markdown, the sanitiser), reading documents or long searches (numpy) use: each is loaded when
    first needed, and together they were half of the time to load the collection."""
    Store(str(tmp_path / "c.db")).close()
    code = ("from flashdeck.collection import Collection\n"
            f"c = Collection.open({str(tmp_path / 'c.db')!r}); c.next_card(); c.close()")
    assert loaded_after(code, ("sqlalchemy", "alembic", "markdown", "nh3", "flashdeck.readers", "numpy")) == []


def test_a_long_study_queue_is_built_without_numpy(tmp_path: Path) -> None:
    """The queue's id lists are long JSON arrays too (9,000 new cards here: ~44,000 characters), but building
    it once a day is not worth numpy's import (~70 ms in a fresh process, more than the whole queue build)."""
    from helpers import basic_notes

    from flashdeck.collection import Collection

    path = str(tmp_path / "c.db")
    with Collection.open(path) as col:
        col.add_notes(basic_notes(9000), deck="D")
        col.set_deck_limits("D", new_per_day=9999, reviews_per_day=9999)
    code = ("from flashdeck.collection import Collection\n"
            f"c = Collection.open({path!r}); c.next_card(); print(c.counts().new); c.close()")
    assert loaded_after(code, ("numpy",)) == []
    with Collection.open(path) as col:
        assert col.counts().new == 9000


def test_resolve_url(tmp_path: Path, monkeypatch: object) -> None:
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@localhost/db") == "postgresql://u@localhost/db"
    import os

    os.environ["FLASHDECK_DB"] = str(tmp_path / "env.db")
    try:
        assert resolve_url(None).endswith("env.db")
    finally:
        del os.environ["FLASHDECK_DB"]


def test_the_collection_runs_on_the_driver_module_and_its_sqlite(tmp_path: Path) -> None:
    """One SQLite library for every connection (a backup between two needs both from one library), and on
    Linux x86-64 the recent one the pysqlite3 wheel builds in, not the 3.40 Debian's Python links."""
    import platform
    import sys

    from flashdeck.storage.sqlite_driver import sqlite3 as driver

    store = Store(str(tmp_path / "c.db"))
    try:
        assert isinstance(store._raw, driver.Connection)
        assert store._raw.execute("SELECT sqlite_version()").fetchone()[0] == driver.sqlite_version
        store.backup_to(tmp_path / "copy.db")
    finally:
        store.close()
    if sys.platform == "linux" and platform.machine() == "x86_64":
        assert driver.__name__ == "pysqlite3.dbapi2" and driver.sqlite_version_info >= (3, 51)


def test_none_and_bools_bind_as_null_and_integers_through_the_driver(tmp_path: Path) -> None:
    """The driver's adapters for None and bool (registered so that binding them skips pysqlite3's slow
    adaptation) still write NULL and 0/1, in the collection's own statements too."""
    from flashdeck.storage.sqlite_driver import sqlite3 as driver

    conn = driver.connect(":memory:")
    try:
        row = conn.execute("SELECT typeof(?), typeof(?), ?, typeof(?), ?", (None, True, True, False, False)).fetchone()
    finally:
        conn.close()
    assert row == ("null", "integer", 1, "integer", 0)
    if driver.__name__ == "pysqlite3.dbapi2":
        assert {(type(None), driver.PrepareProtocol), (bool, driver.PrepareProtocol)} <= set(driver.adapters)
    # A card state with None parts, answered and read back: None stays NULL (not the string 'None').
    store = Store(str(tmp_path / "c.db"))
    try:
        with store.transaction() as tx:
            tx.execute("INSERT INTO decks (id, name, description, default_kind, tags, new_per_day, reviews_per_day,"
                       " created_ms) VALUES (1, 'd', '', 'basic', '', 20, 200, 0)")
        assert store.fetchall("SELECT typeof(target_low), target_low FROM decks WHERE id=1") == [("null", None)]
        with store.transaction() as tx:
            tx.execute("UPDATE decks SET target_low=? WHERE id=1", (None,))
        assert store.fetchall("SELECT typeof(target_low) FROM decks WHERE id=1") == [("null",)]
    finally:
        store.close()
