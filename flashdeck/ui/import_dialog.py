"""Import documents: choose or drop files, preview what each would do, import, see a summary.

Threading (see ``import_worker``): reading and parsing run in a worker thread;
the dry-run plan and the one-transaction apply run here, on the GUI thread, so the
Collection's connection is never used from two threads at once. The progress bar
advances per file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.core.importers import FORMAT_MODULES
from flashdeck.core.notes import ImportFormatError, ParseResult
from flashdeck.importing import ImportReport
from flashdeck.ui.events import AppEvents
from flashdeck.ui.import_worker import FileEntry, JobSignals, ParseJob, describe_error, entry_details, import_summary
from flashdeck.ui.widgets import cell, named

__all__ = ["COLUMNS", "ImportDialog"]





COLUMNS = ("File", "Format", "Deck", "Add", "Update", "Same", "Missing", "Warnings", "Blanks", "Status")
ERROR_RED = "#d0574f"


class ImportDialog(QDialog):
    """Preview and import one or more documents."""

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Ctrl+O", "Choose files to import"),
        ("Ctrl+Enter", "Import the previewed files"),
        ("Delete", "Remove the selected file from the list"),
        ("Alt+F", "Force another format for the selected file"),
        ("Alt+D", "Import the selected file into another deck"),
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
        hint = named(QLabel("…or drop files on this window."), "dropHint")
        hint.setProperty("role", "muted")
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(hint, 1)

        self.table = named(QTableWidget(0, len(COLUMNS)), "importTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # File and deck names can be long; they share what room is left (tooltips have them in full).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Sized by hand: a spanned error message would otherwise make the column as wide as itself.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 120)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.format_combo = named(QComboBox(), "formatCombo")
        self.format_combo.addItem("Detect automatically", None)
        for name in FORMAT_MODULES:
            self.format_combo.addItem(name, name)
        self.format_combo.activated.connect(self._format_chosen)
        self.deck_combo = named(QComboBox(), "importDeckCombo")
        self.deck_combo.setEditable(True)
        self.deck_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.deck_combo.editTextChanged.connect(lambda _text: self._replan_timer.start())
        self.remove_button = named(QPushButton("&Remove"), "removeFile")
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
        for button in (self.choose_button, self.remove_button, self.import_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the deck field must not start an import
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        layout.addLayout(strip)
        layout.addWidget(self.details, 2)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)

        QShortcut(QKeySequence("Ctrl+O"), self, self._choose)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.start_import)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected)
        self._refresh_controls()

    # -- adding files ----------------------------------------------------------------------

    def choose_files(self) -> list[str]:
        """Ask for files (tests override)."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self, "Choose files to import", "", "Documents (*.md *.markdown *.txt *.csv *.tsv *.apkg *.colpkg);;"
            "Anki packages (*.apkg *.colpkg);;All files (*)")
        return paths

    def _choose(self) -> None:
        if not self._importing:
            self.add_paths(self.choose_files())

    def add_paths(self, paths: list[str]) -> None:
        """Add files (folders add the files in them) and start previewing them."""
        known = {e.path for e in self.entries}
        added: list[FileEntry] = []
        for raw in paths:
            path = os.path.abspath(raw)
            candidates = ([str(p) for p in sorted(Path(path).iterdir()) if p.is_file() and not p.name.startswith(".")]
                          if os.path.isdir(path) else [path])
            for candidate in candidates:
                if candidate not in known:
                    known.add(candidate)
                    added.append(FileEntry(next(self._keys), candidate))
        if not added:
            return
        self.entries += added
        self.summary.clear()
        for entry in added:
            self._add_row(entry)
        self._parse(added)
        if self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._refresh_controls()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self._importing and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._importing and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and not self._importing:
            event.acceptProposedAction()
            self.add_paths(paths)

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
            items.append((entry.key, entry.generation, entry.path, entry.forced_format))
        self._start_job(items, self._parsed_for_preview)

    def _start_job(self, items: list[tuple[int, int, str, str | None]], on_parsed: Callable[..., None]) -> None:
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
        self._plan(entry)

    def _plan(self, entry: FileEntry) -> None:
        assert entry.result is not None
        try:
            plan = self.col.plan(entry.result, source=entry.path, deck=entry.deck or None, with_notes=False)
        except ImportFormatError as err:
            self._set_error(entry, describe_error(err))
            return
        entry.report, entry.error = plan.report, ""
        entry.titles = {}
        for planned in plan.notes:
            entry.titles.setdefault(planned.action, []).append(planned.draft.title)
        entry.status = "Ready" if plan.notes else "Nothing to import"
        self._update_row(entry)

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
        """Re-read the ready files in the worker and apply each as it arrives."""
        ready = self.importable()
        if self._importing or not ready:
            return
        self._replan_timer.stop()
        self._importing = True
        self._written = []
        self._pending = {e.key for e in ready}
        self.progress.setRange(0, len(ready) if len(ready) > 1 else 0)  # one file: busy indicator
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(f"Importing {len(ready)} file{'s' if len(ready) != 1 else ''}…")
        self._refresh_controls()
        items = []
        for entry in ready:
            entry.status = "Importing…"
            self._update_row(entry)
            items.append((entry.key, entry.generation, entry.path, entry.detected or None))
        self._start_job(items, self._parsed_for_import)

    def _parsed_for_import(self, key: int, generation: int, fmt: str, result: ParseResult) -> None:
        entry = self._entry(key, generation)
        if entry is None:
            return
        try:
            report = self.col.import_result(result, source=entry.path, deck=entry.deck or None)
        except ImportFormatError as err:
            self._set_error(entry, describe_error(err))
        else:
            entry.report, entry.status = report, "Imported"
            self._written.append(report)
            self._update_row(entry)
        self._advance(key)

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
        if any(r.added or r.updated for r in reports):
            self.events.changed.emit("notes")
            self.events.changed.emit("decks")
        self.import_finished.emit(reports)

    # -- showing ---------------------------------------------------------------------------

    def current_entry(self) -> FileEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _add_row(self, entry: FileEntry) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(COLUMNS)):
            self.table.setItem(row, column, QTableWidgetItem())
        self._update_row(entry)

    def _update_row(self, entry: FileEntry) -> None:
        row = self.entries.index(entry)
        report = entry.report
        numbers = ("", "", "", "", "", "") if report is None else (
            report.added, report.updated, report.unchanged, len(report.missing), len(report.warnings),
            sum(report.blanks.values()))
        deck = entry.deck or (report.deck if report else "")
        fmt = entry.detected + (" (forced)" if entry.forced_format else "")
        values = (entry.name, fmt, deck, *numbers, entry.status)
        for column, value in enumerate(values):
            item = cell(self.table, row, column)
            item.setText(str(value))
            if column >= 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cell(self.table, row, 2).setToolTip(deck)
        # An error row shows its message (file:line: what is wrong) across the row, where it cannot be missed.
        error_span = len(COLUMNS) - 1 if entry.error else 1
        if self.table.columnSpan(row, 1) != error_span:
            self.table.setSpan(row, 1, 1, error_span)
        first = cell(self.table, row, 1)
        if entry.error:
            first.setText(f"Excluded: {entry.error}")
        first.setToolTip(entry.error)
        # A red that reads on both the light and the dark theme; item colours are not styleable by QSS.
        first.setForeground(QColor(ERROR_RED) if entry.error else self.table.palette().text())
        status = cell(self.table, row, len(COLUMNS) - 1)
        status.setData(Qt.ItemDataRole.UserRole, "error" if entry.error else "ok")
        cell(self.table, row, 0).setToolTip(entry.path)
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
        self._refresh_controls()

    def _refresh_controls(self) -> None:
        idle = not self._importing
        has_entry = self.current_entry() is not None
        self.choose_button.setEnabled(idle)
        self.table.setEnabled(idle)
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
