"""Alembic migrations. ``upgrade`` brings any database to ``HEAD``.

Alembic (and SQLAlchemy) are imported only when the schema is not already at
``HEAD``, so a normal start pays nothing for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["HEAD", "current_version", "known_revisions", "sign", "upgrade"]

HEAD = "0009_mock_sessions"
_HERE = Path(__file__).resolve().parent


def known_revisions() -> frozenset[str]:
    """Every schema revision this FlashDeck knows, without importing Alembic.

    Each migration's file is named after its revision (a test holds them to it).
    """
    return frozenset(p.stem for p in (_HERE / "versions").glob("0*.py"))


def current_version(conn: Connection) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``conn`` (inside its transaction)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def sign(conn: Connection, author: str) -> None:
    """Record in config who brought the schema to where it is (``written_by``), inside the migration's
    transaction: an older FlashDeck that finds a schema it does not know names the version that wrote it."""
    import json

    from sqlalchemy import text

    value = json.dumps(author)
    if conn.execute(text("UPDATE config SET value=:v WHERE key='written_by'"), {"v": value}).rowcount == 0:
        conn.execute(text("INSERT INTO config (key, value) VALUES ('written_by', :v)"), {"v": value})
