"""The beats of one attempt: each beat's time and share, and what the coaching rules flag."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.core.rehearsal import Lap, LapFlag, format_clock, shares
from flashdeck.ui.widgets import cell, named

__all__ = ["LapPanel"]


class LapPanel(QWidget):
    """A small table (beat · time · share) and the flags under it; flagged beats are marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = named(QTableWidget(0, 3, self), "lapTable")
        self.table.setHorizontalHeaderLabels(["Beat", "Time", "Share"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.flags = named(QLabel("", self), "lapFlags")
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.flags)

    def show_laps(self, laps: Sequence[Lap], flags: Sequence[LapFlag] | None = None) -> None:
        """Fill the table; ``flags`` (after an attempt) are listed, and their beats marked with ⚠."""
        flagged = {f.beat for f in flags or ()}
        self.table.setRowCount(len(laps))
        for row, (lap, share) in enumerate(zip(laps, shares(laps), strict=True)):
            beat = f"⚠ {lap.beat}" if lap.beat in flagged else lap.beat
            for column, text in enumerate((beat, format_clock(lap.duration_s), f"{share:.0%}")):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if flags is None:
            self.flags.setText("")
        elif not flags:
            self.flags.setText('<span style="color:#3f9d62">✓ The beats are well balanced.</span>' if laps else "")
        else:
            self.flags.setText("<br>".join(f"⚠ {f.message}" for f in flags))

    def lap_texts(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests)."""
        return [tuple(cell(self.table, row, c).text() for c in range(3)) for row in range(self.table.rowCount())]
