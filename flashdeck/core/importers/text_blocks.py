"""Text (plain or Markdown) → the document model.

Each non-blank line becomes a block: ``#`` headings, ``-``/``*``/``1.``
list items with their nesting, everything else a paragraph line. Blank lines
separate paragraphs. This is the reader of text that is already text; the
readers of PDF, Word and HTML (``flashdeck.readers``) build their blocks from
the structure those formats carry.
"""

from __future__ import annotations

import re

from flashdeck.core.document import Block, Document, Where

__all__ = ["text_document"]

_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+•])|(?P<number>\d{1,3})[.)])[ \t]+(?P<text>\S.*)$")
_CHECK = re.compile(r"^\[(?P<mark>[ xX])\][ \t]+")


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def text_document(text: str, source: str = "<text>", *, origin: str = "text") -> Document:
    """The blocks of a text document; the text itself is kept for formats parsed from it exactly."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        where = Where(line=number)
        if heading := _ATX.match(line):
            blocks.append(Block.heading(heading.group(2).strip(), len(heading.group(1)), where))
        elif item := _ITEM.match(line):
            body = item.group("text")
            checked = None
            if box := _CHECK.match(body):
                checked = box.group("mark") != " "
                body = body[box.end():]
            number_text = item.group("number")
            blocks.append(Block.item(body.strip(), _indent_width(item.group("indent")) // 2,
                                     ordered=number_text is not None,
                                     number=int(number_text) if number_text else None, checked=checked, where=where))
        else:
            blocks.append(Block.paragraph(line.strip(), where))
    return Document(source=source, blocks=blocks, text=text, origin=origin)
