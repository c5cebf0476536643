"""The import dialog's note list: every note a document would make, correctable before anything is written.

Each row is one note of the selected document: a box (ticked: imported; ``Space``
leaves it out or takes it back), its kind, its title, what importing it would do
(add, update, unchanged, and whether an edit made in the app is kept) and its line.
The strip below changes the kind of the selected notes (``Alt+K``) and, for a note
edited in the app since the last import, takes the file's version instead
(``Alt+R``). Corrections are kept in the entry's ``ImportChoices`` and the dialog
re-plans; nothing is written until the import.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.core.kinds import KINDS
from flashdeck.ui.importing.worker import FileEntry
from flashdeck.ui.widgets import named

__all__ = ["NOTE_COLUMNS", "NotesPreview"]

NOTE_COLUMNS = ("", "Kind", "Title", "Import will", "Line")
MAX_ROWS = 2000  # listed per document; a 50,000-card CSV is imported whole, listed in part
_ACTIONS = {"add": "Add", "update": "Update", "unchanged": "Leave as is"}
_MUTED = "#9aa0a6"


def _action_text(entry: FileEntry, index: int) -> str:
    planned = entry.planned.get(index)
    if planned is None:
        return "Left out"
    text = _ACTIONS.get(planned.action, planned.action)
    if planned.edited:
        text += ", keeps your edit" if planned.kept_edit else ", replaces your edit"
    return text


class NotesPreview(QWidget):
    """The notes of one document, with the controls that correct them."""

    corrected = Signal()  # the shown entry's corrections (its ImportChoices) changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry: FileEntry | None = None
        self.table = named(QTableWidget(0, len(NOTE_COLUMNS), self), "importNotes")
        self.table.setHorizontalHeaderLabels(NOTE_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(NOTE_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemChanged.connect(self._box_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.kind_combo = named(QComboBox(self), "noteKindCombo")
        for name, kind in KINDS.items():
            self.kind_combo.addItem(kind.label, name)
        self.kind_combo.activated.connect(self._kind_chosen)
        kind_label = QLabel("&Kind:", self)
        kind_label.setBuddy(self.kind_combo)
        self.replace_button = named(QPushButton("Use the file's version", self), "replaceEdit")
        self.replace_button.setToolTip("For a note edited in the app since the last import: import the file's "
                                       "text instead of keeping your edit (Alt+R)")
        self.replace_button.setCheckable(True)
        self.replace_button.clicked.connect(self._replace_clicked)
        self.replace_button.setAutoDefault(False)
        self.count_label = named(QLabel(self), "noteCount")
        self.count_label.setProperty("role", "muted")
        strip = QHBoxLayout()
        strip.addWidget(kind_label)
        strip.addWidget(self.kind_combo)
        strip.addWidget(self.replace_button)
        strip.addStretch(1)
        strip.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(strip)
        QShortcut(QKeySequence("Space"), self.table, self.toggle_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._selection_changed()

    # -- showing ---------------------------------------------------------------------------

    def show_entry(self, entry: FileEntry | None) -> None:
        """List ``entry``'s notes (keeping the selection when it is the same document)."""
        same = entry is self.entry
        selected = self.selected() if same else []
        current = self.table.currentRow() if same else 0
        self.entry = entry
        self.table.blockSignals(True)
        notes = entry.result.notes if entry is not None and entry.result is not None and not entry.error else []
        shown = notes[:MAX_ROWS]
        self.table.setRowCount(len(shown))
        assert entry is not None or not shown
        for index, note in enumerate(shown):
            assert entry is not None
            kind = entry.choices.kinds.get(index, note.kind)
            included = index not in entry.choices.skip
            planned = entry.planned.get(index)
            title = planned.draft.title if planned is not None else note.title
            values = ("", KINDS[kind].label if kind in KINDS else kind, title, _action_text(entry, index),
                      str(note.line or ""))
            for column, value in enumerate(values):
                item = self.table.item(index, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(index, column, item)
                item.setText(value)
                if column == 0:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)
                    item.setToolTip("Imported (Space leaves it out)" if included else "Left out (Space takes it back)")
                elif column == 2:
                    item.setToolTip(title)
                item.setForeground(self.table.palette().text() if included else QColor(_MUTED))
        self.table.blockSignals(False)
        if shown:
            self.table.setCurrentCell(min(current, len(shown) - 1), 2)
            for row in selected:
                if row < len(shown):
                    self.table.selectRow(row)
        more = f" (first {MAX_ROWS} listed)" if len(notes) > MAX_ROWS else ""
        left_out = len(entry.choices.skip) if entry is not None else 0
        self.count_label.setText(f"{len(notes)} note{'s' if len(notes) != 1 else ''}{more}"
                                 + (f", {left_out} left out" if left_out else "") if notes else "")
        self._selection_changed()

    def selected(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    # -- corrections ---------------------------------------------------------------------------

    def toggle_selected(self) -> None:
        """Space: leave the selected notes out, or take them back (all follow the first)."""
        rows = self.selected()
        if self.entry is None or not rows:
            return
        self.set_included(rows, rows[0] in self.entry.choices.skip)

    def set_included(self, rows: list[int], include: bool) -> None:
        if self.entry is None:
            return
        if include:
            self.entry.choices.skip.difference_update(rows)
        else:
            self.entry.choices.skip.update(rows)
        self.corrected.emit()

    def set_kind(self, rows: list[int], kind: str) -> None:
        """Import these notes as ``kind`` (their fields follow: see ``convert_draft``)."""
        entry = self.entry
        if entry is None or entry.result is None:
            return
        for row in rows:
            if entry.result.notes[row].kind == kind:
                entry.choices.kinds.pop(row, None)
            else:
                entry.choices.kinds[row] = kind
        self.corrected.emit()

    def set_replace(self, rows: list[int], replace: bool) -> None:
        """For notes edited in the app: take the file's version (True) or keep the edit (False, the default)."""
        if self.entry is None:
            return
        chosen = self.entry.choices.replace_edits if isinstance(self.entry.choices.replace_edits, set) else set()
        if replace:
            chosen.update(rows)
        else:
            chosen.difference_update(rows)
        self.entry.choices.replace_edits = chosen
        self.corrected.emit()

    def _box_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0 and self.entry is not None:
            self.set_included([item.row()], item.checkState() == Qt.CheckState.Checked)

    def _kind_chosen(self) -> None:
        rows = self.selected()
        if rows:
            self.set_kind(rows, self.kind_combo.currentData())

    def _replace_clicked(self, checked: bool) -> None:
        rows = [r for r in self.selected() if self._edited(r)]
        if rows:
            self.set_replace(rows, checked)

    def _edited(self, row: int) -> bool:
        planned = self.entry.planned.get(row) if self.entry is not None else None
        return planned is not None and bool(planned.edited)

    def _selection_changed(self) -> None:
        rows = self.selected()
        entry = self.entry
        self.kind_combo.setEnabled(bool(rows))
        if rows and entry is not None and entry.result is not None:
            kind = entry.choices.kinds.get(rows[0], entry.result.notes[rows[0]].kind)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        edited = [r for r in rows if self._edited(r)]
        self.replace_button.setEnabled(bool(edited))
        planned = entry.planned.get(edited[0]) if edited and entry is not None else None
        self.replace_button.setChecked(planned is not None and not planned.kept_edit)
