"""FlashDeck's own deck file: Markdown with a small header, one note per heading.

The format is documented with a complete example in ``docs/deck-format.md``.
Reading and writing live together because they must agree to the byte:
``write_deck(parse(text))`` is canonical, and export → import → export gives
identical bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from flashdeck.core.kinds import KINDS, format_window, kind_by_name, parse_window
from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft, ParseResult, derive_guid

__all__ = ["NAME", "detect", "parse", "write_deck"]

NAME = "deck"

_HEADER_KEYS = ("deck", "description", "kind", "target", "tags")
_NOTE_KEYS = ("id", "kind", "tags", "target")
_NOTE_HEADING = re.compile(r"^##(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FIELD_HEADING = re.compile(r"^###(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_META = re.compile(r"^<!--\s*(.*?)\s*-->\s*$")
# A body line that would read as a note or field heading (even inside a code
# block: the reader does not track fences) is written with a backslash in
# front; one more backslash keeps already-escaped lines exact.
_ESCAPED = re.compile(r"^\\+#{2,3}(?:[ \t]|$)")
_NEEDS_ESCAPE = re.compile(r"^\\*#{2,3}(?:[ \t]|$)")
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")

# Text written straight under a note heading (before any field heading) goes
# to the field a hand-written note most likely means.
BODY_FIELD = {
    "basic": "back",
    "story": "notes",
    "question": "notes",
    "curveball": "framework",
    "pitch": "text",
    "bridge": "script",
    "concept": "definition",
    "probe": "strong",
    "ask": "why",
    "beats": "beats",
}


def detect(text: str, filename: str = "") -> int:
    score = 0
    # A .md name tips a tie only for text with note headings: a .md file with
    # none (empty, or prose) is outline notes, whose parser says what is wrong.
    if filename.endswith((".md", ".markdown")) and re.search(r"^##[ \t]+\S", text, re.M):
        score += 1
    head = text.lstrip("\ufeff")[:2000]
    if head.startswith("---\n") and re.search(r"^deck\s*:", head, re.M):
        score += 10
    if re.search(r"^<!--\s*(id|kind|tags|target)\s*:", text, re.M):
        score += 5
    return score


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in re.split(r"[,\s]+", value) if t.strip())


def _parse_header(lines: list[str], source: str) -> tuple[DeckMeta, int]:
    """The ``---`` header at the top, if any. Returns the meta and the next line index."""
    if not lines or lines[0].strip() != "---":
        return DeckMeta(), 0
    values: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            return _deck_meta(values, source), index + 1
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().casefold()
        if not sep or key not in _HEADER_KEYS:
            raise ImportFormatError(
                f"unknown header line {line.strip()!r} (keys: {', '.join(_HEADER_KEYS)})",
                source=source,
                line=index + 1,
            )
        values[key] = value.strip()
    raise ImportFormatError("the header opened with '---' is never closed", source=source, line=1)


def _deck_meta(values: dict[str, str], source: str) -> DeckMeta:
    kind = values.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise ImportFormatError(f"unknown kind {kind!r} in header", source=source, line=1)
    target = None
    if values.get("target"):
        try:
            target = parse_window(values["target"])
        except ValueError as err:
            raise ImportFormatError(str(err), source=source, line=1) from None
    return DeckMeta(
        name=values.get("deck") or None,
        description=values.get("description", ""),
        default_kind=kind,
        target=target,
        tags=_split_list(values.get("tags", "")),
    )


def _parse_note_meta(text: str, source: str, line: int) -> dict[str, str]:
    meta: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        key = key.strip().casefold()
        if not sep or key not in _NOTE_KEYS:
            raise ImportFormatError(
                f"unknown note setting {part.strip()!r} (keys: {', '.join(_NOTE_KEYS)})",
                source=source,
                line=line,
            )
        meta[key] = value.strip()
    return meta


class _NoteBuilder:
    def __init__(self, title: str, line: int, default_kind: str) -> None:
        self.title = title
        self.line = line
        self.kind = default_kind
        self.meta: dict[str, str] = {}
        self.sections: list[tuple[str | None, int, list[str]]] = [(None, line, [])]


def _unescape(line: str) -> str:
    match = _ESCAPED.match(line)
    return line[1:] if match else line


def _body(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(_unescape(line) for line in lines)


def parse(text: str, source: str = "<deck>") -> ParseResult:
    """Read a deck file; errors name ``source`` and the line."""
    lines = text.lstrip("\ufeff").split("\n")
    deck, start = _parse_header(lines, source)
    default_kind = deck.default_kind or "basic"
    warnings: list[str] = []
    notes: list[_NoteBuilder] = []
    preamble: list[str] = []
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        heading = _NOTE_HEADING.match(line)
        field = _FIELD_HEADING.match(line)
        if heading:
            if not heading.group(1):
                raise ImportFormatError("a note heading with no title", source=source, line=number)
            notes.append(_NoteBuilder(heading.group(1), number, default_kind))
            continue
        if not notes:
            if line.startswith("# ") and deck.name is None:
                deck = replace(deck, name=line[2:].strip())
            elif line.strip():
                preamble.append(line)
            continue
        note = notes[-1]
        if field:
            if not field.group(1):
                raise ImportFormatError("a field heading with no name", source=source, line=number)
            note.sections.append((field.group(1), number, []))
            continue
        label, _, body = note.sections[-1]
        meta = _META.match(line)
        if meta and label is None and not any(b.strip() for b in body) and not note.meta:
            note.meta = _parse_note_meta(meta.group(1), source, number)
            continue
        body.append(line)
    if preamble:
        warnings.append(f"{source}: text before the first note heading is not part of any note")
    drafts = [_draft(note, deck, source) for note in notes]
    _check_unique_ids(drafts, deck, source)
    return ParseResult(format=NAME, notes=drafts, deck=deck, warnings=warnings)


def _draft(note: _NoteBuilder, deck: DeckMeta, source: str) -> NoteDraft:
    kind_name = note.meta.get("kind") or note.kind
    if kind_name not in KINDS:
        raise ImportFormatError(f"unknown kind {kind_name!r}", source=source, line=note.line)
    kind = kind_by_name(kind_name)
    fields: dict[str, str] = {kind.title_field: note.title}
    for label, number, body_lines in note.sections:
        body = _body(body_lines)
        if label is None:
            if body:
                fields[BODY_FIELD[kind_name]] = body
            continue
        name = kind.field_for_label(label)
        if name is None:
            known = ", ".join(f.label for f in kind.fields)
            raise ImportFormatError(
                f"unknown field {label!r} for kind {kind_name!r} (fields: {known})",
                source=source,
                line=number,
            )
        if name != kind.title_field and name in fields:
            raise ImportFormatError(f"field {label!r} appears twice", source=source, line=number)
        if name == kind.title_field and not body:
            continue  # an empty "### Title" section leaves the heading's title, not a note without one
        fields[name] = body
    guid = note.meta.get("id") or None
    if guid is not None and not _ID_OK.match(guid):
        raise ImportFormatError(
            f"note id {guid!r} may hold only letters, digits and _.:/-", source=source, line=note.line
        )
    target = None
    if note.meta.get("target"):
        try:
            target = parse_window(note.meta["target"])
        except ValueError as err:
            raise ImportFormatError(str(err), source=source, line=note.line) from None
    tags = tuple(dict.fromkeys(deck.tags + _split_list(note.meta.get("tags", ""))))
    return NoteDraft(
        kind=kind_name,
        fields={k: v for k, v in fields.items() if v},
        tags=tags,
        guid=guid,
        target=target,
        line=note.line,
    )


def _check_unique_ids(drafts: Sequence[NoteDraft], deck: DeckMeta, source: str) -> None:
    seen: dict[str, int | None] = {}
    for draft in drafts:
        key = draft.guid or derive_guid(deck.name or "", draft.kind, draft.title)
        if key in seen:
            what = f"id {draft.guid!r}" if draft.guid else f"title {draft.title!r}"
            raise ImportFormatError(
                f"two notes with the same {what} (first at line {seen[key]}); give one an id",
                source=source,
                line=draft.line,
            )
        seen[key] = draft.line


def _escape(body: str) -> str:
    return "\n".join(
        ("\\" + line if _NEEDS_ESCAPE.match(line) else line) for line in body.split("\n")
    )


def write_deck(deck: DeckMeta, notes: Iterable[NoteDraft]) -> str:
    """The canonical deck file for ``deck`` and its ``notes`` (in the order given)."""
    default_kind = deck.default_kind or "basic"
    out = ["---", f"deck: {deck.name or 'Untitled'}"]
    if deck.description:
        out.append(f"description: {' '.join(deck.description.split())}")
    if deck.default_kind:
        out.append(f"kind: {deck.default_kind}")
    if deck.target:
        out.append(f"target: {format_window(deck.target)}")
    if deck.tags:
        out.append(f"tags: {', '.join(deck.tags)}")
    out.append("---")
    for note in notes:
        kind = kind_by_name(note.kind)
        title = note.fields.get(kind.title_field, "")
        first_line = next((ln.strip() for ln in title.split("\n") if ln.strip()), "Untitled")
        heading_is_title = title == first_line and not title.startswith("#") and not title.endswith("#")
        out += ["", f"## {first_line}"]
        meta = []
        if note.guid and note.guid != derive_guid(deck.name or "", note.kind, title):
            meta.append(f"id: {note.guid}")
        if note.kind != default_kind:
            meta.append(f"kind: {note.kind}")
        own_tags = [t for t in note.tags if t not in deck.tags]
        if own_tags:
            meta.append(f"tags: {', '.join(own_tags)}")
        if note.target:
            meta.append(f"target: {format_window(note.target)}")
        if meta:
            out.append(f"<!-- {'; '.join(meta)} -->")
        for spec in kind.fields:
            value = note.fields.get(spec.name, "")
            if not value or (spec.name == kind.title_field and heading_is_title):
                continue
            out += ["", f"### {spec.label}", "", _escape(value)]
    return "\n".join(out) + "\n"
