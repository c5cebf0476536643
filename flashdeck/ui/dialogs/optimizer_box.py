"""Settings → "Your memory model": fit personal FSRS parameters, see the retention trade-off.

Fitting and simulating take milliseconds (fsrs-rs), so both run in the GUI
thread. A kept fit is written at once (it is an action of its own, like
Anki's "Optimize" button); the dialog's Save then carries it along.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op

__all__ = ["OptimizerBox", "describe_result"]


def describe_result(result: dict[str, Any]) -> str:
    """One or two lines about an optimisation (``OptimizeResult.to_dict()``)."""
    if result["status"] == "not_enough_reviews":
        return result["message"]
    before, after = result["before"], result["after"]
    return (f"{result['message']}\nLog loss {before['log_loss']:.4f} → {after['log_loss']:.4f}, "
            f"RMSE {before['rmse']:.4f} → {after['rmse']:.4f} (from {result['reviews']} reviews).")


class OptimizerBox(QGroupBox):
    """The optimise button, its verdict, and the desired-retention trade-off table."""

    optimized = Signal(bool)  # whether new parameters were kept

    def __init__(self, col: Collection, parent: QWidget | None = None, *, events: AppEvents | None = None) -> None:
        super().__init__("Your memory model (FSRS parameters)", parent)
        self.col = col
        self.events = events or AppEvents(self)  # a kept fit is told to the screens (their intervals follow it)
        self.button = QPushButton("&Optimize parameters")
        self.button.setObjectName("optimizeButton")
        self.button.setAutoDefault(False)
        self.button.setToolTip("Fit the scheduler to your own review history; kept only if it predicts it better")
        self.button.clicked.connect(self.optimize)
        self.result = QLabel()
        self.result.setObjectName("optimizeResult")
        self.result.setWordWrap(True)
        self.result.setProperty("role", "muted")
        last = col.get_config("optimizer_last")
        self.result.setText(f"Last optimized {last['study_day']}. " + describe_result(last) if last
                            else "Using the default parameters. Optimize once you have a few hundred reviews.")
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.result, 1)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("tradeoffTable")
        self.table.setHorizontalHeaderLabels(["Desired retention", "Reviews a day", "Minutes a day",
                                              "Known after a year"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        note = QLabel("Simulated for a deck of your size learnt at your daily new-card limits: a higher "
                      "retention means more reviews for each card you keep.")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(note)
        self.show_tradeoff()

    def optimize(self) -> bool:
        """Fit now; returns whether the new parameters were kept."""
        done = run_op(self.events, self.col.optimize, initiator=self)
        if done.value is None:
            return False  # the window shows why
        result = done.value.to_dict()
        self.result.setText(describe_result(result))
        if result["kept"]:
            self.show_tradeoff()  # the load follows the parameters
        self.optimized.emit(bool(result["kept"]))
        return bool(result["kept"])

    def show_tradeoff(self) -> None:
        rows = self.col.retention_tradeoff()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (f"{row.retention:.0%}", f"{row.reviews_per_day:.0f}", f"{row.minutes_per_day:.0f}",
                      f"{row.memorized:.0f}")
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, column, item)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + sum(self.table.rowHeight(r) for r in range(len(rows))) + 4)
