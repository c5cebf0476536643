"""Bytes to text for importers: UTF-8 (with or without BOM) and UTF-16."""

from __future__ import annotations

import codecs

from flashdeck.core.notes import ImportFormatError

__all__ = ["decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text leaves every other byte zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


# What a file that is not text at all usually is, by its first bytes: saying so
# beats "not valid UTF-8" for a picture or a program saved as .md.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF (copy its text into a .txt file first)"),
    (b"PK\x03\x04", "a zip archive (or a Word/Anki file)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


def _binary_kind(data: bytes) -> str | None:
    return next((what for magic, what in _SIGNATURES if data.startswith(magic)), None)


def decode_bytes(data: bytes, *, source: str) -> str:
    """Decode a document, or say clearly (file and line) why it is not text."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and (what := _binary_kind(data)) is not None:
        raise ImportFormatError(f"this is {what}, not a text document", source=source, line=1)
    encoding = encoding or _looks_utf16(data) or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        if encoding == "utf-8" and b"\x00" in data[:8192]:
            raise ImportFormatError("binary data, not a text document", source=source, line=line) from None
        raise ImportFormatError(
            f"not valid {encoding.upper()} text (byte {err.start}: 0x{data[err.start]:02X}); "
            "save it as UTF-8",
            source=source,
            line=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFormatError("binary data, not a text document", source=source, line=line)
    return text.replace("\r\n", "\n").replace("\r", "\n")
