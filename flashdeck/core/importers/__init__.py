"""Importers: pure functions from a document to notes, one format per module.

Every format module exposes ``NAME`` (the ``--format`` value),
``detect(text, filename)`` and ``parse(text, source)`` for text, and may expose
``detect_document(doc)`` / ``parse_document(doc)`` to read the document model
(:mod:`flashdeck.core.document`) directly. ``detect`` scores how sure it is (0
means "not mine"); ``parse`` returns a :class:`~flashdeck.core.notes.ParseResult`
or raises :class:`~flashdeck.core.notes.ImportFormatError` naming the line.

Formats that read text line by line see, for a document that was not text to
begin with (PDF, Word, HTML), one of the document's text views: the plain
lines for generated documents (playbooks, competency guides), Markdown for
everything else.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from flashdeck.core.document import Document
from flashdeck.core.importers.decoding import decode_bytes
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ImportFormatError, ParseResult

__all__ = [
    "FORMAT_MODULES",
    "MAX_GENERATED_LINES",
    "MAX_NOTES_CHARS",
    "MAX_NOTES_LINES",
    "check_size",
    "detect_document",
    "detect_format",
    "format_module",
    "parse_bytes",
    "parse_document",
    "parse_text",
]

# Order matters only for ties: the more specific formats come first.
FORMAT_MODULES: dict[str, str] = {
    "deck": "flashdeck.core.importers.deckfile",
    "playbook": "flashdeck.core.importers.playbook",
    "competency": "flashdeck.core.importers.competency",
    "star": "flashdeck.core.importers.star",
    "questions": "flashdeck.core.importers.questions",
    "pitch": "flashdeck.core.importers.pitch",
    "csv": "flashdeck.core.importers.delimited",
    "outline": "flashdeck.core.importers.outline",
}
# Generated documents arrive as PDF text: their importers read the plain-lines view.
_PLAIN_VIEW = {"playbook", "competency"}


def format_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(FORMAT_MODULES[name])
    except KeyError:
        known = ", ".join(FORMAT_MODULES)
        raise ImportFormatError(f"unknown format {name!r} (known: {known})") from None


def _view(doc: Document, name: str) -> str:
    """The text a line-reading format sees of ``doc``."""
    if doc.text is not None:
        return doc.text
    return "\n".join(doc.lines()) if name in _PLAIN_VIEW else doc.markdown()


# The formats of hand-written notes read the document's blocks and score below this: once a format
# read from the text scores it (a playbook, a guide, an Anki export), they need not look.
_HANDWRITTEN_MAX = 20
# Below this a format read from the text only breaks a tie (a ".md" name with "##" headings).
_SURE = 5

# Per-format limits, so that any file at its limit is read and parsed in about a second or two here
# (bench/bench_readers.py, docs/performance.md). The readers hold every text to MAX_IMPORT_LINES
# (250,000) lines: CSV and deck files are parsed from the text at C speed and keep that. Text read
# as hand-written notes goes through markdown-it and the section engine, 40–100 µs a line: it is
# read up to MAX_NOTES_LINES lines (real prep notes are a few hundred to a few thousand). A generated
# playbook or competency guide is a few thousand lines: MAX_GENERATED_LINES is far above that.
MAX_NOTES_LINES = 10_000
MAX_NOTES_CHARS = 1_000_000
MAX_GENERATED_LINES = 100_000


def _size_error(doc: Document, name: str) -> ImportFormatError | None:
    """Why ``doc`` is too long to be read as format ``name`` in time, or None."""
    if doc.text is None:
        return None  # PDF, Word, HTML and PDF-extracted text: bounded by their readers' limits
    notes = hasattr(format_module(name), "parse_document")
    if not notes and name not in _PLAIN_VIEW:
        return None  # CSV, deck files: the readers' limits
    lines = doc.text.count("\n") + (not doc.text.endswith("\n"))
    most = MAX_NOTES_LINES if notes else MAX_GENERATED_LINES
    what = "notes" if notes else f"a {'playbook' if name == 'playbook' else 'competency guide'}"
    if lines > most:
        size, limit = f"{lines:,} lines", f"{most:,} lines"
    elif notes and len(doc.text) > MAX_NOTES_CHARS:
        size, limit = f"{len(doc.text):,} characters", f"{MAX_NOTES_CHARS:,} characters"
    else:
        return None
    return ImportFormatError(f"{size}; {what} are read up to {limit} in one file (split it)"
                             if notes else f"{size}; {what} is read up to {limit} (split it)", source=doc.source)


def check_size(doc: Document, name: str) -> None:
    """Refuse text too long to be read as format ``name`` in time (see ``MAX_NOTES_LINES``)."""
    if (error := _size_error(doc, name)) is not None:
        raise error


def detect_document(doc: Document) -> str:
    """The format whose detector is most certain; outline notes are the fallback."""
    best, best_score = "outline", 0
    by_blocks = [name for name in FORMAT_MODULES if hasattr(format_module(name), "detect_document")]
    too_big = _size_error(doc, "outline") is not None  # too long to be read as notes
    for name in [*(n for n in FORMAT_MODULES if n not in by_blocks), *by_blocks]:
        module = format_module(name)
        if name in by_blocks:
            if best_score >= _HANDWRITTEN_MAX or too_big:
                break  # (too long for notes: reading its blocks to look would take the time it may not)
            score = module.detect_document(doc)
        else:
            score = module.detect(_view(doc, name), doc.source)
        if score > best_score or (score == best_score and score and
                                  list(FORMAT_MODULES).index(name) < list(FORMAT_MODULES).index(best)):
            best, best_score = name, score
    if too_big and best_score < _SURE:
        return "outline"  # notes, as it would be if it were shorter, and refused as such (not a guess)
    return best


def parse_document(doc: Document, fmt: str | None = None) -> ParseResult:
    name = fmt or detect_document(doc)
    module = format_module(name)
    check_size(doc, name)
    if hasattr(module, "parse_document"):
        result: ParseResult = module.parse_document(doc)
    else:
        result = module.parse(_view(doc, name), doc.source)
    result.warnings[:0] = doc.warnings
    return result


def detect_format(text: str, filename: str = "") -> str:
    return detect_document(text_document(text, filename))


def parse_text(text: str, *, source: str = "<text>", fmt: str | None = None) -> ParseResult:
    return parse_document(text_document(text, source), fmt)


def parse_bytes(data: bytes, *, source: str, fmt: str | None = None) -> ParseResult:
    return parse_text(decode_bytes(data, source=source), source=source, fmt=fmt)
