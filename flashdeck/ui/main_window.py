"""The main window. A placeholder home screen until the desktop-app issue lands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QVBoxLayout, QWidget

from flashdeck.collection import Collection

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    def __init__(self, col: Collection) -> None:
        super().__init__()
        self.col = col
        self.setWindowTitle("FlashDeck")
        self.resize(1000, 700)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        title = QLabel("<h1>FlashDeck</h1>")
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        self.deck_list = QListWidget(central)
        layout.addWidget(self.deck_list)
        self.setCentralWidget(central)
        self.refresh()

    def refresh(self) -> None:
        self.deck_list.clear()
        for deck in self.col.decks():
            self.deck_list.addItem(f"{deck.name} — new {deck.new} · learning {deck.learning} · review {deck.review}")
