"""Planning an import: which notes are new, changed, unchanged or missing.

The plan is computed without writing anything, so ``--dry-run`` and the GUI's
preview show exactly what the import would do; the collection then applies it
in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flashdeck.core.kinds import KINDS, kind_by_name
from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft, ParseResult, derive_guid
from flashdeck.core.render import count_blanks
from flashdeck.readers import MAX_IMPORT_BYTES, MAX_IMPORT_LINES, MAX_LINE_CHARS
from flashdeck.storage import limits

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_LINES",
    "MAX_IMPORT_NOTES",
    "MAX_LINE_CHARS",
    "ImportPlan",
    "ImportReport",
    "PlannedNote",
    "check_note_count",
    "plan_import",
    "read_document",
]

# Far above any real prep material (50,000 TSV cards are ~10 MB); the readers bound bytes and lines.
MAX_IMPORT_NOTES = 100_000


def read_document(path: str, fmt: str | None = None) -> ParseResult:
    """Read and parse one file (no database: safe on a worker thread).

    Errors are ``ImportFormatError`` naming the file (and the line or page, for bad content).
    """
    from flashdeck.core.importers import parse_document
    from flashdeck.readers import read_path

    if fmt == "apkg" or (fmt is None and path.casefold().endswith((".apkg", ".colpkg"))):
        from flashdeck.interchange import read_anki_package

        return read_anki_package(path)  # a zip, read with its own limits
    result = parse_document(read_path(path), fmt)
    check_note_count(result, path)
    return result


def check_note_count(result: ParseResult, source: str) -> None:
    if len(result.notes) > MAX_IMPORT_NOTES:
        raise ImportFormatError(
            f"{len(result.notes):,} notes in one file; the limit is {MAX_IMPORT_NOTES:,} (split the file)",
            source=source,
        )


@dataclass
class PlannedNote:
    draft: NoteDraft
    guid: str
    deck: str
    existing_id: int | None = None
    action: str = "add"  # add | update | unchanged


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

    def to_dict(self, with_notes: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.format,
            "deck": self.deck,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "warnings": self.warnings,
            "blanks": self.blanks,
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


@dataclass
class ImportPlan:
    result: ParseResult
    deck: DeckMeta
    notes: list[PlannedNote]
    report: ImportReport


def clean_fields(draft: NoteDraft, source: str) -> dict[str, str]:
    """Known fields only, stripped; the title must be there."""
    if draft.kind not in KINDS:
        raise ImportFormatError(f"unknown kind {draft.kind!r}", source=source, line=draft.line)
    kind = kind_by_name(draft.kind)
    unknown = set(draft.fields) - set(kind.field_names)
    if unknown:
        raise ImportFormatError(
            f"unknown field(s) {', '.join(sorted(unknown))} for kind {draft.kind!r}",
            source=source,
            line=draft.line,
        )
    fields = {}
    for name in kind.field_names:
        value = draft.fields.get(name)
        if value and (value := value.strip()):
            fields[name] = value
    if not fields.get(kind.title_field):
        raise ImportFormatError(
            f"a {draft.kind} note needs its {kind.label_of(kind.title_field)!r}", source=source, line=draft.line
        )
    return fields


def plan_import(
    result: ParseResult,
    *,
    source: str,
    deck_override: str | None,
    fallback_deck: str,
    lookup: Callable[[list[str]], dict[str, tuple[Any, ...]]],
    stored_in_deck: Callable[[str], list[tuple[str, str]]],
    with_notes: bool = True,
) -> ImportPlan:
    """Decide every note's fate.

    ``lookup`` maps guids to stored rows (see ``Store.notes_by_guid``);
    ``stored_in_deck`` lists a deck's (guid, title) pairs, to report notes the
    new version no longer has (they are listed, never deleted).
    """
    deck_name = deck_override or result.deck.name or fallback_deck
    if problem := limits.too_long("the deck name", deck_name, limits.DECK_NAME):
        raise ImportFormatError(problem, source=source)
    deck = DeckMeta(deck_name, result.deck.description, result.deck.default_kind, result.deck.target, result.deck.tags)
    report = ImportReport(format=result.format, deck=deck_name, warnings=list(result.warnings))
    planned: list[PlannedNote] = []
    seen: dict[str, int | None] = {}
    for draft in result.notes:
        fields = clean_fields(draft, source)
        clean = NoteDraft(draft.kind, fields, tuple(dict.fromkeys(draft.tags)), draft.guid, draft.deck,
                          draft.target or None, draft.line)
        note_deck = (draft.deck if deck_override is None else None) or deck_name
        guid = draft.guid or derive_guid(note_deck, draft.kind, clean.title)
        # Checked here, before anything is written: PostgreSQL would refuse them mid-transaction.
        if problem := (limits.too_long("the note's deck name", note_deck, limits.DECK_NAME)
                       or limits.too_long("the note id", guid, limits.NOTE_ID)):
            raise ImportFormatError(problem, source=source, line=draft.line)
        if guid in seen:
            raise ImportFormatError(
                f"duplicate note {clean.title!r} (also at line {seen[guid]})", source=source, line=draft.line
            )
        seen[guid] = draft.line
        planned.append(PlannedNote(clean, guid, note_deck))
    existing = lookup(list(seen))
    for note in planned:
        clean = note.draft
        row = existing.get(note.guid)
        if row is not None:
            note.existing_id = int(row[0])
            if row[2] != clean.kind:
                raise ImportFormatError(
                    f"note {clean.title!r} already exists as a {row[2]}, not a {clean.kind}",
                    source=source,
                    line=clean.line,
                )
            same = (
                json.loads(row[3]) == clean.fields
                and row[4].split() == list(clean.tags)
                and (row[5], row[6]) == (clean.target or (None, None))
            )
            note.action = "unchanged" if same else "update"
        blanks = count_blanks("\n".join(clean.fields.values()))
        if blanks:
            report.blanks[clean.title] = blanks
        if with_notes:
            report.notes.append({**clean.to_dict(), "id": note.guid})
    report.added = sum(1 for n in planned if n.action == "add")
    report.updated = sum(1 for n in planned if n.action == "update")
    report.unchanged = sum(1 for n in planned if n.action == "unchanged")
    if result.notes:
        report.missing = [title for guid, title in stored_in_deck(deck_name) if guid not in seen]
    return ImportPlan(result, deck, planned, report)
