"""Just enough of the protobuf wire format to read the few Anki messages we need.

Anki's modern packages describe themselves with small protobuf messages (the
package ``meta``, the ``media`` list, a note type's config). Decoding them by
hand keeps protobuf code generation out of the project; every read is bounds
checked, so a damaged message is a ``ValueError``, never a crash or a hang.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["fields", "first_int", "read_varint"]

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """(value, next position) of the varint at ``pos``."""
    value = shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint longer than 64 bits")


def fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) for each field: ints for varints and fixed, bytes for the rest."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ValueError("field number 0")
        if wire == VARINT:
            value, pos = read_varint(data, pos)
            yield number, wire, value
        elif wire == LENGTH:
            size, pos = read_varint(data, pos)
            if pos + size > len(data):
                raise ValueError("length-delimited field runs past the end")
            yield number, wire, data[pos : pos + size]
            pos += size
        elif wire in (FIXED64, FIXED32):
            width = 8 if wire == FIXED64 else 4
            if pos + width > len(data):
                raise ValueError("fixed-width field runs past the end")
            yield number, wire, int.from_bytes(data[pos : pos + width], "little")
            pos += width
        else:
            raise ValueError(f"unsupported wire type {wire}")


def first_int(data: bytes, number: int, default: int = 0) -> int:
    """The varint field ``number`` of a message (``default`` when absent)."""
    for field_number, wire, value in fields(data):
        if field_number == number and wire == VARINT:
            assert isinstance(value, int)
            return value
    return default
