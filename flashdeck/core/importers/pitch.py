"""Pitch talking points: "Tell me about yourself", "Why this company?", "Why Acme" and their points.

Each pitch heading becomes a spoken ``pitch`` note whose beats are its points,
with the facts and examples under the points as ``concept`` notes to recall
(see :mod:`flashdeck.core.importers.pitch_blocks`). The rest of the document is
read as well (:mod:`flashdeck.core.importers.handwritten`).
"""

from __future__ import annotations

import re

from flashdeck.core.document import BlockKind, Document
from flashdeck.core.importers.handwritten import looks_like_deck_file, may_hold, parse_notes
from flashdeck.core.importers.labels import pitch_heading
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ImportFormatError, ParseResult

__all__ = ["NAME", "detect", "detect_document", "parse", "parse_document"]

NAME = "pitch"


_PITCH_LIKE = re.compile(
    r"about yourself|introduce yourself|about me|intro|elevator|pitch|\bwhy\b|walk (?:me|us) through your|"
    r"what (?:excites|attracts|draws) you", re.IGNORECASE)


def detect_document(doc: Document) -> int:
    """8 and up for each pitch heading with something under it; 0 without one."""
    if looks_like_deck_file(doc) or not may_hold(doc, _PITCH_LIKE):
        return 0
    found = 0
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and pitch_heading(block.text) and index + 1 < len(blocks) \
                and blocks[index + 1].kind is not BlockKind.HEADING:
            found += 1
    return 0 if not found else min(14, 8 + 2 * found)


def parse_document(doc: Document) -> ParseResult:
    result = parse_notes(doc, NAME)
    if not any(note.kind == "pitch" for note in result.notes):
        raise ImportFormatError("no pitch found (expected a heading such as 'Tell me about yourself' or "
                                "'Why this company?' over its points)", source=doc.source, line=1)
    return result


def detect(text: str, filename: str = "") -> int:
    return detect_document(text_document(text, filename or "<text>"))


def parse(text: str, source: str = "<pitch>") -> ParseResult:
    return parse_document(text_document(text, source))
