"""The media folder (images and sounds from Anki packages) and staging files into it.

``media/`` sits beside the SQLite collection file; for a database server or an
in-memory database, beside the default collection (as ``recordings/`` does).
An import unpacks its media into a hidden staging folder next to ``media/``
(same file system, so moving a file in is a rename) and moves the files in
only after the database transaction committed; on failure the staging folder
is removed and nothing is left behind.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flashdeck.interchange.apkg_read import MediaMember, extract_media
from flashdeck.interchange.safe_zip import Limits
from flashdeck.storage.engine import default_db_path, sqlite_path

if TYPE_CHECKING:
    from flashdeck.collection import Collection

__all__ = ["MEDIA", "MediaOutcome", "StagedMedia", "media_dir", "media_dir_for_url"]

MEDIA = "media"


def media_dir_for_url(url: str) -> Path:
    path = sqlite_path(url)
    base = path.parent if path is not None else default_db_path().parent
    return base / MEDIA


def media_dir(col: Collection) -> Path:
    """``media/`` beside a SQLite file; beside the default collection for other databases."""
    return media_dir_for_url(col.store.url)


@dataclass
class MediaOutcome:
    added: int = 0
    same: int = 0  # already there with the same content
    conflicts: list[str] = field(default_factory=list)  # already there with other content: kept as it was


class StagedMedia:
    """Media files unpacked next to the media folder, waiting for the database to commit."""

    def __init__(self, target: Path, staging: Path) -> None:
        self.target, self.staging = target, staging

    @classmethod
    def stage(cls, package_path: str, media: list[MediaMember], target: Path,
              limits: Limits | None = None) -> StagedMedia:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".media-import-", dir=target.parent))
        try:
            extract_media(package_path, media, staging, limits=limits)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return cls(target, staging)

    def commit(self) -> MediaOutcome:
        """Move the files in; a name already taken by other content keeps the existing file."""
        outcome = MediaOutcome()
        try:
            self.target.mkdir(parents=True, exist_ok=True)
            for staged in sorted(self.staging.iterdir()):
                dest = self.target / staged.name
                if dest.exists():
                    if filecmp.cmp(staged, dest, shallow=False):
                        outcome.same += 1
                    else:
                        outcome.conflicts.append(staged.name)
                    continue
                os.replace(staged, dest)
                outcome.added += 1
        finally:
            self.discard()
        return outcome

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
