"""The SQLite library the collection runs on: a recent SQLite built into ``pysqlite3`` where its wheel
exists (Linux x86-64), else Python's own ``sqlite3``.

Why not simply Python's: the SQLite that Debian 12's Python links (3.40) reads a search's rows and builds its
id array 1.5-2x slower than 3.51 does on the same file (docs/performance.md, "The SQLite library"); Anki
builds its own SQLite into its core for the same reason. ``pysqlite3`` is CPython's own ``sqlite3`` module
built against its own copy of the library (zlib licence; SQLite is public domain), so everything is written
once against the standard module's API and runs on either. Chosen over APSW (as fast, a recent SQLite too)
because APSW has its own API: every statement, transaction and error here would have to be rewritten.

Every module that opens or catches SQLite here imports ``sqlite3`` from this module, so that connections,
backups between them and their errors come from one library. (``flashdeck.interchange`` reads Anki's files
with Python's own and turns its errors into import errors where they happen.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    try:
        from pysqlite3 import dbapi2 as sqlite3
    except ImportError:  # no wheel for this platform: Python's own module, the same API
        import sqlite3
    else:
        # pysqlite3 (an older copy of CPython's module) binds only exact ints, floats and strings
        # directly: for a None or a bool it asks the object for __adapt__/__conform__, and each miss
        # builds and drops an AttributeError, ~1 µs a parameter (0.1 µs for an int). An answer binds a
        # dozen Nones; a registered adapter is looked up first and answers at once.
        sqlite3.register_adapter(type(None), lambda value: value)
        sqlite3.register_adapter(bool, int)

__all__ = ["sqlite3"]
