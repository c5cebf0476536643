"""The Stats screen shows the collection's own figures; Home shows the interview plan; Settings optimizes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import basic_notes
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from stats_history import SimulatedUser

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.ui.home import plan_text
from flashdeck.ui.main_window import MainWindow

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
    heat = figures["heatmap"]
    assert screen.heatmap.counts == {date.fromisoformat(d["date"]): d["reviews"] for d in heat["days"]}
    assert sum(screen.heatmap.counts.values()) == heat["total_reviews"] == col.stats()["reviews"]
    assert screen.forecast_chart.values == figures["forecast"]["days"][:30]
    assert screen.tiles["next_30"].text() == str(figures["forecast"]["next_30"])
    retention = figures["retention"]["30d"]
    cell = screen.retention.item(0, 1)
    assert cell is not None and cell.text() == f"{round(retention['rate'] * 100)}% ({retention['reviews']})"
    states = figures["states"]
    assert screen.states.counts == (states["new"], states["learning"], states["review"], states["suspended"])
    assert "No spoken rehearsal" in screen.rehearsal_summary.text()
    assert not screen.attempts_chart.isVisible()


def test_deck_filter_and_ninety_day_forecast(window: MainWindow, qtbot: QtBot, col: Collection) -> None:
    window.show_stats()
    screen = window.stats_screen()
    screen.deck.setCurrentIndex(screen.deck.findData("Other"))
    other = col.stats_full("Other")
    assert screen.figures["deck"] == "Other"
    assert screen.states.counts[2] == other["states"]["review"] < col.stats_full()["states"]["review"]
    screen.forecast_span.setCurrentIndex(1)
    assert screen.forecast_chart.values == other["forecast"]["days"][:90]
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
    col.set_interview_date(col.today().date + timedelta(days=12))
    window.events.changed.emit("settings")
    plan = col.study_plan()
    assert window.home.plan.isVisible() and window.home.plan.text() == plan_text(plan)
    assert f"over {plan['days_left']} days" in window.home.plan.text()
    assert "final review" in window.home.plan.text()


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
