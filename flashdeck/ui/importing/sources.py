"""Where the import dialog's documents come from: the file chooser, dropped files and folders, the clipboard.

A mixin of :class:`~flashdeck.ui.importing.dialog.ImportDialog` (it uses the dialog's
entries and rows). Pasted text, or the HTML of a copied web page, is read like a
file by ``flashdeck.readers.read_bytes``.
"""

from __future__ import annotations

import os
from itertools import count
from pathlib import Path
from typing import cast

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from flashdeck.collection.formats import chooser_filters
from flashdeck.ui.importing.files import FilesTable
from flashdeck.ui.importing.worker import FileEntry

__all__ = ["DocumentSources"]


class DocumentSources:
    """Adding documents to the dialog (a plain mixin: the dialog is the QWidget and provides what is declared
    here; two QWidget bases in one class crash PySide)."""

    entries: list[FileEntry]
    table: FilesTable
    summary: QLabel
    _keys: count[int]
    _importing: bool

    def _add_row(self, entry: FileEntry) -> None:
        raise NotImplementedError

    def _parse(self, entries: list[FileEntry]) -> None:
        raise NotImplementedError

    def _refresh_controls(self) -> None:
        raise NotImplementedError

    def choose_files(self) -> list[str]:
        """Ask for files (tests override)."""
        from flashdeck.ui.window_fit import last_import_folder

        paths, _filter = QFileDialog.getOpenFileNames(
            cast(QWidget, self), "Choose files to import", last_import_folder(), chooser_filters())
        return paths

    def _choose(self) -> None:
        if not self._importing:
            self.add_paths(self.choose_files())

    def add_paths(self, paths: list[str]) -> None:
        """Add files (folders add the files in them) and start previewing them."""
        from flashdeck.ui.window_fit import remember_import_folder

        remember_import_folder(paths)  # the next "Choose files" opens where these came from
        known = {e.path for e in self.entries}
        added: list[FileEntry] = []
        for raw in paths:
            path = os.path.abspath(raw)
            candidates = ([str(p) for p in sorted(Path(path).iterdir()) if p.is_file() and not p.name.startswith(".")]
                          if os.path.isdir(path) else [path])
            for candidate in candidates:
                if candidate not in known:
                    known.add(candidate)
                    added.append(FileEntry(next(self._keys), candidate))
        if not added:
            return
        self.entries += added
        self.summary.clear()
        for entry in added:
            self._add_row(entry)
        self._parse(added)
        if self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._refresh_controls()

    def paste(self) -> None:
        """Ctrl+V: the clipboard's text, or the web page it holds (HTML), becomes a document to import."""
        if not self._importing:
            self.add_clipboard(QGuiApplication.clipboard().mimeData())

    def add_clipboard(self, mime: QMimeData | None) -> None:
        """Add what ``mime`` holds: HTML when there is some (headings and lists survive), else its text."""
        if mime is None:
            return
        if mime.hasHtml() and mime.html().strip():
            data, kind = mime.html().encode("utf-8"), "HTML"
        elif mime.hasText() and mime.text().strip():
            data, kind = mime.text().encode("utf-8"), "text"
        else:
            self.summary.setText("The clipboard holds no text to import.")
            return
        pasted = sum(1 for e in self.entries if e.data is not None)
        label = f"Pasted {kind}" + (f" ({pasted + 1})" if pasted else "")
        entry = FileEntry(next(self._keys), "<clipboard>", data=data, label=label, html=kind == "HTML")
        self.entries.append(entry)
        self.summary.clear()
        self._add_row(entry)
        self._parse([entry])
        self.table.selectRow(len(self.entries) - 1)
        self._refresh_controls()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self._importing and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._importing and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and not self._importing:
            event.acceptProposedAction()
            self.add_paths(paths)
