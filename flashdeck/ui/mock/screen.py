"""The mock interview screen: set up, then question after question asked aloud and answered against the clock,
then the report.

The session's rules are ``flashdeck.core.mock.MockSession`` (pure); this screen feeds it
what happens: the voice finished (the clock starts), Space (the answer ends), Tab (a beat),
and a tick ten times a second (cues, and the end when the time is up). Each answer is
recorded from the microphone to its own file and kept at once (``mocking.record_answer``);
its analysis runs in the background — while the next question is asked — with the live
transcription the Rehearse screen uses, so the report is ready moments after the last answer.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from flashdeck.analysis.live import LiveTranscript
from flashdeck.collection import Collection, NotFound, mocking, rehearsing
from flashdeck.core.mock import MockSession
from flashdeck.core.rehearsal import Lap
from flashdeck.ui.events import AppEvents
from flashdeck.ui.mock.cues import CuePlayer
from flashdeck.ui.mock.report_view import MockReportView
from flashdeck.ui.mock.setup import MockSetup, mock_settings
from flashdeck.ui.mock.voice import SPEAK, QuestionVoice
from flashdeck.ui.ops import run_op
from flashdeck.ui.rehearse.analysis_worker import AnalysisRunner
from flashdeck.ui.rehearse.level_meter import LevelMeter
from flashdeck.ui.rehearse.recorder import Recorder
from flashdeck.ui.rehearse.timer import BigTimer
from flashdeck.ui.widgets import named

__all__ = ["MockScreen"]

TICK_MS = 100


class MockScreen(QWidget):
    """Home's ``M``. ``begin()`` shows the set-up page (offering an unfinished session first)."""

    home_requested = Signal()
    answer_kept = Signal(int)  # attempt id
    analysed = Signal(int)  # attempt id, analysis stored

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Enter", "Start (or continue the unfinished interview)"),
        ("Space", "End the answer"),
        ("Tab", "Next beat (while answering)"),
        ("1 … 4", "Grade the next answer in the report (Again … Easy)"),
        ("Ctrl+Z", "Take the last grade back"),
        ("Ctrl+S", "Save the report as HTML"),
        ("Esc", "End the interview early (answers kept) / home"),
    ]

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None, *,
                 monotonic: Callable[[], float] = time.monotonic, recorder: Recorder | None = None,
                 voice: QuestionVoice | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mockScreen")
        self.col, self.events = col, events
        self.monotonic = monotonic
        self.recorder = recorder if recorder is not None else Recorder(self)
        self.runner = AnalysisRunner(self)
        self.voice = voice if voice is not None else QuestionVoice(str(mock_settings(col)["mock_voice"]), self)
        self.cues = CuePlayer(self)
        self.record: mocking.MockRecord | None = None
        self.session: MockSession | None = None
        self._recording: str | None = None
        self._pending: dict[str, int] = {}  # recording path → attempt id, analysed once the file is closed
        self._live: dict[str, LiveTranscript] = {}
        self._ended_at: dict[int, float] = {}  # attempt id → when its answer ended (monotonic)
        self.analysis_delays: dict[int, float] = {}  # attempt id → seconds from the answer's end to its analysis
        self._follow_ups: set[int] = set()  # attempts answering a follow-up: no talking points to cover
        self._build()
        self._bind_keys()
        self.voice.finished.connect(self._question_asked)
        self.recorder.finished.connect(self._recording_finished)
        self.recorder.failed.connect(self._recording_failed)
        self.recorder.levelChanged.connect(self.meter.set_level)
        self.runner.done.connect(self._analysis_done)
        self.runner.failed.connect(self._analysis_failed)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.pages = QStackedWidget(self)
        self.setup = MockSetup(self.col, self.voice.describe(), self.pages)
        self.setup.start_requested.connect(self.start)
        self.setup.resume_requested.connect(self.resume)
        self.setup.home_requested.connect(self.home_requested)

        self.stage = named(QWidget(self.pages), "mockStage")
        stage = QVBoxLayout(self.stage)
        stage.setContentsMargins(48, 28, 48, 24)
        stage.setSpacing(14)
        self.progress = named(QLabel("", self.stage), "mockProgress")
        self.progress.setProperty("role", "muted")
        self.question = named(QLabel("", self.stage), "mockQuestion")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = named(QLabel("", self.stage), "mockStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big_timer = BigTimer(self.stage, monotonic=self.monotonic)
        self.meter = LevelMeter(self.stage)
        self.mic = named(QLabel("", self.stage), "mockMic")
        self.mic.setProperty("role", "muted")
        self.background = named(QLabel("", self.stage), "mockBackground")
        self.background.setProperty("role", "muted")
        self.end_button = QPushButton("End the interview", self.stage)
        self.end_button.setToolTip("Esc: answers so far are kept and go to the report")
        self.end_button.clicked.connect(self.end_early)
        stage.addWidget(self.progress)
        stage.addStretch(1)
        stage.addWidget(self.question)
        stage.addWidget(self.status)
        stage.addWidget(self.big_timer)
        stage.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.meter, 1)
        bottom.addWidget(self.mic, 2)
        bottom.addWidget(self.background, 2)
        bottom.addWidget(self.end_button)
        stage.addLayout(bottom)

        self.report = MockReportView(self.col, self.pages, events=self.events)
        self.report.home_requested.connect(self.home_requested)
        for page in (self.setup, self.stage, self.report):
            self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        for widget in (self.end_button, self.report.save_button, self.report.done_button, self.setup.start_button,
                       self.setup.home_button, self.setup.resume_button):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _bind_keys(self) -> None:
        bindings: list[tuple[str, Callable[[], None]]] = [
            ("Space", self.end_answer), ("Return", self._enter), ("Enter", self._enter), ("Escape", self._escape),
            ("Ctrl+Z", self.report.undo), ("Ctrl+S", lambda: self._save()),
        ]
        bindings += [(str(g), lambda g=g: self._grade_key(g)) for g in range(1, 5)]  # type: ignore[misc]
        self.shortcuts: list[QShortcut] = []
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)
        self.beat_shortcut = QShortcut(QKeySequence("Tab"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.beat_shortcut.activated.connect(self.beat)

    # -- pages ---------------------------------------------------------------------------------

    def begin(self) -> None:
        """Show the set-up page (refreshed: decks, settings, an unfinished session)."""
        if self.session is not None and self.session.phase not in ("report", "done"):
            self.pages.setCurrentWidget(self.stage)
            return
        self.setup.refresh()
        self.pages.setCurrentWidget(self.setup)
        self.setFocus()

    @property
    def page(self) -> str:
        current = self.pages.currentWidget()
        return "setup" if current is self.setup else "session" if current is self.stage else "report"

    def _enter(self) -> None:
        if self.page == "setup":
            self.setup.activate()

    def _escape(self) -> None:
        if self.page == "session":
            self.end_early()
        else:
            self.home_requested.emit()

    def _grade_key(self, grade: int) -> None:
        if self.page == "report":
            self.report.grade(grade)

    def _save(self) -> None:
        if self.page == "report":
            self.report.save()

    # -- the session ---------------------------------------------------------------------------

    def start(self, rng: random.Random | None = None) -> None:
        # The choices are kept as settings first (no other screen shows them: nothing to broadcast).
        values = run_op(self.events, self.setup.save, initiator=self, status=self.setup.problem.setText).value
        if values is None:
            return
        # The set-up's own problem (no spoken cards, no time) is its status line; a full disk the window's dialog.
        record = run_op(self.events, lambda: mocking.start_session(
            self.col, decks=values["mock_decks"] or None, count=values["mock_count"],
            minutes=values["mock_minutes"] or None, grace_s=values["mock_grace_s"],
            follow_ups=values["mock_follow_ups"], rng=rng), initiator=self, status=self.setup.problem.setText).value
        if record is not None:
            self._run(record, 0)

    def resume(self, session_id: int) -> None:
        record = mocking.session(self.col, session_id)
        self._reanalyse_kept(record)
        self._run(record, mocking.resume_position(self.col, record))

    def _run(self, record: mocking.MockRecord, start_at: int) -> None:
        settings = mock_settings(self.col)
        self.voice.mode = str(settings["mock_voice"])
        if self.voice.mode != SPEAK:
            self.voice.backend = "screen"
        self.record = record
        self.runner.warm(rehearsing.speech_model(self.col))  # loaded while the first question is asked
        self.report.ended_early = False
        self.session = MockSession(list(record.questions), grace_s=record.grace_s,
                                   follow_ups=bool(record.options.get("follow_ups", True)),
                                   monotonic=self.monotonic, start_at=start_at)
        self.pages.setCurrentWidget(self.stage)
        self.setFocus()
        self.mic.setText(self.recorder.unavailable_reason() or "")
        self._ask()

    def _ask(self) -> None:
        session = self.session
        if session is None:
            return
        if session.phase == "report":
            self._show_report()
            return
        assert session.current is not None
        number = session.position + 1
        kind = "Follow-up" if session.in_follow_up else f"Question {number} of {len(session.questions)}"
        self.progress.setText(kind)
        self.question.setText(session.asked_text())
        self.status.setText("Listening to the question…" if self.voice.backend != "screen" else "Read the question…")
        self.big_timer.set_card(session.window(), ())
        self.big_timer.follow(self.big_timer.timer)  # no "Space to start": the voice starts the clock
        self.voice.say(session.asked_text())

    def _question_asked(self) -> None:
        session = self.session
        if session is None or session.phase not in ("asking", "follow_up_asking"):
            return
        session.question_asked()
        self.big_timer.follow(session.timer)
        beats = session.timer.beats
        self.status.setText("Answer now · Space ends" + (" · Tab marks the next beat" if beats else ""))
        self._ticker.start()
        self._start_recording()

    def beat(self) -> None:
        if self.session is not None and self.session.beat() is not None:
            self.big_timer.tick()

    def tick(self) -> None:
        session = self.session
        if session is None:
            return
        position = session.position
        follow = session.in_follow_up
        cues = session.tick()
        self.big_timer.tick()
        if cues and bool(mock_settings(self.col)["mock_cues"]):
            for cue in cues:
                self.cues.play(cue)
        if "time_up" in cues:
            done = session.answered[(position, follow)]
            self._answer_ended(position, follow, done.duration_s, done.laps)

    def end_answer(self) -> None:
        """Space."""
        if self.session is None or self.page != "session":
            return
        done = self.session.end_answer("space")
        if done is not None:
            self._answer_ended(*done)

    def _answer_ended(self, position: int, follow: bool, seconds: float, laps: list[Lap]) -> None:
        assert self.record is not None and self.session is not None
        self._ticker.stop()
        self.big_timer.follow(self.session.timer)
        path, self._recording = self._recording, None
        # Kept at once, before the recording is closed: the answer survives a crash from here on.
        record = self.record
        made = run_op(self.events, lambda: mocking.record_answer(
            self.col, record, position, duration_ms=round(seconds * 1000), laps=laps, audio_path=path,
            follow_up=follow), initiator=self, changes=rehearsing.ATTEMPT_CHANGES).value
        if made is None:  # not kept (the window says why)
            if path is not None:
                self.recorder.stop()
            return
        self._ended_at[made.id] = self.monotonic()
        if follow:
            self._follow_ups.add(made.id)
        if path is not None:
            self._pending[path] = made.id
            self.recorder.stop()
        self.answer_kept.emit(made.id)
        self._update_background()
        self._ask()

    def end_early(self) -> None:
        """Esc during the session: the answer being given is kept, the rest are left unasked."""
        session = self.session
        if session is None:
            return
        self.voice.stop()
        if session.phase in ("answering", "follow_up_answering"):
            done = session.end_answer("ended")
            if done is not None:
                self._answer_ended(*done)
        self.voice.stop()
        self.report.ended_early = True
        self._show_report()

    def _show_report(self) -> None:
        assert self.record is not None
        self._ticker.stop()
        if self.session is not None:
            self.session.phase = "report"
        self.report.analysing = len(self._pending) + int(self.runner.busy)
        self.report.show_record(self.record)
        self.pages.setCurrentWidget(self.report)
        self.setFocus()

    # -- recording and analysis ----------------------------------------------------------------

    def _start_recording(self) -> None:
        session = self.session
        if session is None or session.current is None or not self.recorder.available():
            return
        path = rehearsing.new_recording_path(self.col, session.current.card_id)
        if self.recorder.start(path):
            self._recording = str(path)
            model = rehearsing.speech_model(self.col)
            live = LiveTranscript(path, lambda: self.runner.recognizers.get(model))
            self._live[str(path)] = live
            live.start()

    def _recording_finished(self, path: str) -> None:
        attempt_id = self._pending.pop(path, None)
        live = self._live.pop(path, None)
        if attempt_id is None:
            if live is not None:
                live.stop()
            return
        self._analyse(attempt_id, live)

    def _recording_failed(self, message: str) -> None:
        for live in self._live.values():
            live.stop()
        self._live.clear()
        for path, attempt_id in list(self._pending.items()):
            del self._pending[path]
            # (an attempt deleted meanwhile needs no word; a disk that cannot take the change is the dialog)
            run_op(self.events, partial(rehearsing.forget_recording, self.col, attempt_id), initiator=self,
                   messages=((NotFound, ""),))
        self._recording = None
        self.mic.setText(f"{message} The clock still runs.")
        self._update_background()

    def _analyse(self, attempt_id: int, live: LiveTranscript | None = None) -> None:
        try:
            job = rehearsing.prepare_analysis(self.col, attempt_id)
        except NotFound:  # the attempt or its recording went meanwhile
            if live is not None:
                live.stop()
            return
        # Quick: what is left after Space is decoded with a shorter encoder input (docs/performance.md).
        job = dataclasses.replace(job, live=live, quick=True)
        if attempt_id in self._follow_ups:  # the card's points are the story's, not the follow-up's
            job = dataclasses.replace(job, points=(), ordered=False)
        self.runner.start(job)
        self._update_background()

    def _reanalyse_kept(self, record: mocking.MockRecord) -> None:
        """Resuming: answers kept but not analysed (the app stopped meanwhile) are analysed now."""
        for (_position, follow), attempt_id in mocking.answered(self.col, record.id).items():
            if follow:
                self._follow_ups.add(attempt_id)
            made = rehearsing.attempt(self.col, attempt_id)
            if made.analysis is None and made.audio_path is not None and Path(made.audio_path).is_file():
                self._analyse(attempt_id)

    def _analysis_done(self, attempt_id: int, analysis: object) -> None:
        from flashdeck.analysis import Analysis

        assert isinstance(analysis, Analysis)
        if not run_op(self.events, lambda: rehearsing.save_analysis(self.col, attempt_id, analysis), initiator=self,
                      changes=rehearsing.ATTEMPT_CHANGES, messages=((NotFound, ""),)).ok:  # deleted meanwhile
            return
        ended = self._ended_at.pop(attempt_id, None)
        if ended is not None:
            self.analysis_delays[attempt_id] = self.monotonic() - ended
        self._update_background()
        self.analysed.emit(attempt_id)

    def _analysis_failed(self, attempt_id: int, message: str) -> None:
        self.background.setText(f"An answer could not be analysed: {message}")

    def _update_background(self) -> None:
        waiting = len(self._pending) + int(self.runner.busy)
        self.background.setText(f"Analysing {waiting} answer(s) in the background" if waiting else "")
        if self.page == "report":
            self.report.analysing = waiting
            self.report.refresh()

    # -- leaving -------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving mid-session ends it early: the answer being given is kept, nothing runs unseen.
        if self.session is not None and self.page == "session":
            self.end_early()
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Closing the app: keep the answer being given, finish its file, stop the analyses."""
        self.voice.stop()
        if self.session is not None and self.session.phase in ("answering", "follow_up_answering"):
            done = self.session.end_answer("closed")
            if done is not None and self.record is not None:
                path, self._recording = self._recording, None
                mocking.record_answer(self.col, self.record, done[0], duration_ms=round(done[2] * 1000),
                                      laps=done[3], audio_path=path, follow_up=done[1])
        self._ticker.stop()
        self.recorder.wait_until_closed()
        for live in self._live.values():
            live.stop()
        self.runner.shutdown()
