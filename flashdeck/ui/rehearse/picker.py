"""The Rehearse screen's card picker: every spoken card, found by text and narrowed by kind."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from flashdeck.collection import Collection
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.search import SearchError
from flashdeck.ui.widgets import named

__all__ = ["CardPicker"]

SPOKEN_KINDS = ("story", "question", "curveball", "pitch", "bridge", "beats")


class CardPicker(QWidget):
    """``chosen(card_id)`` when the person picks a card; ``show_chosen`` marks one without emitting."""

    chosen = Signal(int)

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.filter = named(QLineEdit(self), "rehearseFilter")
        self.filter.setPlaceholderText("Find a card (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.kind_filter = named(QComboBox(self), "rehearseKind")
        self.kind_filter.addItem("All spoken cards", "")
        for name in SPOKEN_KINDS:
            self.kind_filter.addItem(kind_by_name(name).label, name)
        self.kind_filter.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.card_list = named(QListWidget(self), "rehearseCards")
        self.card_list.setMinimumWidth(220)
        self.card_list.setWordWrap(True)
        self.card_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Space belongs to the timer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.kind_filter)
        layout.addWidget(self.card_list, 1)
        self._current: int | None = None
        self.filter.textChanged.connect(self.refresh)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        self.card_list.currentItemChanged.connect(self._item_changed)

    def refresh(self) -> None:
        """List the spoken cards matching the filter and kind; keep the chosen one marked if it still matches."""
        query = "is:spoken -is:suspended"
        kind = self.kind_filter.currentData()
        if kind:
            query += f" kind:{kind}"
        text = self.filter.text().strip()
        try:
            ids = self.col.search(f"{query} {text}" if text else query, sort="title")
        except SearchError:
            ids = []  # half-typed search syntax: show nothing rather than an error while typing
        self.card_list.blockSignals(True)
        self.card_list.clear()
        for row in self.col.browse_rows(ids):
            item = QListWidgetItem(f"{row.title}\n{kind_by_name(row.kind).label} · {row.deck}")
            item.setData(Qt.ItemDataRole.UserRole, row.card_id)
            self.card_list.addItem(item)
        self.card_list.blockSignals(False)
        self.show_chosen(self._current)

    def show_chosen(self, card_id: int | None) -> None:
        self._current = card_id
        self.card_list.blockSignals(True)
        self.card_list.setCurrentRow(-1)
        for index in range(self.card_list.count()):
            item = self.card_list.item(index)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == card_id:
                self.card_list.setCurrentItem(item)
        self.card_list.blockSignals(False)

    def titles(self) -> list[str]:
        """The listed cards' titles, in order (for tests)."""
        items = (self.card_list.item(i) for i in range(self.card_list.count()))
        return [item.text().split("\n")[0] for item in items if item is not None]

    def _item_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
