"""The card browser: search, filter, sort, preview, edit in place, suspend, delete.

The filters are only a friendlier way to write the search language: each one
adds a term (``deck:"…"``, ``kind:…``, ``is:…``, ``tag:…``) to what is typed in
the search box, so anything the filters can do, a typed query can do too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection, NotFound
from flashdeck.collection.card_info import card_info
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS
from flashdeck.core.search import SearchError
from flashdeck.ui.browse.card_info import CardInfoPane
from flashdeck.ui.browse.model import COLUMNS, STATE_FILTERS, TITLE, CardTableModel, compose_query, row_selection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op
from flashdeck.ui.widgets.html_view import SafeHtmlView

__all__ = ["BrowserScreen"]

SEARCH_DELAY_MS = 150
MIN_TITLE_WIDTH = 180


class BrowserScreen(QWidget):
    """Every card in a searchable, sortable table with a preview of the selected card."""

    home_requested = Signal()
    edit_note_requested = Signal(int)

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Ctrl+F", "Search"),
        ("↑ / ↓", "Move through the cards"),
        ("Enter / E", "Edit the note"),
        ("F2 / double-click title", "Rename the card's title in place"),
        ("Ctrl+Shift+I", "The card or its info (reviews and rehearsals)"),
        ("Ctrl+J", "Suspend or unsuspend"),
        ("Delete", "Delete the notes (asks first)"),
        ("Esc", "Back to the decks"),
    ]

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.events = events
        self.setObjectName("browserScreen")
        self._stale = False
        self.model = CardTableModel(col, self, events)
        self._build()
        self._connect()
        self._load_filters()
        self.refresh()

    # -- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("browserSearch")
        self.search_box.setPlaceholderText(
            "Search: words, deck:Stories, tag:leadership, is:due, is:blank, -is:suspended …")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setProperty("invalid", False)
        self.deck_filter = self._combo("browserDeckFilter", "Deck")
        self.kind_filter = self._combo("browserKindFilter", "Kind")
        for name, kind in KINDS.items():
            self.kind_filter.addItem(kind.label, name)
        self.state_filter = self._combo("browserStateFilter", "State")
        for state in STATE_FILTERS:
            self.state_filter.addItem(state.capitalize(), state)
        self.tag_filter = QLineEdit(self)
        self.tag_filter.setObjectName("browserTagFilter")
        self.tag_filter.setPlaceholderText("Tags")
        self.tag_filter.setClearButtonEnabled(True)
        self.tag_filter.setMaximumWidth(160)

        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 1)
        for widget in (self.deck_filter, self.kind_filter, self.state_filter, self.tag_filter):
            filters.addWidget(widget)

        self.table = QTableView(self)
        self.table.setObjectName("browserTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        # Fixed row heights and no per-row header: nothing ever measures all 50 000 rows.
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        # Title takes the spare width but never less than MIN_TITLE_WIDTH: on a narrow window the
        # other columns scroll sideways instead of squeezing the one column people read.
        self.table.viewport().installEventFilter(self)

        self.preview = SafeHtmlView(self)
        self.preview.setObjectName("browserPreview")
        self.info = CardInfoPane(self)
        # The card as studied, or its history (Ctrl+Shift+I, as in Anki): one pane at a time keeps both readable
        # at 1024x640; the history is read only while its tab shows.
        self.side = QTabWidget(self)
        self.side.setObjectName("browserSide")
        self.side.addTab(self.preview, "Card")
        self.side.addTab(self.info, "Info")
        self.side.setTabToolTip(0, "The card as you study it (Ctrl+Shift+I: its info)")
        self.side.setTabToolTip(1, "Its reviews and rehearsals (Ctrl+Shift+I: the card)")
        self.side.setDocumentMode(True)
        self.side.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("browserSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 7)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.side.setMinimumWidth(220)
        self._laid_out = False

        self.count_label = QLabel(self)
        self.count_label.setObjectName("browserCount")
        self.edit_button = self._button("browserEdit", "Edit", "Edit the note (Enter)")
        self.suspend_button = self._button("browserSuspend", "Suspend", "Suspend or unsuspend (Ctrl+J)")
        self.delete_button = self._button("browserDelete", "Delete…", "Delete the notes (Delete)")
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (self.edit_button, self.suspend_button, self.delete_button):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(actions)
        self.setFocusProxy(self.table)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(f"All {everything.lower()}s", None)
        combo.setToolTip(f"Filter by {everything.lower()}")
        # Long deck names must not squeeze the search box: the popup shows them in full instead.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)
        combo.setMaximumWidth(220)
        return combo

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _connect(self) -> None:
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_search)
        self.tag_filter.textChanged.connect(self._search_timer.start)
        self.tag_filter.returnPressed.connect(self.apply_search)
        for combo in (self.deck_filter, self.kind_filter, self.state_filter):
            combo.currentIndexChanged.connect(self.apply_search)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.horizontalHeader().sectionResized.connect(
            lambda column, _old, _new: self._fit_title() if column != TITLE and self._laid_out else None)
        self.table.selectionModel().currentRowChanged.connect(self._show_preview)
        self.side.currentChanged.connect(lambda _tab: self._show_preview(self.table.currentIndex()))
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.activated.connect(self._activated)
        self.events.changed.connect(self._collection_changed)
        self.edit_button.clicked.connect(self.request_edit)
        self.suspend_button.clicked.connect(self.toggle_suspend)
        self.delete_button.clicked.connect(self.delete_selected)

        # Screen-wide keys work anywhere on the screen (and only while it has focus, so only while shown).
        screen_keys: list[tuple[QKeySequence, Callable[[], object]]] = [
            (QKeySequence(QKeySequence.StandardKey.Find), self.focus_search),
            (QKeySequence("Ctrl+J"), self.toggle_suspend),
            (QKeySequence("Ctrl+Shift+I"), self.toggle_info),
            (QKeySequence("Esc"), self.home_requested.emit),
        ]
        for sequence, slot in screen_keys:
            shortcut = QShortcut(sequence, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        # Table keys: in the search box, Enter applies the search and Delete deletes a character.
        table_keys = {"Return": self.request_edit, "Enter": self.request_edit, "E": self.request_edit,
                      "Delete": self.delete_selected}
        for key, slot in table_keys.items():
            shortcut = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    def _load_filters(self) -> None:
        current = self.deck_filter.currentData()
        self.deck_filter.blockSignals(True)
        while self.deck_filter.count() > 1:
            self.deck_filter.removeItem(1)
        for name in self.col.deck_names():
            self.deck_filter.addItem(name, name)
        at = self.deck_filter.findData(current) if current is not None else 0
        self.deck_filter.setCurrentIndex(max(0, at))
        self.deck_filter.blockSignals(False)
        view = self.deck_filter.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)

    # -- searching ------------------------------------------------------------------------

    def query(self) -> str:
        """The full query: the search box text plus the filters."""
        return compose_query(self.search_box.text(), self.deck_filter.currentData(), self.kind_filter.currentData(),
                             self.state_filter.currentData(), self.tag_filter.text())

    def apply_search(self) -> None:
        """Run the query now (Enter, a filter change, or the debounce timer)."""
        self._search_timer.stop()
        self._run(self.query(), keep_selection=False)

    def _run(self, query: str, *, keep_selection: bool, sort_key: str | None = None,
             descending: bool | None = None) -> None:
        selected = self.selected_card_ids() if keep_selection else []
        current = self.current_card_id()
        try:
            self.model.set_search(query, sort_key, descending)
        except SearchError as err:
            self._set_invalid(str(err))
            return
        self._set_invalid(None)
        self._restore_selection(selected, current)
        self._update_count()
        self._sync_sort_indicator()

    def _set_invalid(self, message: str | None) -> None:
        self.search_box.setProperty("invalid", message is not None)
        self.search_box.setToolTip(message or "")
        # Re-polish so a `QLineEdit[invalid="true"]` rule in the theme applies at once.
        self.search_box.style().unpolish(self.search_box)
        self.search_box.style().polish(self.search_box)
        if message is not None:
            self.count_label.setText(f"Search error: {message}")

    def _update_count(self) -> None:
        total = self.model.rowCount()
        chosen = len(self.table.selectionModel().selectedRows())
        text = f"{total:,} card{'s' if total != 1 else ''}"
        self.count_label.setText(f"{text} · {chosen:,} selected" if chosen > 1 else text)

    def refresh(self) -> None:
        """Re-run the search (new decks, changed cards), keeping the selection where possible."""
        self._stale = False
        self._load_filters()
        self._run(self.query(), keep_selection=True)

    def _collection_changed(self, _changes: Changes, _initiator: object) -> None:
        # Every kind of change can move a row here (a card's due, a note's text, a deck's name, an attempt in
        # the info pane, the day start behind is:due), its own writes included: the table re-reads them.
        # A hidden browser need not re-search 50 000 cards on every answer; it catches up when shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out:
            self._laid_out = True
            self._fit_columns()
        if self._stale:
            self.refresh()

    def _fit_columns(self) -> None:
        # Measured once the theme's fonts apply; no row is read for this (no resizeToContents).
        header = self.table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)
        header_metrics, cell_metrics = QFontMetrics(bold), self.table.fontMetrics()
        for column, spec in enumerate(COLUMNS):
            if column != TITLE:
                text_width = header_metrics.horizontalAdvance(spec.header) + 26  # padding + sort arrow
                header.resizeSection(column, max(text_width, cell_metrics.horizontalAdvance(spec.sample) + 16))
        width = self.splitter.width()
        # 30 % for the card, but room for the info tab's tables on a small window (the table scrolls sideways).
        side = max(width * 3 // 10, min(350, width // 2))
        self.splitter.setSizes([width - side, side])
        self._fit_title()

    def _fit_title(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(len(COLUMNS)) if c != TITLE)
        header.resizeSection(TITLE, max(MIN_TITLE_WIDTH, self.table.viewport().width() - others))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize and self._laid_out:
            self._fit_title()
        return super().eventFilter(watched, event)

    # -- sorting --------------------------------------------------------------------------

    def _header_clicked(self, column: int) -> None:
        key = COLUMNS[column].sort_key
        if key is None:
            self._sync_sort_indicator()
            return
        descending = not self.model.descending if key == self.model.sort_key else False
        self.sort_by(key, descending)

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Sort by a SORTS key (due, interval, difficulty, lapses, title, deck, kind)."""
        self._run(self.model.query, keep_selection=True, sort_key=key, descending=descending)

    def _sync_sort_indicator(self) -> None:
        order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), order)

    # -- selection and preview -------------------------------------------------------------

    def selected_card_ids(self) -> list[int]:
        return [self.model.card_id(index.row()) for index in self.table.selectionModel().selectedRows()]

    def selected_note_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return list(dict.fromkeys(self.model.row_data(row).note_id for row in rows))

    def current_card_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.card_id(index.row()) if index.isValid() else None

    def select_cards(self, card_ids: list[int], current: int | None = None) -> None:
        """Select these cards (those still shown) and scroll to the current one."""
        self._restore_selection(card_ids, current if current is not None else (card_ids[0] if card_ids else None))

    def _restore_selection(self, card_ids: list[int], current: int | None) -> None:
        model, selection_model = self.model, self.table.selectionModel()
        rows = sorted(r for r in (model.row_of(cid) for cid in card_ids) if r is not None)
        current_row = model.row_of(current) if current is not None else None
        if current_row is None:
            current_row = rows[0] if rows else (0 if model.rowCount() else None)
        if current_row is None:
            self._show_preview(QModelIndex())
            self._update_actions()
            return
        selection = row_selection(model, rows)
        flags = QItemSelectionModel.SelectionFlag
        index = model.index(current_row, 0)
        if rows:
            selection_model.setCurrentIndex(index, flags.NoUpdate)
            selection_model.select(selection, flags.ClearAndSelect)
        else:
            selection_model.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)
        self._show_preview(index)
        self._update_actions()

    def _show_preview(self, index: QModelIndex) -> None:
        card_id = self.model.card_id(index.row()) if index.isValid() else None
        if self.side.currentWidget() is self.info:
            try:
                self.info.show_info(None if card_id is None else card_info(self.col, card_id))
            except NotFound:  # (deleted elsewhere meanwhile)
                self.info.show_info(None)
            return
        if card_id is None:
            self.preview.set_card_html("")
            return
        try:
            _front, back = self.col.card(card_id).render()
        except NotFound:
            back = ""
        self.preview.set_card_html(back)

    def toggle_info(self) -> None:
        """Show the selected card's info (reviews and rehearsals) instead of the card, or back."""
        self.side.setCurrentWidget(self.preview if self.side.currentWidget() is self.info else self.info)

    def _update_actions(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        for button in (self.edit_button, self.suspend_button, self.delete_button):
            button.setEnabled(bool(rows))
        all_suspended = bool(rows) and all(self.model.row_data(i.row()).suspended for i in rows[:500])
        self.suspend_button.setText("Unsuspend" if all_suspended else "Suspend")
        self._update_count()

    # -- actions --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _activated(self, index: QModelIndex) -> None:
        # Enter is a shortcut; this is double-click on a non-editable cell.
        if index.isValid() and index.column() != TITLE:
            self.edit_note_requested.emit(self.model.row_data(index.row()).note_id)

    def request_edit(self) -> None:
        """Open the current card's note in the editor (the main window shows it)."""
        index = self.table.currentIndex()
        if index.isValid():
            self.edit_note_requested.emit(self.model.row_data(index.row()).note_id)

    def toggle_suspend(self) -> None:
        """Suspend the selected cards, or unsuspend them if every one is already suspended."""
        ids = self.selected_card_ids()
        if not ids:
            return
        rows = [self.model.row_of(cid) for cid in ids]
        write = (self.col.unsuspend if all(self.model.row_data(r).suspended for r in rows if r is not None)
                 else self.col.suspend)
        run_op(self.events, lambda: write(ids), initiator=self)

    def confirm_delete(self, count: int) -> bool:
        """Ask before deleting; a test (or a "don't ask again" setting) can override this."""
        noun = "note" if count == 1 else "notes"
        answer = QMessageBox.question(
            self, "Delete notes",
            f"Delete {count} {noun} with all their cards and review history? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        note_ids = self.selected_note_ids()
        if not note_ids or not self.confirm_delete(len(note_ids)):
            return
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        # Land on the row after the deleted block, as a list would.
        doomed = set(note_ids)
        after = next((self.model.card_id(r) for r in range(rows[-1] + 1, self.model.rowCount())
                      if self.model.row_data(r).note_id not in doomed), None)
        # Their attempts and recordings go with them.
        if not run_op(self.events, lambda: self.col.delete_notes(note_ids), initiator=self).ok:
            return
        if after is not None:
            self.select_cards([after])
