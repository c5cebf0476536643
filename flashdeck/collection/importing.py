"""Planning an import: which notes are new, changed, unchanged or missing.

The plan is computed without writing anything, so ``--dry-run`` and the GUI's
preview show exactly what the import would do; the collection then applies it
in one transaction.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import attrgetter
from typing import Any

from flashdeck.core.blanks import count_blanks
from flashdeck.core.changes import NOTHING, Changes
from flashdeck.core.import_limits import MAX_IMPORT_BYTES, MAX_IMPORT_LINES, MAX_LINE_CHARS
from flashdeck.core.kinds import KINDS, kind_by_name
from flashdeck.core.notes import (
    MAX_IMPORT_NOTES,
    DeckMeta,
    ImportFormatError,
    NoteDraft,
    ParseResult,
    convert_draft,
    derive_guids,
    gc_paused,
    guid_deriver,
    too_many_notes,
)
from flashdeck.storage import limits
from flashdeck.storage.rows import StoredNote
from flashdeck.storage.store import AS_STORED

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_LINES",
    "MAX_IMPORT_NOTES",
    "MAX_LINE_CHARS",
    "ImportChoices",
    "ImportPlan",
    "ImportReport",
    "PlannedNote",
    "apply_choices",
    "check_note_count",
    "fallback_deck_name",
    "file_stem",
    "plan_import",
]

# The deck a document goes into when it names none itself (its title, a playbook's company and role):
# what the document is, never a file name such as "000_19d2c97a.txt".
_DEFAULT_DECKS = {
    "star": "STAR stories",
    "questions": "Interview questions",
    "pitch": "Pitches",
    "outline": "Notes",
    "csv": "Imported cards",
    "competency": "Competency guide",
    "playbook": "Interview playbook",
}
_NAMELESS_STEM = re.compile(r"^[\W_]*$|[0-9a-f]{6,}|^\d+([_.-]\d+)*$|^(untitled|document|export|download|new)\b",
                            re.IGNORECASE)


def fallback_deck_name(source: str, fmt: str) -> str:
    """A deck name for a document that gives none: its file name when that reads as words ("amazon_onsite"),
    kept as it is (the ids of notes imported before derive from it); else what the format holds ("STAR
    stories", "Interview questions"), never a name such as "000_19d2c97a"."""
    stem = file_stem(source)
    if stem and not _NAMELESS_STEM.search(stem) and any(ch.isalpha() for ch in stem):
        return stem
    return _DEFAULT_DECKS.get(fmt, "Imported")


def file_stem(source: str) -> str:
    """The file name without its extension ("" for "<stdin>"): the deck name earlier versions gave."""
    if not source or source.startswith("<"):
        return ""
    name = re.split(r"[\\/]", source)[-1]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def check_note_count(result: ParseResult, source: str) -> None:
    if len(result.notes) > MAX_IMPORT_NOTES:
        raise too_many_notes(len(result.notes), source)


@dataclass
class ImportChoices:
    """What the user corrected in the preview before importing (note numbers are 0-based positions in
    the parsed document's notes, as the preview lists them)."""

    deck: str | None = None  # the deck to import into, instead of the one the document names
    kinds: dict[int, str] = field(default_factory=dict)  # note → the kind it should be
    skip: set[int] = field(default_factory=set)  # notes left out
    replace_edits: set[int] | bool = field(default_factory=set)  # notes whose edits in the app the file replaces

    def replaces(self, index: int) -> bool:
        return self.replace_edits is True or (isinstance(self.replace_edits, set) and index in self.replace_edits)


@dataclass(slots=True)  # (one a note: slots make that a third cheaper)
class PlannedNote:
    draft: NoteDraft
    guid: str
    deck: str
    existing_id: int | None = None
    action: str = "add"  # add | update | unchanged
    index: int = 0  # its position in the parsed document (see ImportChoices)
    # What to remember as "as imported" (fields and tags) of a note stored already; None for a new note,
    # which is as imported (``storage.store.AS_STORED``).
    imported: dict[str, Any] | None = None
    edited: list[str] = field(default_factory=list)  # fields the user changed in the app since the last import
    conflicts: list[str] = field(default_factory=list)  # of those, the ones the file changed too
    kept_edit: bool = False  # the user's edits stay (the default); False when the file's version replaces them
    snapshot_changed: bool = True  # "as imported" differs from what is stored: write it even if unchanged


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    format: str
    deck: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blanks: dict[str, int] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    package: dict[str, int] | None = None  # an Anki package's reviews and media (flashdeck.interchange)
    unmapped: list[str] = field(default_factory=list)  # source lines that became no field, and where they went
    edited: list[dict[str, Any]] = field(default_factory=list)  # notes edited in the app since the last import
    skipped: int = 0  # notes the user left out in the preview
    decks: list[str] = field(default_factory=list)  # every deck the notes go into (a CSV's deck column: several)
    changes: Changes = NOTHING  # what the import wrote (nothing for a dry run); not part of to_dict

    def to_dict(self, with_notes: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.format,
            "deck": self.deck,
            "decks": self.decks or [self.deck],
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "warnings": self.warnings,
            "blanks": self.blanks,
            "unmapped": self.unmapped,
            "edited": self.edited,
            "skipped": self.skipped,
            "dry_run": self.dry_run,
        }
        if self.package is not None:
            out["package"] = self.package
        if with_notes:
            out["notes"] = self.notes
        return out

    def merge(self, other: ImportReport) -> None:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.missing += other.missing
        self.warnings += other.warnings
        self.blanks.update(other.blanks)
        self.notes += other.notes
        self.unmapped += other.unmapped
        self.edited += other.edited
        self.skipped += other.skipped
        self.decks = list(dict.fromkeys([*(self.decks or [self.deck]), *(other.decks or [other.deck])]))


@dataclass
class ImportPlan:
    result: ParseResult
    deck: DeckMeta
    notes: list[PlannedNote]
    report: ImportReport


_FIELD_NAMES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}  # kind → its field names (set, in order)


def clean_fields(draft: NoteDraft, source: str) -> dict[str, str]:
    """Known fields only, stripped; the title must be there."""
    if draft.kind not in KINDS:
        raise ImportFormatError(f"unknown kind {draft.kind!r}", source=source, line=draft.line)
    kind = kind_by_name(draft.kind)
    names, ordered = _FIELD_NAMES.get(draft.kind) or _FIELD_NAMES.setdefault(
        draft.kind, (frozenset(kind.field_names), tuple(kind.field_names)))
    given = draft.fields
    if not given.keys() <= names:
        unknown = set(given) - names
        raise ImportFormatError(
            f"unknown field(s) {', '.join(sorted(unknown))} for kind {draft.kind!r}",
            source=source,
            line=draft.line,
        )
    fields = {name: value for name in ordered if (value := given.get(name)) and (value := value.strip())}
    if not fields.get(kind.title_field):
        raise ImportFormatError(
            f"a {draft.kind} note needs its {kind.label_of(kind.title_field)!r}", source=source, line=draft.line
        )
    return fields


def apply_choices(result: ParseResult, choices: ImportChoices | None) -> tuple[list[tuple[int, NoteDraft]], int]:
    """The notes to plan, each with its position in the document, after the user's corrections; and how
    many were left out."""
    if choices is None:
        return list(enumerate(result.notes)), 0
    kept: list[tuple[int, NoteDraft]] = []
    for index, draft in enumerate(result.notes):
        if index in choices.skip:
            continue
        kind = choices.kinds.get(index)
        if kind is not None and kind != draft.kind:
            if kind not in KINDS:
                raise ImportFormatError(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})", line=draft.line)
            draft = convert_draft(draft, kind)
        kept.append((index, draft))
    return kept, len(result.notes) - len(kept)


def _snapshot(fields: dict[str, str], tags: tuple[str, ...]) -> dict[str, Any]:
    return {"fields": fields, "tags": list(tags)}


def _merge(stored: dict[str, str], imported: dict[str, str], new: dict[str, str]) -> tuple[dict[str, str], list[str],
                                                                                         list[str]]:
    """Three-way merge of one note: the file's changes where the user left a field as imported, the user's
    text where they edited it. Returns (fields, the fields the user edited, those the file changed too)."""
    merged: dict[str, str] = {}
    edited: list[str] = []
    conflicts: list[str] = []
    for name in dict.fromkeys([*new, *stored, *imported]):
        mine, base, theirs = stored.get(name, ""), imported.get(name, ""), new.get(name, "")
        if mine == base:
            value = theirs
        else:
            value = mine
            edited.append(name)
            if theirs != base:
                conflicts.append(name)
        if value:
            merged[name] = value
    return merged, edited, conflicts


@gc_paused
def plan_import(
    result: ParseResult,
    *,
    source: str,
    deck_override: str | None,
    fallback_deck: str,
    lookup: Callable[[list[str]], dict[str, StoredNote]],
    stored_in_deck: Callable[[str], list[tuple[str, str]]],
    with_notes: bool = True,
    resolve: Callable[[str], tuple[str, str]] | None = None,
    choices: ImportChoices | None = None,
) -> ImportPlan:
    """Decide every note's fate.

    ``lookup`` maps guids to stored rows (see ``Store.notes_by_guid``);
    ``stored_in_deck`` lists a deck's (guid, title) pairs, to report notes the
    new version no longer has (they are listed, never deleted). ``resolve``
    maps the deck name a document gives to (the deck it is now, the name its
    ids are derived from): a deck the user renamed still receives its document.
    """
    resolve = resolve or (lambda name: (name, name))
    deck_override = (choices.deck if choices is not None and choices.deck else None) or deck_override
    deck_name, deck_key = resolve(deck_override or result.deck.name or fallback_deck)
    if problem := limits.too_long("the deck name", deck_name, limits.DECK_NAME):
        raise ImportFormatError(problem, source=source)
    deck = DeckMeta(deck_name, result.deck.description, result.deck.default_kind, result.deck.target, result.deck.tags)
    report = ImportReport(format=result.format, deck=deck_name, warnings=list(result.warnings),
                          unmapped=[u.describe() for u in result.unmapped])
    planned: list[PlannedNote] = []
    seen: dict[str, int | None] = {}
    occurrences: dict[str, int] = {}  # a derived id → how many notes derived it (its first: ``seen[id]``)
    drafts, report.skipped = apply_choices(result, choices)
    # Notes the user left out still take their place in the ids (see below); without any, the kept
    # notes are already in document order.
    skipped = ([(i, result.notes[i]) for i in sorted(choices.skip) if 0 <= i < len(result.notes)]
               if choices is not None else [])
    # Per distinct deck a document names: (the deck now, the name its ids derive from), checked once.
    decks: dict[str | None, tuple[str, str]] = {None: (deck_name, deck_key)}
    # Per (deck, kind): the id deriver and the kind's title field.
    derivers: dict[tuple[str, str], tuple[Callable[[str, int], str], str]] = {}
    deriver_kind: str | None = None
    deriver_key: str | None = None
    derive: Callable[[str, int], str] = guid_deriver("", "")
    title_field = ""
    checked_decks: set[str] = set()
    as_they_are = result.clean and choices is None  # (choices may change a note's kind)
    left_out = choices.skip if choices is not None else ()
    alike = _plan_alike(result.notes, decks[None], deck_override) if as_they_are else None
    if alike is not None:
        planned, seen = alike
        drafts = []  # (planned already)
    for index, draft in sorted([*drafts, *skipped], key=lambda pair: pair[0]) if skipped else drafts:
        is_skipped = index in left_out
        if as_they_are:
            clean = draft
        else:
            fields = clean_fields(draft, source) if not is_skipped else dict(draft.fields)
            tags = (draft.tags if type(draft.tags) is tuple and len(draft.tags) < 2
                    else tuple(dict.fromkeys(draft.tags)))
            clean = NoteDraft(draft.kind, fields, tags, draft.guid, draft.deck, draft.target or None, draft.line)
        deck_of = draft.deck if deck_override is None else None
        if (found := decks.get(deck_of)) is None:
            found = decks[deck_of] = resolve(draft.deck or "")
        note_deck, note_key = found
        guid = draft.guid
        if guid is None:
            if draft.kind is not deriver_kind or note_key is not deriver_key:  # (as a rule, the note before's)
                if (deriver := derivers.get((note_key, draft.kind))) is None:
                    deriver = derivers[note_key, draft.kind] = (guid_deriver(note_key, draft.kind),
                                                                 kind_by_name(draft.kind).title_field)
                (derive, title_field), deriver_kind, deriver_key = deriver, draft.kind, note_key
            title = clean.fields.get(title_field, "")
            # The first occurrence's id is the base id (occurrence 1 adds nothing to the key).
            guid = base = derive(title, 1)
            if (count := occurrences.get(base)) is None:
                occurrences[base] = 1
            else:
                occurrences[base] = count + 1
                guid = derive(title, count + 1)
                if not is_skipped:
                    report.warnings.append(
                        f"{source}:{draft.line or 1}: a second {draft.kind} titled {title!r} (the first is at "
                        f"line {seen.get(base) or 1}); both are kept, told apart by their order — give one "
                        "another title")
        if is_skipped:
            seen.setdefault(guid, draft.line)
            continue
        # Checked here, before anything is written: PostgreSQL would refuse them mid-transaction (a deck
        # name once per deck; a derived id is 18 characters).
        if note_deck not in checked_decks:
            if problem := limits.too_long("the note's deck name", note_deck, limits.DECK_NAME):
                raise ImportFormatError(problem, source=source, line=draft.line)
            checked_decks.add(note_deck)
        if draft.guid is not None and (problem := limits.too_long("the note id", guid, limits.NOTE_ID)):
            raise ImportFormatError(problem, source=source, line=draft.line)
        if guid in seen:
            raise ImportFormatError(
                f"duplicate note {clean.title!r} (also at line {seen[guid]})", source=source, line=draft.line
            )
        seen[guid] = draft.line
        planned.append(PlannedNote(clean, guid, note_deck, None, "add", index))
    existing = lookup(list(map(attrgetter("guid"), planned)))
    actions = {"add": 0, "update": 0, "unchanged": 0}
    if not existing and not with_notes:
        # All new, no listing: only the notes with a "[" have blanks to count (looked for in all the text at
        # once, then a note at a time only if there is one).
        field_dicts = list(map(_fields, map(_draft, planned)))
        if "[" in "".join(chain.from_iterable(map(dict.values, field_dicts))):
            texts = list(map("\n".join, map(dict.values, field_dicts)))
            for index in compress(range(len(planned)), map(operator.contains, texts, repeat("["))):
                if blanks := count_blanks(texts[index]):
                    report.blanks[planned[index].draft.title] = blanks
        actions["add"] = len(planned)
    for note in planned if existing or with_notes else ():
        if existing and (row := existing.get(note.guid)) is not None:
            _plan_existing(note, row, source, choices)
        text = "\n".join(note.draft.fields.values())
        if "[" in text and (blanks := count_blanks(text)):  # (a blank is in brackets)
            report.blanks[note.draft.title] = blanks
        if note.edited:
            report.edited.append({"title": note.draft.title, "index": note.index + 1, "edited": note.edited,
                                  "conflicts": note.conflicts, "kept": note.kept_edit})
        if with_notes:
            report.notes.append({**note.draft.to_dict(), "id": note.guid, "index": note.index + 1,
                                 "action": note.action, "edited": note.edited})
        actions[note.action] += 1
    report.added, report.updated, report.unchanged = actions["add"], actions["update"], actions["unchanged"]
    if result.notes:
        report.missing = [title for guid, title in stored_in_deck(deck_name) if guid not in seen]
    note_decks = list(dict.fromkeys(map(attrgetter("deck"), planned)))
    report.decks = note_decks or [deck_name]
    if note_decks and deck_name not in note_decks:
        # The notes name their own decks (a CSV's deck column): the report names those, not the file's name.
        root = note_decks[0].split("::")[0]
        report.deck = root if root in note_decks and all(
            d == root or d.startswith(root + "::") for d in note_decks) else note_decks[0]
    return ImportPlan(result, deck, planned, report)


_draft = attrgetter("draft")
_fields = attrgetter("fields")


def _plan_alike(notes: list[NoteDraft], deck: tuple[str, str], deck_override: str | None
                ) -> tuple[list[PlannedNote], dict[str, int | None]] | None:
    """The plan's notes and their ids (→ line) when ``notes`` are clean drafts of one kind, in the deck
    ``deck`` (the file's, or the one the user chose), without ids of their own and without two of one title:
    made a column at a time (the ids by ``derive_guids``), as the planner's loop would make them one by one.
    None for any other notes (the loop then plans them)."""
    if not notes or len(set(map(attrgetter("kind"), notes))) != 1 or any(map(attrgetter("guid"), notes)):
        return None
    if deck_override is None and any(map(attrgetter("deck"), notes)):
        return None
    note_deck, deck_key = deck
    kind = notes[0].kind
    if limits.too_long("the note's deck name", note_deck, limits.DECK_NAME):
        return None  # (the loop says so, naming the line)
    titles = list(map(dict.get, map(_fields, notes), repeat(kind_by_name(kind).title_field), repeat("")))
    guids = derive_guids(deck_key, kind, titles)
    seen: dict[str, int | None] = dict.fromkeys(guids)  # (the lines are for the loop's messages only)
    if len(seen) < len(guids):
        return None  # two notes of one title: the loop tells them apart and warns
    return list(map(PlannedNote, notes, guids, repeat(note_deck), repeat(None), repeat("add"),
                    range(len(notes)))), seen


def _plan_existing(note: PlannedNote, row: StoredNote, source: str, choices: ImportChoices | None) -> None:
    """Update, leave alone, or keep the user's edits: see "Edits in the app" in docs/importing.md."""
    clean = note.draft
    note.imported = _snapshot(clean.fields, clean.tags)
    note.existing_id = int(row.id)
    if row.kind != clean.kind:
        raise ImportFormatError(
            f"note {clean.title!r} already exists as a {row.kind}, not a {clean.kind}",
            source=source,
            line=clean.line,
        )
    stored_fields = json.loads(row.fields)
    stored_tags = row.tags.split()
    kept = row.imported
    snapshot = (None if kept is None else {"fields": stored_fields, "tags": stored_tags} if kept == AS_STORED
                else json.loads(kept))
    note.snapshot_changed = snapshot != note.imported
    fields, tags = clean.fields, list(clean.tags)
    if snapshot is not None and (stored_fields != snapshot["fields"] or stored_tags != snapshot["tags"]):
        merged, edited, conflicts = _merge(stored_fields, snapshot["fields"], clean.fields)
        tags_edited = stored_tags != snapshot["tags"]
        note.edited = [kind_by_name(clean.kind).label_of(name) for name in edited] + (["Tags"] if tags_edited else [])
        note.conflicts = [kind_by_name(clean.kind).label_of(name) for name in conflicts] + (
            ["Tags"] if tags_edited and list(clean.tags) != snapshot["tags"] else [])
        note.kept_edit = not (choices is not None and choices.replaces(note.index))
        if note.kept_edit:
            fields = merged
            tags = stored_tags if tags_edited else tags
    note.draft = NoteDraft(clean.kind, fields, tuple(tags), clean.guid, clean.deck, clean.target, clean.line)
    same = (
        stored_fields == fields
        and stored_tags == tags
        and (row.target_low, row.target_high) == (clean.target or (None, None))
    )
    note.action = "unchanged" if same else "update"
