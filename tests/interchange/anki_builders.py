"""Package builders and test data for the interchange tests (importable as ``interchange.anki_builders``)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1, 8-bit RGBA
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")  # filter byte, one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png_1x1()


@dataclass
class AnkiSource:
    """A collection built with Anki, and what was put in it."""

    path: Path
    deck: str
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # guid -> fields
    tags: dict[str, list[str]] = field(default_factory=dict)
    reviews: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # guid -> first card's
    packages: dict[str, Path] = field(default_factory=dict)


def write_zip(path: Path, members: dict[str, bytes], *, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compress) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def deflate_bomb(path: Path, member: str, size: int, chunk: int = 1 << 24, declared: int | None = None) -> Path:
    """A zip whose one member honestly declares ``size`` bytes of zeros, deflated to a few MB.

    Built without compressing ``size`` bytes: after a full flush, deflate's output for
    the same chunk repeats, so one compressed chunk is written ``size / chunk`` times.
    """
    assert size % chunk == 0 and size < 0xFFFFFFFF
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(chunk)
    comp.compress(zeros)
    comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush()
    # The first block was compressed from a clean state and the repeat from a flushed one: the
    # same, since a full flush resets the state.
    count = size // chunk
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    data_size = len(block) * count + len(tail)
    if declared is not None:  # a lying header: it promises ``declared`` bytes
        size = declared
    name = member.encode()
    with open(path, "wb") as fh:
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, data_size, size, len(name), 0)
        fh.write(local + name)
        for _ in range(count):
            fh.write(block)
        fh.write(tail)
        central_offset = fh.tell()
        central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, data_size, size,
                              len(name), 0, 0, 0, 0, 0, 0) + name
        fh.write(central)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), central_offset, 0))
    return path


def protobuf_media(names: list[str]) -> bytes:
    """A MediaEntries message (field 1: entries; entry field 1: name) — hand-encoded like Anki's."""

    def varint(value: int) -> bytes:
        out = bytearray()
        while True:
            byte, value = value & 0x7F, value >> 7
            out.append(byte | (0x80 if value else 0))
            if not value:
                return bytes(out)

    body = b""
    for name in names:
        raw = name.encode()
        entry = b"\x0a" + varint(len(raw)) + raw + b"\x10" + varint(3)
        body += b"\x0a" + varint(len(entry)) + entry
    return body


