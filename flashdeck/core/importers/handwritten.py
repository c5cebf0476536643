"""Hand-written prep notes, read section by section from the document model.

One engine serves the formats of hand-written material (``star``, ``questions``,
``pitch`` and ``outline``), so a document that mixes them — a pitch, three
stories and a list of questions under their own headings — reads whole, and a
Word file or a web page with real headings reads like the same notes typed as
text. For each section (see :mod:`flashdeck.core.importers.sections`):

- a pitch heading ("Tell me about yourself", "Why Acme") → a pitch and its facts
  (:mod:`~flashdeck.core.importers.pitch_blocks`);
- STAR labels → stories, with the coaching sections beside them attached
  (:mod:`~flashdeck.core.importers.story_blocks`);
- ``Q:``/``A:`` pairs, a list of questions, a question heading → question notes
  (:mod:`~flashdeck.core.importers.question_blocks`);
- anything else → a ``basic`` note: the heading path on the front ("Parent ›
  Child"), the section's text on the back.

``outline`` interprets nothing: every section is a basic note. Nothing is
dropped silently: text before the first heading becomes a note of its own, and
every heading that makes no note says why in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flashdeck.core.document import Block, BlockKind, Document
from flashdeck.core.importers.labels import coaching_kind, is_question, pitch_heading, story_field
from flashdeck.core.importers.pitch_blocks import read_pitch
from flashdeck.core.importers.question_blocks import read_questions
from flashdeck.core.importers.sections import Leftovers, Section, build_tree, first_line, render_blocks
from flashdeck.core.importers.story_blocks import count_parts, may_have_parts, read_stories, units_of
from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft, ParseResult

__all__ = ["looks_like_deck_file", "may_hold", "parse_notes", "story_parts"]

_SEPARATOR = " › "
_MAX_DERIVED = 60


def _section_units_blocks(section: Section) -> list[Block]:
    """The blocks a section's STAR labels may be in: its own, and its sub-headings."""
    return [*section.blocks, *(c.heading for c in section.children if c.heading is not None)]


def story_parts(blocks: Sequence[Block]) -> set[str]:
    """The STAR parts labelled in ``blocks`` (bullet-list labels only when all four are there)."""
    if not may_have_parts(blocks):
        return set()
    parts = count_parts(units_of(blocks))
    if len(parts) < 4:
        lenient = count_parts(units_of(blocks, lenient=True))
        if len(lenient) == 4:
            return lenient
    return parts


def _is_story_scope(section: Section) -> bool:
    """Whether the section is a story region: STAR labels of its own, three parts or more in all."""
    return bool(story_parts(_section_units_blocks(section))) and len(
        story_parts([*([section.heading] if section.heading else []), *section.all_blocks()])) >= 3


def _coaching_heading(section: Section) -> bool:
    title = section.title
    return bool(title) and (coaching_kind(title) is not None or story_field(title) not in (None, "title"))


def _flatten(sections: Sequence[Section]) -> list[Block]:
    out: list[Block] = []
    for section in sections:
        if section.heading is not None:
            out.append(section.heading)
        out += section.all_blocks()
    return out


@dataclass
class _Engine:
    doc: Document
    interpret: bool
    notes: list[NoteDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    leftovers: Leftovers = field(default_factory=Leftovers)
    fronts: dict[str, int] = field(default_factory=dict)
    scopes: dict[int, bool] = field(default_factory=dict)  # id(section) → is a story region (sections live
    # as long as the parse, so their ids are not reused meanwhile)

    def is_scope(self, section: Section) -> bool:
        known = self.scopes.get(id(section))
        if known is None:
            known = self.scopes[id(section)] = _is_story_scope(section)
        return known

    @property
    def source(self) -> str:
        return self.doc.source

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(f"{self.source}:{line or 1}: {message}")

    def basic(self, front: str, back: str, line: int | None) -> NoteDraft:
        seen = self.fronts.get(front.casefold(), 0) + 1
        self.fronts[front.casefold()] = seen
        if seen > 1:
            self.warn(line, f"a second note titled {front!r}; named {front} ({seen})")
            front = f"{front} ({seen})"
        note = NoteDraft("basic", {"front": front, "back": back} if back else {"front": front}, line=line)
        self.notes.append(note)
        return note

    # -- stories ------------------------------------------------------------------------------------

    def read_stories(self, blocks: list[Block], container: Block | None) -> None:
        """Stories of a region; a heading over two stories or more titles the region, not the first story."""
        with_heading = [container, *blocks] if container is not None else blocks
        scratch = Leftovers()
        stories = read_stories(with_heading, self.source, scratch)
        if container is not None and len(stories) > 1:
            scratch = Leftovers()
            stories = read_stories(blocks, self.source, scratch)
        self.leftovers.items += scratch.items
        self.notes += stories

    # -- sections -----------------------------------------------------------------------------------

    def visit(self, section: Section, path: tuple[str, ...]) -> None:
        here = (*path, section.title) if section.heading is not None else path
        if self.interpret and section.heading is not None:
            if pitch_heading(section.title) and section.has_content():
                self.notes += read_pitch(section)
                return
            if self.is_scope(section):
                self.read_stories(list(section.all_blocks()), section.heading)
                return
        self.own_blocks(section, here)
        self.children(section, here)

    def children(self, section: Section, here: tuple[str, ...]) -> None:
        kids = section.children
        scopes = [self.interpret and self.is_scope(k) for k in kids]
        if not any(scopes):
            for kid in kids:
                self.visit(kid, here)
            return
        # Coaching beside a story ("What to showcase", "What to avoid" as headings) is that story's.
        index = 0
        while index < len(kids):
            if scopes[index] or not _coaching_heading(kids[index]):
                if scopes[index]:
                    after = index + 1
                    while after < len(kids) and not scopes[after] and _coaching_heading(kids[after]):
                        after += 1
                    story = kids[index]
                    self.read_stories([*story.all_blocks(), *_flatten(kids[index + 1:after])], story.heading)
                    index = after
                else:
                    self.visit(kids[index], here)
                    index += 1
                continue
            start = index
            while index < len(kids) and not scopes[index] and _coaching_heading(kids[index]):
                index += 1
            if index < len(kids) and scopes[index]:
                after = index + 1
                while after < len(kids) and not scopes[after] and _coaching_heading(kids[after]):
                    after += 1
                story = kids[index]
                assert story.heading is not None
                self.read_stories([*_flatten(kids[start:index]), story.heading, *story.all_blocks(),
                                   *_flatten(kids[index + 1:after])], None)
                index = after
            else:
                for kid in kids[start:index]:
                    self.visit(kid, here)

    def own_blocks(self, section: Section, here: tuple[str, ...]) -> None:
        blocks = section.blocks
        front = _SEPARATOR.join(here) if here else ""
        line = section.line
        if self.interpret and blocks:
            found = read_questions(blocks, section.title if not section.children else "", line)
            if found is not None:
                self.notes += found.notes
                if found.rest and any(b.text.strip() for b in found.rest):
                    rest_front = front or _derived_front(self.source, found.rest)
                    self.leftovers.add(found.rest, f"note {rest_front!r}")
                    self.basic(rest_front, render_blocks(found.rest), first_line(found.rest))
                return
        body = render_blocks(blocks)
        if section.heading is None:
            if body:
                derived = _derived_front(self.source, blocks)
                where = "the document has no headings; its text" if not section.children else \
                    "text before the first heading"
                self.warn(first_line(blocks), f"{where} became the note {derived!r}")
                self.basic(derived, body, first_line(blocks))
            return
        if body:
            self.basic(front, body, line)
        elif section.children:
            self.warn(line, f"{section.title!r} has no text of its own; it is only the parent label of the notes "
                            "under it")
        else:
            self.warn(line, f"{front!r} has nothing under it; imported as a note without a back (no card until it "
                            "has one)")
            self.basic(front, "", line)

    # -- the document -------------------------------------------------------------------------------

    def run(self) -> tuple[str | None, list[NoteDraft]]:
        root = build_tree(self.doc.blocks)
        tops = root.children
        deck_name = self.doc.meta.get("title") or self.doc.meta.get("deck") or None
        if self.interpret and (first := _title_line(root)) is not None:
            # "Onsite prep – Harbourline" alone on the first line, over the notes: the document's title.
            deck_name = deck_name or first.text
            root.blocks.remove(first)
        if self.interpret:
            # A story (or several) before any heading, and the headings right after it that are its parts
            # or its coaching ("SITUATION", "**Task**", "What to avoid"): one story region. The sections
            # after those are read as usual.
            rest = list(tops)
            leading = []
            while rest and rest[0].heading is not None and (_coaching_heading(rest[0]) or story_parts(
                    [rest[0].heading])):
                leading.append(rest.pop(0))
            region = [*root.blocks, *_flatten(leading)]
            if len(story_parts(region)) >= 3:
                self.read_stories(region, None)
                for kid in rest:
                    self.visit(kid, ())
                return deck_name or self.doc.title or None, self.notes
        # One top-level heading over everything is the document's title: it names the deck rather than
        # prefixing every card (unless it is the title of the one story the document tells). Interpreted,
        # a lone heading over a list of questions is one too.
        title = tops[0] if len(tops) == 1 and (tops[0].children or self.interpret) else None
        if title is not None and self.interpret and self.is_scope(title) and _single_story(title, self.source):
            title = None
        if title is not None and self.interpret and not title.children and (
                pitch_heading(title.title) or read_questions(title.blocks) is None):
            title = None  # a heading over plain text (or over a pitch) is that note's own title
        if title is None:
            self.own_blocks(root, ())
            self.children(root, ())
            return deck_name or self.doc.title or None, self.notes
        deck_name = deck_name or title.title
        self.own_blocks(root, ())
        if self.interpret and self.is_scope(title):
            self.read_stories(list(title.all_blocks()), None)
        else:
            if title.blocks:
                self.own_blocks(title, (title.title,))
            elif not self.interpret:  # (interpreted, the preview shows the deck it names)
                self.warn(title.line, f"{title.title!r} is the document title; it names the deck")
            self.children(title, ())
        return deck_name, self.notes


def _title_line(root: Section) -> Block | None:
    """A short first line of plain text standing over the rest of the document (not a sentence or question)."""
    blocks = root.blocks
    if not blocks or blocks[0].kind is not BlockKind.PARAGRAPH or blocks[0].level:
        return None
    first = blocks[0]
    text = first.text.strip()
    others = len(blocks) > 1 or bool(root.children)
    if not others or len(text.split()) > 12 or re.search(r"[.!?？。:;]$", text) or is_question(text):
        return None
    if story_parts([first]) or "\n" in text:
        return None
    return first


def _single_story(section: Section, source: str) -> bool:
    try:
        return len(read_stories(list(section.all_blocks()), source, Leftovers())) <= 1
    except ImportFormatError:
        return True


def _derived_front(source: str, blocks: Sequence[Block]) -> str:
    name = re.split(r"[\\/]", source)[-1]
    if name and not name.startswith("<"):
        stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", name)
        stem = " ".join(re.sub(r"[_-]+", " ", stem).split())
        if stem:
            return stem[:1].upper() + stem[1:]
    first = next((b.text.strip() for b in blocks if b.text.strip()), "Notes")
    first = first.split("\n")[0].strip() or "Notes"
    return first if len(first) <= _MAX_DERIVED else first[: _MAX_DERIVED - 1].rstrip() + "…"


def _titled(note: NoteDraft, engine: _Engine) -> NoteDraft | None:
    """Every note needs its title: one without gets a title from its text, or is dropped with a warning."""
    if note.title.strip():
        return note
    text = "\n\n".join(v for v in note.fields.values() if v.strip() and v != note.fields.get("category"))
    if not text.strip():
        engine.warn(note.line, f"a {note.kind} with no title and no text; skipped")
        return None
    words = re.sub(r"[#*_>`\[\]-]+", " ", text).split()
    front = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    engine.warn(note.line, f"a {note.kind} with no title; kept as the note {front!r}")
    return NoteDraft("basic", {"front": front, "back": text}, note.tags, line=note.line)


def looks_like_deck_file(doc: Document) -> bool:
    """FlashDeck's own deck file (its "### Situation" headings are fields, not a story): not ours."""
    head = (doc.text or "")[:4000]
    settings = "<!--" in head and any(f"<!-- {key}:" in head or f"<!--{key}:" in head
                                      for key in ("id", "kind", "tags", "target"))
    return settings or (head.startswith("---\n") and "\ndeck:" in head[:2000])


def may_hold(doc: Document, pattern: re.Pattern[str]) -> bool:
    """A cheap look at a text document before its blocks are read (other documents: always worth a look)."""
    return doc.text is None or pattern.search(doc.text) is not None


def parse_notes(doc: Document, fmt: str, *, interpret: bool = True) -> ParseResult:
    """Read hand-written notes (see the module docstring); errors name the line."""
    if not any(b.text.strip() or b.kind is BlockKind.LABEL for b in doc.blocks):
        raise ImportFormatError("nothing to import: the document is empty", source=doc.source, line=1)
    engine = _Engine(doc, interpret)
    if doc.meta:
        engine.warn(1, f"the '---' block at the top (lines 1–{doc.meta_lines}) was read as settings")
    deck_name, notes = engine.run()
    notes = [fixed for note in notes if (fixed := _titled(note, engine)) is not None]
    return ParseResult(format=fmt, notes=notes, deck=DeckMeta(name=deck_name, default_kind="basic"),
                       warnings=engine.warnings, unmapped=engine.leftovers.items)
