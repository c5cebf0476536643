"""The Stats screen shows the collection's own figures; Home shows the interview plan; Settings optimizes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers import basic_notes
from PySide6.QtCharts import QBarSeries, QCategoryAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot
from stats_history import SimulatedUser

from flashdeck.collection import Collection, rehearsing
from flashdeck.core.clock import ManualClock
from flashdeck.core.stats_text import SECTIONS
from flashdeck.ui.events import AppEvents
from flashdeck.ui.home import plan_text
from flashdeck.ui.main_window import MainWindow
from flashdeck.ui.ops import broadcast
from flashdeck.ui.stats.screen import StatsScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot, col: Collection, clock: ManualClock) -> MainWindow:
    col.add_notes(basic_notes(60), deck="Prep")
    col.add_notes(basic_notes(10, prefix="other"), deck="Other")
    SimulatedUser(col, clock, seed=2).study_days(20)
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_t_opens_stats_with_the_collections_figures(window: MainWindow, qtbot: QtBot, col: Collection) -> None:
    qtbot.keyClick(window.home.tree, Qt.Key.Key_T)
    screen = window.stats_screen()
    assert window.current_screen() is screen
    figures = col.stats_full()
    heat = figures.heatmap
    assert screen.heatmap.counts == {day.date: day.reviews for day in heat.days}
    assert sum(screen.heatmap.counts.values()) == heat.total_reviews == col.stats().reviews
    assert screen.forecast_chart.values == list(figures.forecast.days[:30])
    assert screen.tiles["next_30"].text() == str(figures.forecast.next_30)
    retention = figures.retention.period(30).total
    assert retention.rate is not None
    cell = screen.retention.item(0, 1)
    assert cell is not None and cell.text() == f"{round(retention.rate * 100)}% ({retention.reviews})"
    states = figures.states
    assert screen.states.counts == (states.new, states.learning, states.review, states.suspended)
    assert "No spoken rehearsal" in screen.rehearsal_summary.text()
    assert not screen.attempts_chart.isVisible()


def test_deck_filter_and_ninety_day_forecast(window: MainWindow, qtbot: QtBot, col: Collection) -> None:
    window.show_stats()
    screen = window.stats_screen()
    screen.deck.setCurrentIndex(screen.deck.findData("Other"))
    other = col.stats_full("Other")
    assert screen.figures is not None and screen.figures.deck == "Other"
    assert screen.states.counts[2] == other.states.review < col.stats_full().states.review
    screen.forecast_span.setCurrentIndex(1)
    assert screen.forecast_chart.values == list(other.forecast.days[:90])
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert window.current_screen() is window.home


def test_a_past_year_in_the_heatmap(window: MainWindow, col: Collection) -> None:
    window.show_stats()
    screen = window.stats_screen()
    year = col.today().date.year
    assert screen.year.findData(year) >= 0
    screen.year.setCurrentIndex(screen.year.findData(year))
    assert screen.heatmap.start == date(year, 1, 1) and screen.heatmap.end == date(year, 12, 31)
    assert "Stats" in dict(window.help_sections())  # its keys are in the help overlay


def test_home_shows_what_is_left_per_day(window: MainWindow, col: Collection) -> None:
    assert not window.home.plan.isVisible()
    broadcast(window.events, col.set_interview_date(col.today().date + timedelta(days=12)).changes, None)
    plan = col.study_plan()
    assert window.home.plan.isVisible() and window.home.plan.text() == plan_text(plan)
    text = window.home.plan.text()
    assert f"over {plan.days_left} days" in text and "final review" in text
    # Today's figure is the plan's (the queue's), not a sum of deck limits.
    today = plan.days[0]
    assert text.startswith(f"Today: {today.reviews} review")
    assert f" + {today.new} new · " in text and today.new == col.due_counts().new
    assert "every card comes back" in text


def test_settings_optimize_and_tradeoff(window: MainWindow, qtbot: QtBot, col: Collection) -> None:
    from flashdeck.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(col, window.events, parent=window)
    qtbot.addWidget(dialog)
    box = dialog.optimizer
    assert box.table.rowCount() == 4
    loads = [float(box.table.item(r, 1).text()) for r in range(4)]  # type: ignore[union-attr]
    assert loads == sorted(loads)
    kept = box.optimize()
    assert not kept and "more reviews needed" in box.result.text()
    # Saving the dialog afterwards keeps the parameters in use.
    before = col.scheduler.settings.parameters
    assert dialog.save()
    assert col.scheduler.settings.parameters == before


def _bars(chart: Any) -> list[float]:
    (series,) = [s for s in chart.chart().series() if isinstance(s, QBarSeries)]
    (bars,) = series.barSets()
    return [bars.at(i) for i in range(bars.count())]


def test_history_charts_put_today_at_the_right_with_whole_number_ticks(qtbot: QtBot, col: Collection,
                                                                      clock: ManualClock) -> None:
    """The issue's charts: today was at the left, labelled "28 days ago"; the axis read 0, 0, 1, 1."""
    col.add_notes(basic_notes(3), deck="Prep")
    card = col.next_card()
    assert card is not None
    now_ms = int(clock.now().timestamp() * 1000)
    week_ago = now_ms - 7 * 86_400_000
    rehearsing.record_attempt(col, card.id, duration_ms=90_000, started_ms=week_ago)
    rehearsing.record_attempt(col, card.id, duration_ms=95_000, started_ms=week_ago + 600_000)
    rehearsing.record_attempt(col, card.id, duration_ms=100_000, started_ms=now_ms - 200_000)
    col.answer(card.id, 3, duration_ms=150_000)  # 2.5 minutes studied today
    screen = StatsScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.resize(1024, 640)
    screen.show()
    qtbot.waitExposed(screen)
    attempts, minutes = screen.attempts_chart, screen.time_chart
    # Values oldest first: today is the last bar, drawn at the right, and labelled "today".
    assert attempts.values[-1] == 1 and attempts.values[-8] == 2 and sum(attempts.values) == 3
    assert _bars(attempts) == [float(v) for v in attempts.values]
    assert attempts.x_labels == [(1.0, "28"), (8.0, "21"), (15.0, "14"), (22.0, "7"), (29.0, "today")]
    axis = attempts.chart().axes(Qt.Orientation.Horizontal)
    shown = [a for a in axis if isinstance(a, QCategoryAxis)]
    assert shown and shown[0].categoriesLabels() == ["28", "21", "14", "7", "today"]
    assert shown[0].endValue("today") == 29.0
    assert attempts.y_labels == ["0", "1", "2"]  # whole numbers, none twice
    assert minutes.values[-1] == 2.5 and _bars(minutes)[-1] == 2.5
    assert len(set(minutes.y_labels)) == len(minutes.y_labels)
    assert screen.rehearsal_summary.text().startswith("3 attempts · ")
    assert screen.heatmap_caption.text() == "1 review on 1 day · busiest day 1"
    assert screen.tiles["caption_studied"].text() == "day studied, last 12 months"
    # The panels are the sections `flashdeck stats` prints, in the same order.
    headings = [label.text() for label in screen.findChildren(QLabel) if label.text() in SECTIONS]
    assert headings == list(SECTIONS[1:])
    # At 1024×640 the screen scrolls only up and down.
    scroll = screen.findChild(QScrollArea, "statsScroll")
    assert scroll is not None and not scroll.horizontalScrollBar().isVisible()


def test_one_attempt_is_said_in_the_singular(qtbot: QtBot, col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="Prep")
    card = col.next_card()
    assert card is not None
    rehearsing.record_attempt(col, card.id, duration_ms=60_000, target=(50, 70))
    screen = StatsScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.rehearsal_summary.text() == "1 attempt · 100% inside its target window · " \
                                              "average 1.0 min against a 1.0 min target"
    assert screen.attempts_chart.y_labels == ["0", "1"]
