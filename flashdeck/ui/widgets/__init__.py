"""Small helpers the screens and dialogs share."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStyle, QTableWidget, QTableWidgetItem, QWidget

__all__ = ["cell", "named", "repolish"]

_W = TypeVar("_W", bound=QObject)


def named(widget: _W, name: str) -> _W:
    """``widget`` with its objectName set (the themes and the tests find widgets by name)."""
    widget.setObjectName(name)
    return widget


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None  # every cell gets an item when its row is added
    return item


def repolish(widget: QWidget) -> None:
    """Style sheets read dynamic properties at polish time only; re-read them after a change."""
    style: QStyle = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
