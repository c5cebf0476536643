"""Anki interchange: reading Anki packages (.apkg, .colpkg) into plain data, and the Anki schema they use.

Everything here is pure (``apkg_read``, ``anki_collection``, ``anki_import``,
``history``, ``wire``, ``kinds_map``, ``anki_schema``, ``safe_zip``): no Qt, no
SQLAlchemy, no FlashDeck database. What writes through a collection lives in
``flashdeck.collection``: ``package_import`` and ``media`` (inside an import's
transaction), ``apkg_write`` and ``csv_export`` (a deck to a file, via
``gather``). See docs/anki.md for what maps to what.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashdeck.interchange.anki_import import PackageResult
    from flashdeck.interchange.safe_zip import Limits

# (Which files are packages is the format registry's to say: flashdeck.collection.formats.)
__all__ = ["read_anki_package"]


def read_anki_package(path: str | os.PathLike[str], *, limits: Limits | None = None) -> PackageResult:
    """Read and validate a package as notes plus history and media (``ImportFormatError`` naming the file)."""
    from flashdeck.interchange.anki_import import package_result
    from flashdeck.interchange.apkg_read import read_package

    return package_result(read_package(path, limits=limits))
