"""Writing a file the user named (``export -o``) without ever destroying what they have.

``refuse_collection_files`` stops an export onto the collection itself, its
journal files or anything in its backups folder (found by the file itself,
through any link or other name). ``write_atomically`` writes next to the
target and renames: a full disk or a kill leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from flashdeck.core.errors import InvalidInput
from flashdeck.storage.engine import resolve_url, sqlite_path

__all__ = ["OutputRefused", "refuse_collection_files", "write_atomically"]


class OutputRefused(InvalidInput):
    """The named output is the collection's own file; the message is one line for the user."""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_collection_files(db: str | os.PathLike[str] | None, output: Path) -> None:
    """``OutputRefused`` when ``output`` is the collection at ``db``, one of its companions or backups."""
    collection = sqlite_path(resolve_url(db))
    if collection is None:
        return
    target = Path(os.path.realpath(output))
    for own in (collection, *(Path(f"{collection}{s}") for s in ("-wal", "-shm", "-journal"))):
        if _same(output, own) or target == Path(os.path.realpath(own)):
            raise OutputRefused(f"{output} is the collection itself ({collection}): choose another file to export to")
    backups = Path(os.path.realpath(collection.parent / "backups"))
    if target.parent == backups or backups in target.parents:
        raise OutputRefused(f"{output} is in the collection's backups folder ({backups}): choose another file")


def write_atomically(output: Path, write: Callable[[Path], object]) -> None:
    """Have ``write`` fill a new file beside ``output``, sync it, then rename it over ``output``."""
    try:
        handle, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(output)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            write(temporary)
        except OSError as err:  # named after the file the user asked for, not the temporary one
            raise OSError(err.errno, err.strerror, str(output)) from None
        with open(temporary, "rb+") as fh:
            os.fsync(fh.fileno())
        if output.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, output.stat().st_mode & 0o7777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)
