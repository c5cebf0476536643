"""The import dialog: preview per document, corrections before writing, paste, errors excluded, summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import DATA, SEEDS
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.collection.formats import read_document
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS
from flashdeck.ui.events import AppEvents
from flashdeck.ui.importing.dialog import COLUMNS, ImportDialog
from flashdeck.ui.importing.notes import NOTE_COLUMNS
from flashdeck.ui.importing.worker import parse_entry

pytestmark = pytest.mark.gui

CSV = DATA / "csv" / "with_header.csv"
PITCH = DATA / "pitch" / "why_this_company.md"
STORY = DATA / "star" / "en_dash_labels.txt"
QA = DATA / "questions" / "qa_prep_sheet.txt"
PLAYBOOK = SEEDS / "002_02a86573ada4a25d.txt"
BROKEN = DATA / "csv" / "bad_one_column.csv"


class ScriptedImport(ImportDialog):
    """The dialog with its file chooser answered in advance."""

    chosen: list[str] = []  # noqa: RUF012 - set per test

    def choose_files(self) -> list[str]:
        return self.chosen


def _dialog(qtbot: QtBot, col: Collection, paths: list[str] | None = None) -> tuple[ScriptedImport, AppEvents]:
    events = AppEvents()
    dialog = ScriptedImport(col, events, paths or [])
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog, events


def _cell(dialog: ImportDialog, row: int, column: str) -> str:
    return dialog.table.item(row, COLUMNS.index(column)).text()


def _previewed(dialog: ImportDialog) -> bool:
    return all(e.status not in ("Reading…", "Importing…") for e in dialog.entries)


@pytest.mark.seed_docs
def test_preview_matches_a_dry_run_and_import_writes(qtbot: QtBot, col: Collection) -> None:
    dialog, events = _dialog(qtbot, col)
    assert not dialog.import_button.isEnabled()
    dialog.add_paths([str(CSV), str(PLAYBOOK)])
    qtbot.waitUntil(lambda: _previewed(dialog))
    for row, path in enumerate((CSV, PLAYBOOK)):
        expected = col.import_file(path, dry_run=True)
        assert _cell(dialog, row, "File") == path.name
        assert _cell(dialog, row, "Format") == expected.format
        assert _cell(dialog, row, "Deck") == expected.deck
        assert [_cell(dialog, row, c) for c in ("Add", "Update", "Same", "Missing", "Warnings", "Blanks")] == [
            str(n) for n in (expected.added, expected.updated, expected.unchanged, len(expected.missing),
                             len(expected.warnings), sum(expected.blanks.values()))]
        assert _cell(dialog, row, "Status") == "Ready"
    assert col.deck_names() == []  # a preview writes nothing
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    # 41 notes of the kinds a playbook has, 38 of advice no kind holds (kept, and listed line by line).
    assert "79 would be added" in dialog.details.toPlainText()
    assert "Blanks to fill in (" in dialog.details.toPlainText()
    assert "Lines with no field of their own (kept where shown)" in dialog.details.toPlainText()
    assert dialog.notes.table.rowCount() == 79

    changes: list[Changes] = []
    events.changed.connect(lambda what, _initiator: changes.append(what))
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as finished:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    reports = finished.args[0]
    assert [r.added for r in reports] == [3, 79]
    assert sorted(col.deck_names()) == sorted(r.deck for r in reports)
    assert col.store.scalar("SELECT count(*) FROM notes") == 82
    assert dialog.summary.text() == "Imported 2 files: 82 added, 0 updated, 0 unchanged."
    assert [_cell(dialog, r, "Status") for r in range(2)] == ["Imported", "Imported"]
    assert changes == [Changes(notes=True, cards=True, decks=True)]  # one broadcast for the whole batch
    assert not dialog.import_button.isEnabled()
    # The same files again: everything is unchanged.
    dialog.remove_selected()
    dialog.remove_selected()
    dialog.add_paths([str(CSV)])
    qtbot.waitUntil(lambda: _previewed(dialog))
    assert _cell(dialog, 0, "Same") == "3" and _cell(dialog, 0, "Add") == "0"


def test_a_broken_file_shows_file_and_line_and_is_excluded(qtbot: QtBot, col: Collection) -> None:
    dialog, _events = _dialog(qtbot, col, [str(BROKEN), str(CSV)])
    qtbot.waitUntil(lambda: _previewed(dialog))
    # The message spans the row from the Format column on.
    assert _cell(dialog, 0, "Format").startswith("Excluded: bad_one_column.csv:5: only one column")
    assert dialog.table.columnSpan(0, COLUMNS.index("Format")) == len(COLUMNS) - 1
    assert "bad_one_column.csv:5: only one column" in dialog.table.item(0, COLUMNS.index("Format")).toolTip()
    dialog.table.selectRow(0)
    assert "bad_one_column.csv:5: only one column" in dialog.details.toPlainText()
    assert "excluded" in dialog.details.toPlainText()
    with qtbot.waitSignal(dialog.import_finished) as finished:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(finished.args[0]) == 1
    assert col.deck_names() == ["with_header"]
    assert "Not imported (errors): bad_one_column.csv" in dialog.summary.text()


def test_forcing_a_format_and_a_deck(qtbot: QtBot, col: Collection) -> None:
    dialog, _events = _dialog(qtbot, col, [str(CSV)])
    qtbot.waitUntil(lambda: _previewed(dialog))
    dialog.table.selectRow(0)
    # As an outline the CSV is something else entirely; the preview follows the choice.
    dialog.format_combo.setFocus()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("outline"))
    dialog.format_combo.activated.emit(dialog.format_combo.currentIndex())
    qtbot.waitUntil(lambda: _previewed(dialog) and _cell(dialog, 0, "Format") == "outline (forced)")
    expected = col.import_file(CSV, fmt="outline", dry_run=True)
    assert _cell(dialog, 0, "Add") == str(expected.added)
    dialog.format_combo.setCurrentIndex(0)
    dialog.format_combo.activated.emit(0)
    qtbot.waitUntil(lambda: _previewed(dialog) and _cell(dialog, 0, "Format") == "csv")
    dialog.deck_combo.setFocus()
    qtbot.keyClicks(dialog.deck_combo.lineEdit(), "Cards")
    qtbot.waitUntil(lambda: _cell(dialog, 0, "Deck") == "Cards")
    with qtbot.waitSignal(dialog.import_finished):
        dialog.start_import()
    assert col.deck_names() == ["Cards"]


def test_choose_and_drop_files(qtbot: QtBot, col: Collection, tmp_path: Path) -> None:
    dialog, _events = _dialog(qtbot, col)
    dialog.chosen = [str(CSV)]
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert [e.name for e in dialog.entries] == ["with_header.csv"]
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(DATA / "csv" / "semicolon.csv", folder)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(CSV))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert [e.name for e in dialog.entries] == ["with_header.csv", "semicolon.csv"]  # no duplicates
    qtbot.waitUntil(lambda: _previewed(dialog))
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert [e.name for e in dialog.entries] == ["with_header.csv"]


def test_parse_entry_reports_missing_files(tmp_path: Path) -> None:
    from flashdeck.core.notes import ImportFormatError

    with pytest.raises(ImportFormatError, match=r"nope\.csv"):
        parse_entry(str(tmp_path / "nope.csv"), None)


def _note_cell(dialog: ImportDialog, row: int, column: str) -> str:
    return dialog.notes.table.item(row, NOTE_COLUMNS.index(column)).text()


def test_the_preview_corrected_is_what_is_written(qtbot: QtBot, col: Collection) -> None:
    """Leave a note out (Space), change a note's kind (Alt+K), name the deck (Alt+D): nothing is written
    until Import, and then exactly that."""
    dialog, _events = _dialog(qtbot, col, [str(PITCH)])
    qtbot.waitUntil(lambda: _previewed(dialog))
    titles = [_note_cell(dialog, r, "Title") for r in range(dialog.notes.table.rowCount())]
    assert titles[0] == "Why Lumen Health?" and _note_cell(dialog, 0, "Kind") == "Pitch"
    assert _cell(dialog, 0, "Add") == str(len(titles))
    # Space on the second note leaves it out; its row stays, unticked.
    dialog.notes.table.setFocus()
    dialog.notes.table.selectRow(1)
    qtbot.keyClick(dialog.notes.table, Qt.Key.Key_Space)
    assert _note_cell(dialog, 1, "Import will") == "Left out"
    assert dialog.notes.table.item(1, 0).checkState() == Qt.CheckState.Unchecked
    assert _cell(dialog, 0, "Add") == str(len(titles) - 1)
    # The third note becomes a basic card: its title is its front, its facts its back.
    dialog.notes.table.selectRow(2)
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert dialog.notes.kind_combo.hasFocus()
    dialog.notes.kind_combo.setCurrentIndex(dialog.notes.kind_combo.findData("basic"))
    dialog.notes.kind_combo.activated.emit(dialog.notes.kind_combo.currentIndex())
    assert _note_cell(dialog, 2, "Kind") == "Basic"
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(dialog.deck_combo.lineEdit(), "Lumen onsite")
    qtbot.waitUntil(lambda: _cell(dialog, 0, "Deck") == "Lumen onsite")
    assert col.deck_names() == [] and col.store.scalar("SELECT count(*) FROM notes") == 0
    with qtbot.waitSignal(dialog.import_finished):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert col.deck_names() == ["Lumen onsite"]
    stored = col.store.fetchall("SELECT kind, title, fields FROM notes ORDER BY id")
    assert [t for _k, t, _f in stored] == [t for n, t in enumerate(titles) if n != 1]
    assert stored[1][0] == "basic" and "clinic finder" not in stored[1][2] and "outage" in stored[1][1]
    assert stored[1][2].count("March 2025") == 1  # the facts went to the back


def test_ctrl_v_imports_the_clipboard_text(qtbot: QtBot, col: Collection) -> None:
    dialog, _events = _dialog(qtbot, col)
    QGuiApplication.clipboard().setText(QA.read_text(encoding="utf-8"))
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [e.name for e in dialog.entries] == ["Pasted text"]
    qtbot.waitUntil(lambda: _previewed(dialog))
    assert _cell(dialog, 0, "Format") == "questions"
    assert _cell(dialog, 0, "Deck") == "Onsite prep - Harbourline Logistics (platform team)"  # its first line
    expected = col.import_data(QA.read_bytes(), source="<clipboard>", dry_run=True)
    assert _cell(dialog, 0, "Add") == str(expected.added)
    with qtbot.waitSignal(dialog.import_finished) as finished:
        dialog.start_import()
    assert finished.args[0][0].added == expected.added
    assert "Why are you leaving Fleetwise?" in {t for (t,) in col.store.fetchall("SELECT title FROM notes")}


# What a browser puts on the clipboard when part of a page is copied: headings, a list, a paragraph.
PASTED_PAGE = ('<meta charset="utf-8"><h2>Onsite questions</h2><ul><li>Why do you want this role?</li>'
               "<li>What is your biggest weakness?</li><li>How do you handle a missed deadline?</li></ul>"
               "<h2>Why Acme</h2><ul><li>They ship every week</li><li>They publish their post-mortems</li></ul>")


def _preview_notes(dialog: ImportDialog) -> list[tuple[str, str]]:
    return [(_note_cell(dialog, r, "Kind"), _note_cell(dialog, r, "Title"))
            for r in range(dialog.notes.table.rowCount())]


@pytest.mark.parametrize("html", [PASTED_PAGE,
                                  # list items selected without their list: HTML all the same
                                  "<li>Why do you want this role?</li><li>What is your biggest weakness?</li>"
                                  "<li>How do you handle a missed deadline?</li>"],
                         ids=["headings-and-lists", "bare-list-items"])
def test_pasted_html_is_read_like_a_file_through_read_bytes(
        html: str, qtbot: QtBot, col: Collection, tmp_path: Path) -> None:
    """HTML on the clipboard (a copied web page) goes to the HTML reader: its headings and list items become
    the notes the same page saved as an .html file gives (not the plain-text fallback the clipboard also holds)."""
    page = tmp_path / "copied.html"
    page.write_text(html, encoding="utf-8")
    expected = [(KINDS[n.kind].label, n.title) for n in read_document(str(page)).notes]
    assert (KINDS["question"].label, "What is your biggest weakness?") in expected  # a question note an item
    dialog, _events = _dialog(qtbot, col)
    mime = QMimeData()
    mime.setHtml(html)
    mime.setText("Why do you want this role? What is your biggest weakness? How do you handle a missed deadline?")
    dialog.add_clipboard(mime)
    assert [e.name for e in dialog.entries] == ["Pasted HTML"]
    assert dialog.entries[0].html and dialog.entries[0].data == html.encode("utf-8")
    qtbot.waitUntil(lambda: _previewed(dialog))
    assert _cell(dialog, 0, "Format") == "questions"
    assert _preview_notes(dialog) == expected
    empty = QMimeData()
    dialog.add_clipboard(empty)
    assert len(dialog.entries) == 1 and "no text" in dialog.summary.text()


def test_an_edit_made_in_the_app_is_listed_and_kept_unless_the_file_version_is_chosen(
        qtbot: QtBot, col: Collection, tmp_path: Path) -> None:
    story = tmp_path / "deadline.txt"
    story.write_text(STORY.read_text(encoding="utf-8"), encoding="utf-8")
    col.import_file(story)
    note_id = col.store.scalar("SELECT id FROM notes")
    fields = col.note(note_id).fields
    col.update_note(note_id, {**fields, "result": "Refunds in two days; renewed for three years."})
    dialog, _events = _dialog(qtbot, col, [str(story)])
    qtbot.waitUntil(lambda: _previewed(dialog))
    assert _note_cell(dialog, 0, "Import will") == "Leave as is, keeps your edit"
    details = dialog.details.toPlainText()
    assert "Edited in the app since the last import (1):" in details and "your edit kept (Result)" in details
    dialog.notes.table.selectRow(0)
    assert dialog.notes.replace_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert _note_cell(dialog, 0, "Import will") == "Update, replaces your edit"
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # and back: the default
    assert _note_cell(dialog, 0, "Import will") == "Leave as is, keeps your edit"
    with qtbot.waitSignal(dialog.import_finished):
        dialog.start_import()
    assert col.note(note_id).fields["result"] == "Refunds in two days; renewed for three years."
