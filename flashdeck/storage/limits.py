"""How long the text columns with a limit may be (characters, as PostgreSQL counts them).

SQLite ignores declared lengths; PostgreSQL enforces them with a driver error
that names neither the file nor the note. ``schema`` declares the columns with
these numbers, and the importing layer and the ``Collection`` check values
against them before writing, so both databases accept and refuse the same text
with the same clear message. Imported without SQLAlchemy: the check is cheap.
"""

from __future__ import annotations

__all__ = ["CONFIG_KEY", "DECK_NAME", "KIND", "NOTE_ID", "too_long"]

DECK_NAME = 200
NOTE_ID = 120
KIND = 32
CONFIG_KEY = 64


def too_long(what: str, value: str, limit: int) -> str | None:
    """The message for ``value`` if it is longer than ``limit``, else ``None``."""
    if len(value) <= limit:
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"{what} is {len(value)} characters long; the limit is {limit} ({shown!r})"
