"""The Rehearse screen's card picker: every spoken card, found by text and narrowed by kind.

From the keyboard: Ctrl+F (the screen's key) puts the cursor in the search field; while typing,
↑ ↓ (and Page Up/Down, Home/End with Ctrl) move the highlight through the cards found, and
Enter opens the highlighted card — the first one found when none is highlighted. Moving the
highlight opens nothing, so the arrows can pass over cards without loading each.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
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
        self.filter.setPlaceholderText("Find a card (Ctrl+F, then ↑ ↓ Enter)")
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
        self.card_list.itemClicked.connect(self._item_changed)  # a click on the highlighted card opens it too
        self.filter.installEventFilter(self)

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
        if text and self.card_list.currentRow() < 0:
            self.move_highlight(1)  # what Enter would open is marked as the search narrows

    def show_chosen(self, card_id: int | None) -> None:
        self._current = card_id
        self.card_list.blockSignals(True)
        self.card_list.setCurrentRow(-1)
        for index in range(self.card_list.count()):
            item = self.card_list.item(index)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == card_id:
                self.card_list.setCurrentItem(item)
        self.card_list.blockSignals(False)

    def highlighted(self) -> int | None:
        """The card the highlight is on (what Enter would open)."""
        item = self.card_list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def move_highlight(self, step: int) -> None:
        """Move the highlight ``step`` rows (clamped), without opening the card."""
        count = self.card_list.count()
        if not count:
            return
        row = self.card_list.currentRow()
        target = 0 if row < 0 and step > 0 else max(0, min(count - 1, row + step))
        self.card_list.blockSignals(True)
        self.card_list.setCurrentRow(target)
        self.card_list.blockSignals(False)
        self.card_list.scrollToItem(self.card_list.currentItem())

    def choose_highlighted(self) -> bool:
        """Open the highlighted card (else the first listed); false when the list is empty."""
        card_id = self.highlighted()
        if card_id is None and self.card_list.count():
            self.move_highlight(1)
            card_id = self.highlighted()
        if card_id is None:
            return False
        self._current = card_id
        self.chosen.emit(card_id)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            page = max(1, self.card_list.height() // 60)
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: page, Qt.Key.Key_PageUp: -page}
            key = Qt.Key(event.key())
            if key in steps:
                self.move_highlight(steps[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_highlighted()
                return True
        return False

    def titles(self) -> list[str]:
        """The listed cards' titles, in order (for tests)."""
        items = (self.card_list.item(i) for i in range(self.card_list.count()))
        return [item.text().split("\n")[0] for item in items if item is not None]

    def _item_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
