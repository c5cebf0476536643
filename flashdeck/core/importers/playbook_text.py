"""Line handling for the interview-playbook importer.

The playbooks arrive as text pulled from a PDF: one logical line per physical
line, emoji and check marks in front of headings, page numbers on lines of
their own, paragraphs split by blank lines. :class:`PlaybookText` keeps every
line twice — as written (for field values) and as a *key* (case-folded, marks
and emphasis removed, quotes and dashes unified) for matching headings — so
that small formatting differences between generated documents do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from flashdeck.core.notes import normalise_tag

__all__ = [
    "ARROW",
    "Context",
    "PlaybookText",
    "Section",
    "bulletise",
    "heading_text",
    "is_quoted",
    "join_lines",
    "markdown_table",
    "strip_arrow",
    "unquote",
]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-"})
# Anything in front of a heading's first word: emoji, check marks, arrows,
# bullets, "#" of a Markdown heading, stray "?" left where an emoji could not
# be extracted. Quotes, "~" and digits are kept: they carry meaning.
_LEAD_MARKS = re.compile(r"^[^\w\"'~(\[]+")
_HEADING_MARKS = re.compile(r"^[^\w\"'“‘~(\[]+")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
# A bullet marker, but not the "**" of bold text at the start of a line.
_BULLET = re.compile(r"^(?:[-•●▪◦‣]|\*(?!\*))\s+")
_ORDERED = re.compile(r"^\d+[.)]\s+")
ARROW = re.compile(r"^\s*(?:→|⇒|➔|➜|-+>|=+>|—>)\s*")
_QUOTE_CHARS = '"“”'


# Other generators' wording of the same labels: "What They Are Really Asking", "When You Do Not Know".
_CONTRACTIONS = (
    (re.compile(r"\b(they|you|we) are\b"), r"\1're"),
    (re.compile(r"\b(do|does|is|are) not\b"), r"\1n't"),
    (re.compile(r"\bcannot\b"), "can't"),
)
# A status badge written beside a label: "SITUATION (verify)", "ACTION [VERIFY]", "Result (from resume)".
_BADGE = re.compile(
    r"\s*[(\[]\s*(?:verify|verified|draft|from resume|you fill in|anchor here|optional|required)\s*[)\]]")


def line_key(line: str) -> str:
    """A line reduced for matching headings: ``"🔗 **Likely Follow-up…**"`` → ``"likely follow-up…"``.

    Case, emoji, emphasis, quote and dash styles, "they are"/"they're" and status
    badges in brackets do not matter.
    """
    text = unicodedata.normalize("NFKC", line).translate(_QUOTES).replace("*", "")
    text = _LEAD_MARKS.sub("", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    if "(" in text or "[" in text:
        text = _BADGE.sub("", text)
    if " are" in text or " not" in text or "cannot" in text:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    return text


def is_quoted(line: str) -> bool:
    """Whether a line opens with a quotation mark (prompts and follow-ups do)."""
    stripped = line.lstrip("*_ ")
    return bool(stripped) and stripped[0] in _QUOTE_CHARS


def unquote(text: str) -> str:
    """``'"Why this role?"'`` → ``'Why this role?'``; text not wrapped in quotes is returned as is."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTE_CHARS and text[-1] in _QUOTE_CHARS:
        inner = text[1:-1].strip()
        if not any(q in inner for q in _QUOTE_CHARS):
            return inner
    return text


def heading_text(line: str) -> str:
    """A heading as written, without its emoji, emphasis or surrounding quotes."""
    text = unquote(_HEADING_MARKS.sub("", line.replace("*", "")).strip())
    if text == text.upper() and any(c.isalpha() for c in text):
        text = text.capitalize()  # "THE 4-STEP RECOVERY" reads as a title, not a shout
    return text


def strip_arrow(text: str) -> str:
    """Drop a leading arrow however the PDF rendered it (``→``, ``->``, ``=>``)."""
    return ARROW.sub("", text).strip()


def join_lines(lines: Iterable[str]) -> str:
    """Join the physical lines of one paragraph: the PDF broke them, not the author."""
    return " ".join(part.strip() for part in lines if part.strip())


def markdown_table(rows: Sequence[str]) -> str:
    """Tab-separated rows as a Markdown table, the first row its header (cells trimmed: a PDF tool's
    spacing around a cell is not content)."""
    cells = [[cell.strip().replace("|", "\\|") for cell in row.split("\t")] for row in rows]
    width = max(len(row) for row in cells)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in cells]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def bulletise(items: Iterable[str], *, ordered: bool = False) -> str:
    """Markdown list from items: ``- item`` lines, or ``1. item`` when the order matters."""
    cleaned = [item.strip() for item in items if item.strip()]
    if ordered:
        return "\n".join(f"{n}. {item}" for n, item in enumerate(cleaned, 1))
    return "\n".join(f"- {item}" for item in cleaned)


@dataclass(frozen=True)
class Section:
    """A half-open range of line indices ``[start, end)``."""

    start: int
    end: int


@dataclass
class PlaybookText:
    """The document's lines, as written (stripped) and as keys, with search helpers."""

    raw: list[str]
    keys: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> PlaybookText:
        # str.splitlines() would also split on form feeds and other separators,
        # which would make the line numbers in messages disagree with editors.
        text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        raw = [line.strip() for line in text.split("\n")]
        return cls(raw, [line_key(line) for line in raw])

    def __len__(self) -> int:
        return len(self.raw)

    def blank(self, index: int) -> bool:
        return not self.keys[index]

    def page_number(self, index: int) -> bool:
        """A line holding only a small number: a page or item number, never content."""
        return bool(_PAGE_NUMBER.match(self.raw[index]))

    def find(self, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> int | None:
        """Index of the first line in ``[start, end)`` whose key fully matches ``pattern``."""
        stop = len(self.raw) if end is None else min(end, len(self.raw))
        for index in range(max(start, 0), stop):
            if pattern.fullmatch(self.keys[index]):
                return index
        return None

    def find_all(self, pattern: re.Pattern[str], start: int, end: int) -> list[int]:
        return [i for i in range(max(start, 0), min(end, len(self.raw))) if pattern.fullmatch(self.keys[i])]

    def next_content(self, index: int, end: int) -> int | None:
        """The first non-blank line at or after ``index`` and before ``end``."""
        for i in range(max(index, 0), min(end, len(self.raw))):
            if not self.blank(i):
                return i
        return None

    def prev_content(self, index: int, floor: int) -> int | None:
        """The last non-blank line before ``index`` and at or after ``floor``."""
        for i in range(min(index, len(self.raw)) - 1, max(floor, 0) - 1, -1):
            if not self.blank(i):
                return i
        return None

    def content(self, start: int, end: int) -> Iterator[int]:
        """Indices of the non-blank lines in ``[start, end)`` that are not page numbers."""
        for i in range(max(start, 0), min(end, len(self.raw))):
            if not self.blank(i) and not self.page_number(i):
                yield i

    def paragraphs(self, start: int, end: int) -> list[tuple[int, str]]:
        """(first line, text) of each blank-separated paragraph; list items stay one per line; the rows
        of a table (cells separated by tabs, as PDF tools copy a table) are a Markdown table."""
        result: list[tuple[int, str]] = []
        current: list[str] = []
        first = start
        previous = start - 1

        def close() -> None:
            table = all("\t" in line for line in current)
            result.append((first, markdown_table(current) if table else join_lines(current)))

        for i in self.content(start, end):
            line = self.raw[i]
            new_item = bool(_BULLET.match(line) or _ORDERED.match(line))
            if current and (i > previous + 1 or new_item or ("\t" in line) != ("\t" in current[-1])):
                close()
                current = []
            if not current:
                first = i
            current.append(line)
            previous = i
        if current:
            close()
        return result

    def prose(self, start: int, end: int) -> str:
        """The text in a range as Markdown paragraphs."""
        return "\n\n".join(text for _, text in self.paragraphs(start, end))

    def items(self, start: int, end: int) -> list[str]:
        """The list items in a range, bullet markers removed.

        A line without a marker continues the item above it when it follows
        directly (a PDF line break); after a blank line it is an item of its own.
        """
        items: list[str] = []
        previous = start - 1
        for i in self.content(start, end):
            line = self.raw[i]
            marked = _BULLET.match(line) or _ORDERED.match(line)
            text = line[marked.end() :].strip() if marked else line
            if items and not marked and i == previous + 1:
                items[-1] = f"{items[-1]} {text}"
            elif text:
                items.append(text)
            previous = i
        return items

    def split_fields(
        self, start: int, end: int, headings: Sequence[tuple[str, re.Pattern[str]]]
    ) -> dict[str, Section]:
        """Where each labelled part of a block is: field name → the lines under its heading.

        A part runs from its heading to the next recognised heading; the first
        heading of a name wins, so a repeated label cannot overwrite the original.
        """
        found: list[tuple[int, str]] = []
        for i in range(max(start, 0), min(end, len(self.raw))):
            for name, pattern in headings:
                if pattern.fullmatch(self.keys[i]):
                    found.append((i, name))
                    break
        parts: dict[str, Section] = {}
        for n, (index, name) in enumerate(found):
            stop = found[n + 1][0] if n + 1 < len(found) else end
            parts.setdefault(name, Section(index, stop))
        return parts


@dataclass
class Context:
    """What every section parser shares: the lines, where they came from, the
    warnings collected so far and the tags every note of this playbook gets."""

    doc: PlaybookText
    source: str
    base_tags: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def warn(self, index: int, message: str) -> None:
        """Record a problem at a 0-based line index, named the way errors name lines."""
        self.warnings.append(f"{self.source}:{index + 1}: {message}")

    def tags(self, *extra: str) -> tuple[str, ...]:
        """The playbook's tags plus ``extra``, normalised, lower-case, without repeats."""
        seen: dict[str, None] = {}
        for tag in (*self.base_tags, *extra):
            token = normalise_tag(tag).casefold()
            if token:
                seen.setdefault(token, None)
        return tuple(seen)
