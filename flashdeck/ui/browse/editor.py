"""Add or edit one note of any kind, with a live preview of its card.

The editor builds one input per field of the note's kind (the title field is a
single line, the others multi-line Markdown), shows the rendered card as you
type and saves through the Collection in one transaction.
"""

from __future__ import annotations

import re
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS, kind_by_name
from flashdeck.core.notes import TYPED_IN_APP, DeckMeta, NoteDraft, ParseResult, normalise_tag
from flashdeck.core.render import count_blanks, render_card
from flashdeck.ui.browse.blank_jump import select_blank
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op
from flashdeck.ui.widgets import named
from flashdeck.ui.widgets.html_view import SafeHtmlView

__all__ = ["NoteEditor", "parse_tags"]



PREVIEW_DELAY_MS = 150  # long enough to skip re-rendering on every keystroke, short enough to feel live
DEFAULT_DECK = "Default"


def parse_tags(text: str) -> tuple[str, ...]:
    """``"star, leadership  amazon"`` → ``("star", "leadership", "amazon")`` (no duplicates)."""
    tags = (normalise_tag(t) for t in re.split(r"[\s,;]+", text))
    return tuple(dict.fromkeys(t for t in tags if t))


def _fit_height(widget: QPlainTextEdit, min_lines: int = 2, max_lines: int = 10) -> None:
    """Grow a field with its text (a story's Action runs long; its Anchor is one line)."""
    lines = max(widget.blockCount(), int(widget.document().documentLayout().documentSize().height()))
    shown = min(max_lines, max(min_lines, lines))
    # Once laid out, the chrome is whatever the style (and its padding) makes it; before that, an estimate.
    chrome = widget.height() - widget.viewport().height() if widget.isVisible() else 2 * widget.frameWidth() + 12
    margin = 2 * int(widget.document().documentMargin())
    widget.setFixedHeight(shown * widget.fontMetrics().lineSpacing() + chrome + margin + 4)
    # Every line fits until the cap, so a scroll bar would only flicker in and out while typing.
    policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if lines > max_lines else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    widget.setVerticalScrollBarPolicy(policy)


class NoteEditor(QDialog):
    """Add a new note (``note_id=None``) or edit an existing one.

    Editing never touches the note's cards' review state: only its fields and
    tags change (new cards appear for templates the fields now fill).
    """

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Ctrl+Enter", "Save the note"),
        ("Esc", "Cancel (asks first if there are unsaved edits)"),
        ("Alt+K", "Choose the note kind (new notes)"),
        ("Alt+D", "Choose or type the deck (new notes)"),
        ("Alt+T", "Edit the tags"),
        ("Alt+C", "Preview another card of the note"),
        ("F3 / Shift+F3", "Select the next / previous [blank] to fill in"),
        ("Tab / Shift+Tab", "Move between fields"),
    ]

    saved = Signal(int)  # the note's id, once it is in the database

    def __init__(self, col: Collection, events: AppEvents, note_id: int | None = None, deck: str | None = None,
                 kind: str = "basic", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.events = events
        self.note_id = note_id
        self.setObjectName("noteEditor")
        self._inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)

        fields: dict[str, str] = {}
        tags: tuple[str, ...] = ()
        if note_id is not None:
            draft = col.note(note_id)
            kind, fields, tags = draft.kind, dict(draft.fields), draft.tags
            deck = self._deck_of_note(note_id)
        self._build(kind, deck)
        self._note_tags = tags  # a concept's answer is labelled by its role (a signal's "Why it matters")
        self._set_kind(kind, fields)
        self.tags_edit.setText(" ".join(tags))
        self._initial = self._snapshot()
        self.setWindowTitle("Edit note" if note_id is not None else "Add note")
        self.resize(1000, 680)
        self.update_preview()

    # -- construction ----------------------------------------------------------------------

    def _deck_of_note(self, note_id: int) -> str | None:
        rows = self.col.browse_rows(self.col.search(f"note:{note_id}", limit=1))
        return rows[0].deck if rows else None

    def _build(self, kind: str, deck: str | None) -> None:
        self.kind_combo = named(QComboBox(), "kindCombo")
        for spec in KINDS.values():
            self.kind_combo.addItem(spec.label, spec.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)

        self.deck_combo = named(QComboBox(), "deckCombo")
        self.deck_combo.setEditable(True)
        self.deck_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = self.col.deck_names()
        self.deck_combo.addItems(names)
        self.deck_combo.setCurrentText(deck or (names[0] if names else DEFAULT_DECK))
        self.deck_combo.setToolTip("A name that does not exist yet makes a new deck")
        editing = self.note_id is not None
        # A stored note keeps its kind (its cards depend on it) and its deck (its guid does).
        self.kind_combo.setEnabled(not editing)
        self.deck_combo.setEnabled(not editing)

        top = QFormLayout()
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind_combo)
        deck_label = QLabel("&Deck:")
        deck_label.setBuddy(self.deck_combo)
        top.addRow(kind_label, self.kind_combo)
        top.addRow(deck_label, self.deck_combo)

        self.fields_box = named(QWidget(), "fieldsBox")
        fields_column = QVBoxLayout(self.fields_box)
        self.fields_form = QFormLayout()
        self.fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # The fields sit at the top, one under the other; the room left over goes below them
        # (a form stretched to the scroll area's height spread a two-field note over the whole height).
        fields_column.addLayout(self.fields_form)
        fields_column.addStretch(1)
        scroll = named(QScrollArea(), "fieldsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields_box)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fields_scroll = scroll

        self.tags_edit = named(QLineEdit(), "tagsEdit")
        self.tags_edit.setPlaceholderText("space- or comma-separated, e.g. leadership amazon")
        self.tags_edit.textChanged.connect(self._edited)
        tags_row = QFormLayout()
        tags_label = QLabel("&Tags:")
        tags_label.setBuddy(self.tags_edit)
        tags_row.addRow(tags_label, self.tags_edit)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(tags_row)

        self.card_combo = named(QComboBox(), "cardCombo")
        self.card_combo.currentIndexChanged.connect(self.update_preview)
        card_label = QLabel("&Card:")
        card_label.setBuddy(self.card_combo)
        self.preview = SafeHtmlView()
        self.preview.setObjectName("notePreview")
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.blanks_label = named(QLabel(), "blanksLabel")
        self.blanks_label.setProperty("role", "muted")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        card_row = QHBoxLayout()
        card_row.addWidget(named(QLabel("Preview"), "previewHeading"))
        card_row.addStretch(1)
        card_row.addWidget(card_label)
        card_row.addWidget(self.card_combo)
        right_layout.addLayout(card_row)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.blanks_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.error_label = named(QLabel(), "editorError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("Save (Ctrl+Enter)")
        save.setProperty("role", "primary")
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                # Enter in the title line must not save by accident; Ctrl+Enter does.
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        QShortcut(QKeySequence("F3"), self, self.next_blank)
        QShortcut(QKeySequence("Shift+F3"), self, lambda: self.next_blank(backwards=True))

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _set_kind(self, kind: str, values: dict[str, str]) -> None:
        """One input per field of ``kind``, pre-filled from ``values``."""
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self._inputs.clear()
        self.kind = kind_by_name(kind)
        for spec in self.kind.fields:
            widget: QLineEdit | QPlainTextEdit
            if spec.name == self.kind.title_field:
                widget = QLineEdit(values.get(spec.name, ""))
                widget.textChanged.connect(self._edited)
            else:
                widget = QPlainTextEdit(values.get(spec.name, ""))
                # Tab leaves the field, so every field is reachable from the keyboard.
                widget.setTabChangesFocus(True)
                widget.textChanged.connect(self._edited)
                widget.textChanged.connect(lambda w=widget: _fit_height(w))
                _fit_height(widget)
            widget.setObjectName(f"field_{spec.name}")
            shown = self.kind.label_for(spec.name, self._note_tags)
            widget.setAccessibleName(shown)
            label = QLabel(shown + ":")
            label.setBuddy(widget)
            self.fields_form.addRow(label, widget)
            self._inputs[spec.name] = widget
        self.card_combo.blockSignals(True)
        self.card_combo.clear()
        for template in self.kind.templates:
            self.card_combo.addItem(template.name)
        self.card_combo.blockSignals(False)
        # Typing starts where a note starts: its title.
        self._inputs[self.kind.title_field].setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Heights measured before the window existed were estimates; measure again now.
        QTimer.singleShot(0, self._fit_fields)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_fields()  # a narrower window wraps more lines

    def _fit_fields(self) -> None:
        for widget in self._inputs.values():
            if isinstance(widget, QPlainTextEdit):
                _fit_height(widget)

    def _kind_chosen(self) -> None:
        self._set_kind(self.kind_combo.currentData(), self.fields())
        self.update_preview()

    # -- state -----------------------------------------------------------------------------

    def field_input(self, name: str) -> QLineEdit | QPlainTextEdit:
        """The input widget of field ``name`` of the current kind."""
        return self._inputs[name]

    def fields(self) -> dict[str, str]:
        """The fields as typed (stripped; empty ones left out)."""
        out = {}
        for name, widget in self._inputs.items():
            text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
            if text.strip():
                out[name] = text.strip()
        return out

    def deck(self) -> str:
        return self.deck_combo.currentText().strip()

    def _snapshot(self) -> tuple[object, ...]:
        return (self.kind.name, self.deck(), self.fields(), parse_tags(self.tags_edit.text()))

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _edited(self) -> None:
        self.error_label.hide()
        self._preview_timer.start()

    # -- preview ---------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Render the chosen card (front, then answer) of the note as it stands."""
        self._preview_timer.stop()
        fields = self.fields()
        ordinal = max(0, self.card_combo.currentIndex())
        template = self.kind.templates[ordinal]
        _front, back = render_card(self.kind.name, ordinal, fields, parse_tags(self.tags_edit.text()))
        missing = [self.kind.label_of(n) for n in template.requires if not fields.get(n)]
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            back = f"<p><i>This card appears once {', '.join(missing)} {verb} filled in.</i></p>" + back
        self.preview.set_card_html(back)
        blanks = count_blanks("\n".join(fields.values()))
        self.blanks_label.setText(
            f"{blanks} blank{'s' if blanks != 1 else ''} to fill in — F3 selects the next" if blanks else "")
        self.blanks_label.setVisible(bool(blanks))

    def next_blank(self, *, backwards: bool = False) -> bool:
        """Select the next (previous) [blank] after the cursor, across the fields; False when there is none."""
        widget = select_blank(list(self._inputs.values()), self.focusWidget(), backwards=backwards)
        if widget is None:
            return False
        self.fields_scroll.ensureWidgetVisible(widget)
        return True

    # -- saving ----------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def save(self) -> bool:
        """Write the note; on success close the dialog. Returns whether it was saved."""
        fields = self.fields()
        title_label = self.kind.label_of(self.kind.title_field)
        if not fields.get(self.kind.title_field):
            self.show_error(f"A {self.kind.label.lower()} note needs its {title_label}.")
            self._inputs[self.kind.title_field].setFocus()
            return False
        tags = parse_tags(self.tags_edit.text())

        def write() -> Changes | None:
            if self.note_id is not None:
                return self.col.update_note(self.note_id, fields, tags)
            return self._add(fields, tags)

        # Bad input is the dialog's error line; a storage failure the window's dialog.
        done = run_op(self.events, write, initiator=self, status=self.show_error)
        if done.value is None:  # not saved: the user was told why
            return False
        assert self.note_id is not None
        self.saved.emit(self.note_id)
        self._initial = self._snapshot()
        self.accept()
        return True

    def _add(self, fields: dict[str, str], tags: tuple[str, ...]) -> Changes | None:
        """Add the new note; ``None`` when it was not saved (the user was told why)."""
        deck = self.deck()
        if not deck:
            self.show_error("Choose or type a deck for the note.")
            self.deck_combo.setFocus()
            return None
        draft = NoteDraft(self.kind.name, fields, tags)
        # The note's identity comes from deck + kind + title, so the same title in the same
        # deck is the same note: find out before writing, instead of silently overwriting it.
        plan = self.col.plan(ParseResult(TYPED_IN_APP, [draft], DeckMeta(deck)), deck=deck, with_notes=False)
        planned = plan.notes[0]
        if planned.existing_id is not None:
            title = fields[self.kind.title_field]
            if not self.confirm_replace(title, deck):
                self.show_error(f"A {self.kind.label.lower()} note titled “{title}” is already in {deck}. "
                                "Change the title to add a new note, or save again to replace that note's text.")
                self._inputs[self.kind.title_field].setFocus()
                return None
            # Replacing keeps that note's cards and their review history.
            changes = self.col.update_note(planned.existing_id, fields, tags)
            self.note_id = planned.existing_id
            return changes
        added = self.col.add_notes([draft], deck=deck)
        self.note_id = self.col.note_id_by_guid(planned.guid)
        return added.changes

    def confirm_replace(self, title: str, deck: str) -> bool:
        """Ask before replacing the text of the existing note with this title (tests override)."""
        answer = QMessageBox.question(
            self, "Note already exists",
            f"{deck} already has a {self.kind.label.lower()} note titled “{title}”.\n\n"
            "Replace its text with this one? Its cards and review history are kept.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_discard(self) -> bool:
        """Ask before throwing away unsaved edits (tests override)."""
        answer = QMessageBox.question(
            self, "Discard changes?", "This note has unsaved changes. Discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Esc, Cancel and the close box all come here: never lose typing silently."""
        if self.is_dirty() and not self.confirm_discard():
            return
        super().reject()
