"""Outline notes: the fallback for any Markdown or plain-text notes.

One ``basic`` note per heading section: the heading is the front ("Parent ›
Child" for nested headings, so each card stands alone) and the section's text
is the back, nested bullets kept with their nesting. Headings are whatever the
reader recognised (``# T``, ``##T``, ``###T###:``, a bold-only or ALL-CAPS
line, a Word heading style, an HTML ``<h2>``). Nothing is dropped silently:
text before the first heading becomes its own note, and every heading that
makes no note says why in a warning. This format interprets nothing; the
formats of hand-written prep (``star``, ``questions``, ``pitch``) read the same
sections and make stories, questions and pitches of them.
"""

from __future__ import annotations

import re

from flashdeck.core.document import BlockKind, Document
from flashdeck.core.importers.handwritten import parse_notes
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ParseResult

__all__ = ["NAME", "detect", "detect_document", "parse", "parse_document"]

NAME = "outline"


def detect_document(doc: Document) -> int:
    """The fallback: 3 with headings, 2 with list items, 1 for any other text."""
    if doc.text is not None:  # from the text itself: a look at the blocks would cost a Markdown parse
        if re.search(r"^[ \t]{0,3}#{1,6}[ \t]*[^\W\d_]|^(?:\*\*|__)[^*_\n]+(?:\*\*|__)[ \t]*$", doc.text, re.M):
            return 3
        if re.search(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+\S", doc.text, re.M):
            return 2
        return 1 if doc.text.strip() else 0
    kinds = {block.kind for block in doc.blocks if block.text.strip() or block.kind is BlockKind.LABEL}
    if BlockKind.HEADING in kinds:
        return 3
    if BlockKind.ITEM in kinds:
        return 2
    return 1 if kinds else 0


def parse_document(doc: Document) -> ParseResult:
    """One basic note per heading section; warnings say where everything went."""
    return parse_notes(doc, NAME, interpret=False)


def detect(text: str, filename: str = "") -> int:
    return detect_document(text_document(text, filename or "<text>"))


def parse(text: str, source: str = "<outline>") -> ParseResult:
    return parse_document(text_document(text, source))
