"""STAR stories written any common way, with or without coaching around them.

Reads documents like::

    Question: Tell me about a time you missed a deadline.
    S – Situation: ...
    **Task:** ...
    ## Action
    ...
    RESULT
    ...
    What to avoid:
    - ...

into ``story`` notes — one per story, however many the document tells — whose
checklist is the rubric around them. Labels are recognised only when set off as
labels (alone on the line, followed by a colon or dash, bold, or a heading), so
prose that merely mentions "the situation" is never split. A story missing one
of the four parts is rejected whole: nothing half-made. The rest of the
document (a pitch, a list of questions, other notes) is read as well; see
:mod:`flashdeck.core.importers.handwritten`.
"""

from __future__ import annotations

import re

from flashdeck.core.document import Document
from flashdeck.core.importers.handwritten import looks_like_deck_file, may_hold, parse_notes, story_parts
from flashdeck.core.importers.labels import STAR_ORDER
from flashdeck.core.importers.story_blocks import title_from_question, units_of
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import ImportFormatError, ParseResult

__all__ = ["NAME", "detect", "detect_document", "parse", "parse_document", "title_from_question"]

NAME = "star"


# A STAR label at a line start, in any of its spellings (a look at the text before reading blocks).
_STAR_AT_START = re.compile(
    r"^[^\w\n]{0,12}(?:\(?[star]\)?[ \t]*[-–—:.)|/][ \t]*)?(?:situation|context|tasks?|actions?|results?|outcome)\b"
    r"|^[^\w\n]{0,12}\(?[STAR]\)?[ \t]*[:.)]", re.IGNORECASE | re.MULTILINE)


def detect_document(doc: Document) -> int:
    """>= 18 when at least three of Situation/Task/Action/Result appear as labels."""
    if looks_like_deck_file(doc) or not may_hold(doc, _STAR_AT_START):
        return 0  # FlashDeck's own deck file has "### Situation" field headings
    found = story_parts(doc.blocks)
    return 18 + (len(found) == 4) if len(found) >= 3 else 0


def parse_document(doc: Document) -> ParseResult:
    """Story notes (and whatever else the notes hold); errors name the line."""
    result = parse_notes(doc, NAME)
    if not any(note.kind == "story" for note in result.notes):
        units = [u for u in units_of(doc.blocks) if u.role == "star"]
        if not units:
            raise ImportFormatError(
                "no Situation, Task, Action or Result labels (expected e.g. 'Situation:' at a line start)",
                source=doc.source, line=1)
        names = {u.name for u in units}
        missing = [n.capitalize() for n in STAR_ORDER if n not in names]
        found = ", ".join(n.capitalize() for n in STAR_ORDER if n in names)
        raise ImportFormatError(f"the story starting here has no {' or '.join(missing)} label (found {found})",
                                source=doc.source, line=units[0].block.where.line)
    return result


def detect(text: str, filename: str = "") -> int:
    return detect_document(text_document(text, filename or "<text>"))


def parse(text: str, source: str = "<star>") -> ParseResult:
    return parse_document(text_document(text, source))
