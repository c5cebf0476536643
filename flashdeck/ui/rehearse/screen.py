"""The Rehearse screen: answer a card out loud against the clock, mark its beats, hear it back.

Pick a spoken card (story, question, curveball, pitch …) on the left. ``Space``
starts an attempt and ends it; ``Tab`` marks the move to the next beat. With a
microphone each attempt is recorded to its own file beside the database and
analysed in the background when it ends; without one the timer works alone.
Every attempt is kept: its timing, beats, recording, transcript and analysis,
listed under the timer and drawn as a chart against the target window.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from flashdeck.analysis.live import LiveTranscript
from flashdeck.collection import Collection, NotFound, rehearsing
from flashdeck.core.kinds import asked_question, kind_by_name
from flashdeck.core.rehearsal import Lap, LapFlag, judge_laps
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op
from flashdeck.ui.rehearse.analysis_worker import AnalysisRunner
from flashdeck.ui.rehearse.chart import AttemptChart
from flashdeck.ui.rehearse.details import AttemptDetails
from flashdeck.ui.rehearse.history import AttemptTable
from flashdeck.ui.rehearse.laps import LapPanel
from flashdeck.ui.rehearse.peek import PeekPanel
from flashdeck.ui.rehearse.picker import CardPicker
from flashdeck.ui.rehearse.record import RecordPanel
from flashdeck.ui.rehearse.recorder import Recorder
from flashdeck.ui.rehearse.timer import BigTimer
from flashdeck.ui.widgets import named

__all__ = ["RehearseScreen"]

DELETE_CONFIRM_MS = 4000


class RehearseScreen(QWidget):
    """``open_card(card_id)`` to rehearse one card; or pick from the list."""

    home_requested = Signal()
    back_to_review = Signal()
    attempt_saved = Signal(int, int)  # card id, attempt id (recorded, analysed or graded)

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Space", "Start the attempt / end it"),
        ("Tab", "Next beat (while speaking)"),
        ("P", "Peek at the prompt and your prepared beats (again: hide)"),
        ("Alt+S F A P", "Speak · Feedback · Attempts · Progress"),
        ("[ / ]", "The previous / next attempt"),
        ("M", "Recording (microphone) on or off"),
        ("K", "Play or pause the chosen attempt"),
        ("Shift+A", "Analyse the chosen attempt"),
        ("Ctrl+1 … Ctrl+4", "Your own grade of the chosen attempt"),
        ("Del (twice)", "Delete the chosen attempt and its recording"),
        ("Ctrl+F", "Find a card to rehearse (↑ ↓ and Enter choose)"),
        ("Esc", "Back (to the review, or home)"),
    ]

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None,
                 monotonic: Callable[[], float] = time.monotonic, recorder: Recorder | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rehearseScreen")
        self.col, self.events = col, events
        self.card_id: int | None = None
        self.beats: tuple[str, ...] = ()
        self.from_review = False
        self.recorder = recorder if recorder is not None else Recorder(self)
        self.runner = AnalysisRunner(self)
        self._recording_path: str | None = None
        self._pending_analysis: dict[str, int] = {}  # recording path → attempt id, analysed once the file is closed
        # Recording path → its transcription while the candidate speaks (handed to the final analysis).
        self.live_transcripts: dict[str, LiveTranscript] = {}
        self._delete_armed_for: int | None = None
        self._build(monotonic)
        self._bind_keys()
        self._connect()
        self.refresh_cards()

    # -- building ------------------------------------------------------------------------------

    def _build(self, monotonic: Callable[[], float]) -> None:
        self.picker = CardPicker(self.col, self)
        self.filter = self.picker.filter
        self.kind_filter = self.picker.kind_filter
        self.card_list = self.picker.card_list

        stage = QWidget(self)
        right = QVBoxLayout(stage)
        right.setContentsMargins(12, 0, 0, 0)
        right.setSpacing(8)
        self.title = named(QLabel("Choose a card to rehearse", stage), "rehearseTitle")
        self.title.setWordWrap(True)
        # The interview question a story is told for: what the candidate is answering out loud.
        self.question = named(QLabel("", stage), "rehearseQuestion")
        self.question.setWordWrap(True)
        self.question.hide()
        self.context = named(QLabel("", stage), "rehearseContext")
        self.context.setProperty("role", "muted")
        self.big_timer = BigTimer(stage, monotonic=monotonic)
        right.addWidget(self.title)
        right.addWidget(self.question)
        right.addWidget(self.context)
        self.record = RecordPanel(self.recorder, stage)
        self.mic_status = self.record.status
        self.laps = LapPanel(stage)
        self.laps.setMinimumHeight(110)
        self.peek = PeekPanel(stage)

        # Four pages under one tab bar, so each gets the whole stage: speaking (the clock, the beats,
        # the peek), the chosen attempt's feedback, every attempt, the trend. Alt+S/F/A/P.
        self.tabs = named(QTabWidget(stage), "rehearseTabs")
        speak = QWidget(self.tabs)
        speak_column = QVBoxLayout(speak)
        speak_column.setContentsMargins(0, 8, 0, 0)
        speak_column.addWidget(self.record)  # recording is about speaking: it sits with the clock
        speak_row = QHBoxLayout()
        clock_column = QVBoxLayout()
        clock_column.addWidget(self.big_timer)
        clock_column.addWidget(self.laps, 1)
        speak_row.addLayout(clock_column, 3)
        speak_row.addWidget(self.peek, 2)
        speak_column.addLayout(speak_row, 1)
        self.details = AttemptDetails()
        # A short window scrolls the feedback (one way only) rather than squeeze it.
        details_scroll = named(QScrollArea(self.tabs), "attemptDetailsScroll")
        details_scroll.setWidget(self.details)
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setMinimumHeight(300)
        self.attempts = AttemptTable(self.tabs)
        self.chart = AttemptChart()
        self.tabs.addTab(speak, "&Speak")
        self.tabs.addTab(details_scroll, "&Feedback")
        self.tabs.addTab(self.attempts, "&Attempts")
        self.tabs.addTab(self.chart, "&Progress")
        self.speak_page, self.feedback_page = speak, details_scroll
        right.addWidget(self.tabs, 1)
        self.back_button = named(QPushButton("Home", stage), "rehearseBack")
        self.back_button.setToolTip("Esc")
        self.back_button.clicked.connect(self.go_back)
        self.tabs.setCornerWidget(self.back_button, Qt.Corner.TopRightCorner)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.picker)
        splitter.addWidget(stage)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 1030])
        splitter.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.addWidget(splitter)
        for widget in (self.tabs, self.back_button):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.attempts.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _bind_keys(self) -> None:
        bindings: list[tuple[str, Callable[[], None]]] = [
            ("Space", self.toggle),
            ("M", self.record.toggle),
            ("K", self._shown(self.play_pause)),
            ("Shift+A", self._shown(self.details.analyse)),
            ("Delete", self._shown(self.delete_chosen)),
            ("Ctrl+F", self._focus_filter),
            ("P", self.toggle_peek),
            ("[", partial(self.step_attempt, 1)),
            ("]", partial(self.step_attempt, -1)),
            ("Escape", self.go_back),
        ]
        bindings += [(f"Ctrl+{g}", self._shown(partial(self.details.grade, g))) for g in range(1, 5)]
        self.shortcuts: list[QShortcut] = []
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)
        # Tab marks a beat only while an attempt runs; otherwise it moves the focus as usual.
        self.lap_shortcut = QShortcut(QKeySequence("Tab"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.lap_shortcut.activated.connect(self.lap)
        self.lap_shortcut.setEnabled(False)

    def _shown(self, action: Callable[[], None]) -> Callable[[], None]:
        """``action`` on the chosen attempt, with its feedback brought into view (what is played,
        analysed, graded or deleted is seen)."""
        def run() -> None:
            if self.details.attempt is not None and self.big_timer.state != "running":
                self.tabs.setCurrentWidget(self.feedback_page)
            action()

        return run

    def _connect(self) -> None:
        self.picker.chosen.connect(self._picked)
        self.recorder.finished.connect(self._recording_finished)
        self.recorder.failed.connect(self._recording_failed)
        self.attempts.chosen.connect(self._attempt_chosen)
        self.details.analyse_requested.connect(self.analyse)
        self.details.cancel_requested.connect(self.runner.cancel)
        self.details.delete_requested.connect(self.delete_attempt)
        self.details.grade_chosen.connect(self.set_grade)
        self.runner.progress.connect(self._analysis_progress)
        self.runner.done.connect(self._analysis_done)
        self.runner.failed.connect(self._analysis_failed)
        self.runner.cancelled.connect(self._analysis_cancelled)
        self.big_timer.started.connect(self._attempt_started)
        self.big_timer.stopped.connect(self._attempt_stopped)

    # -- cards ---------------------------------------------------------------------------------

    def refresh_cards(self) -> None:
        self.picker.refresh()

    def _picked(self, card_id: int) -> None:
        self.open_card(card_id, from_review=self.from_review)

    def set_from_review(self, from_review: bool) -> None:
        """Where Esc and the Back button go: back to the review that opened this card, or home."""
        self.from_review = from_review
        self.back_button.setText("Back to review" if from_review else "Home")

    def open_card(self, card_id: int, *, from_review: bool = False) -> None:
        """Rehearse this card (an attempt in progress at another card is ended and kept first)."""
        if self.big_timer.state == "running":
            self.toggle()
        self.set_from_review(from_review)
        spec = rehearsing.rehearsal_spec(self.col, card_id)
        card = self.col.card(card_id)
        self.card_id, self.beats = card_id, spec.beats
        self.title.setText(card.fields.get(kind_by_name(card.kind).title_field, "") or "(untitled)")
        question = asked_question(card.kind, card.ord, card.fields)
        self.question.setText(f"“{question}”" if question else "")
        self.question.setVisible(bool(question))
        beats = " → ".join(spec.beats) if spec.beats else "no beats: Tab marks parts"
        self.context.setText(f"{kind_by_name(card.kind).label} · {beats} · P peeks at your prepared answer")
        self.big_timer.set_card(spec.target, spec.beats)
        self.laps.show_laps([])
        self.peek.set_card(card.render()[0], spec.points)
        self.details.set_prepared(spec.points, spec.beats)
        self.refresh_attempts()
        self.picker.show_chosen(card_id)
        self.tabs.setCurrentWidget(self.speak_page)
        self.setFocus()

    def clear_card(self, message: str = "Choose a card to rehearse") -> None:
        """No card open (``R`` on a card that is not spoken): the picker waits, nothing earlier stays shown."""
        if self.big_timer.state == "running":
            self.toggle()
        self.card_id, self.beats = None, ()
        self.title.setText(message)
        self.question.hide()
        self.context.setText("Find a card with Ctrl+F, then ↑ ↓ and Enter")
        self.big_timer.set_card(None, ())
        self.laps.show_laps([])
        self.peek.hide()
        self.peek.set_card("", ())
        self.details.set_prepared((), ())
        self.details.show_attempt(None)
        self.refresh_attempts()
        self.picker.show_chosen(None)
        self.tabs.setCurrentWidget(self.speak_page)

    def refresh_attempts(self, choose: int | None = None) -> None:
        items = rehearsing.attempts_for_card(self.col, self.card_id) if self.card_id is not None else []
        self.attempts.set_attempts(items, analysing=self.runner.queued)
        self.chart.set_attempts(items)
        if choose is None and self.details.attempt is not None:
            choose = self.details.attempt.id
        if not self.attempts.choose(choose) and items:
            self.attempts.choose(items[-1].id)
        elif not items:
            self.details.show_attempt(None)

    # -- Space and Tab -------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.card_id is None:
            self.mic_status.setText("Choose a card first.")
            return
        self.big_timer.toggle()

    def lap(self) -> None:
        self.big_timer.lap()
        self.laps.show_laps(self.big_timer.timer.laps())

    def _attempt_started(self) -> None:
        self.lap_shortcut.setEnabled(True)
        self.tabs.setCurrentWidget(self.speak_page)
        self.laps.show_laps(self.big_timer.timer.laps())
        self.details.player.stop()
        self._recording_path = None
        if self.record.armed and self.card_id is not None:
            path = rehearsing.new_recording_path(self.col, self.card_id)
            if self.recorder.start(path):
                self._recording_path = str(path)
                self.mic_status.setText("Recording…")
                self._start_live(path)

    def _attempt_stopped(self, duration_s: float, laps: list[Lap]) -> None:
        self.lap_shortcut.setEnabled(False)
        assert self.card_id is not None
        flags = self.lap_flags(laps)
        self.laps.show_laps(laps, flags)
        path = self._recording_path
        self._recording_path = None
        # Stored at once, before the recording is closed: the attempt's timing survives a crash.
        card_id = self.card_id
        done = run_op(self.events, lambda: rehearsing.record_attempt(
            self.col, card_id, duration_ms=round(duration_s * 1000), laps=laps, audio_path=path),
            initiator=self, changes=rehearsing.ATTEMPT_CHANGES)
        made = done.value
        if made is None:  # not kept (a full disk, a lost server): the window shows why
            if path is not None:
                self.recorder.stop()
            return
        if path is not None:
            self._pending_analysis[path] = made.id
            self.recorder.stop()
            self.mic_status.setText("Saving the recording…")
        self.refresh_attempts(choose=made.id)
        if path is None:
            # Nothing to analyse: its feedback (time, beats) is complete now. A recorded one
            # is shown once analysed (_analysis_done); meanwhile the beats stay in view.
            self.tabs.setCurrentWidget(self.feedback_page)
        self.attempt_saved.emit(made.card_id, made.id)

    def lap_flags(self, laps: Sequence[Lap]) -> list[LapFlag] | None:
        """The coaching checks, or ``None`` when no beat was marked (the rules: ``core.rehearsal.judge_laps``)."""
        return judge_laps(laps, self.beats)

    # -- recording -----------------------------------------------------------------------------

    def _start_live(self, path: Path) -> None:
        """Transcribe the recording while it grows, with the model the analysis will use."""
        model = rehearsing.speech_model(self.col)
        live = LiveTranscript(path, lambda: self.runner.recognizers.get(model))
        self.live_transcripts[str(path)] = live
        live.start()

    def _recording_finished(self, path: str) -> None:
        self.mic_status.setText("")
        attempt_id = self._pending_analysis.pop(path, None)
        live = self.live_transcripts.pop(path, None)
        if attempt_id is not None:
            self.refresh_attempts()
            self.analyse(attempt_id, live=live)
        elif live is not None:
            live.stop()

    def _recording_failed(self, message: str) -> None:
        for live in self.live_transcripts.values():
            live.stop()
        self.live_transcripts.clear()
        # The attempt is kept (its timing is real); its recording is not: forget the path it was given.
        for path, attempt_id in list(self._pending_analysis.items()):
            del self._pending_analysis[path]
            rehearsing.forget_recording(self.col, attempt_id)
        self._recording_path = None
        self.refresh_attempts()
        self.mic_status.setText(f"{message} The timer still works.")

    # -- attempts ------------------------------------------------------------------------------

    def _attempt_chosen(self, attempt_id: int) -> None:
        self._delete_armed_for = None
        number = self.attempts.number_of(attempt_id)
        self.details.show_attempt(rehearsing.attempt(self.col, attempt_id), number,
                                  analysing=self.runner.queued(attempt_id))

    def analyse(self, attempt_id: int, live: LiveTranscript | None = None) -> None:
        try:
            job = rehearsing.prepare_analysis(self.col, attempt_id)
        except NotFound as err:
            if live is not None:
                live.stop()
            self.details.show_message(str(err.args[0]) if err.args else "Nothing to analyse.")
            return
        if live is not None:
            job = dataclasses.replace(job, live=live)
        self.runner.start(job)
        if self.details.attempt is not None and self.details.attempt.id == attempt_id:
            self.details.set_analysing(True, 0.0, "Waiting…")

    def _analysis_progress(self, attempt_id: int, fraction: float, message: str) -> None:
        if self.details.attempt is not None and self.details.attempt.id == attempt_id:
            self.details.set_analysing(True, fraction, message)

    def _analysis_done(self, attempt_id: int, analysis: object) -> None:
        from flashdeck.analysis import Analysis

        assert isinstance(analysis, Analysis)
        done = run_op(self.events, lambda: rehearsing.save_analysis(self.col, attempt_id, analysis), initiator=self,
                      changes=rehearsing.ATTEMPT_CHANGES, messages=((NotFound, ""),))  # deleted while analysed
        saved = done.value
        if saved is None:
            return
        if saved.card_id == self.card_id:
            self.refresh_attempts()
            chosen = self.details.attempt
            if (chosen is not None and chosen.id == attempt_id and self.big_timer.state != "running"
                    and self.tabs.currentWidget() is self.speak_page):
                self.tabs.setCurrentWidget(self.feedback_page)  # the answer just given, read back
        self.attempt_saved.emit(saved.card_id, attempt_id)

    def _analysis_failed(self, attempt_id: int, message: str) -> None:
        if self.details.attempt is not None and self.details.attempt.id == attempt_id:
            self.details.set_analysing(False)
            self.details.show_message(f"Analysis failed: {message}")
            self.details.analyse_button.setEnabled(True)

    def _analysis_cancelled(self, attempt_id: int) -> None:
        if self.details.attempt is not None and self.details.attempt.id == attempt_id:
            self.refresh_attempts()
            self.details.show_message("Analysis cancelled.")

    def set_grade(self, attempt_id: int, grade: int) -> None:
        saved = run_op(self.events, lambda: rehearsing.set_self_grade(self.col, attempt_id, grade), initiator=self,
                       changes=rehearsing.ATTEMPT_CHANGES).value
        if saved is None:
            return
        self.refresh_attempts(choose=attempt_id)
        self.attempt_saved.emit(saved.card_id, attempt_id)

    def step_attempt(self, step: int) -> None:
        """``[`` and ``]``: the feedback of the attempt before or after the chosen one (newest first)."""
        ids = self.attempts.attempt_ids
        if not ids:
            return
        chosen = self.details.attempt
        at = ids.index(chosen.id) if chosen is not None and chosen.id in ids else -1
        self.attempts.choose(ids[max(0, min(len(ids) - 1, at + step))])
        if self.tabs.currentWidget() is self.speak_page:
            self.tabs.setCurrentWidget(self.feedback_page)

    def toggle_peek(self) -> None:
        """``P``: show or hide the prompt and the prepared beats beside the clock."""
        if self.card_id is None:
            return
        self.peek.setVisible(not self.peek.isVisible())
        self.tabs.setCurrentWidget(self.speak_page)

    def delete_chosen(self) -> None:
        """Del asks, Del again (within a few seconds) deletes."""
        chosen = self.details.attempt
        if chosen is None:
            return
        if self._delete_armed_for != chosen.id:
            self._delete_armed_for = chosen.id
            self.details.show_message("Press Del again to delete this attempt and its recording.")
            QTimer.singleShot(DELETE_CONFIRM_MS, self._disarm_delete)
            return
        self.delete_attempt(chosen.id)

    def _disarm_delete(self) -> None:
        if self._delete_armed_for is not None:
            self._delete_armed_for = None
            self.details.show_message("")

    def delete_attempt(self, attempt_id: int) -> None:
        self._delete_armed_for = None
        self.runner.cancel(attempt_id)
        self.details.player.load(None)  # let go of the file before it is deleted
        if not run_op(self.events, lambda: rehearsing.delete_attempt(self.col, attempt_id), initiator=self).ok:
            return
        self.details.attempt = None
        self.refresh_attempts()
        self.details.show_message("Attempt deleted.")

    def play_pause(self) -> None:
        player = self.details.player
        if player.is_playing():
            player.pause()
        else:
            player.play()

    # -- leaving -------------------------------------------------------------------------------

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def go_back(self) -> None:
        if self.focusWidget() is self.filter and self.filter.text():
            self.filter.clear()
            self.setFocus()
            return
        if self.big_timer.state == "running":
            self.toggle()
        self.details.player.stop()
        if self.from_review:
            self.back_to_review.emit()
        else:
            self.home_requested.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the screen ends the attempt (kept) and stops playback: nothing runs unseen.
        if self.big_timer.state == "running":
            self.toggle()
        self.details.player.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Closing the app: end a running attempt, finish the recording, stop the analysis thread."""
        if self.big_timer.state == "running":
            self.toggle()
        self.recorder.wait_until_closed()  # the file of an attempt just ended is finished, not cut off
        for live in self.live_transcripts.values():
            live.stop()
        self.runner.shutdown()
