"""Every failure as one line for the user; an unexpected one also leaves its traceback in a log.

The command line prints ``describe_failure``'s line after ``flashdeck:`` and
exits 1; the app shows the same line in a dialog. A problem the user can act on
(a full disk, a read-only folder, a lock, a damaged or newer collection, a lost
server, bad input: the ``flashdeck.core.errors`` family) names itself and the file. Anything else,
a stray ``KeyError`` or ``ValueError`` included, is a bug of ours:
its traceback is appended to ``errors.log`` in the user's log folder
(platformdirs: ``~/.local/state/flashdeck/log/`` on Linux) and the line says where.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flashdeck.collection.checks import one_line
from flashdeck.core.errors import FlashDeckError
from flashdeck.storage.errors import DamagedError, StorageError, storage_error
from flashdeck.storage.sqlite_driver import sqlite3

__all__ = ["Failure", "describe_failure", "is_user_error", "log_dir", "log_unexpected"]

LOG_NAME = "errors.log"


@dataclass(frozen=True)
class Failure:
    """What to tell the user: one line, the log holding the traceback (unexpected bugs only), and for
    a damaged collection the newest backup that would bring it back."""

    message: str
    log: Path | None = None
    newest_good_backup: Path | None = None
    damaged: bool = False  # the collection itself is damaged: restoring a backup is the way back
    headline: str = ""  # the problem alone, without the command-line advice (the app offers its own)

    @property
    def problem(self) -> str:
        return self.headline or self.message


def describe_failure(exc: BaseException, db: str | os.PathLike[str] | None = None) -> Failure:
    """The one line for ``exc``, raised while working on the collection at ``db``."""
    from flashdeck.collection.backup import DamagedCollectionError

    if isinstance(exc, DamagedCollectionError):
        return Failure(one_line(str(exc), 1000), None, exc.newest_good, True,
                       one_line(str(exc).split(": no backup was made", 1)[0], 1000))
    known = _storage_problem(exc, db)
    if known is not None:
        if isinstance(known, DamagedError):
            return _damaged(known, db)
        return Failure(one_line(str(known), 1000))
    if is_user_error(exc):
        return Failure(one_line(str(exc) or type(exc).__name__, 1000))
    if isinstance(exc, OSError) and exc.strerror:  # a file the user named is missing or cannot be opened
        where = exc.filename if exc.filename is not None else "a file"
        return Failure(one_line(f"{where}: {exc.strerror}", 1000))
    log = log_unexpected(exc)
    where = f"the details are in {log}" if log is not None else "the details could not be written down"
    summary = one_line(f"{type(exc).__name__}: {exc}", 200)
    return Failure(f"unexpected error ({summary}); this is a bug in FlashDeck: {where}", log)


def is_user_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a problem the user can act on, told as its own one line.

    Only the ``FlashDeckError`` family is: a bare ``ValueError``, ``LookupError``,
    ``KeyError`` or ``IndexError`` that escapes is a bug of ours, whatever its message.
    """
    return isinstance(exc, FlashDeckError)


def _storage_problem(exc: BaseException, db: str | os.PathLike[str] | None) -> StorageError | None:
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.Error | OSError) or type(exc).__module__.startswith(("psycopg", "sqlalchemy")):
        return storage_error(exc, _place(db))
    return None


def _place(db: str | os.PathLike[str] | None) -> str:
    from flashdeck.storage.engine import describe_location, resolve_url

    return describe_location(resolve_url(db))


def _damaged(error: DamagedError, db: str | os.PathLike[str] | None) -> Failure:
    from flashdeck.collection.backup import newest_good_backup
    from flashdeck.storage.engine import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(db))
    good = newest_good_backup(path) if path is not None else None
    if good is not None:
        advice = f"the newest good backup is {good}: flashdeck restore {good.name}"
    elif path is not None:
        advice = "no good backup was found; flashdeck check lists what is wrong"
    else:
        advice = "the server's own backups are the way back"
    return Failure(one_line(f"{error}; {advice}", 1000), None, good, True, one_line(str(error), 1000))


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("flashdeck", appauthor=False))


def log_unexpected(exc: BaseException) -> Path | None:
    """Append ``exc``'s traceback to the error log; its path, or ``None`` if no log could be written."""
    from flashdeck import __version__

    entry = (f"=== {datetime.now(UTC).isoformat(timespec='seconds')} FlashDeck {__version__}, "
             f"pid {os.getpid()}, argv {sys.argv!r}\n"
             + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) + "\n")
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        path = folder / (LOG_NAME if folder != Path(tempfile.gettempdir()) else f"flashdeck-{LOG_NAME}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(entry)
            return path
        except OSError:
            continue
    return None
