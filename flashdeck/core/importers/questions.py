"""Interview questions as people keep them: Q/A prep sheets, numbered lists, Notion toggles.

A ``question`` note per question, the answer written under it as its prep (see
:mod:`flashdeck.core.importers.question_blocks`); "Tell me about yourself" and
"Why this company?" become pitches. The rest of the document is read as well
(:mod:`flashdeck.core.importers.handwritten`).
"""

from __future__ import annotations

import re

from flashdeck.core.document import Block, Document
from flashdeck.core.importers.handwritten import looks_like_deck_file, may_hold, parse_notes
from flashdeck.core.importers.question_blocks import count_questions
from flashdeck.core.importers.sections import build_tree
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ImportFormatError, ParseResult

__all__ = ["NAME", "detect", "detect_document", "parse", "parse_document"]

NAME = "questions"


def _sections(doc: Document) -> list[list[Block]]:
    out: list[list[Block]] = []
    stack = [build_tree(doc.blocks)]
    while stack:
        section = stack.pop()
        out.append(section.blocks)
        stack += section.children
    return out


# Spaces as [ \t], never \s: over many blank lines "\s*" at every line start would be quadratic.
_QUESTION_LIKE = re.compile(
    r"[?？][ \t*]*$|^[^\w\n]{0,6}(?:q\d*|question[ \t]*\d*)[ \t*]*:"
    r"|^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+(?:\[.\][ \t]+)?(?:tell|describe|give|walk|talk|share|explain|how|what|why|"
    r"have|when|where|can|could|would)\b", re.IGNORECASE | re.MULTILINE)


def detect_document(doc: Document) -> int:
    """10–15 with two question/answer pairs or three listed questions or more; 0 otherwise."""
    if looks_like_deck_file(doc) or not may_hold(doc, _QUESTION_LIKE):
        return 0
    found = sum(count_questions(blocks) for blocks in _sections(doc))
    return 0 if found < 2 else min(15, 9 + found)


def parse_document(doc: Document) -> ParseResult:
    result = parse_notes(doc, NAME)
    if not any(note.kind in ("question", "pitch") for note in result.notes):
        raise ImportFormatError("no questions found (expected 'Q:'/'A:' lines or a list of questions)",
                                source=doc.source, line=1)
    return result


def detect(text: str, filename: str = "") -> int:
    return detect_document(text_document(text, filename or "<text>"))


def parse(text: str, source: str = "<questions>") -> ParseResult:
    return parse_document(text_document(text, source))
