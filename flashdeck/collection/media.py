"""The media folder (images and sounds from Anki packages) and staging files into it.

Each collection has a ``media/`` folder of its own (``flashdeck.collection.files``:
``media/NAME/`` beside a SQLite file ``NAME.db``; for a database server, a folder
keyed by the database's identity). An import unpacks its media into a hidden
staging folder next to it (same file system, so moving a file in is a rename)
and moves the files in only after the database transaction committed; on
failure the staging folder is removed and nothing is left behind.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flashdeck.collection.files import MEDIA, files_dir
from flashdeck.interchange.apkg_read import MediaMember, extract_media
from flashdeck.interchange.safe_zip import Limits

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = ["MEDIA", "MediaOutcome", "StagedMedia", "media_dir"]


def media_dir(col: CollectionLike) -> Path:
    """This collection's own media folder (see ``flashdeck.collection.files``); not created here."""
    return files_dir(col, MEDIA)


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
