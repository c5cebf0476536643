"""Importers: pure functions from a document's text to notes, one format per module.

Every format module exposes ``NAME`` (the ``--format`` value), ``detect(text)``
(a score: 0 means "not mine", higher means more certain) and
``parse(text, source)`` returning a :class:`~flashdeck.core.notes.ParseResult`
or raising :class:`~flashdeck.core.notes.ImportFormatError` naming the line.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from flashdeck.core.importers.decoding import decode_bytes
from flashdeck.core.notes import ImportFormatError, ParseResult

__all__ = ["FORMAT_MODULES", "detect_format", "format_module", "parse_bytes", "parse_text"]

# Order matters only for ties: the more specific formats come first.
FORMAT_MODULES: dict[str, str] = {
    "deck": "flashdeck.core.importers.deckfile",
    "playbook": "flashdeck.core.importers.playbook",
    "competency": "flashdeck.core.importers.competency",
    "star": "flashdeck.core.importers.star",
    "csv": "flashdeck.core.importers.delimited",
    "outline": "flashdeck.core.importers.outline",
}


def format_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(FORMAT_MODULES[name])
    except KeyError:
        known = ", ".join(FORMAT_MODULES)
        raise ImportFormatError(f"unknown format {name!r} (known: {known})") from None


def detect_format(text: str, filename: str = "") -> str:
    """The format whose detector is most certain; outline notes are the fallback."""
    best, best_score = "outline", 0
    for name in FORMAT_MODULES:
        score = format_module(name).detect(text, filename)
        if score > best_score:
            best, best_score = name, score
    return best


def parse_text(text: str, *, source: str = "<text>", fmt: str | None = None) -> ParseResult:
    name = fmt or detect_format(text, source)
    result: ParseResult = format_module(name).parse(text, source)
    return result


def parse_bytes(data: bytes, *, source: str, fmt: str | None = None) -> ParseResult:
    return parse_text(decode_bytes(data, source=source), source=source, fmt=fmt)
