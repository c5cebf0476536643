"""Guard against the Qt binding bug that made us pin PySide6 below 6.12.

PySide6 6.12.0 on Python 3.11 released a reference to None on every Qt call
returning nothing; after ~5 000 calls the interpreter aborted mid-review.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 100
