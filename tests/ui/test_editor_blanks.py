"""F3 in the note editor selects the next [blank] to fill in, across fields (issue #14)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.browse.blank_jump import find_blank
from flashdeck.ui.browse.editor import NoteEditor
from flashdeck.ui.events import AppEvents

pytestmark = pytest.mark.gui


class QuietEditor(NoteEditor):
    """Closing with edits does not ask (a modal question would wait for a click)."""

    def confirm_discard(self) -> bool:
        return True


def _selected(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.selectedText() if isinstance(widget, QLineEdit) else widget.textCursor().selectedText()


def test_find_blank_goes_round_the_fields_both_ways() -> None:
    texts = ["Grew [how much?]", "no blanks", "Took [weeks] and [budget]"]
    assert find_blank(texts, 0, 0) == (0, 5, 16)
    assert find_blank(texts, 0, 16) == (2, 5, 12)
    assert find_blank(texts, 2, 12) == (2, 17, 25)
    assert find_blank(texts, 2, 25) == (0, 5, 16)  # round again
    assert find_blank(texts, 2, 17, backwards=True) == (2, 5, 12)
    assert find_blank(texts, 2, 5, backwards=True) == (0, 5, 16)
    assert find_blank(texts, 0, 5, backwards=True) == (2, 17, 25)
    assert find_blank(["see [docs](https://x.org)", "- [ ] task"], 0, 0) is None


def test_f3_selects_each_blank_in_turn_and_shift_f3_goes_back(qtbot: QtBot, col: Collection) -> None:
    col.add_notes([NoteDraft("story", {
        "title": "Billing rescue in [year]",
        "situation": "Late by 🚀 [how many?] weeks",  # an emoji before a blank: positions counted in UTF-16 by Qt
        "action": "Split the work.\nPaired the teams on [which part?].",
        "result": "Shipped with 0 incidents",
    })], deck="Stories")
    note_id = col.browse_rows(col.search("kind:story"))[0].note_id
    editor = QuietEditor(col, AppEvents(), note_id=note_id)
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    assert editor.blanks_label.text() == "3 blanks to fill in — F3 selects the next"
    title = editor.field_input("title")
    title.setFocus()
    title.setCursorPosition(0)
    seen = []
    for _ in range(4):
        qtbot.keyClick(editor.focusWidget(), Qt.Key.Key_F3)
        focused = editor.focusWidget()
        assert isinstance(focused, QLineEdit | QPlainTextEdit)
        seen.append((focused.objectName(), _selected(focused)))
    assert seen == [("field_title", "[year]"), ("field_situation", "[how many?]"),
                    ("field_action", "[which part?]"), ("field_title", "[year]")]
    qtbot.keyClick(editor.focusWidget(), Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert (editor.focusWidget().objectName(), _selected(editor.field_input("action"))) == (
        "field_action", "[which part?]")
    # Typing replaces the selected blank: the way to fill it in.
    qtbot.keyClicks(editor.focusWidget(), "the ledger")
    assert editor.fields()["action"] == "Split the work.\nPaired the teams on the ledger."


def test_f3_without_blanks_leaves_the_cursor_alone(qtbot: QtBot, col: Collection) -> None:
    editor = QuietEditor(col, AppEvents(), deck="Prep")
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.next_blank()


def test_a_signals_answer_field_is_labelled_why_it_matters(qtbot: QtBot, col: Collection) -> None:
    col.add_notes([NoteDraft("concept", {"term": "Names the trade-off", "definition": "Shows judgement."},
                             ("competency", "signal"))], deck="Values")
    note_id = col.browse_rows(col.search("kind:concept"))[0].note_id
    editor = QuietEditor(col, AppEvents(), note_id=note_id)
    qtbot.addWidget(editor)
    assert editor.field_input("definition").accessibleName() == "Why it matters"
