"""Generated "personalized interview playbooks" (text pulled from their PDF).

The generator writes one playbook per candidate, company and role, always with
the same sections: a cover (name, company, role), the pitches ("Your Story,
Interview-Ready"), "N Stories That Win Interviews", the questions ("What
They're Testing"), "Scripts for Awkward Questions" (gap bridge scripts, the
recovery framework, curveballs), "Questions That Make Them Want You", the
30/60/90 plan handout and a cheat sheet. This module finds the sections by
their headings and hands each to its parser; the cheat sheet only repeats
content, so it adds no notes — its story bank fills each story's ``answers``.

Headings are matched on a normalised key (case, emoji, quotes, dashes and
emphasis ignored), so other candidates' playbooks — other counts of stories
and questions, missing emoji, "->" for "→" — read the same.

Malformed parts do not stop the import: a story without a SITUATION, say, is
kept with the field empty and a warning naming its line. Only text with no
playbook content at all raises :class:`ImportFormatError`.
"""

from __future__ import annotations

import re

from flashdeck.core.importers.playbook_handouts import parse_asks, parse_plan
from flashdeck.core.importers.playbook_leftovers import leftover_notes
from flashdeck.core.importers.playbook_questions import (
    declared_question_count,
    parse_curveballs,
    parse_questions,
)
from flashdeck.core.importers.playbook_scripts import parse_bridges, parse_pitches, parse_recovery
from flashdeck.core.importers.playbook_stories import declared_story_count, link_story_bank, parse_stories
from flashdeck.core.importers.playbook_text import Context, PlaybookText, Section, line_key
from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft, ParseResult

__all__ = ["NAME", "detect", "parse"]

NAME = "playbook"

# Section headings in the order the generator writes them. A section runs to
# the next heading found, whichever it is, so a missing section costs nothing
# but its own notes.
_ANCHORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pitches", re.compile(r"your story,? interview[- ]ready")),
    ("stories", re.compile(r"(?:\d+ )?stories that win interviews")),
    ("template", re.compile(r"build your own story\b.*")),
    ("questions", re.compile(r"what they'?re testing\b.*")),
    ("scripts", re.compile(r"scripts for awkward questions")),
    ("bridges", re.compile(r"bridge scripts? for your gaps:?")),
    ("recovery", re.compile(r"when you don'?t know the answer")),
    ("curveballs", re.compile(r"curveball questions")),
    ("graceful", re.compile(r"quick reference\b.*")),
    ("asks", re.compile(r"questions that make them want you")),
    ("asks_end", re.compile(r"questions that hurt your candidacy")),
    ("plan", re.compile(r"a handout that closes the deal")),
    ("cheat", re.compile(r"your (?:\d+|thirty)-second pitch|your story bank\b.*|interview day cheat sheet")),
)

# Lines only this generator writes; detection needs several of them, so a
# document that merely mentions one (a blog post, a competency guide) scores 0.
_MARKERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"personali[sz]ed interview playbook"), 8),
    (re.compile(r"use this story for:?"), 3),
    (re.compile(r"what they'?re really asking:?"), 3),
    (re.compile(r"(?:\d+ )?stories that win interviews"), 3),
    (re.compile(r"bridge scripts? for your gaps:?"), 3),
    (re.compile(r"questions that make them want you"), 3),
    (re.compile(r"(?:likely )?follow-?ups?(?: questions)?(?: - prepare your answers)?:?"), 2),
    (re.compile(r"what (?:a )?great(?: answers?)? looks? like:?"), 2),
    (re.compile(r"your story,? interview[- ]ready"), 2),
    (re.compile(r"a handout that closes the deal"), 2),
    (re.compile(r"before you use this story:?"), 1),
)
_ANY_MARKER = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _MARKERS))
_MARKER_LINE_CHARS = 160  # a marker line with its emoji, emphasis and badge is far shorter
# A word every marker holds, looked for before a line is reduced to its key.
_MARKER_WORDS = re.compile(r"playbook|stor(?:y|ies)|asking|bridge|want you|follow|great|interview|deal")
_COVER = {"prepared for": "name", "company": "company", "target role": "role", "generated": "date"}


def detect(text: str, filename: str = "") -> int:
    """How sure we are that ``text`` is a generated interview playbook (0 = not one).

    A playbook with its usual sections scores well above 20; fewer than three
    distinct playbook headings score 0.
    """
    del filename  # playbooks arrive as .txt or .pdf-extracted text; the name says nothing
    # The markers are headings and labels on lines of their own: short lines only, each tried once
    # against all the markers before any is named (a 100,000-row CSV is looked at in a blink).
    lines = set()
    short = "\n".join(line for line in text.split("\n") if 0 < len(line) <= _MARKER_LINE_CHARS)
    lower = short.lower()  # (a case-blind search is ten times slower than lowering the text once)
    for match in _MARKER_WORDS.finditer(lower):  # one pass over the text, then only the lines it names
        start = lower.rfind("\n", 0, match.start()) + 1
        end = lower.find("\n", match.end())
        lines.add(lower[start:len(lower) if end < 0 else end])  # (the key is case-blind anyway)
    keys = {key for key in map(line_key, lines) if _ANY_MARKER.fullmatch(key)}
    hits = [weight for pattern, weight in _MARKERS if any(pattern.fullmatch(key) for key in keys)]
    if len(hits) < 3:
        return 0
    return min(40, 4 + sum(hits))


def _sections(doc: PlaybookText) -> dict[str, Section]:
    """Each section's line range, from its heading to the next section heading found."""
    found = []
    for name, pattern in _ANCHORS:
        index = doc.find(pattern)
        if index is not None:
            found.append((index, name))
    found.sort()
    sections = {}
    for n, (index, name) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(doc)
        sections[name] = Section(index, end)
    return sections


def _cover(doc: PlaybookText, end: int) -> tuple[dict[str, str], int]:
    """Name, company, role and date from the cover (each label is followed by its value), and where it ends."""
    values: dict[str, str] = {}
    last = -1
    for index in doc.content(0, end):
        field = _COVER.get(doc.keys[index])
        if field and field not in values:
            value = doc.next_content(index + 1, end)
            if value is not None and doc.keys[value] not in _COVER:
                values[field] = doc.raw[value]
                last = value
    return values, last + 1


def _deck(cover: dict[str, str]) -> DeckMeta:
    name, company, role = cover.get("name", ""), cover.get("company", ""), cover.get("role", "")
    title = " ".join(part for part in (company, role, "playbook") if part)
    title = title[0].upper() + title[1:]
    if name:
        title += f" — {name}"
    described = ", ".join(
        part
        for part in (
            f"for {name}" if name else "",
            f"{role} at {company}" if role and company else company,
            f"generated {cover['date']}" if "date" in cover else "",
        )
        if part
    )
    description = "Personalised interview playbook" + (f" ({described})" if described else "")
    tags = tuple(t for t in (company.casefold().replace(" ", "-"), "playbook") if t)
    return DeckMeta(name=title, description=description, tags=tags)


def _check_count(ctx: Context, what: str, declared: int | None, found: int, where: int) -> None:
    if declared is not None and declared != found:
        ctx.warn(where, f"the playbook announces {declared} {what} but {found} were read")


def parse(text: str, source: str = "<playbook>") -> ParseResult:
    """Read a playbook into notes: pitches, stories, questions, curveballs, bridges,
    the recovery framework, questions to ask and the 30/60/90 plan.

    Raises:
        ImportFormatError: if the text holds none of the playbook's sections.
    """
    doc = PlaybookText.from_text(text)
    sections = _sections(doc)
    first_section = min((s.start for s in sections.values()), default=len(doc))
    cover, cover_end = _cover(doc, first_section)
    deck = _deck(cover)
    ctx = Context(doc, source, base_tags=deck.tags)

    notes: list[NoteDraft] = []
    if "pitches" in sections:
        notes += parse_pitches(ctx, sections["pitches"])
    stories: list[NoteDraft] = []
    if "stories" in sections:
        region = sections["stories"]
        stories = parse_stories(ctx, region)
        _check_count(ctx, "stories", declared_story_count(doc, region), len(stories), region.start)
        notes += stories
    if "questions" in sections:
        region = sections["questions"]
        questions = parse_questions(ctx, region)
        _check_count(ctx, "questions", declared_question_count(doc, region), len(questions), region.start)
        notes += questions
    if "curveballs" in sections:
        notes += parse_curveballs(ctx, sections["curveballs"])
    if "bridges" in sections:
        notes += parse_bridges(ctx, sections["bridges"])
    if "recovery" in sections:
        notes += parse_recovery(ctx, sections["recovery"])
    if "asks" in sections:
        notes += parse_asks(ctx, sections["asks"])
    if "plan" in sections:
        notes += parse_plan(ctx, sections["plan"])
    if "cheat" in sections:
        link_story_bank(ctx, sections["cheat"].start, len(doc), stories)

    notes = [note for note in notes if _has_title(ctx, note)]
    if not notes:
        raise ImportFormatError(
            "not an interview playbook: found no pitches, stories, questions or other sections",
            source=source,
            line=1,
        )
    leftovers, unmapped = leftover_notes(ctx, _unread(doc, sections, cover_end, first_section))
    return ParseResult(format=NAME, notes=notes + leftovers, deck=deck, warnings=ctx.warnings, unmapped=unmapped)


# The sections no parser reads: advice, kept as notes of their own. (The story template is a form to
# fill in and the cheat sheet repeats the rest: neither is material of its own.)
_UNREAD = {"scripts": "Scripts for awkward questions", "graceful": "Quick reference", "asks_end": ""}


def _unread(doc: PlaybookText, sections: dict[str, Section], cover_end: int,
            first_section: int) -> list[tuple[str, Section]]:
    regions: list[tuple[str, Section]] = []
    if first_section > cover_end:
        regions.append(("Playbook", Section(cover_end, first_section)))
    if "pitches" in sections:
        pitches = sections["pitches"]
        tips = doc.find(_TIPS, pitches.start, pitches.end)
        if tips is not None:
            regions.append(("Delivery tips", Section(tips, pitches.end)))
    for name, part in _UNREAD.items():
        if name in sections:
            region = sections[name]
            regions.append((part or doc.raw[region.start], region))
    return regions


_TIPS = re.compile(r"delivery tips:?")


def _has_title(ctx: Context, note: NoteDraft) -> bool:
    """Every note needs its title field; one without is dropped with a warning."""
    if note.title.strip():
        return True
    ctx.warn((note.line or 1) - 1, f"a {note.kind} without a title was skipped")
    return False
