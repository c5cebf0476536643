"""Readers: a file (or pasted bytes) → the document model (:class:`flashdeck.core.document.Document`).

One reader per format people keep their material in. ``read_path`` and
``read_bytes`` pick the reader from the content (and the file name when the
content cannot tell) and hold every document to the same limits, so a
stranger's file cannot take the machine with it. Errors are
:class:`~flashdeck.core.notes.ImportFormatError` naming the file (and line or
page). Anki packages are not documents: ``flashdeck.interchange`` reads them.
"""

from __future__ import annotations

import os
import stat

from flashdeck.core.document import Document
from flashdeck.core.importers.decoding import decode_bytes
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ImportFormatError

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_LINES",
    "MAX_LINE_CHARS",
    "read_bytes",
    "read_path",
]

# A document from a stranger must not take the machine with it: these bound an
# import's memory (well under 500 MB) and time, and sit far above any real prep
# material (a 50-page playbook is ~100 KB of text; 50,000 TSV cards ~10 MB).
MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_IMPORT_LINES = 250_000
MAX_LINE_CHARS = 1_000_000


def read_path(path: str) -> Document:
    """Read one file into a document (no database: safe on a worker thread)."""
    return read_bytes(read_bounded(path), source=path)


def read_bytes(data: bytes, *, source: str) -> Document:
    """Bytes (a file's, standard input's or the clipboard's) into a document."""
    text = decode_bytes(data, source=source)
    check_shape(text, source)
    return text_document(text, source)


def read_bounded(path: str) -> bytes:
    """The file's bytes, refusing what is too large or not a regular file (never reading past the limit)."""
    try:
        # Non-blocking, so that opening a named pipe does not wait for a writer; /dev/zero or a
        # pipe would never end, so only a regular file is read (and a growing one cut at the limit).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise ImportFormatError("is a folder, not a file", source=path)
            if not stat.S_ISREG(mode):
                raise ImportFormatError("not a regular file", source=path)
            with open(fd, "rb", closefd=False) as fh:
                data = fh.read(MAX_IMPORT_BYTES + 1)
            size = max(len(data), os.fstat(fd).st_size)
        finally:
            os.close(fd)
    except OSError as err:
        raise ImportFormatError(err.strerror or str(err), source=path) from None
    if len(data) > MAX_IMPORT_BYTES:
        limit = MAX_IMPORT_BYTES // (1024 * 1024)
        raise ImportFormatError(f"file is {size / (1024 * 1024):.0f} MB; the limit is {limit} MB", source=path)
    return data


def check_shape(text: str, source: str) -> None:
    """Too many lines, or a line too long to be prose: name the file (and the line)."""
    lines = text.count("\n") + 1
    if lines > MAX_IMPORT_LINES:
        raise ImportFormatError(f"{lines:,} lines; the limit is {MAX_IMPORT_LINES:,} (split the file)", source=source)
    if len(text) <= MAX_LINE_CHARS:
        return  # no line can be too long
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ImportFormatError(
                f"a line of {len(line):,} characters; the limit is {MAX_LINE_CHARS:,} (is this a text document?)",
                source=source,
                line=number,
            )
