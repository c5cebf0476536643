"""Outline notes: the fallback for any Markdown or plain-text notes.

One ``basic`` note per heading section: the heading is the front ("Parent ›
Child" for nested headings, so each card stands alone) and the section's text
is the back, nested bullets kept with their indentation. Nothing is dropped
silently: text before the first heading becomes its own note, and every
heading that makes no note says why in a warning.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft, ParseResult

__all__ = ["NAME", "detect", "parse"]

NAME = "outline"

_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(.+?)\1$")
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z][\w-]*[ \t]*:")
_SEPARATOR = " › "
_MAX_DERIVED = 60


@dataclass
class _Section:
    title: str  # "" for the text before the first heading
    level: int
    line: int
    body: list[str] = field(default_factory=list)
    path: tuple[str, ...] = ()
    has_children: bool = False

    def text(self) -> str:
        while self.body and not self.body[0].strip():
            self.body.pop(0)
        while self.body and not self.body[-1].strip():
            self.body.pop()
        # Dedent as a whole so nested bullets keep their relative indentation.
        return textwrap.dedent("\n".join(line.rstrip() for line in self.body))


def _heading_text(raw: str) -> str:
    text = raw.strip()
    emphasis = _EMPHASIS.match(text)
    return emphasis.group(2).strip() if emphasis else text


def _is_paragraph_line(line: str) -> bool:
    return bool(line.strip()) and not _BULLET.match(line) and not _ATX.match(line) and not _FENCE.match(line)


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """A YAML-style ``---`` block at the top: its simple keys, and the lines it spans."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    values: dict[str, str] = {}
    for index in range(1, min(len(lines), 40)):
        line = lines[index]
        if line.strip() in ("---", "..."):
            return values, index + 1
        if line.strip() and not _FRONT_MATTER_KEY.match(line) and not line.startswith((" ", "\t", "-")):
            return {}, 0  # not front matter after all: a thematic break over prose
        key, _, value = line.partition(":")
        values[key.strip().casefold()] = value.strip().strip("\"'")
    return {}, 0


def _split(lines: list[str], start: int) -> list[_Section]:
    """The text before the first heading, then one section per heading."""
    sections = [_Section("", 0, start + 1)]
    in_fence = False
    skip_next = False
    for index in range(start, len(lines)):
        if skip_next:
            skip_next = False
            continue
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
            sections[-1].body.append(line)
            continue
        atx = None if in_fence else _ATX.match(line)
        if atx and _heading_text(atx.group(2)):
            sections.append(_Section(_heading_text(atx.group(2)), len(atx.group(1)), index + 1))
            continue
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        underline = _SETEXT_UNDERLINE.match(nxt)
        previous = lines[index - 1] if index > start else ""
        # Only a one-line paragraph is read as a setext heading; "---" under a
        # longer paragraph stays a thematic break in the text.
        if (
            not in_fence
            and underline
            and _is_paragraph_line(line)
            and _heading_text(line)
            and (index == start or not previous.strip() or _ATX.match(previous))
        ):
            level = 1 if underline.group(1).startswith("=") else 2
            sections.append(_Section(_heading_text(line), level, index + 1))
            skip_next = True
            continue
        sections[-1].body.append(line)
    return sections


def _derived_front(source: str, text: str) -> str:
    name = re.split(r"[\\/]", source)[-1]
    if name and not name.startswith("<"):
        stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", name)
        stem = " ".join(re.sub(r"[_-]+", " ", stem).split())
        if stem:
            return stem[:1].upper() + stem[1:]
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "Notes")
    first = re.sub(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+", "", first).strip() or "Notes"
    return first if len(first) <= _MAX_DERIVED else first[: _MAX_DERIVED - 1].rstrip() + "…"


def detect(text: str, filename: str = "") -> int:
    """The fallback: 3 with headings, 2 with bullets, 1 for any other text."""
    if re.search(r"^[ \t]{0,3}#{1,6}[ \t]+\S", text, re.MULTILINE):
        return 3
    if re.search(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S", text, re.MULTILINE):
        return 2
    return 1 if text.strip() else 0


def parse(text: str, source: str = "<outline>") -> ParseResult:
    """One basic note per heading section; warnings say where everything went."""
    # Callers normally pass decoded text (newlines already "\n"); pasted text may not be.
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(line.strip() for line in lines):
        raise ImportFormatError("nothing to import: the document is empty", source=source, line=1)
    meta, start = _front_matter(lines)
    warnings: list[str] = []
    if start:
        warnings.append(f"{source}:1: the '---' block at the top (lines 1–{start}) was read as settings")
    sections = _split(lines, start)
    headed = sections[1:]
    deck_name = meta.get("title") or meta.get("deck") or None

    # One top-level heading over everything is the document's title: it names
    # the deck rather than prefixing every card.
    top_level = min((s.level for s in headed), default=0)
    tops = [s for s in headed if s.level == top_level]
    document_title: _Section | None = None
    if len(tops) == 1 and headed[0] is tops[0] and len(headed) > 1:
        document_title = tops[0]
        deck_name = deck_name or document_title.title

    stack: list[_Section] = []
    for section in headed:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        if stack:
            stack[-1].has_children = True
        section.path = (*(s.title for s in stack if s is not document_title), section.title)
        stack.append(section)

    notes: list[NoteDraft] = []
    fronts: dict[str, int] = {}

    def add(front: str, back: str, line: int) -> None:
        seen = fronts.get(front.casefold(), 0) + 1
        fronts[front.casefold()] = seen
        if seen > 1:
            warnings.append(f"{source}:{line}: a second note titled {front!r}; named {front} ({seen})")
            front = f"{front} ({seen})"
        fields = {"front": front, "back": back} if back else {"front": front}
        notes.append(NoteDraft(kind="basic", fields=fields, line=line))

    preamble = sections[0]
    body = preamble.text()
    if body:
        line = preamble.line + next(i for i, ln in enumerate(lines[start:]) if ln.strip())
        front = _derived_front(source, body)
        where = "the document has no headings; its text" if not headed else "text before the first heading"
        warnings.append(f"{source}:{line}: {where} became the note {front!r}")
        add(front, body, line)

    for section in headed:
        body = section.text()
        front = _SEPARATOR.join(section.path) if section.path else section.title
        if body:
            add(front, body, section.line)
        elif section is document_title:
            title = section.title
            warnings.append(f"{source}:{section.line}: {title!r} is the document title; it names the deck")
        elif section.has_children:
            warnings.append(
                f"{source}:{section.line}: {section.title!r} has no text of its own; "
                "it is only the parent label of the notes under it"
            )
        else:
            warnings.append(
                f"{source}:{section.line}: {front!r} has nothing under it; "
                "imported as a note without a back (no card until it has one)"
            )
            add(front, "", section.line)
    deck = DeckMeta(name=deck_name, default_kind="basic")
    return ParseResult(format=NAME, notes=notes, deck=deck, warnings=warnings)
