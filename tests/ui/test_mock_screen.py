"""The mock interview screen end to end: flite asks each question aloud (into the virtual speaker), the clock
starts when it has finished, flite then answers into the virtual microphone, Space ends each answer; the
story's follow-up is asked; the report's figures match what was said; one key per answer grades it into
FSRS, Ctrl+Z takes a grade back; the report is saved as HTML. And: an unfinished session is offered again."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from speech import normalised_words, speak, word_error_rate
from vmic import VirtualMic

from flashdeck.collection import Collection, mocking, rehearsing
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Phase
from flashdeck.ui.events import AppEvents
from flashdeck.ui.home import HomeScreen
from flashdeck.ui.mock.screen import MockScreen

pytestmark = pytest.mark.gui

STORY = {"title": "Picking errors", "answers": "Tell me about a process you fixed.",
         "situation": "Night shift warehouse with many picking errors", "task": "Cut the errors before the peak",
         "action": "Barcode scanners at every bay", "result": "Errors fell to under half a percent",
         "follow_ups": "- Who pushed back?"}
SAID = {"story": "In the end the errors fell to under half a percent.",
        "follow": "The night leads pushed back at first.",
        "pitch": "I build reliable systems for busy teams."}


@pytest.fixture(scope="module")
def said(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mock-ui")
    return {key: speak(text, folder / f"{key}.wav") for key, text in SAID.items()}


def _screen(qtbot: QtBot, col: Collection) -> MockScreen:
    screen = MockScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    return screen


def _answer(qtbot: QtBot, screen: MockScreen, mic: VirtualMic, wav: Path) -> None:
    """Wait for the question to be asked and the recording to start, speak, then Space."""
    qtbot.waitUntil(lambda: screen.recorder.is_recording(), timeout=30_000)
    with qtbot.waitSignal(screen.recorder.started, timeout=10_000, raising=False):
        pass  # sound is arriving (or already was)
    speaker = mic.play(wav)
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    with qtbot.waitSignal(screen.answer_kept, timeout=5_000):
        qtbot.keyClick(screen, Qt.Key.Key_Space)


def test_a_whole_session_asked_aloud_answered_into_the_microphone(
        qtbot: QtBot, col: Collection, virtual_mic: VirtualMic, said: dict[str, Path], tmp_path: Path) -> None:
    col.add_notes([NoteDraft("story", STORY)], deck="Prep")
    col.add_notes([NoteDraft("pitch", {"label": "Short pitch", "text": SAID["pitch"]}, target=(2, 15))], deck="Prep")
    col.set_config("mock_voice", "speak")
    screen = _screen(qtbot, col)
    assert screen.voice.backend == "flite"  # no speech-dispatcher here: flite asks
    screen.begin()
    assert screen.page == "setup"
    screen.setup.count.setValue(2)
    screen.start(rng=random.Random(0))
    assert screen.page == "session" and screen.question.text() == "Tell me about a process you fixed."
    assert screen.status.text() == "Listening to the question…" and screen.session is not None
    assert screen.session.phase == "asking"  # the clock waits for the voice

    _answer(qtbot, screen, virtual_mic, said["story"])
    assert screen.progress.text() == "Follow-up" and screen.question.text() == "Who pushed back?"
    _answer(qtbot, screen, virtual_mic, said["follow"])
    assert screen.question.text() == "Give your pitch: Short pitch"
    _answer(qtbot, screen, virtual_mic, said["pitch"])
    assert screen.page == "report"

    qtbot.waitUntil(lambda: len(screen.analysis_delays) == 3, timeout=60_000)
    print("\nanalysis shown after the answer's end: "
          + ", ".join(f"{d:.2f} s" for d in screen.analysis_delays.values()))
    record = screen.record
    assert record is not None
    rows = mocking.report(col, record)
    for row, key in zip(rows, ("story", "pitch"), strict=True):
        spoken = soundfile.info(str(said[key])).duration
        assert row.duration_s is not None and spoken <= row.duration_s < spoken + 8  # Space soon after the last word
    story, pitch = rows
    assert story.in_target is False and pitch.in_target is True  # 2:00-3:00 vs 0:02-0:15
    assert dict(story.points)["Result"] and not dict(story.points)["Action"], (story.transcript, story.analysis)
    assert pitch.coverage == 1.0 and "reliable system" in (pitch.transcript or "")  # "systems" is lost at times
    # What flite said, heard by tiny.en: close, not exact ("pushed" is heard as "push" under some loads).
    assert story.follow_up is not None
    heard = normalised_words(story.follow_up.transcript or "")
    assert word_error_rate(normalised_words(SAID["follow"]), heard) <= 0.3, heard
    follow_up = next(a for a in rehearsing.attempts_for_card(col, story.card_id) if a.target == (30, 90))
    assert follow_up.coverage is None  # a follow-up is not held to the story's beats

    screen.report.refresh()
    assert "Grade answer 1" in screen.report.grade_line.text()
    for key in (Qt.Key.Key_1, Qt.Key.Key_4):
        qtbot.keyClick(screen, key)
    assert [r.grade for r in mocking.report(col, record)] == [1, 4]
    assert mocking.unfinished_sessions(col) == []  # every answer graded: the session is over
    qtbot.keyClick(screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.grade for r in mocking.report(col, record)] == [1, None]
    assert col.card(pitch.card_id).state.phase == Phase.NEW
    qtbot.keyClick(screen, Qt.Key.Key_3)
    assert [col.card(r.card_id).state.phase for r in rows] == [Phase.LEARNING, Phase.LEARNING]
    assert col.store.fetchall("SELECT rating FROM revlog ORDER BY id") == [(1,), (3,)]
    saved = screen.report.save(str(tmp_path / "report.html"))
    assert saved is not None and "reliable system" in saved.read_text(encoding="utf-8")


def test_an_unfinished_session_is_offered_from_home_and_continued(qtbot: QtBot, col: Collection) -> None:
    col.add_notes([NoteDraft("question", {"prompt": f"Question {i}?", "great": "Say it"}) for i in range(3)],
                  deck="Prep")
    record = mocking.start_session(col, count=3, rng=random.Random(1))
    mocking.record_answer(col, record, 0, duration_ms=61_000)  # then the app was killed
    home = HomeScreen(col, AppEvents())
    qtbot.addWidget(home)
    with qtbot.waitActive(home):
        home.show()
        home.activateWindow()
    assert home.mock_line.isVisible() and "1 of 3 answered" in home.mock_line.text()
    with qtbot.waitSignal(home.mock_requested, timeout=1000):
        qtbot.keyClick(home.tree, Qt.Key.Key_M)

    col.set_config("mock_voice", "screen")
    screen = _screen(qtbot, col)
    screen.begin()
    assert screen.setup.resume_box.isVisible() and "1 of 3 questions answered" in screen.setup.resume_label.text()
    qtbot.keyClick(screen, Qt.Key.Key_Return)  # Enter continues it
    assert screen.page == "session" and screen.question.text() == record.questions[1].prompt
    assert screen.progress.text() == "Question 2 of 3"
    qtbot.keyClick(screen, Qt.Key.Key_Escape)  # ended early: the report has what was kept
    assert screen.page == "report"
    assert [r.answered for r in screen.report.rows] == [True, False, False]
    assert screen.report.rows[0].duration_s == 61
    qtbot.keyClick(screen, Qt.Key.Key_2)  # ended on purpose and graded: over, the rest dropped
    assert mocking.unfinished_sessions(col) == []


def test_qt_text_to_speech_ends_the_question(qtbot: QtBot) -> None:
    """The Qt path, on the engine Qt ships with every build ("mock": it reports speaking and its end like a real
    one, silently); speech-dispatcher, the real engine on Linux, is not installed on this machine."""
    from flashdeck.ui.mock.voice import QuestionVoice, reading_ms

    voice = QuestionVoice("speak", engine="mock")
    assert voice.backend == "qt:mock" and "Qt text to speech" in voice.describe()
    with qtbot.waitSignal(voice.finished, timeout=10_000):
        voice.say("Why do you want this role?")
    assert not voice.busy
    shown = QuestionVoice("screen")
    assert shown.backend == "screen" and reading_ms("one two three") == 1500 and reading_ms("w " * 30) == 10_000


def test_the_clock_ends_an_answer_at_the_limit_with_soft_cues(qtbot: QtBot, col: Collection) -> None:
    """On a clock the test moves: the window's start and end are sounded, and at the upper bound plus the grace
    the answer ends by itself and the next question is asked."""
    from helpers import ManualMonotonic

    col.add_notes([NoteDraft("pitch", {"label": f"Pitch {i}", "text": "I build things."}, target=(5, 10))
                   for i in range(2)], deck="Prep")
    col.add_notes([NoteDraft("story", {"title": "Long one"})], deck="Prep")  # 3:15 with the grace: over the budget
    col.set_config("mock_voice", "screen")
    col.set_config("mock_grace_s", 3)
    col.set_config("mock_minutes", 1)
    clock = ManualMonotonic()
    screen = MockScreen(col, AppEvents(), monotonic=clock)
    qtbot.addWidget(screen)
    screen.begin()
    screen.start(rng=random.Random(0))
    with qtbot.waitSignal(screen.voice.finished, timeout=10_000):
        pass  # shown on screen: the reading time passes, then the clock starts
    assert screen.session is not None and screen.session.phase == "answering"
    assert [q.kind for q in screen.session.questions] == ["pitch", "pitch"]  # one minute holds two 0:13 answers
    clock.advance(6)
    screen.tick()
    assert screen.cues.played == ["window_start"]
    clock.advance(7)  # 13 s: past 10 + 3
    with qtbot.waitSignal(screen.answer_kept, timeout=2000) as kept:
        screen.tick()
    assert screen.cues.played == ["window_start", "window_end", "time_up"]
    made = rehearsing.attempt(col, kept.args[0])
    assert made.duration_ms == 13_000 and screen.question.text() == "Give your pitch: Pitch 1"
    assert screen.session.phase == "asking" and screen.progress.text() == "Question 2 of 2"
    screen.shutdown()


def test_a_session_that_cannot_start_says_why_on_the_set_up(qtbot: QtBot, col: Collection) -> None:
    """No spoken card to ask: the set-up's own line says so, the screen stays on it, nothing is started."""
    col.add_notes([NoteDraft("basic", {"front": "A term", "back": "Its meaning"})], deck="Terms")
    col.set_config("mock_voice", "screen")
    screen = _screen(qtbot, col)
    screen.begin()
    screen.start(random.Random(1))
    assert screen.page != "session"
    assert "no spoken cards" in screen.setup.problem.text()
    assert mocking.unfinished_sessions(col) == []
