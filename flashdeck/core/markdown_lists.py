"""Lists as people write them: a Python-Markdown preprocessor that reads lists the CommonMark way.

Python-Markdown follows the original Markdown.pl, and its maintainers keep it so
(Python-Markdown issues #370, #874, #1544). Two of its rules break the notes people
write and paste:

- a list must follow a blank line: ``"Listen for:\\n- one\\n- two"`` becomes one
  run-on paragraph ("Listen for: - one - two");
- whatever sits inside a list item must be indented four spaces: a sub-list or a
  paragraph indented to the item's text (two spaces under ``-``, three under
  ``1.``, as editors, GitHub and CommonMark do) falls out of the list — and every
  numbered item after it starts a new list (shown 1, 2, 3, 1, 1).

This preprocessor rewrites the lines before the block parser sees them: a blank
line is put before a list that interrupts a paragraph (a bullet, or a number
list starting at 1, as CommonMark allows: "in\\n2019. We moved" stays prose), and
each line inside a list is re-indented by nesting depth, four spaces a level
(two spaces in from a marker already nest, as people type them under ``1.``).
``1)`` markers are read as ``1.``. Fenced code is already stashed away by the
time this runs (priority below ``fenced_code_block``). The third-party
extensions that do part of this (mdx_breakless_lists, mdx_truly_sane_lists) are
unmaintained since 2020/2022 and each fixes only one of the two rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["CommonMarkLists", "relist"]

# A list item: indent, marker (bullet, or up to 9 digits then "." or ")"), then spaces and text (or nothing).
_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])(?: +(.*)|$)")
# A thematic break ("- - -", "***") looks like a bullet item; it never is one.
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
# Lines that cannot continue a list item lazily.
_ENDS_LIST = ("#", ">", "|")


@dataclass
class _Open:
    """An open list item: where its marker stood in the source, and the column its text starts at."""

    marker_indent: int
    content: int

    @property
    def reach(self) -> int:
        """The indent from which a line belongs to this item: its text column, or two spaces in from its
        marker (people nest under "1." with two spaces, which CommonMark would make a new list)."""
        return min(self.content, self.marker_indent + 2)


def _content_column(indent: int, marker: str, gap: str | None) -> int:
    spaces = len(gap or "")
    # CommonMark: five or more spaces after the marker mean one space, then indented code.
    return indent + len(marker) + (1 if spaces == 0 or spaces > 4 else spaces)


def relist(lines: list[str]) -> list[str]:
    """The lines with lists made explicit for Python-Markdown (see the module's docstring)."""
    out: list[str] = []
    stack: list[_Open] = []
    previous = "blank"  # "blank", "item", "text" (a paragraph line outside any list) or "inside"
    for line in lines:
        if not line.strip():
            out.append(line)
            previous = "blank"
            continue
        indent = len(line) - len(line.lstrip(" "))
        match = _ITEM.match(line)
        if match and not _RULE.match(line):
            marker, text = match.group(2), match.group(3) or ""
            gap = line[match.end(2):len(line) - len(text)] if text else ""
            while stack and indent < stack[-1].reach:
                stack.pop()
            number = marker[:-1] if marker[-1] in ".)" else None
            if not stack:
                if indent > 3:
                    out.append(line)  # indented code at the top level, not a list
                    previous = "text"
                    continue
                if previous == "text":
                    if not text or (number is not None and int(number) != 1):
                        out.append(line)  # "in\n2019. We moved": prose, as CommonMark reads it
                        continue
                    out.append("")  # the list interrupts a paragraph
            source_content = _content_column(indent, marker, gap)
            depth = len(stack)
            shown_marker = f"{number}." if number is not None else marker
            out.append(" " * (4 * depth) + shown_marker + " " + text)
            stack.append(_Open(indent, source_content))
            previous = "item"
            continue
        if stack and indent < stack[-1].reach and line.lstrip(" ").startswith(_ENDS_LIST):
            stack.clear()  # a heading, quote or table ends the list even without a blank line
        if stack:
            if previous == "blank":
                # After a blank line a line belongs to the items whose text column it reaches.
                while stack and indent < stack[-1].reach:
                    stack.pop()
            if stack:
                extra = max(0, indent - stack[-1].content)
                out.append(" " * (4 * len(stack) + extra) + line.lstrip(" "))
                previous = "inside"
                continue
        out.append(line)
        previous = "text" if indent < 4 or previous == "text" else "blank"
    return out


class _ListPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return relist(lines)


class CommonMarkLists(Extension):
    """Lists that interrupt a paragraph, nested by the item's text column, ``1)`` markers."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After normalize_whitespace (30, expands tabs) and fenced_code_block (25, stashes code).
        md.preprocessors.register(_ListPreprocessor(md), "commonmark_lists", 15)
