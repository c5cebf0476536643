"""The recording row of the Rehearse screen: on/off, the input device, a level meter, the microphone's status.

With no input device the row says so and stays disabled; the timer works without it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from flashdeck.ui.rehearse.level_meter import LevelMeter
from flashdeck.ui.rehearse.recorder import Recorder
from flashdeck.ui.widgets import named

__all__ = ["RecordPanel"]


class RecordPanel(QWidget):
    """Whether the next attempt is recorded, and from which input."""

    def __init__(self, recorder: Recorder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recorder = recorder
        self.button = named(QPushButton("● Recording on", self), "recordToggle")
        self.button.setCheckable(True)
        self.button.setToolTip("Record each attempt (M)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.device = named(QComboBox(self), "inputDevice")
        self.device.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.meter = LevelMeter(self)
        self.meter.setMinimumWidth(160)
        self.status = named(QLabel("", self), "micStatus")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.device)
        row.addWidget(self.meter, 1)
        row.addWidget(self.status, 2)
        self.button.toggled.connect(self._toggled)
        self.device.currentIndexChanged.connect(self._device_chosen)
        recorder.levelChanged.connect(self.meter.set_level)
        recorder.finished.connect(self._quiet)
        recorder.failed.connect(self._quiet)
        self.refresh_devices()

    @property
    def armed(self) -> bool:
        """Whether the next attempt will be recorded."""
        return self.button.isEnabled() and self.button.isChecked()

    def refresh_devices(self) -> None:
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem("Default microphone", None)
        for device_id, description in self.recorder.input_devices():
            self.device.addItem(description, device_id)
        self.device.blockSignals(False)
        available = self.recorder.available()
        self.button.setEnabled(available)
        self.device.setEnabled(available)
        self.button.setChecked(available)
        self._toggled(available)
        self.status.setText("" if available else self.recorder.unavailable_reason())

    def toggle(self) -> None:
        """The M key."""
        if self.button.isEnabled():
            self.button.setChecked(not self.button.isChecked())
        else:
            self.status.setText(self.recorder.unavailable_reason())

    def _toggled(self, on: bool) -> None:
        self.button.setText("● Recording on" if on else "○ Recording off")
        if self.recorder.available():
            self.status.setText("" if on else "Attempts are timed, not recorded.")

    def _device_chosen(self, _index: int) -> None:
        self.recorder.set_device(self.device.currentData())

    def _quiet(self, _message: str = "") -> None:
        self.meter.set_level(0.0)
