"""The import dialog's worker side: reading and parsing files off the GUI thread.

Parsing is pure (``flashdeck.core.importers``) and may be slow for a large file, so
it runs in a ``QThreadPool`` worker. The worker never touches the Collection: its
SQLite connection is not safe for concurrent use, so planning and applying stay on
the GUI thread (one transaction per file, fast).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from flashdeck.core.notes import ImportFormatError, ParseResult
from flashdeck.importing import ImportReport, read_document

__all__ = ["FileEntry", "JobSignals", "ParseJob", "describe_error", "entry_details", "import_summary", "parse_file"]

DETAIL_NOTES = 300  # titles listed per action in the details pane; the counts are always exact


def parse_file(path: str, fmt: str | None) -> tuple[str, ParseResult]:
    """Read and parse one document (pure; safe off the GUI thread): (format used, result)."""
    result = read_document(path, fmt)
    return result.format, result


def describe_error(err: ImportFormatError) -> str:
    """``name.csv:3: message`` — the file by name (the full path is in the details)."""
    where = Path(err.source).name if err.source else "<input>"
    if err.line is not None:
        where = f"{where}:{err.line}"
    return f"{where}: {err.message}"


class JobSignals(QObject):
    """How a ParseJob reports; owned by the dialog, so it is deleted on the GUI thread."""

    parsed = Signal(int, int, str, object)  # entry key, generation, format, ParseResult
    failed = Signal(int, int, str)  # entry key, generation, message
    done = Signal(int)  # job id


class ParseJob(QRunnable):
    """Parses a list of files off the GUI thread; never touches the Collection."""

    def __init__(self, job_id: int, items: list[tuple[int, int, str, str | None]], signals: JobSignals) -> None:
        super().__init__()
        self.job_id, self.items, self.signals = job_id, items, signals

    def run(self) -> None:
        for key, generation, path, fmt in self.items:
            try:
                name, result = parse_file(path, fmt)
            except ImportFormatError as err:
                self.signals.failed.emit(key, generation, describe_error(err))
            except Exception as err:  # a parser bug must not kill the thread silently
                self.signals.failed.emit(key, generation, f"{Path(path).name}: unexpected error: {err}")
            else:
                self.signals.parsed.emit(key, generation, name, result)
        self.signals.done.emit(self.job_id)


@dataclass
class FileEntry:
    """One file in the dialog, with what is known about it so far."""

    key: int
    path: str
    forced_format: str | None = None
    deck: str = ""  # empty: the deck the file names (or its file name)
    generation: int = 0
    detected: str = ""
    result: ParseResult | None = None
    report: ImportReport | None = None
    titles: dict[str, list[str]] = field(default_factory=dict)  # action -> titles
    error: str = ""
    status: str = "Reading…"

    @property
    def name(self) -> str:
        return Path(self.path).name


def entry_details(entry: FileEntry) -> str:
    """The details pane's text for one file: what it would do (or did), warnings, blanks, titles."""
    lines = [entry.path]
    if entry.error:
        return "\n".join([*lines, "", entry.error, "", "This file is excluded from the import."])
    report = entry.report
    if report is None:
        return "\n".join([*lines, entry.status])
    verb = "was" if entry.status == "Imported" else "would be"
    lines.append(f"Format {entry.detected}, deck {report.deck}: {report.added} {verb} added, "
                 f"{report.updated} updated, {report.unchanged} unchanged.")
    if report.package is not None:
        package = report.package
        reviews = package.get("reviews_imported", package.get("reviews", 0))
        media = package.get("media_added", package.get("media_files", 0))
        lines.append(f"Anki package: {reviews} review(s) of history and {media} media file(s) {verb} imported.")
    for heading, items in (("Warnings", report.warnings),
                           ("In the deck but not in this file (kept, not deleted)", report.missing),
                           ("Blanks to fill in", [f"{t}: {n}" for t, n in report.blanks.items()])):
        if items:
            lines += ["", f"{heading}:", *(f"  • {item}" for item in items)]
    for action, heading in (("add", "New"), ("update", "Changed"), ("unchanged", "Unchanged")):
        titles = entry.titles.get(action, [])
        if titles:
            lines += ["", f"{heading} ({len(titles)}):", *(f"  • {t}" for t in titles[:DETAIL_NOTES])]
            if len(titles) > DETAIL_NOTES:
                lines.append(f"  … and {len(titles) - DETAIL_NOTES} more")
    return "\n".join(lines)


def import_summary(reports: list[ImportReport], failed: list[str]) -> str:
    """One line for the end of an import: what was written, and which files were not."""
    files = len(reports)
    added = sum(r.added for r in reports)
    updated = sum(r.updated for r in reports)
    unchanged = sum(r.unchanged for r in reports)
    text = (f"Imported {files} file{'s' if files != 1 else ''}: {added} added, {updated} updated, "
            f"{unchanged} unchanged.")
    if failed:
        text += f" Not imported (errors): {', '.join(failed)}."
    return text
