"""Reading members of an untrusted zip file with hard limits on what it may unpack.

A package is hostile until proven otherwise: its central directory may promise
small members that inflate to gigabytes (a zip bomb), a zstd frame inside may
do the same (a zstd bomb), and it may hold thousands of members. Every member
is checked against the limits before a byte is inflated, then copied in
1 MiB chunks to a file with a running count, so memory stays flat whatever the
package claims and a lie is caught by the count.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, BinaryIO

from flashdeck.core.notes import ImportFormatError

__all__ = ["CHUNK", "Limits", "PackageZip", "copy_limited"]

CHUNK = 1 << 20
MiB = 1 << 20
# zstd's own default window limit (2**27): a frame asking for more is refused, so a
# hostile frame header cannot make the decoder allocate gigabytes up front.
ZSTD_MAX_WINDOW = 1 << 27


@dataclass(frozen=True)
class Limits:
    """The most a package may hold; anything past these is refused, not truncated."""

    package_bytes: int = 2048 * MiB  # the .apkg/.colpkg file itself
    members: int = 50_000  # entries in the zip's central directory
    collection_bytes: int = 1024 * MiB  # the SQLite collection once unpacked
    media_file_bytes: int = 100 * MiB  # any one media file once unpacked
    media_total_bytes: int = 2048 * MiB  # all media files together once unpacked
    small_member_bytes: int = 16 * MiB  # the `meta` and `media` lists once unpacked
    notes: int = 500_000
    reviews: int = 5_000_000


class PackageZip:
    """An opened package: its members listed and checked against the declared limits."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path, self.limits = path, limits
        try:
            size = os.path.getsize(path)
        except OSError as err:
            raise ImportFormatError(err.strerror or str(err), source=path) from None
        if size > limits.package_bytes:
            raise self.error(f"the package is {size // MiB} MB; the limit is {limits.package_bytes // MiB} MB")
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise self.error("not an Anki package (not a zip file, or a truncated one)") from None
        except OSError as err:
            raise ImportFormatError(err.strerror or str(err), source=path) from None
        infos = self.zip.infolist()
        if len(infos) > limits.members:
            self.close()
            raise self.error(f"the package holds {len(infos)} files; the limit is {limits.members}")
        self.members = {info.filename: info for info in infos}
        declared = sum(info.file_size for info in infos)
        ceiling = limits.collection_bytes + limits.media_total_bytes + 2 * limits.small_member_bytes
        if declared > ceiling:
            self.close()
            raise self.error(f"the package unpacks to {declared // MiB} MB; the limit is {ceiling // MiB} MB")

    def error(self, message: str) -> ImportFormatError:
        return ImportFormatError(message, source=self.path)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> PackageZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, name: str) -> bool:
        return name in self.members

    def extract(self, name: str, out: BinaryIO, limit: int, *, zstd: bool, what: str) -> int:
        """Unpack member ``name`` (zstd-decompressing it too when ``zstd``) into ``out``.

        Refuses a member whose declared size is over ``limit`` before reading it,
        and stops as soon as the bytes actually produced pass ``limit``.
        """
        info = self.members.get(name)
        if info is None:
            raise self.error(f"{what} is missing from the package")
        if not zstd and info.file_size > limit:
            raise self.error(f"{what} is {info.file_size // MiB} MB; the limit is {limit // MiB} MB")
        try:
            with self.zip.open(info) as raw:
                if not zstd:
                    return copy_limited(raw, out, limit, lambda: self.error(f"{what} is larger than its limit"))
                import zstandard

                decoder = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
                with decoder.stream_reader(raw, read_size=CHUNK, read_across_frames=True, closefd=False) as src:
                    return copy_limited(
                        src, out, limit,
                        lambda: self.error(f"{what} decompresses to more than {limit // MiB} MB; refused"),
                    )
        except ImportFormatError:
            raise
        except zipfile.BadZipFile as err:
            raise self.error(f"{what} is damaged ({err})") from None
        except (zlib.error, EOFError) as err:
            raise self.error(f"{what} is damaged or truncated ({err})") from None
        except Exception as err:  # zstandard.ZstdError and friends
            if type(err).__module__.startswith("zstandard"):
                raise self.error(f"{what} is not valid zstd data ({err})") from None
            raise

    def read_small(self, name: str, *, zstd: bool, what: str) -> bytes:
        """A small member (``meta``, ``media``) in memory, within ``small_member_bytes``."""
        buffer = io.BytesIO()
        self.extract(name, buffer, self.limits.small_member_bytes, zstd=zstd, what=what)
        return buffer.getvalue()


def copy_limited(src: IO[bytes], out: BinaryIO, limit: int, too_big: Callable[[], Exception]) -> int:
    """Copy ``src`` to ``out`` in chunks; raise ``too_big()`` once more than ``limit`` bytes came."""
    total = 0
    while True:
        chunk = src.read(CHUNK)
        if not chunk:
            return total
        total += len(chunk)
        if total > limit:
            raise too_big()
        out.write(chunk)
