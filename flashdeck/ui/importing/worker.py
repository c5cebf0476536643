"""The import dialog's worker side: reading and parsing documents off the GUI thread.

Parsing is pure (``flashdeck.core.importers``) and may be slow for a large file, so
it runs in a ``QThreadPool`` worker. The worker never touches the Collection: its
SQLite connection is not safe for concurrent use, so planning and applying stay on
the GUI thread (one transaction per file, fast). Pasted text is read the same way
as a file, through ``flashdeck.readers.read_bytes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from flashdeck.collection.formats import read_data, read_document
from flashdeck.collection.importing import ImportChoices, ImportReport, PlannedNote
from flashdeck.core.notes import ImportFormatError, ParseResult

__all__ = ["FileEntry", "JobSignals", "ParseJob", "describe_error", "entry_details", "import_summary", "parse_entry"]

DETAIL_LINES = 300  # lines listed per heading in the details pane; the counts are always exact


def parse_entry(path: str, fmt: str | None, data: bytes | None = None, html: bool = False) -> tuple[str, ParseResult]:
    """Read and parse one document, a file or pasted bytes (HTML or text) (pure; safe off the GUI thread):
    (format, result)."""
    result = read_document(path, fmt) if data is None else read_data(data, path, fmt, html=html)
    return result.format, result


def describe_error(err: ImportFormatError) -> str:
    """``name.csv:3: message`` — the file by name (the full path is in the details)."""
    where = Path(err.source).name if err.source and not err.source.startswith("<") else (err.source or "<input>")
    if err.line is not None:
        where = f"{where}:{err.line}"
    return f"{where}: {err.message}"


class JobSignals(QObject):
    """How a ParseJob reports; owned by the dialog, so it is deleted on the GUI thread."""

    parsed = Signal(int, int, str, object)  # entry key, generation, format, ParseResult
    failed = Signal(int, int, str)  # entry key, generation, message
    done = Signal(int)  # job id


# (entry key, generation, path or "<clipboard>", forced format, pasted bytes or None, pasted bytes are HTML)
JobItem = tuple[int, int, str, str | None, bytes | None, bool]


class ParseJob(QRunnable):
    """Parses a list of documents off the GUI thread; never touches the Collection."""

    def __init__(self, job_id: int, items: list[JobItem], signals: JobSignals) -> None:
        super().__init__()
        self.job_id, self.items, self.signals = job_id, items, signals

    def run(self) -> None:
        for key, generation, path, fmt, data, html in self.items:
            try:
                name, result = parse_entry(path, fmt, data, html)
            except ImportFormatError as err:
                self.signals.failed.emit(key, generation, describe_error(err))
            except Exception as err:  # a parser bug must not kill the thread silently
                self.signals.failed.emit(key, generation, f"{Path(path).name}: unexpected error: {err}")
            else:
                self.signals.parsed.emit(key, generation, name, result)
        self.signals.done.emit(self.job_id)


@dataclass
class FileEntry:
    """One document in the dialog (a file, or text pasted from the clipboard), with what is known so far."""

    key: int
    path: str
    forced_format: str | None = None
    deck: str = ""  # empty: the deck the document names (or its default)
    generation: int = 0
    detected: str = ""
    result: ParseResult | None = None
    report: ImportReport | None = None
    planned: dict[int, PlannedNote] = field(default_factory=dict)  # note number → what importing it does
    choices: ImportChoices = field(default_factory=ImportChoices)  # the corrections made in the preview
    error: str = ""
    status: str = "Reading…"
    data: bytes | None = None  # pasted content; None for a file
    html: bool = False  # the pasted content is the clipboard's HTML (a copied web page)
    label: str = ""  # how a pasted entry is listed ("Pasted text", "Pasted HTML")

    @property
    def name(self) -> str:
        return self.label or Path(self.path).name


def _listed(lines: list[str]) -> list[str]:
    shown = [f"  • {line}" for line in lines[:DETAIL_LINES]]
    if len(lines) > DETAIL_LINES:
        shown.append(f"  … and {len(lines) - DETAIL_LINES} more")
    return shown


def entry_details(entry: FileEntry) -> str:
    """The details pane's text for one document: what it would do (or did), warnings, edits, unplaced lines."""
    lines = [entry.path if entry.data is None else f"{entry.name} (from the clipboard)"]
    if entry.error:
        return "\n".join([*lines, "", entry.error, "", "This document is excluded from the import."])
    report = entry.report
    if report is None:
        return "\n".join([*lines, entry.status])
    verb = "was" if entry.status == "Imported" else "would be"
    left_out = f", {report.skipped} left out" if report.skipped else ""
    decks = report.decks or [report.deck]
    lines.append(f"Format {entry.detected}, deck{'s' if len(decks) > 1 else ''} {', '.join(decks)}: "
                 f"{report.added} {verb} added, {report.updated} updated, {report.unchanged} unchanged{left_out}.")
    if report.package is not None:
        package = report.package
        reviews = package.get("reviews_imported", package.get("reviews", 0))
        media = package.get("media_added", package.get("media_files", 0))
        lines.append(f"Anki package: {reviews} review(s) of history and {media} media file(s) {verb} imported.")
    edits = []
    for edit in report.edited:
        fields = ", ".join(edit["edited"])
        if edit["kept"]:
            both = f" — the file changed {', '.join(edit['conflicts'])} too" if edit["conflicts"] else ""
            edits.append(f"{edit['title']}: your edit kept ({fields}){both}")
        else:
            edits.append(f"{edit['title']}: the file's version replaces your edit ({fields})")
    for heading, items in (
        ("Edited in the app since the last import", edits),
        ("Warnings", report.warnings),
        ("Lines with no field of their own (kept where shown)", report.unmapped),
        ("In the deck but not in this document (kept, not deleted)", report.missing),
        ("Blanks to fill in", [f"{t}: {n}" for t, n in report.blanks.items()]),
    ):
        if items:
            lines += ["", f"{heading} ({len(items)}):", *_listed(items)]
    return "\n".join(lines)


def import_summary(reports: list[ImportReport], failed: list[str]) -> str:
    """One line for the end of an import: what was written, and which documents were not."""
    files = len(reports)
    added = sum(r.added for r in reports)
    updated = sum(r.updated for r in reports)
    unchanged = sum(r.unchanged for r in reports)
    text = (f"Imported {files} file{'s' if files != 1 else ''}: {added} added, {updated} updated, "
            f"{unchanged} unchanged.")
    if failed:
        text += f" Not imported (errors): {', '.join(failed)}."
    return text
