"""The ``?`` overlay: every keyboard shortcut of the app, grouped by screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

__all__ = ["HelpOverlay"]


class HelpOverlay(QFrame):
    """A translucent panel over the window; any key or click closes it."""

    def __init__(self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 22)
        title = QLabel("<b>Keyboard shortcuts</b> — press any key to close")
        outer.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        row = 0
        per_column = (sum(len(s) + 1 for _, s in sections) + 1) // 2
        column = 0
        for name, shortcuts in sections:
            if row + len(shortcuts) + 1 > per_column and row > 0 and column == 0:
                row, column = 0, 2
            grid.addWidget(QLabel(f"<b>{name}</b>"), row, column, 1, 2)
            row += 1
            for key, text in shortcuts:
                grid.addWidget(QLabel(f"<code>{key}</code>"), row, column)
                grid.addWidget(QLabel(text), row, column + 1)
                row += 1
        outer.addLayout(grid)
        self.sections = list(sections)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.adjustSize()
        width = min(parent.width() - 40, max(self.sizeHint().width(), 520))
        self.resize(width, min(parent.height() - 40, self.sizeHint().height()))
        self.move((parent.width() - self.width()) // 2, (parent.height() - self.height()) // 2)
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.hide()
        event.accept()

    def mousePressEvent(self, event: object) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.open()
        return False
