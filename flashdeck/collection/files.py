"""Where a collection keeps its files (recordings, media): one folder of each per collection.

- A SQLite collection ``DIR/NAME.db``: ``DIR/recordings/NAME/`` and ``DIR/media/NAME/``.
  Two collections in one folder never share a file, and a copy of a collection
  under another name finds none of the original's files (rather than deleting them).
- A collection on a database server: under the user data folder,
  ``servers/DBNAME-ID/recordings/`` and ``…/media/``, where ID is a random
  identity the database keeps in its config (``collection_id``) — it survives a
  dump and restore, and a copy made under another database name gets a folder
  of its own.
- An in-memory collection: a temporary folder of its own.

Earlier versions kept one flat ``recordings/`` and ``media/`` per folder (for a
server, the default collection's). The first time a collection asks for its
folder, its own recordings are moved in from there (the attempts say which
files are its own) and the old media files are linked in (no one can tell whose
they were, so every collection of that folder keeps seeing them). Nothing is
ever deleted from the old folders.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
import weakref
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flashdeck.storage import attempts, queries
from flashdeck.storage.engine import default_db_path

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike
    from flashdeck.storage.store import Store

__all__ = ["MEDIA", "RECORDINGS", "files_dir", "inside", "safe_relative"]

RECORDINGS = "recordings"
MEDIA = "media"
_ID_KEY = "collection_id"
_cache: weakref.WeakKeyDictionary[Store, dict[str, Path]] = weakref.WeakKeyDictionary()


def files_dir(col: CollectionLike, kind: str) -> Path:
    """The folder of this collection's ``kind`` files (``RECORDINGS`` or ``MEDIA``); not created here."""
    known = _cache.setdefault(col.store, {})
    if kind not in known:
        folder, legacy = _folders(col, kind)
        if legacy is not None:
            with contextlib.suppress(OSError):  # a read-only or full disk: the old files simply stay where they are
                _adopt(col, kind, legacy, folder)
        known[kind] = folder
    return known[kind]


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, with every link followed, is a file within ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _folders(col: CollectionLike, kind: str) -> tuple[Path, Path | None]:
    """(this collection's folder, the shared folder earlier versions used, if any)."""
    store = col.store
    path = store.path
    if path is not None:
        return path.parent / kind / path.stem, path.parent / kind
    if store.sqlite:
        base = Path(tempfile.mkdtemp(prefix="flashdeck-memory-"))
        return base / kind, None
    name = (urlsplit(store.url).path.strip("/") or "db").replace("/", "_")
    data = default_db_path().parent
    return data / "servers" / f"{name}-{_identity(col)[:16]}" / kind, data / kind


def _identity(col: CollectionLike) -> str:
    """The database's own identity, made the first time it is needed."""
    known = col.get_config(_ID_KEY)
    if isinstance(known, str) and known:
        return known
    made = uuid.uuid4().hex
    with col.store.transaction() as tx:
        if not queries.has_config(tx, _ID_KEY):  # another machine may have made it meanwhile: theirs stands
            col.store.set_config(_ID_KEY, made, tx)
    stored = col.get_config(_ID_KEY)
    return stored if isinstance(stored, str) else made


def _adopt(col: CollectionLike, kind: str, legacy: Path, folder: Path) -> None:
    if not legacy.is_dir():
        return
    old_files = [p for p in legacy.iterdir() if p.is_file() and not p.is_symlink()]
    if not old_files:
        return
    if kind == RECORDINGS:
        own = {str(path) for path in attempts.audio_paths(col.store)}
        for old in old_files:
            if old.name in own and not (folder / old.name).exists():
                folder.mkdir(parents=True, exist_ok=True)
                os.replace(old, folder / old.name)
    elif not folder.exists():
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=legacy))
        try:
            for old in old_files:
                try:
                    os.link(old, staging / old.name)
                except OSError:
                    shutil.copy2(old, staging / old.name)
            os.replace(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def safe_relative(stored: str) -> PurePosixPath | None:
    """A stored recording path as a path below the recordings folder, or ``None`` if it could leave it."""
    if not stored or "\0" in stored or "\\" in stored:
        return None
    path = PurePosixPath(stored)
    if path.is_absolute() or any(part in ("..", "") for part in path.parts) or stored.startswith("~"):
        return None
    return path
