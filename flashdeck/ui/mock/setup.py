"""The mock interview's first page: length, decks, grace, voice, follow-ups, sounds — and the offer to continue.

Every choice is a setting of the collection (``mock_*`` in its config), so the next
session starts as the last one did. An unfinished session (the app was closed, crashed
or killed mid-way) is offered first: Enter continues it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection, mocking
from flashdeck.core.mock import DEFAULT_GRACE_S
from flashdeck.ui.mock.voice import SCREEN, SPEAK
from flashdeck.ui.widgets import named

__all__ = ["SETTINGS", "MockSetup", "mock_settings"]

# Collection config keys and their defaults.
SETTINGS: dict[str, Any] = {"mock_count": 5, "mock_minutes": 0, "mock_grace_s": DEFAULT_GRACE_S, "mock_voice": SPEAK,
                            "mock_follow_ups": True, "mock_cues": True, "mock_decks": []}


def mock_settings(col: Collection) -> dict[str, Any]:
    return {key: col.get_config(key, default) for key, default in SETTINGS.items()}


class MockSetup(QWidget):
    """``start_requested()`` for a new session with these settings, ``resume_requested(session_id)``."""

    start_requested = Signal()
    resume_requested = Signal(int)
    home_requested = Signal()

    def __init__(self, col: Collection, voice_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.resumable: mocking.MockRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        title = named(QLabel("Mock interview", self), "mockSetupTitle")
        title.setProperty("role", "title")
        intro = QLabel("Questions are asked one after another and answered out loud against the clock. "
                       "Space ends an answer, Tab marks its beats; at the end you grade each answer with one key.",
                       self)
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(title)
        layout.addWidget(intro)

        self.resume_box = named(QWidget(self), "mockResume")
        resume_row = QHBoxLayout(self.resume_box)
        resume_row.setContentsMargins(0, 0, 0, 0)
        self.resume_label = named(QLabel("", self.resume_box), "mockResumeText")
        self.resume_label.setWordWrap(True)
        self.resume_button = named(QPushButton("Continue it", self.resume_box), "mockResumeButton")
        self.resume_button.setProperty("role", "primary")
        self.resume_button.clicked.connect(self._resume)
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.resume_button)
        layout.addWidget(self.resume_box)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.count = named(QSpinBox(self), "mockCount")
        self.count.setRange(1, 20)
        self.count.setSuffix(" questions")
        self.minutes = named(QSpinBox(self), "mockMinutes")
        self.minutes.setRange(0, 120)
        self.minutes.setSuffix(" minutes at most")
        self.minutes.setSpecialValueText("no time limit")
        self.minutes.setToolTip("Counted as each question's longest answer (its window's end plus the grace)")
        self.grace = named(QSpinBox(self), "mockGrace")
        self.grace.setRange(0, 120)
        self.grace.setSuffix(" s past the window")
        self.voice = named(QComboBox(self), "mockVoice")
        self.voice.addItem(f"Ask aloud ({voice_text})", SPEAK)
        self.voice.addItem("Show on screen only", SCREEN)
        self.follow_ups = named(QCheckBox("Ask an interviewer follow-up after a story", self), "mockFollowUps")
        self.cues = named(QCheckBox("A soft sound when the window opens and closes", self), "mockCues")
        self.decks = named(QListWidget(self), "mockDecks")
        self.decks.setMaximumHeight(170)
        for field in (self.count, self.minutes, self.grace, self.voice):
            field.setMaximumWidth(460)
        self.decks.setMaximumWidth(460)
        form.addRow("Length", self.count)
        form.addRow("", self.minutes)
        form.addRow("Grace", self.grace)
        form.addRow("Questions", self.voice)
        form.addRow("", self.follow_ups)
        form.addRow("", self.cues)
        form.addRow("Decks", self.decks)
        layout.addLayout(form)
        self.problem = named(QLabel("", self), "mockProblem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.hint = hint = named(QLabel("Enter to start · Esc home", self), "hint")
        self.home_button = QPushButton("Home", self)
        self.home_button.clicked.connect(self.home_requested)
        self.start_button = named(QPushButton("Start the interview", self), "mockStart")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self._start)
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.home_button)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """Show the stored settings, the decks, and an unfinished session if there is one."""
        settings = mock_settings(self.col)
        self.count.setValue(int(settings["mock_count"]))
        self.minutes.setValue(int(settings["mock_minutes"] or 0))
        self.grace.setValue(int(settings["mock_grace_s"]))
        self.voice.setCurrentIndex(max(0, self.voice.findData(settings["mock_voice"])))
        self.follow_ups.setChecked(bool(settings["mock_follow_ups"]))
        self.cues.setChecked(bool(settings["mock_cues"]))
        chosen = set(settings["mock_decks"] or [])
        self.decks.clear()
        for name in self.col.deck_names():
            item = QListWidgetItem(name, self.decks)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if not chosen or name in chosen else Qt.CheckState.Unchecked)
        self.problem.setText("")
        unfinished = mocking.unfinished_sessions(self.col)
        self.resumable = unfinished[0] if unfinished else None
        if self.resumable is not None:
            done = mocking.resume_position(self.col, self.resumable)
            total = len(self.resumable.questions)
            state = (f"{done} of {total} questions answered, every answer kept" if done < total
                     else f"all {total} questions answered, not all graded")
            self.resume_label.setText(f"An interview from {mocking.started_text(self.col, self.resumable)} was not "
                                      f"finished: {state}.")
            self.hint.setText("Enter to continue it · Esc home")
            self.start_button.setText("Start a new one")
            self.start_button.setProperty("role", "")
        else:
            self.hint.setText("Enter to start · Esc home")
            self.start_button.setText("Start the interview")
            self.start_button.setProperty("role", "primary")
        self.resume_box.setVisible(self.resumable is not None)
        self.start_button.style().polish(self.start_button)

    def chosen_decks(self) -> list[str]:
        """The ticked decks; none at all when every one is ticked (new decks then count too)."""
        items = [self.decks.item(i) for i in range(self.decks.count())]
        ticked = [i.text() for i in items if i is not None and i.checkState() == Qt.CheckState.Checked]
        return [] if len(ticked) == len(items) else ticked

    def save(self) -> dict[str, Any]:
        """Keep the choices as settings; returns them."""
        values = {"mock_count": self.count.value(), "mock_minutes": self.minutes.value(),
                  "mock_grace_s": self.grace.value(),
                  "mock_voice": self.voice.currentData(), "mock_follow_ups": self.follow_ups.isChecked(),
                  "mock_cues": self.cues.isChecked(), "mock_decks": self.chosen_decks()}
        for key, value in values.items():
            if self.col.get_config(key, SETTINGS[key]) != value:
                self.col.set_config(key, value)
        return values

    def activate(self) -> None:
        """Enter: continue the unfinished session when one is offered, else start."""
        if self.resumable is not None:
            self._resume()
        else:
            self._start()

    def _start(self) -> None:
        if self.decks.count() and not any(
                (item := self.decks.item(i)) is not None and item.checkState() == Qt.CheckState.Checked
                for i in range(self.decks.count())):
            self.problem.setText("Tick at least one deck.")
            return
        self.start_requested.emit()

    def _resume(self) -> None:
        if self.resumable is not None:
            self.resume_requested.emit(self.resumable.id)
