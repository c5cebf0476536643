"""The wheel scrolls the page, not the field under the pointer: value widgets take it only with focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.widgets.wheel_guard import install_wheel_guard

pytestmark = pytest.mark.gui


def wheel(widget: QWidget, notches: int = -1) -> None:
    """A real wheel event over the middle of ``widget`` (negative: towards the user, i.e. scroll down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def form(qtbot: QtBot) -> tuple[QScrollArea, QSpinBox, QComboBox, QDateEdit, QSlider]:
    install_wheel_guard()
    body = QWidget()
    column = QVBoxLayout(body)
    spin, combo, date, slider = QSpinBox(), QComboBox(), QDateEdit(), QSlider(Qt.Orientation.Horizontal)
    spin.setRange(0, 100)
    spin.setValue(50)
    combo.addItems(["one", "two", "three"])
    combo.setCurrentIndex(1)
    slider.setRange(0, 100)
    slider.setValue(50)
    for widget in (spin, combo, date, slider):
        column.addWidget(widget)
        column.addSpacing(400)  # a long page: there is something to scroll
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.resize(300, 300)
    qtbot.addWidget(scroll)
    with qtbot.waitExposed(scroll):
        scroll.show()
    return scroll, spin, combo, date, slider


def test_an_unfocused_field_keeps_its_value_and_the_page_scrolls(
        form: tuple[QScrollArea, QSpinBox, QComboBox, QDateEdit, QSlider]) -> None:
    scroll, spin, combo, date, slider = form
    scroll.setFocus()
    bar = scroll.verticalScrollBar()
    start_date = date.date()
    for widget in (spin, combo, date, slider):
        before = bar.value()
        wheel(widget)
        assert bar.value() > before, f"the page did not scroll over {type(widget).__name__}"
    assert (spin.value(), combo.currentIndex(), date.date(), slider.value()) == (50, 1, start_date, 50)


def test_a_focused_field_still_takes_the_wheel(form: tuple[QScrollArea, QSpinBox, QComboBox, QDateEdit, QSlider],
                                               qtbot: QtBot) -> None:
    scroll, spin, combo, _date, _slider = form
    for widget in (spin, combo):
        scroll.ensureWidgetVisible(widget)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, notches=1)
    assert spin.value() == 51
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, notches=-1)
    assert combo.currentIndex() == 2


def test_scrolling_settings_leaves_the_interview_date_alone(qtbot: QtBot, col: Collection) -> None:
    from flashdeck.ui.dialogs.settings import SettingsDialog

    install_wheel_guard()
    dialog = SettingsDialog(col, AppEvents())
    qtbot.addWidget(dialog)
    dialog.resize(760, 400)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.has_interview.setChecked(True)
    dialog.learning_steps.setFocus()  # typing in a text field; the pointer rests on other fields
    scroll = dialog.findChild(QScrollArea, "settingsScroll")
    assert scroll is not None
    scroll.ensureWidgetVisible(dialog.interview_date)
    chosen = dialog.interview_date.date()
    retention = dialog.retention.value()
    before = scroll.verticalScrollBar().value()
    wheel(dialog.interview_date)
    assert dialog.interview_date.date() == chosen and scroll.verticalScrollBar().value() > before
    scroll.ensureWidgetVisible(dialog.retention)
    wheel(dialog.retention, notches=1)
    wheel(dialog.retention, notches=-1)
    assert dialog.retention.value() == retention
