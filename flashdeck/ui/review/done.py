"""The end of a review session: what was done, calmly, and the way home."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from flashdeck.core.queue import QueueCounts
from flashdeck.core.scheduling import Rating

__all__ = ["DonePage", "SessionTally", "later_text", "summary_text"]


@dataclass
class SessionTally:
    """The answers given in this session, in order (undo takes the last one back)."""

    answers: list[tuple[int, Rating, int]] = field(default_factory=list)  # (card id, rating, duration ms)

    def add(self, card_id: int, rating: Rating, duration_ms: int) -> None:
        self.answers.append((card_id, rating, duration_ms))

    def remove(self, card_id: int) -> None:
        """Forget the latest answer to ``card_id`` (it was undone)."""
        for index in range(len(self.answers) - 1, -1, -1):
            if self.answers[index][0] == card_id:
                del self.answers[index]
                return

    @property
    def count(self) -> int:
        return len(self.answers)

    @property
    def by_rating(self) -> Counter[Rating]:
        return Counter(rating for _, rating, _ in self.answers)

    @property
    def total_ms(self) -> int:
        return sum(ms for _, _, ms in self.answers)


def summary_text(tally: SessionTally) -> str:
    """"You reviewed 12 cards in 8 min." plus the grades, or what to do when nothing was due."""
    if tally.count == 0:
        return "No card is waiting for review in this deck."
    minutes = round(tally.total_ms / 60000)
    spent = f" in {minutes} min" if minutes else ""
    plural = "s" if tally.count != 1 else ""
    grades = tally.by_rating
    breakdown = " · ".join(f"{r.name.capitalize()} {grades[r]}" for r in Rating)
    return f"You reviewed {tally.count} card{plural}{spent}.\n{breakdown}"


def later_text(left: QueueCounts) -> str:
    """Cards still queued today but not yet due (learning steps further than the learn-ahead)."""
    if left.learning:
        plural = "s" if left.learning != 1 else ""
        return f"{left.learning} learning card{plural} will come back later today."
    return "Everything due today is done. Come back tomorrow."


class DonePage(QWidget):
    """Shown when the queue is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDone")
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addStretch(2)
        self.title = QLabel("Done for today", self)
        self.title.setObjectName("doneTitle")
        self.title.setProperty("role", "title")
        self.summary = QLabel(self)
        self.summary.setObjectName("doneSummary")
        self.later = QLabel(self)
        self.later.setObjectName("doneLater")
        self.later.setProperty("role", "muted")
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        for label in (self.title, self.summary, self.later, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        row = QHBoxLayout()
        self.home_button = QPushButton("Home", self)
        self.home_button.setObjectName("doneHome")
        self.home_button.setProperty("role", "primary")
        self.home_button.setMinimumWidth(160)
        self.home_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addStretch(1)
        row.addWidget(self.home_button)
        row.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(3)

    def update_summary(self, tally: SessionTally, left: QueueCounts, can_undo: bool) -> None:
        self.title.setText("Done for today" if tally.count else "Nothing due right now")
        self.summary.setText(summary_text(tally))
        self.later.setText(later_text(left))
        undo = " · Ctrl+Z to undo the last answer" if can_undo else ""
        self.hint.setText(f"Press Esc or H to go home{undo}")
