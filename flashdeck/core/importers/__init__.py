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


def detect_document(doc: Document) -> str:
    """The format whose detector is most certain; outline notes are the fallback."""
    best, best_score = "outline", 0
    by_blocks = [name for name in FORMAT_MODULES if hasattr(format_module(name), "detect_document")]
    for name in [*(n for n in FORMAT_MODULES if n not in by_blocks), *by_blocks]:
        module = format_module(name)
        if name in by_blocks:
            if best_score >= _HANDWRITTEN_MAX:
                break
            score = module.detect_document(doc)
        else:
            score = module.detect(_view(doc, name), doc.source)
        if score > best_score or (score == best_score and score and
                                  list(FORMAT_MODULES).index(name) < list(FORMAT_MODULES).index(best)):
            best, best_score = name, score
    return best


def parse_document(doc: Document, fmt: str | None = None) -> ParseResult:
    name = fmt or detect_document(doc)
    module = format_module(name)
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
