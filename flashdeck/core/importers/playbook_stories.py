"""The STAR stories of an interview playbook, and the cheat sheet's story bank.

Each story in the "N Stories That Win Interviews" section reads, after PDF
extraction: an optional number, the title, one line per company value, a
"FROM RESUME" marker and the quoted resume bullet (the anchor), "USE THIS STORY
FOR" with questions separated by slashes, a "DRAFT" marker, then SITUATION /
TASK / ACTION / RESULT (each followed by a status word), "Before You Use This
Story" with a checklist, and "Likely Follow-up Questions" as quoted question /
guidance pairs. The "Build your own story" template after the last story is
not a story.
"""

from __future__ import annotations

import re

from flashdeck.core.importers.playbook_text import (
    ARROW,
    Context,
    PlaybookText,
    Section,
    bulletise,
    is_quoted,
    join_lines,
    strip_arrow,
    unquote,
)
from flashdeck.core.notes import NoteDraft

__all__ = ["declared_story_count", "link_story_bank", "parse_stories"]

_USE_FOR = re.compile(r"use this story for:?")
_FROM_RESUME = re.compile(r"(?:✓ )?from resume\b.*")
_DRAFT = re.compile(r"(?:✓ )?draft\b.*(?:story|personali[sz]e).*")
_STATUS = r"(?:\s*(?:verify|verified|from resume|draft|anchor here|you fill in|✓|-|:))*"
_STAR = {name: re.compile(rf"{name}{_STATUS}") for name in ("situation", "task", "action", "result")}
_CHECKLIST = re.compile(r"before you use this story:?")
_FOLLOW_UPS = re.compile(r"(?:likely )?follow-?ups?(?: questions)?\b.*")
_PARTS = (
    *_STAR.items(),
    ("checklist", _CHECKLIST),
    ("follow_ups", _FOLLOW_UPS),
)
_NUMBER_ONLY = re.compile(r"\d{1,2}")
_NUMBERED_TITLE = re.compile(r"(\d{1,2})\s+(\S.*)")
_LIST_ENTRY = re.compile(r"(\d{1,2})[.)]\s+(\S.*)")
_YOUR_STORIES = re.compile(r"your (\d+) stories:?")
_SECTION_COUNT = re.compile(r"(\d+) stories that win interviews")
_BANK = re.compile(r"your story bank\b.*")
_INLINE_ARROW = re.compile(r"\s+(?:→|->|=>)\s+")


def _title_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def declared_story_count(doc: PlaybookText, region: Section) -> int | None:
    """How many stories the section says it holds ("YOUR 6 STORIES"), if it says."""
    for index in range(region.start, region.end):
        match = _YOUR_STORIES.fullmatch(doc.keys[index]) or _SECTION_COUNT.fullmatch(doc.keys[index])
        if match:
            return int(match.group(1))
    return None


def _known_titles(doc: PlaybookText, region: Section, first_use_for: int) -> set[str]:
    """Title keys the document lists elsewhere: the "YOUR N STORIES" overview and the story bank."""
    titles: set[str] = set()
    for index in range(region.start, first_use_for):
        match = _LIST_ENTRY.fullmatch(doc.raw[index])
        if match:
            titles.add(_title_key(match.group(2)))
    bank = doc.find(_BANK, region.end)
    if bank is not None:
        for index in doc.content(bank + 1, len(doc)):
            head = _INLINE_ARROW.split(_line_body(doc.raw[index]), maxsplit=1)[0]
            match = _NUMBERED_TITLE.fullmatch(head)
            if match:
                titles.add(_title_key(match.group(2)))
            elif not ARROW.match(doc.raw[index]):
                break
    return titles


def _ends_header(doc: PlaybookText, index: int, floor: int) -> bool:
    """Whether a line cannot belong to a story's header (number, title, values)."""
    raw = doc.raw[index]
    sentence = raw.endswith((".", "?", "!")) and len(raw.split()) > 4
    if len(raw) > 80 or sentence or is_quoted(raw) or raw.startswith("- "):
        return True
    key = doc.keys[index]
    if _LIST_ENTRY.fullmatch(raw) or _SECTION_COUNT.fullmatch(key) or _YOUR_STORIES.fullmatch(key):
        return True
    # The line after a quoted follow-up question is that question's guidance.
    previous = doc.prev_content(index, floor)
    return previous is not None and is_quoted(doc.raw[previous])


def _story_start(doc: PlaybookText, use_for: int, floor: int, titles: set[str]) -> tuple[int, int] | None:
    """(first line, title line) of the story whose "USE THIS STORY FOR" is at ``use_for``.

    The header is the run of short lines above the "FROM RESUME" marker; it
    starts at a story number ("3" alone or "3 Title"), else at a title the
    document lists elsewhere, else at its first line.
    """
    marker = next(
        (i for i in range(use_for - 1, floor - 1, -1) if _FROM_RESUME.fullmatch(doc.keys[i])), use_for
    )
    header: list[int] = []
    for index in range(marker - 1, floor - 1, -1):
        if doc.blank(index):
            continue
        if _ends_header(doc, index, floor) or len(header) == 6:
            break
        header.insert(0, index)
    for n, index in enumerate(header):
        if _NUMBER_ONLY.fullmatch(doc.raw[index]):
            return (index, header[n + 1]) if n + 1 < len(header) else None
        if _NUMBERED_TITLE.fullmatch(doc.raw[index]):
            return index, index
    for index in header:
        if _title_key(doc.raw[index]) in titles:
            return index, index
    return (header[0], header[0]) if header else None


def _title_of(doc: PlaybookText, title_line: int) -> str:
    raw = doc.raw[title_line]
    match = _NUMBERED_TITLE.fullmatch(raw)
    return (match.group(2) if match else raw).strip("* ")


def _follow_ups(doc: PlaybookText, part: Section) -> str:
    """``- **"question?"** — guidance`` for each quoted question and the text after it."""
    entries: list[tuple[str, list[str]]] = []
    for index in doc.content(part.start + 1, part.end):
        raw = doc.raw[index]
        if is_quoted(raw):
            entries.append((raw.strip("* "), []))
        elif entries:
            entries[-1][1].append(raw)
    lines = []
    for question, guidance in entries:
        text = join_lines(guidance)
        lines.append(f"- **{question}** — {text}" if text else f"- **{question}**")
    return "\n".join(lines)


def _story(ctx: Context, start: int, title_line: int, use_for: int, end: int) -> NoteDraft:
    doc = ctx.doc
    title = _title_of(doc, title_line)
    marker = next((i for i in range(title_line + 1, use_for) if _FROM_RESUME.fullmatch(doc.keys[i])), use_for)
    values = [doc.raw[i] for i in doc.content(title_line + 1, marker)]
    anchor = join_lines(doc.raw[i] for i in doc.content(marker + 1, use_for))
    parts = doc.split_fields(use_for + 1, end, _PARTS)
    draft = next(
        (i for i in range(use_for + 1, end) if _DRAFT.fullmatch(doc.keys[i])),
        min((p.start for p in parts.values()), default=end),
    )
    questions = [
        q.strip() for q in join_lines(doc.raw[i] for i in doc.content(use_for + 1, draft)).split(" / ")
    ]
    fields = {
        "title": title,
        "anchor": unquote(anchor),
        # One value can hold commas ("Meta, metamates, me"); then ";" keeps them apart.
        "values": ("; " if any("," in v for v in values) else ", ").join(values),
        "use_for": bulletise(questions),
    }
    for name in _STAR:
        part = parts.get(name)
        fields[name] = doc.prose(part.start + 1, part.end) if part else ""
        if not fields[name]:
            ctx.warn(part.start if part else start, f"story {title!r} has no {name.upper()}")
    if "checklist" in parts:
        fields["checklist"] = bulletise(doc.items(parts["checklist"].start + 1, parts["checklist"].end))
    if "follow_ups" in parts:
        fields["follow_ups"] = _follow_ups(doc, parts["follow_ups"])
    return NoteDraft("story", fields, tags=ctx.tags(*values), line=start + 1)


def parse_stories(ctx: Context, region: Section) -> list[NoteDraft]:
    """The story notes in the stories section ``region`` (template excluded by the caller)."""
    doc = ctx.doc
    markers = doc.find_all(_USE_FOR, region.start, region.end)
    if not markers:
        return []
    titles = _known_titles(doc, region, markers[0])
    starts: list[tuple[int, int, int]] = []  # (start, title line, use-for line)
    floor = region.start
    for use_for in markers:
        found = _story_start(doc, use_for, floor, titles)
        if found is None:
            ctx.warn(use_for, "'USE THIS STORY FOR' without a story title above it; skipped")
            continue
        starts.append((*found, use_for))
        floor = use_for + 1
    notes = []
    for n, (start, title_line, use_for) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else region.end
        notes.append(_story(ctx, start, title_line, use_for, end))
    return notes


def link_story_bank(ctx: Context, start: int, end: int, stories: list[NoteDraft]) -> None:
    """Fill each story's ``answers`` from the cheat sheet's story bank.

    The bank lists "N **Title**" with an arrow line naming the question the
    story answers; it repeats the stories, so it links rather than adds notes.
    """
    doc = ctx.doc
    heading = doc.find(_BANK, start, end)
    if heading is None:
        return
    by_title = {_title_key(note.fields["title"]): note for note in stories}
    current: NoteDraft | None = None
    for index in doc.content(heading + 1, end):
        raw = doc.raw[index]
        after_arrow = strip_arrow(raw)
        if after_arrow != raw:
            if current is not None:
                current.fields["answers"] = after_arrow
                current = None
            continue
        head, *answer = _INLINE_ARROW.split(_line_body(raw), maxsplit=1)
        match = _NUMBERED_TITLE.fullmatch(head)
        if not match:
            break  # the bank is over: the next cheat-sheet block begins
        current = by_title.get(_title_key(match.group(2)))
        if current is None:
            ctx.warn(index, f"story bank names a story not in the stories section: {match.group(2)!r}")
        elif answer and answer[0].strip():
            current.fields["answers"] = answer[0].strip()
            current = None


def _line_body(raw: str) -> str:
    """A bank line without its bullet and emphasis: ``- 1 **Title**`` → ``1 Title``."""
    return re.sub(r"^[-•\s]+", "", raw).replace("*", "").strip()
