"""The import dialog's list of documents: one row per file or pasted text, with what importing it would do.

A document that cannot be read shows its message (file:line: what is wrong) across
the row, in red, where it cannot be missed; it is excluded from the import.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from flashdeck.ui.importing.worker import FileEntry
from flashdeck.ui.widgets import cell

__all__ = ["COLUMNS", "ERROR_RED", "FilesTable"]

COLUMNS = ("File", "Format", "Deck", "Add", "Update", "Same", "Missing", "Warnings", "Blanks", "Status")
ERROR_RED = "#d0574f"  # reads on both the light and the dark theme; item colours are not styleable by QSS


class FilesTable(QTableWidget):
    """One row per document, in the order they were added."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("importTable")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumHeight(90)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # File and deck names can be long; they share what room is left (tooltips have them in full).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Sized by hand: a spanned error message would otherwise make the column as wide as itself.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 120)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def add_row(self, entry: FileEntry) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column in range(len(COLUMNS)):
            self.setItem(row, column, QTableWidgetItem())
        self.show_row(row, entry)

    def show_row(self, row: int, entry: FileEntry) -> None:
        report = entry.report
        numbers = ("", "", "", "", "", "") if report is None else (
            report.added, report.updated, report.unchanged, len(report.missing), len(report.warnings),
            sum(report.blanks.values()))
        deck = entry.deck or (report.deck if report else "")
        fmt = entry.detected + (" (forced)" if entry.forced_format else "")
        values = (entry.name, fmt, deck, *numbers, entry.status)
        for column, value in enumerate(values):
            item = cell(self, row, column)
            item.setText(str(value))
            if column >= 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cell(self, row, 2).setToolTip(deck)
        error_span = len(COLUMNS) - 1 if entry.error else 1
        if self.columnSpan(row, 1) != error_span:
            self.setSpan(row, 1, 1, error_span)
        first = cell(self, row, 1)
        if entry.error:
            first.setText(f"Excluded: {entry.error}")
        first.setToolTip(entry.error)
        first.setForeground(QColor(ERROR_RED) if entry.error else self.palette().text())
        status = cell(self, row, len(COLUMNS) - 1)
        status.setData(Qt.ItemDataRole.UserRole, "error" if entry.error else "ok")
        cell(self, row, 0).setToolTip(entry.path if entry.data is None else "Pasted from the clipboard")
