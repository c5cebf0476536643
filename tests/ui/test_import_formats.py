"""The import dialog's format box is the registry, Anki packages included, and forcing a package reads one."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.collection.apkg_write import export_apkg
from flashdeck.collection.formats import format_names
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.events import AppEvents
from flashdeck.ui.importing.dialog import COLUMNS, ImportDialog

pytestmark = pytest.mark.gui


def test_the_format_box_is_the_registry_and_forces_a_package(qtbot: QtBot, col: Collection, tmp_path: Path) -> None:
    with Collection.open(tmp_path / "source.db") as source:
        source.add_notes([NoteDraft("basic", {"front": f"q{i}", "back": "a"}) for i in range(4)], deck="Prep")
        export_apkg(source, "Prep", tmp_path / "prep.apkg")
    package = tmp_path / "prep.download"  # a browser's name: the suffix says nothing
    (tmp_path / "prep.apkg").rename(package)
    dialog = ImportDialog(col, AppEvents(), [str(package)])
    qtbot.addWidget(dialog)
    box = dialog.format_combo
    assert [box.itemData(i) for i in range(box.count())] == [None, *format_names()]
    assert [box.itemText(i) for i in range(1, box.count())] == format_names()

    def cell(column: str) -> str:
        return dialog.table.item(0, COLUMNS.index(column)).text()

    qtbot.waitUntil(lambda: dialog.entries[0].status not in ("Reading…", "Importing…"))
    dialog.table.selectRow(0)
    box.setCurrentIndex(box.findData("apkg"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: cell("Format") == "apkg (forced)" and cell("Status") == "Ready")
    assert cell("Add") == "4"
