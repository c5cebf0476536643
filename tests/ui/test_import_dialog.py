"""The import dialog: preview per file, errors excluded, import in the background, summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import DATA, SEEDS
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.import_dialog import COLUMNS, ImportDialog
from flashdeck.ui.import_worker import parse_file

pytestmark = pytest.mark.gui

CSV = DATA / "csv" / "with_header.csv"
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
    assert "41 would be added" in dialog.details.toPlainText()
    assert "Blanks to fill in:" in dialog.details.toPlainText()

    changes: list[str] = []
    events.changed.connect(changes.append)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as finished:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    reports = finished.args[0]
    assert [r.added for r in reports] == [3, 41]
    assert sorted(col.deck_names()) == sorted(r.deck for r in reports)
    assert col.store.scalar("SELECT count(*) FROM notes") == 44
    assert dialog.summary.text() == "Imported 2 files: 44 added, 0 updated, 0 unchanged."
    assert [_cell(dialog, r, "Status") for r in range(2)] == ["Imported", "Imported"]
    assert "notes" in changes
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


def test_parse_file_reports_missing_files(tmp_path: Path) -> None:
    from flashdeck.core.notes import ImportFormatError

    with pytest.raises(ImportFormatError, match=r"nope\.csv"):
        parse_file(str(tmp_path / "nope.csv"), None)
