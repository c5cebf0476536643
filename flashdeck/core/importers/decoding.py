"""Bytes to text for importers: Unicode first, then the legacy encoding chardet detects.

The order, cheapest and surest first:

1. a byte-order mark says UTF-8, UTF-16 or UTF-32;
2. known binary formats (pictures, archives, programs) are refused by name;
3. UTF-16 without a mark shows itself by its zero bytes;
4. bytes that are valid UTF-8 are UTF-8 — no guessing;
5. bytes that are not: a file cut in the middle of a character, or one that mixes
   UTF-8 with another encoding, is refused naming the line; text with no UTF-8 in
   it at all is in a legacy encoding (cp1252, Latin-1, cp1251, GB18030, Shift-JIS
   …), which chardet detects from the bytes. A short text gives a detector little
   to go on, so when its confidence is low and Windows-1252 reads the bytes as
   letters and punctuation, Windows-1252 — what old Windows editors saved — wins.
   The document says which encoding it was read as (a warning in the report).

Text holding NUL bytes (or, read in a legacy encoding, many control characters)
is binary, not text, and is refused.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from flashdeck.core.notes import ImportFormatError

__all__ = ["decode_bytes", "decode_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NAMES = {"windows-1252": "Windows-1252", "cp1252": "Windows-1252", "iso-8859-1": "Latin-1",
          "latin-1": "Latin-1", "windows-1251": "Windows-1251", "cp1251": "Windows-1251"}
_CONFIDENT = 0.8
_DETECT_SAMPLE = 256 * 1024  # chardet reads this much, and the rules after it; the whole file is then decoded
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: spaces, digits and Latin letters put a zero in every other byte — always the
    same half of each pair (text in other scripts has fewer zeros, but still only on that side)."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, other, encoding in ((odd_zeros, even_zeros, "utf-16-le"), (even_zeros, odd_zeros, "utf-16-be")):
        if zeros > 0.1 * half and other < 0.02 * half:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


# What a file that is not text at all usually is, by its first bytes: saying so
# beats "not valid UTF-8" for a picture or a program saved as .md.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF"),
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
    return decode_text(data, source=source)[0]


def decode_text(data: bytes, *, source: str) -> tuple[str, str | None]:
    """The text and, when it was not Unicode, the name of the legacy encoding it was read as."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and (what := _binary_kind(data)) is not None:
        raise ImportFormatError(f"this is {what}, not a text document", source=source, line=1)
    encoding = encoding or _looks_utf16(data) or "utf-8"
    legacy = None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding != "utf-8":
            raise _not_valid(data, err, encoding, source) from None
        text, legacy = _legacy(data, err, source)
    if "\x00" in text or (legacy and len(_CONTROL.findall(text)) > 0.005 * len(text)):
        bad = _CONTROL.search(text)
        line = text[: bad.start() if bad else 0].count("\n") + 1
        raise ImportFormatError("binary data, not a text document", source=source, line=line)
    if "\r" in text:  # (one pass to look: each replacement is a pass over the text, and most have none)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, legacy


def _not_valid(data: bytes, err: UnicodeDecodeError, encoding: str, source: str, hint: str = "") -> ImportFormatError:
    line = data[: err.start].count(b"\n") + 1
    return ImportFormatError(
        f"not valid {encoding.upper()} text (byte {err.start}: 0x{data[err.start]:02X}){hint}; save it as UTF-8",
        source=source, line=line)


def _legacy(data: bytes, err: UnicodeDecodeError, source: str) -> tuple[str, str]:
    """Text that is not UTF-8: refused when it is broken UTF-8, else read in the detected encoding."""
    line = data[: err.start].count(b"\n") + 1
    if b"\x00" in data[:8192]:
        raise ImportFormatError("binary data, not a text document", source=source, line=line)
    # (Counted at C speed, files reach 32 MB.) The bytes of well-formed UTF-8 sequences: what survives
    # decoding with the rest ignored, less the ASCII bytes.
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    utf8_bytes = len(data.decode("utf-8", "ignore").encode("utf-8")) - (len(data) - non_ascii)
    if err.reason == "unexpected end of data" and err.end == len(data) and utf8_bytes:
        raise ImportFormatError("not valid UTF-8 text: it ends in the middle of a character (was it cut short?); "
                                "save it as UTF-8", source=source, line=line)
    if utf8_bytes >= 0.5 * non_ascii:
        raise _not_valid(data, err, "utf-8", source, hint=", and other parts are UTF-8: the file mixes encodings")
    encoding = _detect(data[:_DETECT_SAMPLE])
    if encoding is None:
        raise _not_valid(data, err, "utf-8", source)
    try:
        return data.decode(encoding), _NAMES.get(encoding.lower(), encoding)
    except (UnicodeDecodeError, LookupError):
        raise _not_valid(data, err, "utf-8", source) from None


def _western(data: bytes) -> bool:
    """Whether the bytes read as Western European text in Windows-1252: letters mostly ASCII, a few accented.

    (Russian in Windows-1251 also decodes as Windows-1252 letters, but then nearly every letter is accented.)
    """
    if not _plausible_cp1252(data):
        return False
    text = data.decode("cp1252")
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if ord(c) > 0x7F) <= 0.3 * max(1, len(letters))


def _plausible_cp1252(data: bytes) -> bool:
    """Whether Windows-1252 reads every non-ASCII byte as a letter, a sign or punctuation."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(unicodedata.category(c)[0] in "LNPSZ" for c in text if ord(c) > 0x7F)


def _detect(data: bytes) -> str | None:
    import chardet

    result = chardet.detect(data)
    encoding, confidence = result.get("encoding"), result.get("confidence") or 0.0
    if (encoding is None or confidence < _CONFIDENT) and _western(data):
        return "cp1252"
    if encoding and encoding.lower() in ("iso-8859-1", "iso8859-1", "iso-8859-15", "iso8859-15", "ascii") \
            and _western(data) and not re.search(rb"[\xa4\xa6\xa8\xb4\xb8\xbc-\xbe]", data):
        return "cp1252"  # the same letters; cp1252 also reads the curly quotes Latin-1 lacks
    return encoding
