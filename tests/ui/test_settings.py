"""The settings dialog: every preference reaches the database; invalid input saves nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import basic_notes
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS
from flashdeck.core.scheduling import SchedulerSettings
from flashdeck.ui.dialogs.settings import SettingsDialog, data_location, format_steps, parse_steps, spoken_kinds
from flashdeck.ui.events import AppEvents
from flashdeck.ui.theme import resolve_theme

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _plain_style() -> Iterator[None]:
    """Trying a theme styles the whole application; later tests must not inherit it."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyleSheet("")


def _dialog(qtbot: QtBot, col: Collection) -> tuple[SettingsDialog, AppEvents]:
    events = AppEvents()
    dialog = SettingsDialog(col, events)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog, events


def _retype(qtbot: QtBot, widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def _target_row(dialog: SettingsDialog, kind: str) -> int:
    return spoken_kinds().index(kind)


def test_shows_the_current_settings(qtbot: QtBot, col: Collection) -> None:
    dialog, _events = _dialog(qtbot, col)
    assert dialog.retention.value() == pytest.approx(0.9)
    assert dialog.learning_steps.text() == "1m 10m"
    assert dialog.relearning_steps.text() == "10m"
    assert dialog.day_start.value() == 4
    assert not dialog.has_interview.isChecked() and not dialog.interview_date.isEnabled()
    assert dialog.theme.currentData() == "system"
    assert dialog.data_path.text() == str(col.store.url).split("///", 1)[1]
    assert dialog.data_path.isReadOnly()
    qtbot.mouseClick(dialog.copy_path, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.data_path.text()
    assert [dialog.targets.item(r, 0).text() for r in range(dialog.targets.rowCount())] == [
        KINDS[k].label for k in spoken_kinds()]


def test_saves_every_setting(qtbot: QtBot, col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="Basics")
    col.add_notes(basic_notes(1, "P"), deck="Pitches")
    dialog, events = _dialog(qtbot, col)
    _retype(qtbot, dialog.retention.lineEdit(), "0.85")
    _retype(qtbot, dialog.learning_steps, "30s 5m 1h")
    _retype(qtbot, dialog.relearning_steps, "15m")
    _retype(qtbot, dialog.max_interval.lineEdit(), "365")
    _retype(qtbot, dialog.day_start.lineEdit(), "6")
    # Limits for two decks in one save: the first deck's edits survive switching decks.
    dialog.limits_deck.setCurrentText("Basics")
    _retype(qtbot, dialog.new_per_day.lineEdit(), "5")
    _retype(qtbot, dialog.reviews_per_day.lineEdit(), "50")
    dialog.limits_deck.setCurrentText("Pitches")
    _retype(qtbot, dialog.new_per_day.lineEdit(), "7")
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # the checkbox's mnemonic
    qtbot.waitUntil(dialog.has_interview.isChecked)  # a mnemonic "animates" the click first
    assert dialog.interview_date.isEnabled()
    dialog.interview_date.setDate(QDate(2026, 12, 3))
    dialog.targets.item(_target_row(dialog, "story"), 2).setText("2:30-3:30")
    dialog.targets.item(_target_row(dialog, "pitch"), 2).setText("25-35")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert QApplication.instance().property("flashdeckTheme") == "dark"  # tried on at once

    changes: list[Changes] = []
    events.changed.connect(lambda what, _initiator: changes.append(what))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert changes == [Changes(config=True, decks=True)]  # every write of the save, in one broadcast
    stored = SchedulerSettings.from_dict(col.get_config("scheduler"))
    assert stored.desired_retention == pytest.approx(0.85)
    assert stored.learning_steps_min == (0.5, 5.0, 60.0)
    assert stored.relearning_steps_min == (15.0,)
    assert stored.maximum_interval == 365
    assert col.scheduler.settings.desired_retention == pytest.approx(0.85)
    assert col.day_start_hour == 6 and col.get_config("day_start_hour") == 6
    assert col.deck_limits("Basics") == (5, 50)
    assert col.deck_limits("Pitches") == (7, 200)
    assert col.get_config("interview_date") == "2026-12-03"
    assert col.get_config("kind_targets") == {"story": [150, 210], "pitch": [25, 35]}
    assert col.get_config("theme") == "dark"

    # Reopened, the dialog shows what was saved; clearing the date stores null.
    dialog, _events = _dialog(qtbot, col)
    assert dialog.learning_steps.text() == "30s 5m 1h"
    assert dialog.targets.item(_target_row(dialog, "story"), 2).text() == "2:30-3:30"
    assert dialog.interview_date.date() == QDate(2026, 12, 3)
    dialog.has_interview.setChecked(False)
    assert dialog.save()
    assert col.get_config("interview_date") is None


@pytest.mark.parametrize(("field", "text", "message"), [
    ("learning", "1m ten", "Learning steps: not a step: 'ten'"),
    ("relearning", "-5m", "Relearning steps: not a step"),
    ("target", "3:00-2:00", "Story target: time window ends before it starts"),
    ("target", "about two minutes", "Story target: not a time window"),
])
def test_invalid_input_is_shown_and_nothing_is_saved(qtbot: QtBot, col: Collection, field: str, text: str,
                                                    message: str) -> None:
    col.add_notes(basic_notes(1), deck="Basics")
    dialog, events = _dialog(qtbot, col)
    _retype(qtbot, dialog.retention.lineEdit(), "0.80")
    _retype(qtbot, dialog.day_start.lineEdit(), "2")
    _retype(qtbot, dialog.new_per_day.lineEdit(), "3")
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    if field == "learning":
        _retype(qtbot, dialog.learning_steps, text)
    elif field == "relearning":
        _retype(qtbot, dialog.relearning_steps, text)
    else:
        dialog.targets.item(_target_row(dialog, "story"), 2).setText(text)
    changes: list[Changes] = []
    events.changed.connect(lambda what, _initiator: changes.append(what))
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "Nothing was saved" in dialog.error_label.text() and message in dialog.error_label.text()
    assert changes == []
    assert col.get_config("scheduler") in (None, {})
    assert col.get_config("day_start_hour") is None and col.day_start_hour == 4
    assert col.deck_limits("Basics") == (20, 200)
    assert col.get_config("theme") is None and col.get_config("kind_targets") is None
    # Esc closes without saving and puts the tried-on theme back.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert QApplication.instance().property("flashdeckTheme") == resolve_theme("system")


def test_steps_round_trip() -> None:
    assert parse_steps("1m 10m") == (1.0, 10.0)
    assert parse_steps("30s, 2h 1d 5") == (0.5, 120.0, 1440.0, 5.0)
    assert parse_steps("") == ()
    assert format_steps((0.5, 1.0, 90.0, 1440.0)) == "30s 1m 90m 1d"
    assert parse_steps(format_steps((0.5, 1.0, 90.0, 1440.0))) == (0.5, 1.0, 90.0, 1440.0)
    with pytest.raises(ValueError, match="not a step"):
        parse_steps("0m")


def test_data_location() -> None:
    assert data_location("sqlite:////home/me/collection.db") == "/home/me/collection.db"
    assert data_location("sqlite://") == "(in memory)"
    url = "postgresql+psycopg://me:secret@db.example/flash"
    assert data_location(url) == "postgresql+psycopg://me:***@db.example/flash"
