"""Settings → Speech recognition: which model analyses rehearsals, and downloading a larger one with consent.

Nothing is downloaded unless the user asks: the dialog says what (size, source,
where it goes) before the Download button does anything, shows progress, and
can be cancelled. The files are checked against their checksums
(``flashdeck.analysis.download``); the model is used only once it is complete.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flashdeck.analysis.models import BUNDLED, CATALOGUE, ModelSpec, default_models_dir, is_installed
from flashdeck.ui.widgets import named

__all__ = ["ModelDownloadDialog", "SpeechModelBox"]


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


class _DownloadThread(QThread):
    progressed = Signal(float, float)  # done, total (bytes; floats: past 2 GB an int signal overflows)
    succeeded = Signal(str)
    errored = Signal(str)

    def __init__(self, spec: ModelSpec, models_dir: Path, base_url: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec, self.models_dir, self.base_url = spec, models_dir, base_url
        self.cancel_event = threading.Event()

    def run(self) -> None:
        from flashdeck.analysis.download import DownloadCancelled, download_model

        try:
            folder = download_model(self.spec, self.models_dir, base_url=self.base_url,
                                    progress=lambda d, t: self.progressed.emit(float(d), float(t)),
                                    cancelled=self.cancel_event.is_set)
        except DownloadCancelled:
            self.errored.emit("Download cancelled: nothing was installed.")
        except Exception as exc:  # every failure becomes one line for the user
            self.errored.emit(str(exc) or type(exc).__name__)
        else:
            self.succeeded.emit(str(folder))


class ModelDownloadDialog(QDialog):
    """Asks before downloading ``spec``; ``downloaded(name)`` once it is installed and verified."""

    downloaded = Signal(str)

    def __init__(self, spec: ModelSpec, parent: QWidget | None = None, *, models_dir: Path | None = None,
                 base_url: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelDownload")
        self.setWindowTitle(f"Download the {spec.name} speech model")
        self.spec, self.base_url = spec, base_url
        self.models_dir = models_dir or default_models_dir()
        host = urlsplit(base_url or spec.base_url).netloc or "the model's source"
        self.message = named(QLabel(
            f"<b>{spec.label}</b><br>About {_mb(spec.download_size)} from {host}, saved in "
            f"{self.models_dir / spec.name}.<br>Each file is checked against its published checksum; the model is "
            "used only once it is complete. Your recordings never leave this computer.", self), "downloadMessage")
        self.message.setWordWrap(True)
        self.progress = named(QProgressBar(self), "downloadProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = named(QLabel("", self), "downloadStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.download_button = named(self.buttons.addButton("Download", QDialogButtonBox.ButtonRole.AcceptRole),
                                     "startDownload")
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "cancelDownload")
        self.download_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._thread: _DownloadThread | None = None
        self.setMinimumWidth(560)
        self.message.setMinimumHeight(self.message.heightForWidth(520))  # the whole consent text, never clipped

    def start(self) -> None:
        if self._thread is not None:
            return
        self.download_button.setEnabled(False)
        self.status.setText("Downloading…")
        thread = _DownloadThread(self.spec, self.models_dir, self.base_url, self)
        thread.progressed.connect(self._progressed)
        thread.succeeded.connect(self._succeeded)
        thread.errored.connect(self._failed)
        thread.finished.connect(self._ended)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Cancel stops a download in progress; otherwise it closes the dialog."""
        if self._thread is not None:
            self._thread.cancel_event.set()
        else:
            self.reject()

    def _progressed(self, done: float, total: float) -> None:
        self.progress.setValue(round(1000 * done / total) if total else 0)
        self.status.setText(f"{_mb(int(done))} of {_mb(int(total))}")

    def _succeeded(self, _folder: str) -> None:
        self.progress.setValue(1000)
        self.status.setText(f"{self.spec.name} is installed and verified.")
        self.downloaded.emit(self.spec.name)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.download_button.setEnabled(True)
        self.download_button.setText("Try again")

    def _ended(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        if self.progress.value() == 1000:
            self.cancel_button.setText("Close")

    def done(self, result: int) -> None:
        if self._thread is not None:  # closing mid-download cancels it and waits for the thread
            self._thread.cancel_event.set()
            self._thread.wait()
        super().done(result)


class SpeechModelBox(QGroupBox):
    """The model rehearsals are analysed with; a larger one can be downloaded from here."""

    def __init__(self, chosen: str | None, parent: QWidget | None = None, *, models_dir: Path | None = None,
                 base_url: str | None = None, catalogue: dict[str, ModelSpec] | None = None) -> None:
        super().__init__("Speech recognition", parent)
        self.models_dir, self.base_url = models_dir, base_url
        self.catalogue = catalogue or dict(CATALOGUE)
        self.combo = named(QComboBox(self), "speechModel")
        for spec in self.catalogue.values():
            self.combo.addItem(spec.label, spec.name)
        self.combo.setCurrentIndex(max(0, self.combo.findData(chosen or BUNDLED.name)))
        self.status = named(QLabel("", self), "speechModelStatus")
        self.status.setProperty("role", "muted")
        self.download = named(QPushButton("&Download…", self), "downloadModel")
        self.download.setAutoDefault(False)
        self.download.clicked.connect(self.open_download)
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addWidget(self.download)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.combo.currentIndexChanged.connect(self._refresh)
        self.dialog: ModelDownloadDialog | None = None
        self._refresh()

    def chosen(self) -> str:
        return str(self.combo.currentData())

    def chosen_spec(self) -> ModelSpec:
        return self.catalogue[self.chosen()]

    def ready(self) -> bool:
        """Whether the chosen model is installed and verified (only then can it be saved as the choice)."""
        spec = self.chosen_spec()
        return not spec.base_url or is_installed(spec, self.models_dir)

    def _refresh(self) -> None:
        spec = self.chosen_spec()
        installed = self.ready()
        self.download.setVisible(not installed)
        if not spec.base_url:
            self.status.setText("Installed with the app. Analyses take about a twentieth of the answer's length.")
        elif installed:
            self.status.setText("Downloaded and verified.")
        else:
            self.status.setText(f"Not downloaded yet ({_mb(spec.download_size)}): nothing is fetched unless you "
                                "choose Download.")

    def open_download(self) -> ModelDownloadDialog:
        self.dialog = ModelDownloadDialog(self.chosen_spec(), self, models_dir=self.models_dir,
                                          base_url=self.base_url)
        self.dialog.downloaded.connect(lambda _name: self._refresh())
        self.dialog.open()
        return self.dialog
