"""Alembic migrations. ``upgrade`` brings any database to ``HEAD``.

Alembic (and SQLAlchemy) are imported only when the schema is not already at
``HEAD``, so a normal start pays nothing for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["HEAD", "current_version", "upgrade"]

HEAD = "0007_unicode_ids_snapshots"
_HERE = Path(__file__).resolve().parent


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
