"""Runs of plain and bold text → a block's inline Markdown, the same for every reader.

A PDF line, a Word paragraph and an HTML ``<p>`` all arrive as runs of text,
each bold or not. They become one line of inline Markdown (``**bold**``), and a
paragraph that is bold throughout becomes a heading (a label when it ends in a
colon) — by one rule here, so that the same document read from any format gives
the same blocks. A paragraph that opens with a label (``Question: …``,
``**Task:** …``) is a ``Label: value`` block, by the very rule the text reader
uses (:func:`flashdeck.core.importers.text_blocks.label_of_line`): the parsers
see the same labels whether the notes were typed, printed to PDF, written in
Word or saved from a web page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flashdeck.core.document import Block, Where
from flashdeck.core.importers.text_blocks import label_of_line

__all__ = ["BOLD_PARAGRAPH_CHARS", "Run", "all_bold", "checkbox_prefix", "markdown", "paragraph_block", "plain"]

_SPACES = re.compile(r"\s+")
# A bold paragraph longer than this is emphasised prose, not a heading or a label.
BOLD_PARAGRAPH_CHARS = 120


# A to-do item's box as Word, a PDF or a Notion export writes it in front of the text.
_BOX = re.compile(r"^(?P<box>[☐□❏]|[☑☒✅]|\[(?: |x|X)\])\s+")


def checkbox_prefix(text: str) -> tuple[bool | None, str]:
    """``"☑ Book the room"`` → ``(True, "Book the room")``; text without a box → ``(None, text)``."""
    match = _BOX.match(text)
    if match is None:
        return None, text
    box = match.group("box")
    return box in ("☑", "☒", "✅", "[x]", "[X]"), text[match.end():]


@dataclass
class Run:
    text: str
    bold: bool = False


def plain(runs: Iterable[Run]) -> str:
    return _SPACES.sub(" ", "".join(run.text for run in runs)).strip()


def markdown(runs: Iterable[Run]) -> str:
    """Runs as inline Markdown: neighbouring bold runs merged into one ``**…**``, spaces kept outside it."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold == run.bold or not run.text.strip()):
            merged[-1].text += run.text
        else:
            merged.append(Run(run.text, run.bold))
    out = []
    for run in merged:
        body = run.text.strip()
        if run.bold and body:
            lead = run.text[: len(run.text) - len(run.text.lstrip())]
            trail = run.text[len(run.text.rstrip()):]
            out.append(f"{lead}**{body}**{trail}")
        else:
            out.append(run.text)
    return _SPACES.sub(_space, "".join(out)).strip()


def _space(match: re.Match[str]) -> str:
    """A run of white space as one space, or as a tab when it holds one (a table row's cell boundary)."""
    return "\t" if "\t" in match.group() else " "


def all_bold(runs: Iterable[Run]) -> bool:
    visible = [run for run in runs if run.text.strip()]
    return bool(visible) and all(run.bold for run in visible)


def paragraph_block(runs: list[Run], where: Where, bold_level: int) -> Block | None:
    """A paragraph's block: a heading (``bold_level``) or a label when it is a short bold line, else prose."""
    if not all_bold(runs):
        text = markdown(runs)
        if not text:
            return None
        found = label_of_line(text)
        if found is not None:
            return Block.labelled(found.label, found.value, where)
        return Block.paragraph(text, where)
    text = plain(runs)
    if len(text) > BOLD_PARAGRAPH_CHARS or text.endswith((".", "!", "?")):
        return Block.paragraph(f"**{text}**", where)
    if text.endswith(":") and len(text) > 1:
        return Block.labelled(text[:-1].rstrip(), "", where)
    return Block.heading(text, bold_level, where)
