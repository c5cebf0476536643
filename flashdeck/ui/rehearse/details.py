"""One attempt in full: play it back, analyse it, read what the analysis found, grade it yourself.

The suggested grade sits beside the user's own and is never chosen for them; the user's own is
marked (a checked, coloured button). The figures stand on the left; on the right the prepared
answer, each beat or point covered or missed, over the transcript with the words that met a
point marked (flashdeck/ui/rehearse/against.py). Everything shown from a transcript is escaped:
it is text, not markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection.rehearsing import Attempt
from flashdeck.core.rehearsal import format_clock, zone_for
from flashdeck.ui.rehearse.against import prepared_html, transcript_html
from flashdeck.ui.rehearse.player import Player
from flashdeck.ui.rehearse.text import GRADE_NAMES, ZONE_WORDS, summary_html
from flashdeck.ui.review.parts import RATING_BUTTONS
from flashdeck.ui.widgets import named

__all__ = ["AttemptDetails"]

FIGURES_MIN_WIDTH = 260

class AttemptDetails(QWidget):
    """Shows one attempt; asks (by signal) for analysis, cancellation, deletion and the user's grade."""

    analyse_requested = Signal(int)
    cancel_requested = Signal(int)
    delete_requested = Signal(int)
    grade_chosen = Signal(int, int)  # attempt id, grade 1–4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attemptDetails")
        self.attempt: Attempt | None = None
        self.heading = named(QLabel("Choose an attempt", self), "attemptHeading")
        self.heading.setWordWrap(True)
        self.player = Player(self)

        self.analyse_button = named(QPushButton("Analyse", self), "analyseAttempt")
        self.analyse_button.setToolTip("Transcribe and measure this recording (Shift+A)")
        self.analyse_button.clicked.connect(self._analyse)
        self.cancel_button = named(QPushButton("Cancel", self), "cancelAnalysis")
        self.cancel_button.clicked.connect(self._cancel)
        self.delete_button = named(QPushButton("Delete attempt", self), "deleteAttempt")
        self.delete_button.setToolTip("Delete this attempt and its recording (Del)")
        self.delete_button.clicked.connect(self._delete)
        self.progress = named(QProgressBar(self), "analysisProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress_label = named(QLabel("", self), "analysisStatus")
        self.progress_label.setProperty("role", "muted")
        # One row for the recording and what can be done with it; the analysis' progress and the
        # messages (Del asks twice, a failed analysis) go above the figures they are about.
        buttons = QHBoxLayout()
        buttons.addWidget(self.player, 1)
        buttons.addWidget(self.analyse_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.delete_button)
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.progress_label, 2)
        self.progress_label.setWordWrap(True)

        self.summary = named(QLabel("", self), "analysisSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.suggestion = named(QLabel("", self), "suggestedGrade")
        self.suggestion.setWordWrap(True)
        self.grade_buttons: dict[int, QPushButton] = {}
        self._grade_group = QButtonGroup(self)
        self._grade_group.setExclusive(True)
        grades = QHBoxLayout()
        grades.setSpacing(4)
        for spec in RATING_BUTTONS:
            button = named(QPushButton(spec.label, self), f"self{spec.object_name[0].upper()}{spec.object_name[1:]}")
            button.setCheckable(True)
            button.setToolTip(f"Grade this attempt yourself: {spec.label} (Ctrl+{spec.rating.value})")
            button.clicked.connect(partial(self._grade, spec.rating.value))
            self._grade_group.addButton(button)
            grades.addWidget(button)
            self.grade_buttons[spec.rating.value] = button
        grades.addStretch(1)

        # The prepared answer, point by point as the attempt met it, over what was said.
        self.prepared = named(QTextBrowser(self), "preparedAnswer")
        self.prepared.setOpenLinks(False)
        self.transcript = named(QTextBrowser(self), "transcript")
        self.transcript.setOpenLinks(False)
        self.transcript.setPlaceholderText("The transcript appears here once the recording is analysed.")
        for view in (self.prepared, self.transcript):
            view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Space belongs to the timer
            view.setMinimumHeight(80)
            # They share whatever height there is: their own wish (192 px each) must not make the
            # feedback taller than a small window and call up a scroll bar around it.
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self._points: tuple[tuple[str, str], ...] = ()
        self._beats: tuple[str, ...] = ()

        figures = QWidget(self)
        left = QVBoxLayout(figures)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(status)
        left.addWidget(self.suggestion)
        left.addWidget(named(QLabel("Your grade (Ctrl+1 … 4):", self), "selfGradeLabel"))
        left.addLayout(grades)
        left.addWidget(self.summary)
        left.addStretch(1)
        figures.setMinimumWidth(FIGURES_MIN_WIDTH)
        answer = QWidget(self)
        right = QVBoxLayout(answer)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(4)
        right.addWidget(named(QLabel("<b>Prepared answer</b> · ✓ said · ✗ missed", answer), "preparedHeading"))
        right.addWidget(self.prepared, 1)
        right.addWidget(named(QLabel("<b>What you said</b>", answer), "transcriptHeading"))
        right.addWidget(self.transcript, 1)
        self.columns = named(QSplitter(Qt.Orientation.Horizontal, self), "feedbackColumns")
        self.columns.addWidget(figures)
        self.columns.addWidget(answer)
        self.columns.setStretchFactor(0, 2)
        self.columns.setStretchFactor(1, 3)
        self.columns.setSizes([2 * FIGURES_MIN_WIDTH // 2, 3 * FIGURES_MIN_WIDTH // 2])  # 2 : 3, whatever the width
        self.columns.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.columns, 1)
        for widget in (self.analyse_button, self.cancel_button, self.delete_button, *self.grade_buttons.values()):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the timer
        self.show_attempt(None)

    # -- showing -------------------------------------------------------------------------------

    def show_attempt(self, attempt: Attempt | None, number: int | None = None, *, analysing: bool = False) -> None:
        self.attempt = attempt
        has = attempt is not None
        for widget in (self.delete_button, *self.grade_buttons.values()):
            widget.setEnabled(has)
        if attempt is None:
            self.heading.setText("No attempt chosen: press Space to start one.")
            self.player.load(None)
            self.summary.setText("")
            self.suggestion.setText("")
            self._show_against(None)
            self._set_grade(None)
            self.set_analysing(False)
            self.analyse_button.setEnabled(False)
            return
        recorded = attempt.audio_path is not None and attempt.audio_path.is_file()
        when = datetime.fromtimestamp(attempt.started_ms / 1000).strftime("%d %b %Y, %H:%M")
        zone = "" if attempt.target is None else " · " + ZONE_WORDS[zone_for(attempt.duration_s, attempt.target)]
        label = f"Attempt {number}" if number is not None else "Attempt"
        missing = " · recording missing" if attempt.audio_path is not None and not recorded else ""
        no_audio = " · not recorded" if attempt.audio_path is None else ""
        self.heading.setText(f"<b>{label}</b> · {when} · {format_clock(attempt.duration_s)}{zone}{no_audio}{missing}")
        self.player.load(attempt.audio_path if recorded else None)
        analysis = attempt.delivery()
        self.summary.setText(summary_html(analysis) if analysis is not None else "")
        self._show_against(attempt)
        if analysis is not None:
            reasons = "; ".join(analysis.suggestion.reasons) or "on time, on point"
            self.suggestion.setText(f"Suggested: <b>{GRADE_NAMES[analysis.suggestion.grade]}</b> — {escape(reasons)}")
        else:
            self.suggestion.setText("No suggestion until the recording is analysed." if recorded else "")
        self._set_grade(attempt.self_grade)
        self.analyse_button.setText("Analyse again" if analysis is not None else "Analyse")
        self.analyse_button.setEnabled(recorded and not analysing)
        self.set_analysing(analysing)

    def set_prepared(self, points: Sequence[tuple[str, str]], beats: Sequence[str] = ()) -> None:
        """The card's prepared beats or talking points, which each attempt is read against."""
        self._points, self._beats = tuple(points), tuple(beats)
        self._show_against(self.attempt)

    def _show_against(self, attempt: Attempt | None) -> None:
        analysis = attempt.delivery() if attempt is not None else None
        checked = analysis.coverage if analysis is not None else None
        self.prepared.setHtml(prepared_html(self._points, checked))
        if attempt is None or not attempt.transcript:
            self.transcript.setPlainText("")
        else:
            self.transcript.setHtml(transcript_html(attempt.transcript, checked, self._beats))

    def set_analysing(self, running: bool, fraction: float = 0.0, message: str = "") -> None:
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        self.progress.setValue(round(fraction * 100))
        self.progress_label.setText(message if running else "")
        if running:
            self.analyse_button.setEnabled(False)
        self._tidy()

    def show_message(self, text: str) -> None:
        self.progress_label.setText(text)
        self._tidy()

    def _tidy(self) -> None:
        # Empty lines take no room: the figures start at the top of their column.
        self.progress_label.setVisible(bool(self.progress_label.text()))
        self.suggestion.setVisible(bool(self.suggestion.text()))

    def _set_grade(self, grade: int | None) -> None:
        self._grade_group.setExclusive(False)  # an exclusive group cannot be cleared
        for value, button in self.grade_buttons.items():
            button.setChecked(value == grade)
            # Marked in words as well as colour: "✓ Good".
            button.setText(("✓ " if value == grade else "") + GRADE_NAMES[value])
        self._grade_group.setExclusive(True)

    # -- asking ----------------------------------------------------------------------------------

    def _analyse(self) -> None:
        if self.attempt is not None and self.analyse_button.isEnabled():
            self.analyse_requested.emit(self.attempt.id)

    def _cancel(self) -> None:
        if self.attempt is not None:
            self.cancel_requested.emit(self.attempt.id)

    def _delete(self) -> None:
        if self.attempt is not None:
            self.delete_requested.emit(self.attempt.id)

    def _grade(self, grade: int, _checked: bool = False) -> None:
        if self.attempt is not None:
            self.grade_chosen.emit(self.attempt.id, grade)

    def analyse(self) -> None:
        """The A key."""
        self._analyse()

    def grade(self, grade: int) -> None:
        """Ctrl+1 … Ctrl+4."""
        self._grade(grade)
