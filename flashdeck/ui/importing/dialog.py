"""Import documents: choose, drop or paste them, correct the preview, import, see a summary.

Each document is listed with what importing it would do; below, its notes (see
``import_notes``): a note's kind can be changed and a note left out, and the
deck field names the deck, before anything is written. What the preview shows
is what is imported: the previewed parse is the one written.

Threading (see ``import_worker``): reading and parsing run in a worker thread;
the dry-run plan and the one-transaction apply run here, on the GUI thread, so the
Collection's connection is never used from two threads at once. The progress bar
advances per document.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import ClassVar

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.collection.formats import format_names
from flashdeck.collection.importing import ImportReport
from flashdeck.core.changes import Changes
from flashdeck.core.notes import ImportFormatError, ParseResult
from flashdeck.ui.events import AppEvents
from flashdeck.ui.importing.files import COLUMNS, FilesTable
from flashdeck.ui.importing.notes import NotesPreview
from flashdeck.ui.importing.sources import DocumentSources
from flashdeck.ui.importing.worker import (
    FileEntry,
    JobItem,
    JobSignals,
    ParseJob,
    describe_error,
    entry_details,
    import_summary,
)
from flashdeck.ui.ops import broadcast
from flashdeck.ui.widgets import named

__all__ = ["COLUMNS", "ImportDialog"]


class ImportDialog(DocumentSources, QDialog):
    """Preview and import one or more documents."""

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Ctrl+O", "Choose files to import"),
        ("Ctrl+V", "Import the text (or web page) on the clipboard"),
        ("Ctrl+Enter", "Import the previewed documents"),
        ("Delete", "Remove the selected document from the list"),
        ("Alt+F", "Force another format for the selected document"),
        ("Alt+D", "Name the deck the selected document goes into"),
        ("Space", "In the note list: leave the selected notes out, or take them back"),
        ("Alt+K", "Change the kind of the selected notes"),
        ("Alt+R", "For a note edited in the app: use the file's version instead of your edit"),
        ("Esc", "Close"),
    ]

    import_finished = Signal(list)  # the ImportReports written

    def __init__(self, col: Collection, events: AppEvents, paths: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col, self.events = col, events
        self.setObjectName("importDialog")
        self.setWindowTitle("Import")
        self.setAcceptDrops(True)
        self.resize(1000, 620)
        self.entries: list[FileEntry] = []
        self._keys = count(1)
        self._jobs: dict[int, JobSignals] = {}
        self._pending: set[int] = set()  # entries being imported
        self._written: list[ImportReport] = []
        self._importing = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # files are handled in the order they were added
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(300)  # re-plan once the user pauses typing a deck name
        self._replan_timer.timeout.connect(self._deck_edited)
        self._build()
        if paths:
            self.add_paths(paths)

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.choose_button = named(QPushButton("&Choose files…"), "chooseFiles")
        self.choose_button.clicked.connect(self._choose)
        self.paste_button = named(QPushButton("&Paste"), "pasteText")
        self.paste_button.setToolTip("Import the text or web page on the clipboard (Ctrl+V)")
        self.paste_button.clicked.connect(self.paste)
        hint = named(QLabel("…or drop files on this window, or paste text with Ctrl+V. PDF, Word, web pages, "
                            "Markdown, text, CSV and Anki packages."), "dropHint")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.paste_button)
        top.addWidget(hint, 1)

        self.table = FilesTable()
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.format_combo = named(QComboBox(), "formatCombo")
        self.format_combo.addItem("Detect automatically", None)
        for name in format_names():  # the registry: Anki packages included
            self.format_combo.addItem(name, name)
        self.format_combo.activated.connect(self._format_chosen)
        self.deck_combo = named(QComboBox(), "importDeckCombo")
        self.deck_combo.setEditable(True)
        self.deck_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.deck_combo.editTextChanged.connect(lambda _text: self._replan_timer.start())
        self.remove_button = named(QPushButton("Re&move"), "removeFile")
        self.remove_button.clicked.connect(self.remove_selected)
        format_label, deck_label = QLabel("&Format:"), QLabel("&Deck:")
        format_label.setBuddy(self.format_combo)
        deck_label.setBuddy(self.deck_combo)
        strip = QHBoxLayout()
        strip.addWidget(format_label)
        strip.addWidget(self.format_combo)
        strip.addWidget(deck_label)
        strip.addWidget(self.deck_combo, 1)
        strip.addWidget(self.remove_button)

        self.details = named(QPlainTextEdit(), "importDetails")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Choose files to see what importing them would add, update or leave alone.")
        self.notes = named(NotesPreview(), "notesPreview")
        self.notes.corrected.connect(self._corrected)
        preview = named(QSplitter(Qt.Orientation.Horizontal), "importPreview")
        preview.addWidget(self.notes)
        preview.addWidget(self.details)
        preview.setStretchFactor(0, 3)
        preview.setStretchFactor(1, 2)
        preview.setChildrenCollapsible(False)

        self.progress = named(QProgressBar(), "importProgress")
        self.progress.hide()
        self.summary = named(QLabel(), "importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = named(QPushButton("&Import"), "importButton")
        self.import_button.setToolTip("Import the files without errors (Ctrl+Enter)")
        self.import_button.setProperty("role", "primary")
        self.import_button.clicked.connect(self.start_import)
        self.close_button = named(QPushButton("Close"), "closeImport")
        self.close_button.clicked.connect(self.reject)
        for button in (self.choose_button, self.paste_button, self.remove_button, self.import_button,
                       self.close_button):
            button.setAutoDefault(False)  # Enter in the deck field must not start an import
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addLayout(strip)
        layout.addWidget(preview, 5)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)

        QShortcut(QKeySequence("Ctrl+O"), self, self._choose)
        # A line edit with the focus (the deck name) takes Ctrl+V itself; anywhere else it is a document.
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        QShortcut(QKeySequence("Alt+R"), self, self.notes.replace_button.click)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.start_import)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected)
        self._refresh_controls()

    # -- adding files ----------------------------------------------------------------------

    def remove_selected(self) -> None:
        entry = self.current_entry()
        if entry is None or self._importing:
            return
        row = self.entries.index(entry)
        self.entries.pop(row)
        self.table.removeRow(row)
        self._selection_changed()
        self._refresh_controls()

    # -- parsing (worker) and planning (GUI thread) ----------------------------------------

    def _parse(self, entries: list[FileEntry]) -> None:
        items = []
        for entry in entries:
            entry.generation += 1
            entry.result, entry.report, entry.error, entry.status = None, None, "", "Reading…"
            self._update_row(entry)
            items.append((entry.key, entry.generation, entry.path, entry.forced_format, entry.data, entry.html))
        self._start_job(items, self._parsed_for_preview)

    def _start_job(self, items: list[JobItem], on_parsed: Callable[..., None]) -> None:
        job_id = next(self._keys)
        # Owned by the dialog (deleted on this thread), never by the worker that emits through it.
        signals = JobSignals(self)
        signals.parsed.connect(on_parsed)
        signals.failed.connect(self._failed)
        signals.done.connect(self._job_done)
        self._jobs[job_id] = signals
        self._pool.start(ParseJob(job_id, items, signals))

    def _entry(self, key: int, generation: int) -> FileEntry | None:
        """The entry a result is for, unless it was removed or re-parsed since."""
        return next((e for e in self.entries if e.key == key and e.generation == generation), None)

    def _parsed_for_preview(self, key: int, generation: int, fmt: str, result: ParseResult) -> None:
        entry = self._entry(key, generation)
        if entry is None:
            return
        entry.detected, entry.result = fmt, result
        entry.choices.kinds.clear()  # a new parse numbers its notes afresh
        entry.choices.skip.clear()
        entry.choices.replace_edits = set()
        self._plan(entry)

    def _plan(self, entry: FileEntry) -> None:
        assert entry.result is not None
        entry.choices.deck = entry.deck or None
        try:
            plan = self.col.plan(entry.result, source=entry.path, deck=entry.deck or None, with_notes=False,
                                 choices=entry.choices)
        except ImportFormatError as err:
            self._set_error(entry, describe_error(err))
            return
        entry.report, entry.error = plan.report, ""
        entry.planned = {planned.index: planned for planned in plan.notes}
        entry.status = "Ready" if plan.notes else "Nothing to import"
        self._update_row(entry)

    def _corrected(self) -> None:
        """The note list changed the entry's corrections: plan it again (nothing is written)."""
        entry = self.current_entry()
        if entry is not None and entry.result is not None and not self._importing:
            self._plan(entry)

    def _failed(self, key: int, generation: int, message: str) -> None:
        entry = self._entry(key, generation)
        if entry is not None:
            self._set_error(entry, message)
            if key in self._pending:
                self._advance(key)

    def _set_error(self, entry: FileEntry, message: str) -> None:
        entry.error, entry.report, entry.status = message, None, "Excluded"
        self._update_row(entry)

    def _job_done(self, job_id: int) -> None:
        signals = self._jobs.pop(job_id, None)
        if signals is not None:
            signals.deleteLater()

    def _format_chosen(self) -> None:
        entry = self.current_entry()
        if entry is not None and not self._importing:
            entry.forced_format = self.format_combo.currentData()
            self._parse([entry])

    def _deck_edited(self) -> None:
        entry = self.current_entry()
        text = self.deck_combo.currentText().strip()
        if entry is None or self._importing or text == entry.deck:
            return
        entry.deck = text
        if entry.result is not None:
            self._plan(entry)

    # -- importing -------------------------------------------------------------------------

    def importable(self) -> list[FileEntry]:
        return [e for e in self.entries if e.result is not None and e.report is not None and not e.error
                and e.status == "Ready"]

    def start_import(self) -> None:
        """Write the previewed documents, as corrected, one transaction each (one per event-loop turn)."""
        ready = self.importable()
        if self._importing or not ready:
            return
        self._replan_timer.stop()
        self._importing = True
        self._written = []
        self._pending = {e.key for e in ready}
        self.progress.setRange(0, len(ready) if len(ready) > 1 else 0)  # one document: busy indicator
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(f"Importing {len(ready)} file{'s' if len(ready) != 1 else ''}…")
        self._refresh_controls()
        for entry in ready:
            entry.status = "Importing…"
            self._update_row(entry)
        for entry in ready:
            QTimer.singleShot(0, lambda e=entry: self._import_entry(e))

    def _import_entry(self, entry: FileEntry) -> None:
        assert entry.result is not None
        try:
            report = self.col.import_result(entry.result, source=entry.path, deck=entry.deck or None,
                                            choices=entry.choices)
        except ImportFormatError as err:
            self._set_error(entry, describe_error(err))
        else:
            entry.report, entry.status = report, "Imported"
            self._written.append(report)
            self._update_row(entry)
        self._advance(entry.key)

    def _advance(self, key: int) -> None:
        self._pending.discard(key)
        if self.progress.maximum():
            self.progress.setValue(self.progress.maximum() - len(self._pending))
        if not self._pending:
            self._import_done()

    def _import_done(self) -> None:
        self._importing = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        reports = self._written
        text = import_summary(reports, [e.name for e in self.entries if e.error])
        self.summary.setText(text)
        self._refresh_controls()
        self._selection_changed()
        # The imports ran in the worker thread; what they wrote is told here, in the GUI thread, at once.
        written = Changes()
        for report in reports:
            written |= report.changes
        broadcast(self.events, written, self)
        self.import_finished.emit(reports)

    # -- showing ---------------------------------------------------------------------------

    def current_entry(self) -> FileEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _add_row(self, entry: FileEntry) -> None:
        self.table.add_row(entry)
        self._update_row(entry)

    def _update_row(self, entry: FileEntry) -> None:
        self.table.show_row(self.entries.index(entry), entry)
        if entry is self.current_entry():
            self._selection_changed()
        self._refresh_controls()

    def _selection_changed(self) -> None:
        entry = self.current_entry()
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(entry.forced_format)) if entry else 0)
        self.deck_combo.blockSignals(True)
        names = self.col.deck_names()
        if [self.deck_combo.itemText(i) for i in range(self.deck_combo.count())] != names:
            self.deck_combo.clear()
            self.deck_combo.addItems(names)
        self.deck_combo.setEditText(entry.deck if entry else "")
        default = entry.report.deck if entry and entry.report else ""
        line = self.deck_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(f"{default} (from the file)" if default else "")
        self.deck_combo.blockSignals(False)
        self.details.setPlainText(entry_details(entry) if entry else "")
        self.notes.show_entry(entry)
        self._refresh_controls()

    def _refresh_controls(self) -> None:
        idle = not self._importing
        has_entry = self.current_entry() is not None
        self.choose_button.setEnabled(idle)
        self.paste_button.setEnabled(idle)
        self.table.setEnabled(idle)
        self.notes.setEnabled(idle)
        self.format_combo.setEnabled(idle and has_entry)
        self.deck_combo.setEnabled(idle and has_entry)
        self.remove_button.setEnabled(idle and has_entry)
        self.import_button.setEnabled(idle and bool(self.importable()))
        self.close_button.setEnabled(idle)

    def reject(self) -> None:
        if self._importing:
            return  # a write is under way; it is short, and closing now would hide its outcome
        super().reject()

    def done(self, result: int) -> None:
        # No worker may outlive the dialog whose signals it emits.
        self._pool.clear()
        self._pool.waitForDone()
        super().done(result)
