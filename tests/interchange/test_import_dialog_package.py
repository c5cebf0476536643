"""The GUI import dialog previews and imports an Anki package, and excludes a broken one."""

from __future__ import annotations

from pathlib import Path

import pytest
from interchange.anki_builders import AnkiSource
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.importing.dialog import COLUMNS, ImportDialog

pytestmark = pytest.mark.gui


def _cell(dialog: ImportDialog, row: int, column: str) -> str:
    return dialog.table.item(row, COLUMNS.index(column)).text()


def test_package_preview_then_import(qtbot: QtBot, col: Collection, anki_source: AnkiSource,
                                     tmp_path: Path, db_path: Path) -> None:
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(b"PK\x03\x04 not really")
    dialog = ImportDialog(col, AppEvents(), [str(anki_source.packages["modern.apkg"]), str(broken)])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: all(e.status not in ("Reading…", "Importing…") for e in dialog.entries))
    assert _cell(dialog, 0, "Format") == "apkg"
    assert (_cell(dialog, 0, "Deck"), _cell(dialog, 0, "Add"), _cell(dialog, 0, "Status")) == (
        anki_source.deck, "5", "Ready")
    dialog.table.selectRow(0)
    assert "Anki package: 9 review(s) of history and 2 media file(s) would be imported." in \
        dialog.details.toPlainText()
    assert dialog.entries[1].error.startswith("broken.apkg: not an Anki package")
    assert col.store.scalar("SELECT count(*) FROM notes") == 0  # the preview wrote nothing
    with qtbot.waitSignal(dialog.import_finished, timeout=20_000) as finished:
        dialog.start_import()
    [report] = finished.args[0]
    assert (report.added, report.package["reviews_imported"]) == (5, 9)
    assert _cell(dialog, 0, "Status") == "Imported"
    assert col.stats().reviews == 9
    assert (db_path.parent / "media" / db_path.stem / "diagram.png").exists()
