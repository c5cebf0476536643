"""Small helpers the screens and dialogs share."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

__all__ = ["cell", "named"]

_W = TypeVar("_W", bound=QObject)


def named(widget: _W, name: str) -> _W:
    """``widget`` with its objectName set (the themes and the tests find widgets by name)."""
    widget.setObjectName(name)
    return widget


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None  # every cell gets an item when its row is added
    return item
