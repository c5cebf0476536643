"""A card's attempts as a table: one row each, newest first, with what the analysis measured."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from flashdeck.collection.rehearsing import Attempt
from flashdeck.core.rehearsal import format_clock, zone_for
from flashdeck.ui.rehearse.text import GRADE_NAMES
from flashdeck.ui.widgets import cell

__all__ = ["COLUMNS", "AttemptTable"]

COLUMNS = ("#", "When", "Time", "wpm", "Covered", "Suggests", "Yours")
_ZONE_MARKS = {"before": "short", "in": "✓", "over": "long"}


def _row_texts(number: int, item: Attempt, analysing: bool) -> list[str]:
    when = datetime.fromtimestamp(item.started_ms / 1000).strftime("%d %b %H:%M")
    window = "" if item.target is None else " " + _ZONE_MARKS[zone_for(item.duration_s, item.target)]
    pending = "…" if analysing else ("" if item.audio_path is None else "–")
    return [
        str(number),
        when,
        format_clock(item.duration_s) + window,
        pending if item.wpm is None else f"{item.wpm:.0f}",
        pending if item.coverage is None else f"{item.coverage:.0%}",
        pending if item.suggested_grade is None else GRADE_NAMES[item.suggested_grade],
        "" if item.self_grade is None else GRADE_NAMES[item.self_grade],
    ]


class AttemptTable(QTableWidget):
    """``chosen(attempt_id)`` when the selection moves to an attempt."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("attemptTable")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._ids: list[int] = []
        self._numbers: dict[int, int] = {}
        self.itemSelectionChanged.connect(self._selection_changed)

    def set_attempts(self, attempts: Sequence[Attempt], analysing: Callable[[int], bool] = lambda _id: False) -> None:
        """Show ``attempts`` (oldest first, as stored) newest first, numbered from the oldest."""
        self.blockSignals(True)
        self._numbers = {item.id: number for number, item in enumerate(attempts, 1)}
        ordered = list(reversed(attempts))
        self._ids = [item.id for item in ordered]
        self.setRowCount(len(ordered))
        for row, item in enumerate(ordered):
            for column, text in enumerate(_row_texts(self._numbers[item.id], item, analysing(item.id))):
                cell_item = QTableWidgetItem(text)
                if column in (0, 2, 3, 4):
                    cell_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, cell_item)
        self.clearSelection()
        self.blockSignals(False)

    def choose(self, attempt_id: int | None) -> bool:
        """Select an attempt (emits ``chosen``); false when it is not listed."""
        if attempt_id is None or attempt_id not in self._ids:
            return False
        self.blockSignals(True)
        self.selectRow(self._ids.index(attempt_id))
        self.blockSignals(False)
        self.chosen.emit(attempt_id)  # also when already selected: the details refresh
        return True

    def number_of(self, attempt_id: int) -> int | None:
        return self._numbers.get(attempt_id)

    @property
    def attempt_ids(self) -> list[int]:
        """The listed attempts, top row first."""
        return list(self._ids)

    def row_texts(self, row: int) -> list[str]:
        return [cell(self, row, c).text() for c in range(self.columnCount())]

    def _selection_changed(self) -> None:
        rows = {index.row() for index in self.selectedIndexes()}
        if len(rows) == 1:
            self.chosen.emit(self._ids[rows.pop()])
