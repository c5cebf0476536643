"""Reading Anki packages (.apkg, .colpkg): which format, the collection inside, the media list.

Formats, newest first (Anki picks the same way):

- ``collection.anki21b`` — zstd-compressed SQLite (schema 18), ``meta`` says version 3,
  ``media`` is a zstd-compressed protobuf list and each media member is zstd-compressed;
- ``collection.anki21`` — plain SQLite (schema 11), ``media`` is JSON ``{"0": "name.jpg"}``;
- ``collection.anki2`` — the same, from Anki 2.0 (modern packages also carry a stub
  ``collection.anki2`` that says "please update": it is read only when nothing newer is there).

Nothing here touches a FlashDeck collection: the package is validated, its
collection unpacked to a temporary file, read and deleted. Media files are only
listed (names checked); ``extract_media`` unpacks them later, when the import is applied.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from flashdeck.interchange import wire
from flashdeck.interchange.anki_collection import AnkiCollection, read_collection
from flashdeck.interchange.safe_zip import Limits, PackageZip

__all__ = ["AnkiPackage", "MediaMember", "check_media_name", "extract_media", "read_package"]

LATEST_VERSION = 3
_COLLECTIONS = (("collection.anki21b", True), ("collection.anki21", False), ("collection.anki2", False))
# Characters Anki itself never leaves in a media name, plus the path separators of every platform.
_BAD_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class MediaMember:
    """A media file in the package: its zip member, the name the notes use, whether zstd-compressed."""

    member: str
    name: str
    zstd: bool


@dataclass
class AnkiPackage:
    source: str
    format: str  # "anki21b", "anki21" or "anki2"
    collection: AnkiCollection
    media: list[MediaMember] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_media_name(name: str) -> str | None:
    """Why ``name`` is not a plain file name that is safe in the media folder, or ``None`` if it is."""
    if not name or name in (".", ".."):
        return "empty or a folder"
    if unicodedata.normalize("NFC", name) != name:
        return "not in normalised (NFC) form"
    if _BAD_NAME_CHARS.search(name):
        return "holds a path separator, a drive colon or a control character"
    if name.startswith(".") or name.endswith((".", " ")):
        return "starts with a dot or ends with a dot or space"
    if _WINDOWS_DEVICES.match(name):
        return "is a reserved device name on Windows"
    if len(name.encode("utf-8")) > 200:
        return "is longer than 200 bytes"
    return None


def read_package(path: str | os.PathLike[str], *, limits: Limits | None = None) -> AnkiPackage:
    """Validate and read a package; ``ImportFormatError`` (naming the file) for anything wrong."""
    source = os.fspath(path)
    limits = limits or Limits()
    with PackageZip(source, limits) as pkg:
        version = _version(pkg)
        if version > LATEST_VERSION:
            raise pkg.error(f"made by a newer Anki (package version {version}); export it again with "
                            "'Support older Anki versions' ticked")
        for name, compressed in _COLLECTIONS:
            if pkg.has(name) and (version == LATEST_VERSION or not compressed):
                break
        else:
            raise pkg.error("no Anki collection inside (collection.anki21b, .anki21 or .anki2): "
                            "not an Anki package")
        workdir = Path(tempfile.mkdtemp(prefix="flashdeck-apkg-"))
        try:
            db_file = workdir / "collection.sqlite"
            with open(db_file, "wb") as out:
                pkg.extract(name, out, limits.collection_bytes, zstd=compressed, what=name)
            collection = read_collection(db_file, source=source, limits=limits)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        package = AnkiPackage(source, name.rsplit(".", 1)[1], collection)
        package.media = _media_list(pkg, zstd=version == LATEST_VERSION, warnings=package.warnings)
    return package


def _version(pkg: PackageZip) -> int:
    if not pkg.has("meta"):
        return 0
    data = pkg.read_small("meta", zstd=False, what="the package's meta")
    try:
        return wire.first_int(data, 1)
    except ValueError as err:
        raise pkg.error(f"the package's meta is damaged ({err})") from None


def _media_list(pkg: PackageZip, *, zstd: bool, warnings: list[str]) -> list[MediaMember]:
    if not pkg.has("media"):
        return []
    data = pkg.read_small("media", zstd=zstd, what="the media list")
    try:
        pairs = _modern_media(data) if zstd else _legacy_media(data)
    except (ValueError, UnicodeDecodeError) as err:
        raise pkg.error(f"the media list is damaged ({err})") from None
    seen: set[str] = set()
    out = []
    for member, name in pairs:
        problem = check_media_name(name)
        if problem is not None:
            raise pkg.error(f"media file name {name[:80]!r} {problem}; refusing the package")
        if name.casefold() in seen:
            raise pkg.error(f"media file name {name!r} appears twice; refusing the package")
        seen.add(name.casefold())
        if not pkg.has(member):
            warnings.append(f"media file {name!r} is listed but not in the package; skipped")
            continue
        out.append(MediaMember(member, name, zstd))
    return out


def _legacy_media(data: bytes) -> list[tuple[str, str]]:
    mapping = json.loads(data.decode("utf-8")) if data.strip() else {}
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise ValueError("not a JSON object of names")
    return [(str(member), name) for member, name in mapping.items()]


def _modern_media(data: bytes) -> list[tuple[str, str]]:
    # MediaEntries { repeated MediaEntry entries = 1; }
    # MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; optional uint32 legacy_zip_filename = 255; }
    out = []
    for index, (number, wire_type, entry) in enumerate(wire.fields(data)):
        if number != 1 or wire_type != wire.LENGTH or not isinstance(entry, bytes):
            continue
        name, member = "", str(index)
        for sub, sub_type, value in wire.fields(entry):
            if sub == 1 and sub_type == wire.LENGTH and isinstance(value, bytes):
                name = value.decode("utf-8")
            elif sub == 255 and sub_type == wire.VARINT:
                member = str(value)
        out.append((member, name))
    return out


def extract_media(package_path: str, media: list[MediaMember], into: Path, *, limits: Limits | None = None) -> int:
    """Unpack the package's media files into the folder ``into``; returns the bytes written.

    Each file and the total are capped; on any error the caller removes ``into``.
    """
    limits = limits or Limits()
    total = 0
    with PackageZip(package_path, limits) as pkg:
        for item in media:
            left = min(limits.media_file_bytes, limits.media_total_bytes - total)
            with open(into / item.name, "xb") as out:
                total += pkg.extract(item.member, out, left, zstd=item.zstd, what=f"media file {item.name!r}")
    return total
