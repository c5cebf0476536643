"""The getting-started guide: four steps on Home when a collection is new (nothing reviewed yet).

It sits above the deck list (it takes no focus and blocks nothing: Enter still
studies), until the user hides it; F1 (listed under ? with every shortcut)
brings it back. Whether it was hidden is kept in the collection, so a second
collection on the same machine shows it again — a new collection is a new start.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from flashdeck.collection import Collection
from flashdeck.storage.errors import StorageError

__all__ = ["GUIDE_SEEN_KEY", "STEPS", "GuidePanel", "first_start"]

GUIDE_SEEN_KEY = "guide_seen"

STEPS = (
    ("Import your material",
     "Your interview playbook (PDF), a Word file, a saved web page, your own notes or a spreadsheet: "
     "each becomes a deck of questions, stories and pitches. Ctrl+I, or drop the files on the window."),
    ("Review a little every day",
     "Enter studies the selected deck. Space shows the answer; 1–4 say how well you knew it, "
     "and each card comes back just before you would forget it."),
    ("Rehearse out loud",
     "R on a spoken card: answer against its time window with a timer and STAR laps, record it, "
     "and see your pace, fillers and which points you covered."),
    ("Set your interview date",
     "In Settings (Ctrl+,): reviews are paced so every card comes back in the last days before it."),
)


def first_start(col: Collection) -> bool:
    """Nothing reviewed yet and the guide never hidden: a collection someone has used needs no guide."""
    return not col.get_config(GUIDE_SEEN_KEY, False) and not col.stats().reviews


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the deck list keeps the keyboard
    return button


class GuidePanel(QFrame):
    """The four steps, with buttons for the two that open something; hidden for good with "Got it"."""

    import_requested = Signal()
    settings_requested = Signal()

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setObjectName("guidePanel")
        self.setProperty("role", "card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(6)
        head = QHBoxLayout()
        title = QLabel("<b>Getting started</b> — four steps to your interview")
        title.setObjectName("guideTitle")
        head.addWidget(title, 1)
        self.close_button = _button("Got it", "guideClose", "Hide this guide (F1 shows it again)")
        self.close_button.clicked.connect(self.dismiss)
        head.addWidget(self.close_button)
        outer.addLayout(head)
        steps = QGridLayout()
        steps.setHorizontalSpacing(10)
        steps.setVerticalSpacing(4)
        self.import_button = _button("Import…", "guideImport", "Import documents (Ctrl+I)")
        self.import_button.clicked.connect(self.import_requested)
        self.settings_button = _button("Set the date…", "guideSettings", "Open Settings (Ctrl+,)")
        self.settings_button.clicked.connect(self.settings_requested)
        actions = {0: self.import_button, 3: self.settings_button}
        self.step_labels: list[QLabel] = []
        for row, (lead, text) in enumerate(STEPS):
            number = QLabel(f"<b>{row + 1}</b>")
            number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            label = QLabel(f"<b>{lead}.</b> {text}")
            label.setObjectName(f"guideStep{row + 1}")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.step_labels.append(label)
            steps.addWidget(number, row, 0)
            steps.addWidget(label, row, 1)
            if row in actions:
                steps.addWidget(actions[row], row, 2, Qt.AlignmentFlag.AlignTop)
        steps.setColumnStretch(1, 1)
        outer.addLayout(steps)
        self.setVisible(first_start(col))

    def dismiss(self) -> None:
        """Hide the guide, for this collection, until F1."""
        self.hide()
        # A read-only collection cannot keep it: hidden for this session, shown again next time.
        with contextlib.suppress(StorageError):
            self.col.set_config(GUIDE_SEEN_KEY, True)

    def reopen(self) -> None:
        self.show()
