"""Stats: how much you studied, what is coming, how well you remember, how your rehearsal goes.

Every figure comes from ``Collection.stats_full`` (the same numbers as
``flashdeck stats --json``); this screen only lays them out. It refreshes when
shown and whenever the collection changes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.collection.stats_results import FullStats, PassRate, RecentRehearsal, Retention
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS
from flashdeck.core.stats_text import SECTIONS, heatmap_caption, percent, rehearsal_summary, tiles
from flashdeck.ui.events import AppEvents
from flashdeck.ui.stats.charts import BarChart, HeatmapWidget, StatesBar

__all__ = ["StatsScreen"]

WIDE = 1000  # below this width the panels stack in one column


def _last_days(today: date, by_day: dict[date, Any], missing: Any, days: int = 30) -> list[Any]:
    """The last ``days`` study days' values, oldest first, ``missing`` where there is none."""
    return [by_day.get(today - timedelta(days=back), missing) for back in range(days - 1, -1, -1)]


def _panel(title: str, *widgets: QWidget | QHBoxLayout, corner: QWidget | None = None) -> QFrame:
    """A card with a heading (and ``corner`` at its right), then ``widgets`` from the top down."""
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600;")
    row = QHBoxLayout()
    row.addWidget(heading, 1)
    if corner is not None:
        row.addWidget(corner)
    layout.addLayout(row)
    for widget in widgets:
        if isinstance(widget, QHBoxLayout):
            layout.addLayout(widget)
        else:
            layout.addWidget(widget)
    layout.addStretch(1)  # a panel beside a taller one keeps its content at the top
    return frame


class StatsScreen(QWidget):
    """Charts and figures for one deck or all; ``Esc`` goes back home."""

    home_requested = Signal()
    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("D", "Choose the deck"),
        ("Y", "Choose the heatmap's year"),
        ("F", "Forecast: next 30 or 90 days"),
        ("Esc", "Back to Home"),
    ]

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col, self.events = col, events
        self.setObjectName("statsScreen")
        self.figures: FullStats | None = None  # None until first shown
        self._columns = 0
        self._build()
        for key, slot in (("D", self.deck.showPopup), ("Y", self.year.showPopup),
                          ("F", self.forecast_span.showPopup), ("Escape", self.home_requested.emit)):
            QShortcut(QKeySequence(key), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        events.changed.connect(self._changed)

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel("Statistics")
        title.setProperty("role", "title")
        self.deck = QComboBox()
        self.deck.setObjectName("statsDeck")
        self.deck.setMinimumWidth(220)
        self.deck.currentIndexChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        deck_label = QLabel("Deck:")
        deck_label.setProperty("role", "muted")
        top.addWidget(deck_label)
        top.addWidget(self.deck)

        self.tiles: dict[str, QLabel] = {}
        tiles = QHBoxLayout()
        for key in ("due_tomorrow", "next_30", "retention_30", "studied"):
            value = QLabel("—")
            value.setObjectName(f"tile_{key}")
            value.setStyleSheet("font-size: 22px; font-weight: 600;")
            caption = QLabel()
            caption.setWordWrap(True)
            caption.setProperty("role", "muted")
            caption.setObjectName(f"caption_{key}")
            frame = QFrame()
            frame.setProperty("role", "card")
            box = QVBoxLayout(frame)
            box.setContentsMargins(14, 8, 14, 8)
            box.addWidget(value)
            box.addWidget(caption)
            tiles.addWidget(frame, 1)
            self.tiles[key] = value
            self.tiles["caption_" + key] = caption

        self.heatmap = HeatmapWidget()
        self.year = QComboBox()
        self.year.setObjectName("statsYear")
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.heatmap_caption = QLabel()
        self.heatmap_caption.setProperty("role", "muted")
        self.heatmap_panel = _panel(SECTIONS[1], self.heatmap, self.heatmap_caption, corner=self.year)

        self.forecast_chart = BarChart("Due per day")
        self.forecast_chart.setObjectName("forecastChart")
        self.forecast_span = QComboBox()
        self.forecast_span.setObjectName("forecastSpan")
        self.forecast_span.addItem("Next 30 days", 30)
        self.forecast_span.addItem("Next 90 days", 90)
        self.forecast_span.currentIndexChanged.connect(lambda _i: self._show_forecast())
        self.forecast_panel = _panel(SECTIONS[2], self.forecast_chart, corner=self.forecast_span)

        self.states = StatesBar()
        self.retention = QTableWidget(0, 3)
        self.retention.setObjectName("retentionTable")
        # Short headers: at 1024 pixels wide "Last 30 days" was cut to "ast 30 days" (the note says "last").
        self.retention.setHorizontalHeaderLabels(["7 days", "30 days", "365 days"])
        self.retention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.retention.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.retention.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.retention.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.retention.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        retention_note = QLabel("True retention over the last 7, 30 and 365 days: reviews of learnt cards not "
                                "answered Again (reviews in brackets).")
        retention_note.setWordWrap(True)
        retention_note.setProperty("role", "muted")
        self.memory_panel = _panel(SECTIONS[3], self.states, self.retention, retention_note)

        self.time_chart = BarChart("Minutes studied per day (last 30 days)")
        self.time_chart.setObjectName("timeChart")
        self.time_panel = _panel(SECTIONS[4], self.time_chart)

        self.rehearsal_summary = QLabel()
        self.rehearsal_summary.setObjectName("rehearsalSummary")
        self.rehearsal_summary.setWordWrap(True)
        self.attempts_chart = BarChart("Attempts per day (last 30 days)")
        self.attempts_chart.setObjectName("attemptsChart")
        self.pace_chart = BarChart("Pace: words per minute")
        self.pace_chart.setObjectName("paceChart")
        self.rehearsal_panel = _panel(SECTIONS[5], self.rehearsal_summary, self.attempts_chart,
                                      self.pace_chart)

        body = QWidget()
        body.setObjectName("statsBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.body_layout.setSpacing(12)
        self.body_layout.addLayout(tiles)
        self.body_layout.addWidget(self.heatmap_panel)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.body_layout.addLayout(self.grid)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("statsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._arrange(2)

    def _arrange(self, columns: int) -> None:
        """Two columns of panels in a wide window, one in a narrow one."""
        if columns == self._columns:
            return
        self._columns = columns
        panels = (self.forecast_panel, self.memory_panel, self.time_panel, self.rehearsal_panel)
        for panel in panels:
            self.grid.removeWidget(panel)
        for index, panel in enumerate(panels):
            if columns == 2:
                self.grid.addWidget(panel, index // 2, index % 2)
            else:
                self.grid.addWidget(panel, index, 0)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(2 if event.size().width() >= WIDE else 1)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _changed(self, _changes: Changes, _initiator: object) -> None:
        # Every change moves a figure here (reviews, card states, attempts, decks, the interview plan).
        if self.isVisible():
            self.refresh()

    # -- filling in ------------------------------------------------------------------------

    def selected_deck(self) -> str | None:
        data = self.deck.currentData()
        return None if data is None else str(data)

    def selected_year(self) -> int | None:
        data = self.year.currentData()
        return None if data is None else int(data)

    def _sync_choices(self) -> None:
        """Keep the deck and year lists current without losing the selection."""
        for combo, items in ((self.deck, [("All decks", None)] + [(n, n) for n in self.col.deck_names()]),
                             (self.year, [("Last 12 months", None)])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)

    def refresh(self) -> None:
        deck, year = self.selected_deck(), self.selected_year()
        self._sync_choices()
        if deck is not None and self.deck.findData(deck) < 0:
            deck = None  # the deck was deleted or renamed
        figures = self.figures = self.col.stats_full(deck, year=year)
        heat = figures.heatmap
        self.year.blockSignals(True)
        for value in reversed(heat.years):
            self.year.addItem(str(value), value)
        self.year.setCurrentIndex(max(0, self.year.findData(year)) if year is not None else 0)
        self.year.blockSignals(False)
        self._show_tiles(figures)
        self.heatmap.set_data(heat.start, heat.end, {day.date: day.reviews for day in heat.days})
        self.heatmap_caption.setText(heatmap_caption(heat))
        self._show_forecast()
        states = figures.states
        self.states.set_counts(states.new, states.learning, states.review, states.suspended)
        self._show_retention(figures.retention)
        self.time_chart.set_data([round(day.time_ms / 60000, 1) for day in figures.time], x_title="days ago",
                                 days_ago=True, whole=False)
        self._show_rehearsal(figures.rehearsal, figures.study_day)

    def _show_tiles(self, figures: FullStats) -> None:
        keys = ("due_tomorrow", "next_30", "retention_30", "studied")
        for key, (value, caption) in zip(keys, tiles(figures, self.year.currentText().lower()), strict=True):
            self.tiles[key].setText(value)
            self.tiles["caption_" + key].setText(caption)

    def _show_forecast(self) -> None:
        if self.figures is None:
            return
        span = int(self.forecast_span.currentData())
        self.forecast_chart.set_data(self.figures.forecast.days[:span],
                                     x_title="days from today (0 = today, with overdue)")

    def _show_retention(self, retention: Retention) -> None:
        periods = retention.periods
        kinds = sorted({kind for period in periods for kind in period.by_kind})
        rows = [("All cards", [period.total for period in periods])]
        for kind in kinds:
            label = KINDS[kind].label if kind in KINDS else kind
            rows.append((label, [period.by_kind.get(kind, PassRate(0, 0)) for period in periods]))
        self.retention.setRowCount(len(rows))
        self.retention.setVerticalHeaderLabels([label for label, _ in rows])
        for row, (_label, cells) in enumerate(rows):
            for column, cell in enumerate(cells):
                text = f"{percent(cell.rate)} ({cell.reviews})" if cell.reviews else "—"
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.retention.setItem(row, column, item)
        # Tall enough for every row: the screen scrolls, the table inside it should not.
        header = self.retention.horizontalHeader().sizeHint().height()
        self.retention.setFixedHeight(header + sum(self.retention.rowHeight(r) for r in range(len(rows))) + 4)

    def _show_rehearsal(self, figures: RecentRehearsal, today: date) -> None:
        if not figures.attempts:
            self.rehearsal_summary.setText(rehearsal_summary(figures) + " Rehearse a spoken card out loud and "
                                           "your attempts will be charted here.")
            self.attempts_chart.hide()
            self.pace_chart.hide()
            return
        self.rehearsal_summary.setText(rehearsal_summary(figures))
        self.attempts_chart.show()
        self.attempts_chart.set_data(_last_days(today, {day.date: day.attempts for day in figures.per_day}, 0),
                                     x_title="days ago", days_ago=True)
        pace = {day.date: day.wpm for day in figures.pace}
        self.pace_chart.setVisible(bool(pace))
        if pace:
            self.pace_chart.set_data(_last_days(today, pace, None), x_title="days ago", days_ago=True, line=True)
