"""Interview questions in hand-written notes: Q/A sheets, question lists, Notion toggles.

- ``Q:``/``A:`` pairs (``Question 3:``, ``Answer:``, bold or not): a question note
  each, the answer (and everything under it up to the next ``Q:``) its prep;
- a numbered or bulleted list that is mostly questions: a question note per
  item, what is nested under an item (a toggle's body, sub-bullets, or the
  paragraph pasted right under it) its prep; a ticked box tags the note
  ``done``, an empty one ``todo``;
- a heading that is a question, with text under it: one question note.

A prompt such as "Tell me about yourself" or "Why this company?" is a pitch,
not a question: it becomes a ``pitch`` note with the answer as its text.
The category (behavioural, coding, system design …) is inferred from the wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.importers.labels import is_question, pitch_heading, question_or_answer
from flashdeck.core.importers.playbook_questions import infer_category
from flashdeck.core.importers.sections import plain, render_blocks
from flashdeck.core.notes import NoteDraft

__all__ = ["Found", "count_questions", "question_note", "read_questions"]

# A list is a question list when at least this share of its top-level items are questions.
_QUESTION_SHARE = 0.6


@dataclass
class Found:
    """The notes read from a run of blocks, and the blocks that were no question or answer."""

    notes: list[NoteDraft] = field(default_factory=list)
    rest: list[Block] = field(default_factory=list)


def question_note(prompt: str, answer: Sequence[Block], line: int | None, checked: bool | None = None) -> NoteDraft:
    """A question note (a pitch note for a pitch prompt) with the answer as its prep."""
    prompt = " ".join(plain(prompt).split())
    prep = render_blocks(answer)
    tags = () if checked is None else ("done",) if checked else ("todo",)
    if pitch_heading(prompt):
        fields = {"label": prompt.rstrip(":")}
        if prep:
            fields["text"] = prep
        return NoteDraft("pitch", fields, tags=tags, line=line)
    fields = {"prompt": prompt, "category": infer_category(prompt)}
    if prep:
        fields["prep"] = prep
    return NoteDraft("question", fields, tags=tags, line=line)


def _qa_pairs(blocks: Sequence[Block]) -> Found | None:
    """``Q:``/``A:`` labels; ``None`` when there is no ``Q:`` label."""
    roles = [question_or_answer(b.label) if b.kind is BlockKind.LABEL else None for b in blocks]
    if "q" not in roles:
        return None
    found = Found()
    current: tuple[str, Block, list[Block]] | None = None

    def close() -> None:
        if current is not None:
            prompt, start, answer = current
            found.notes.append(question_note(prompt, answer, start.where.line))

    for block, role in zip(blocks, roles, strict=True):
        if role == "q":
            close()
            current = (block.text, block, [])
        elif current is None:
            found.rest.append(block)
        elif role == "a":
            if block.text:
                current[2].append(Block(BlockKind.PARAGRAPH, block.text, level=block.level, where=block.where))
        elif not current[0] and not current[2] and block.kind is BlockKind.PARAGRAPH:
            current = (block.text, current[1], [])  # "Q:" alone, the question on the next line
        else:
            current[2].append(block)
    close()
    return found


def _question_list(blocks: Sequence[Block]) -> Found | None:
    """A list that is mostly questions; ``None`` when there is none."""
    items = [b for b in blocks if b.kind is BlockKind.ITEM]
    if not items:
        return None
    top = min(b.level for b in items)
    tops = [b for b in items if b.level == top]
    questions = sum(1 for b in tops if is_question(b.text))
    if len(tops) < 2 or questions < _QUESTION_SHARE * len(tops):
        return None
    found = Found()
    current: tuple[Block, list[Block]] | None = None

    def close() -> None:
        if current is not None:
            item, answer = current
            found.notes.append(question_note(item.text, answer, item.where.line, item.checked))

    for block in blocks:
        if block.kind is BlockKind.ITEM and block.level == top:
            close()
            current = (block, [])
        elif current is None:
            found.rest.append(block)
        elif block.level > top:
            current[1].append(block)  # nested under its question (a toggle's body, sub-bullets)
        else:
            close()
            current = None
            found.rest.append(block)
    close()
    return found


def read_questions(blocks: Sequence[Block], heading: str = "", heading_line: int | None = None) -> Found | None:
    """The questions in a section's own blocks, or ``None`` when they are not a set of questions."""
    found = _qa_pairs(blocks) or _question_list(blocks)
    if found is not None:
        return found
    if heading and is_question(heading) and any(b.text.strip() for b in blocks):
        return Found([question_note(heading, blocks, heading_line)])
    return None


def count_questions(blocks: Sequence[Block]) -> int:
    """How many questions :func:`read_questions` would find (for format detection)."""
    found = _qa_pairs(blocks) or _question_list(blocks)
    return len(found.notes) if found is not None else 0
