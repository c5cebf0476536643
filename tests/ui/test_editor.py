"""The note editor: add a note of any kind, edit one, live preview, unsaved-edit guard."""

from __future__ import annotations

import json

import pytest
from helpers import basic_notes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.core.changes import Changes
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating
from flashdeck.ui.browse.editor import NoteEditor, parse_tags
from flashdeck.ui.events import AppEvents

pytestmark = pytest.mark.gui


class ScriptedEditor(NoteEditor):
    """The editor with its questions answered in advance (no modal boxes in tests)."""

    discard_answer = True
    replace_answer = False
    asked: list[str]

    def confirm_discard(self) -> bool:
        self.asked = [*getattr(self, "asked", []), "discard"]
        return self.discard_answer

    def confirm_replace(self, title: str, deck: str) -> bool:
        self.asked = [*getattr(self, "asked", []), f"replace {title} in {deck}"]
        return self.replace_answer


def _editor(qtbot: QtBot, col: Collection, **kwargs: object) -> tuple[ScriptedEditor, AppEvents]:
    events = AppEvents()
    editor = ScriptedEditor(col, events, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):  # window shortcuts (Ctrl+Enter) reach only the active window
        editor.show()
        editor.activateWindow()
    return editor, events


def _type(qtbot: QtBot, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _note_rows(col: Collection) -> list[tuple[object, ...]]:
    return col.store.fetchall("SELECT id, kind, fields, tags, deck_id FROM notes ORDER BY id")


def test_adds_a_story_with_its_fields(qtbot: QtBot, col: Collection) -> None:
    editor, events = _editor(qtbot, col, deck="Stories")
    editor.kind_combo.setFocus()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("story"))
    assert editor.findChild(QLineEdit, "field_title") is not None
    assert editor.findChild(QPlainTextEdit, "field_situation") is not None
    _type(qtbot, editor.field_input("title"), "Migrated billing")
    _type(qtbot, editor.field_input("situation"), "Legacy billing failed nightly")
    _type(qtbot, editor.field_input("result"), "Cut failures by [how much?]")
    _type(qtbot, editor.field_input("use_for"), "Tell me about a hard migration")
    _type(qtbot, editor.tags_edit, "migration, ownership")
    with qtbot.waitSignals([events.changed, editor.accepted]):
        qtbot.keyClick(editor.field_input("result"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    rows = _note_rows(col)
    assert len(rows) == 1
    _id, kind, fields, tags, _deck = rows[0]
    assert kind == "story"
    assert json.loads(str(fields)) == {"title": "Migrated billing", "situation": "Legacy billing failed nightly",
                                       "result": "Cut failures by [how much?]",
                                       "use_for": "Tell me about a hard migration"}
    assert str(tags).split() == ["migration", "ownership"]
    assert col.deck_names() == ["Stories"]
    assert editor.note_id == rows[0][0]
    # "Tell the story" and "Which story" exist; "Result metric" needs the anchor.
    assert len(col.search(f"note:{editor.note_id}")) == 2


def test_preview_updates_as_you_type_and_marks_blanks(qtbot: QtBot, col: Collection) -> None:
    editor, _events = _editor(qtbot, col, kind="story", deck="Stories")
    _type(qtbot, editor.field_input("title"), "Scaled the pager rota")
    qtbot.waitUntil(lambda: "Scaled the pager rota" in editor.preview.plain_text())
    assert "Tell the story" in editor.preview.plain_text()
    _type(qtbot, editor.field_input("situation"), "On-call burned out [team size?]")
    qtbot.waitUntil(lambda: "[team size?]" in editor.preview.plain_text())
    assert "background-color:#fff3b0" in editor.preview.toHtml()  # the blank is highlighted
    assert editor.blanks_label.text() == "1 blank to fill in — F3 selects the next"
    assert editor.blanks_label.isVisible()
    # Another card of the note, chosen from the keyboard.
    editor.card_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Which story answers" in editor.preview.plain_text())
    assert "appears once Use for is filled in" in editor.preview.plain_text()


def test_edits_a_note_without_touching_its_cards(qtbot: QtBot, col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(2), deck="Basics")
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.GOOD)
    before = col.store.fetchall("SELECT * FROM cards ORDER BY id")
    editor, events = _editor(qtbot, col, note_id=card.note_id)
    assert not editor.kind_combo.isEnabled() and not editor.deck_combo.isEnabled()
    assert editor.deck() == "Basics"
    back = editor.field_input("back")
    assert isinstance(back, QPlainTextEdit)
    assert back.toPlainText() == "Q0 back"
    back.selectAll()
    _type(qtbot, back, "A better answer")
    with qtbot.waitSignal(events.changed) as signal:
        qtbot.keyClick(back, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == [Changes(notes=True), editor]
    assert col.note(card.note_id).fields == {"front": "Q0 front", "back": "A better answer"}
    assert col.store.fetchall("SELECT * FROM cards ORDER BY id") == before
    assert not editor.isVisible()


def test_escape_with_unsaved_edits_asks_first(qtbot: QtBot, col: Collection) -> None:
    editor, _events = _editor(qtbot, col)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not editor.isVisible() and not hasattr(editor, "asked")
    editor, _events = _editor(qtbot, col)
    _type(qtbot, editor.field_input("front"), "Half a thought")
    editor.discard_answer = False
    qtbot.keyClick(editor.field_input("front"), Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.asked == ["discard"]
    editor.discard_answer = True
    qtbot.keyClick(editor.field_input("front"), Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert _note_rows(col) == []


def test_missing_title_is_shown_and_nothing_saved(qtbot: QtBot, col: Collection) -> None:
    editor, _events = _editor(qtbot, col, kind="question", deck="Questions")
    _type(qtbot, editor.field_input("asking"), "Ownership")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.isVisible()
    assert editor.error_label.isVisible() and "Prompt" in editor.error_label.text()
    assert _note_rows(col) == []


def test_same_title_in_the_same_deck_is_not_overwritten_silently(qtbot: QtBot, col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="Basics")
    editor, _events = _editor(qtbot, col, deck="Basics")
    _type(qtbot, editor.field_input("front"), "Q0 front")
    _type(qtbot, editor.field_input("back"), "Replacement")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.asked == ["replace Q0 front in Basics"]
    assert editor.isVisible() and "already in Basics" in editor.error_label.text()
    assert col.note(int(_note_rows(col)[0][0])).fields["back"] == "Q0 back"
    editor.replace_answer = True
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    rows = _note_rows(col)
    assert len(rows) == 1 and json.loads(str(rows[0][2]))["back"] == "Replacement"


def test_a_new_deck_name_makes_a_deck(qtbot: QtBot, col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="Basics")
    editor, events = _editor(qtbot, col, kind="pitch")
    assert editor.deck() == "Basics"
    editor.deck_combo.setFocus()
    editor.deck_combo.lineEdit().selectAll()
    qtbot.keyClicks(editor.deck_combo.lineEdit(), "Pitches")
    _type(qtbot, editor.field_input("label"), "30-second pitch")
    changes: list[Changes] = []
    events.changed.connect(lambda what, _initiator: changes.append(what))
    with qtbot.waitSignal(editor.accepted):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert changes == [Changes(notes=True, cards=True, decks=True)]
    assert sorted(col.deck_names()) == ["Basics", "Pitches"]


def test_parse_tags() -> None:
    assert parse_tags(" star, leadership  star;amazon ") == ("star", "leadership", "amazon")
    assert parse_tags("") == ()
