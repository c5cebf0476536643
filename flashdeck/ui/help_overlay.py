"""The ``?`` overlay: every keyboard shortcut of the app, grouped by screen.

An opaque panel (a see-through one let the screen behind show through the text), its sections
in three columns — two on a narrow window — each kept whole; it scrolls when the window is too
short to hold it all (arrows, Page Up/Down and the wheel scroll it; any other key or a click closes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from flashdeck.ui.widgets import named

__all__ = ["HelpOverlay", "balanced_columns"]

Section = tuple[str, Sequence[tuple[str, str]]]
# Below this window width the overlay uses two columns: three would squeeze the descriptions.
THREE_COLUMNS_FROM = 900
KEY_WIDTH = 140
_SCROLL_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
                Qt.Key.Key_End}


def balanced_columns(sections: Sequence[Section], count: int) -> list[list[Section]]:
    """Split the sections, in order and each whole, into ``count`` columns, the longest as short as can be."""
    sizes = [len(shortcuts) + 2 for _name, shortcuts in sections]  # a heading and a gap per section
    count = max(1, min(count, len(sections)))
    best: tuple[int, list[int]] | None = None
    # A dozen sections at most: every way of cutting them into columns is quickly tried.
    for cuts in combinations(range(1, len(sections)), count - 1):
        edges = [0, *cuts, len(sections)]
        longest = max(sum(sizes[a:b]) for a, b in pairwise(edges))
        if best is None or longest < best[0]:
            best = (longest, edges)
    edges = best[1] if best is not None else [0, len(sections)]
    return [list(sections[a:b]) for a, b in pairwise(edges)]


class HelpOverlay(QFrame):
    """An opaque panel over the window, its text laid out for the window's width."""

    def __init__(self, sections: Sequence[Section], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        self.sections = list(sections)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        title = named(QLabel("<b>Keyboard shortcuts</b> — any key closes · ↑ ↓ scroll"), "helpTitle")
        outer.addWidget(title)
        self.scroll_area = named(QScrollArea(self), "helpScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll_area, 1)
        self._columns = 0
        parent.installEventFilter(self)
        self.hide()

    def _lay_out(self, count: int) -> None:
        if count == self._columns:
            return
        self._columns = count
        body = named(QWidget(), "helpBody")
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(28)
        for column in balanced_columns(self.sections, count):
            grid = QGridLayout()
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(3)
            grid.setColumnStretch(1, 1)
            line = 0
            for name, shortcuts in column:
                heading = named(QLabel(name), "helpSection")
                grid.addWidget(heading, line, 0, 1, 2)
                line += 1
                for key, text in shortcuts:
                    key_label = named(QLabel(key), "helpKey")
                    key_label.setTextFormat(Qt.TextFormat.PlainText)
                    key_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                    # "F2 / double-click title" wraps at its spaces rather than starve the descriptions.
                    key_label.setWordWrap(True)
                    key_label.setMaximumWidth(KEY_WIDTH)
                    key_label.ensurePolished()  # the style sheet's font, measured below
                    key_label.setMinimumWidth(min(KEY_WIDTH, key_label.fontMetrics().horizontalAdvance(key) + 4))
                    words = named(QLabel(text), "helpText")
                    words.setTextFormat(Qt.TextFormat.PlainText)
                    words.setWordWrap(True)
                    words.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                    words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                    grid.addWidget(key_label, line, 0)
                    grid.addWidget(words, line, 1)
                    line += 1
                grid.setRowMinimumHeight(line, 10)
                line += 1
            grid.setRowStretch(line, 1)
            row.addLayout(grid, 1)
        self.scroll_area.setWidget(body)  # the previous body is deleted by the scroll area

    def key_labels(self) -> list[QLabel]:
        """Every key label shown (for tests)."""
        body = self.scroll_area.widget()
        return [] if body is None else body.findChildren(QLabel, "helpKey")

    def open(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self._lay_out(3 if parent.width() >= THREE_COLUMNS_FROM else 2)
        margin = 16 if parent.width() < THREE_COLUMNS_FROM + 200 else 40
        width = min(parent.width() - 2 * margin, 1200)
        self.resize(width, 10)
        body = self.scroll_area.widget()
        assert body is not None
        layout = self.layout()
        assert layout is not None
        chrome = layout.contentsMargins().top() + layout.contentsMargins().bottom() + 40
        wanted = body.heightForWidth(width - 48) if body.hasHeightForWidth() else body.sizeHint().height()
        self.resize(width, max(200, min(parent.height() - 2 * margin, wanted + chrome)))
        self.move((parent.width() - self.width()) // 2, (parent.height() - self.height()) // 2)
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in _SCROLL_KEYS:
            bar = self.scroll_area.verticalScrollBar()
            step = {Qt.Key.Key_Up: -bar.singleStep(), Qt.Key.Key_Down: bar.singleStep(),
                    Qt.Key.Key_PageUp: -bar.pageStep(), Qt.Key.Key_PageDown: bar.pageStep(),
                    Qt.Key.Key_Home: -bar.maximum(), Qt.Key.Key_End: bar.maximum()}[key]
            bar.setValue(bar.value() + step)
        else:
            self.hide()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.open()
        return False
