"""The level meter: its decibel scale, what it paints for a level, the theme's colours, the falling peak mark."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from flashdeck.ui.rehearse.level_meter import HOT_FRACTION, LevelMeter, meter_fraction
from flashdeck.ui.theme import resources_dir

pytestmark = pytest.mark.gui

WIDTH = 300


@pytest.fixture
def meter(qtbot: QtBot) -> LevelMeter:
    widget = LevelMeter()
    qtbot.addWidget(widget)
    widget.resize(WIDTH, 10)
    return widget


def middle_row(meter: LevelMeter) -> list[QColor]:
    image = meter.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    y = image.height() // 2
    return [image.pixelColor(x, y) for x in range(image.width())]


def close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 12


def count(row: list[QColor], colour: QColor) -> int:
    return sum(close(pixel, colour) for pixel in row)


def test_decibel_scale() -> None:
    assert meter_fraction(1.0) == 1.0 and meter_fraction(2.0) == 1.0
    assert meter_fraction(0.1) == pytest.approx(2 / 3)  # -20 dB
    assert meter_fraction(0.001) == 0.0 and meter_fraction(0.0) == 0.0 and meter_fraction(-1.0) == 0.0
    assert meter_fraction(math.nan) == 0.0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_paints_the_level_in_the_theme_colours(meter: LevelMeter, theme: str) -> None:
    meter.setStyleSheet((resources_dir() / f"{theme}.qss").read_text(encoding="utf-8"))
    meter.ensurePolished()
    bar, groove = QColor(meter.barColor), QColor(meter.grooveColor)
    assert bar.name() == {"light": "#3f9d62", "dark": "#6cc48f"}[theme]  # from the style sheet, not the default

    meter.set_level(0.0)
    silent = middle_row(meter)
    assert count(silent, bar) == 0 and count(silent, groove) >= WIDTH - 12  # the rounded ends blend in

    meter.set_level(0.1)  # two thirds of the bar
    speech = middle_row(meter)
    assert count(speech, bar) == pytest.approx(WIDTH * 2 / 3, abs=6)

    meter.set_level(0.01)  # a third
    quieter = middle_row(meter)
    assert count(quieter, bar) == pytest.approx(WIDTH / 3, abs=6)

    meter.set_level(1.0)  # full: the last part in the warning colour
    loud = middle_row(meter)
    assert count(loud, QColor(meter.hotColor)) >= WIDTH * (1 - HOT_FRACTION) - 6
    assert count(loud, bar) == pytest.approx(WIDTH * HOT_FRACTION, abs=6)


def test_the_peak_mark_holds_then_falls(qtbot: QtBot, meter: LevelMeter) -> None:
    meter.setStyleSheet("QWidget#levelMeter { qproperty-peakColor: #ff00ff; qproperty-barColor: #00ff00; }")
    meter.ensurePolished()
    meter.set_level(0.1)
    meter.set_level(0.0)
    assert meter.level_fraction() == 0.0 and meter.peak_fraction() == pytest.approx(2 / 3)
    held = middle_row(meter)
    assert count(held, QColor("#00ff00")) == 0
    marks = [x for x, pixel in enumerate(held) if close(pixel, QColor("#ff00ff"))]
    assert marks and abs(marks[0] - WIDTH * 2 / 3) <= 3
    qtbot.waitUntil(lambda: meter.peak_fraction() == 0.0, timeout=5000)
    assert count(middle_row(meter), QColor("#ff00ff")) == 0
