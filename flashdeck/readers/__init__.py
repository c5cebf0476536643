"""Readers: a file (or pasted bytes) → the document model (:class:`flashdeck.core.document.Document`).

One reader per format people keep their material in, picked from the content
(the file name only decides for HTML, whose fragments open with any tag):

- PDF (``%PDF-``): its text layer, de-paginated (:mod:`.pdf`, :mod:`.layout`);
- Word .docx (a zip with ``word/document.xml``; an encrypted one is an OLE file) (:mod:`.docx`);
- HTML, a saved page or a clipboard fragment: its main content (:mod:`.html`);
- text in any common encoding (:mod:`flashdeck.core.importers.decoding`): text a PDF
  tool extracted is recognised by its pages and de-paginated like the PDF
  (:mod:`.extracted`); anything else — Markdown, notes, CSV, deck files — goes
  to the text reader as it is, its exact text kept for the formats parsed from it.

``read_path`` and ``read_bytes`` hold every document to the same limits, so a
stranger's file cannot take the machine with it. Errors are
:class:`~flashdeck.core.notes.ImportFormatError`: one line naming the file (and
the line or page). Anki packages are not documents: ``flashdeck.interchange`` reads them.
"""

from __future__ import annotations

import importlib
import os
import stat
from typing import Any

from flashdeck.core.document import Document
from flashdeck.core.import_limits import MAX_IMPORT_BYTES, MAX_IMPORT_LINES, MAX_LINE_CHARS, MAX_PDF_PAGES
from flashdeck.core.importers.decoding import decode_text
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers.sniff import OLE_SIGNATURE, declared_charset, looks_like_html, may_be_extracted

# The PDF, Word and HTML readers, and the reader of text a PDF tool extracted, load when a document of theirs
# comes (a CSV or notes file needs none: ~16 ms on the first import in a process); their limits too,
# through __getattr__ below.
_LAZY = {"MAX_DOCX_UNPACKED": "flashdeck.readers.docx", "MAX_HTML_ELEMENTS": "flashdeck.readers.html"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_DOCX_UNPACKED",
    "MAX_HTML_ELEMENTS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_LINES",
    "MAX_LINE_CHARS",
    "MAX_PDF_PAGES",
    "document_kind",
    "read_bytes",
    "read_path",
]

# What a file chooser offers as documents. Reading goes by content, not by name (``document_kind``): a file
# with another suffix is read all the same when chosen under "All files".
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt", ".csv", ".tsv")


def read_path(path: str) -> Document:
    """Read one file into a document (no database: safe on a worker thread)."""
    return read_bytes(read_bounded(path), source=path)


def document_kind(data: bytes, source: str = "") -> str:
    """Which reader ``data`` is for: ``pdf``, ``docx``, ``html`` or ``text``."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE_SIGNATURE):
        return "docx"
    if data.startswith(b"PK\x03\x04") and (source.casefold().endswith((".docx", ".docm", ".dotx"))
                                           or b"[Content_Types].xml" in data[:1024] or _is_word(data)):
        return "docx"  # an Office file (a damaged one too: the Word reader says so)
    if looks_like_html(data, source):
        return "html"
    return "text"


def _is_word(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            return "word/document.xml" in names or "[Content_Types].xml" in names  # Office: say which
    except (zipfile.BadZipFile, OSError):
        return False


def read_bytes(data: bytes, *, source: str, html: bool = False) -> Document:
    """Bytes (a file's, standard input's or the clipboard's) into a document; ``html``: they are HTML
    whatever tag they open with (the clipboard said so: a copied web page)."""
    if len(data) > MAX_IMPORT_BYTES:
        limit = MAX_IMPORT_BYTES // (1024 * 1024)
        raise ImportFormatError(f"{len(data) / (1024 * 1024):.0f} MB; the limit is {limit} MB", source=source)
    kind = "html" if html else document_kind(data, source)
    if kind == "pdf":
        from flashdeck.readers.pdf import read_pdf

        return read_pdf(data, source)
    if kind == "docx":
        from flashdeck.readers.docx import read_docx

        return read_docx(data, source)
    if kind == "html":
        from flashdeck.readers.html import read_html

        return read_html(_decode_html(data, source), source)
    text, legacy = decode_text(data, source=source)
    check_shape(text, source)
    doc = None
    if may_be_extracted(text):
        from flashdeck.readers.extracted import extracted_document

        doc = extracted_document(text, source)
    doc = doc or text_document(text, source)
    if legacy:
        doc.warnings.append(f"{source}: not UTF-8: read as {legacy} (check the accented letters)")
    return doc


def _decode_html(data: bytes, source: str) -> str:
    """An HTML page's text: the charset its <meta> declares when the bytes are not UTF-8, else detected."""
    charset = declared_charset(data)
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    text, _legacy = decode_text(data, source=source)
    return text


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
    if not _has_line_over(text, MAX_LINE_CHARS):
        return
    for number, line in enumerate(text.split("\n"), start=1):  # (only to name the line)
        if len(line) > MAX_LINE_CHARS:
            raise ImportFormatError(
                f"a line of {len(line):,} characters; the limit is {MAX_LINE_CHARS:,} (is this a text document?)",
                source=source,
                line=number,
            )


def _has_line_over(text: str, limit: int) -> bool:
    """Whether a line of ``text`` is longer than ``limit``, found at C speed without splitting it: from each
    line start, the last line break within ``limit + 1`` characters starts the next stretch to look at."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit + 1)
        if cut < 0:
            return True  # the line at ``start`` has more than ``limit`` characters
        start = cut + 1
    return False
