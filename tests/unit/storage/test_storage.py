"""Storage: migrations from empty, SQLite pragmas, schema agrees with the tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, inspect

from flashdeck.storage import migrations
from flashdeck.storage.engine import resolve_url
from flashdeck.storage.schema import metadata
from flashdeck.storage.store import Store


def test_migrates_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = Store(str(path))
    try:
        assert store.version() == migrations.HEAD
    finally:
        store.close()
    tables = set(inspect(create_engine(f"sqlite:///{path}")).get_table_names())
    assert {"config", "decks", "notes", "cards", "revlog", "alembic_version"} <= tables


def test_migrated_schema_matches_the_tables(tmp_path: Path) -> None:
    """What the baseline migration builds is what schema.py describes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    Store(str(tmp_path / "c.db")).close()
    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with engine.connect() as conn:
        assert migrations.current_version(conn) == migrations.HEAD
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


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
    """Opening a current SQLite collection needs neither Alembic nor SQLAlchemy."""
    import subprocess
    import sys

    Store(str(tmp_path / "c.db")).close()
    probe = (
        "import sys; from flashdeck.collection import Collection; "
        f"c = Collection.open({str(tmp_path / 'c.db')!r}); c.next_card(); c.close(); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_resolve_url(tmp_path: Path, monkeypatch: object) -> None:
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@localhost/db") == "postgresql://u@localhost/db"
    import os

    os.environ["FLASHDECK_DB"] = str(tmp_path / "env.db")
    try:
        assert resolve_url(None).endswith("env.db")
    finally:
        del os.environ["FLASHDECK_DB"]
