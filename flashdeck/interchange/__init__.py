"""Anki interchange: reading and writing Anki packages (.apkg, .colpkg) and CSV export.

Reading (``apkg_read``, ``anki_collection``, ``anki_import``, ``history``) is pure:
no Qt, no SQLAlchemy, no FlashDeck database. ``package_import`` and ``media``
write through the Collection's transaction; ``apkg_write`` and ``csv_export``
turn a deck into files. See docs/anki.md for what maps to what.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashdeck.interchange.anki_import import PackageResult
    from flashdeck.interchange.safe_zip import Limits

__all__ = ["PACKAGE_SUFFIXES", "is_package", "read_anki_package"]

PACKAGE_SUFFIXES = (".apkg", ".colpkg")


def is_package(path: str | os.PathLike[str]) -> bool:
    return os.fspath(path).casefold().endswith(PACKAGE_SUFFIXES)


def read_anki_package(path: str | os.PathLike[str], *, limits: Limits | None = None) -> PackageResult:
    """Read and validate a package as notes plus history and media (``ImportFormatError`` naming the file)."""
    from flashdeck.interchange.anki_import import package_result
    from flashdeck.interchange.apkg_read import read_package

    return package_result(read_package(path, limits=limits))
