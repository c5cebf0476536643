"""End to end through the virtual microphone: the Rehearse screen records an attempt while flite speaks
into the microphone, keeps the file beside the database, analyses it, and plays it back."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from answers import ANSWERS
from pytestqt.qtbot import QtBot
from speech import speak
from vmic import VirtualMic

from flashdeck.collection import Collection, rehearsing
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.events import AppEvents
from flashdeck.ui.rehearse.screen import RehearseScreen

pytestmark = pytest.mark.gui


def test_an_attempt_is_recorded_from_the_microphone_and_analysed(
        qtbot: QtBot, col: Collection, db_path: Path, virtual_mic: VirtualMic, spoken_wav: Path) -> None:
    col.add_notes([NoteDraft("question", {"prompt": "How did you speed up checkout?",
                                          "great": "Measured every request; fixed the slow database calls."})],
                  deck="Prep")
    card_id = col.search("is:spoken")[0]
    screen = RehearseScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.open_card(card_id)
    assert screen.record.armed and screen.record.button.isEnabled()  # a microphone is there: recording is on
    levels: list[float] = []
    screen.recorder.levelChanged.connect(levels.append)

    with qtbot.waitSignal(screen.recorder.started, timeout=10_000):
        screen.toggle()
    speaker = virtual_mic.play(spoken_wav)
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    assert speaker.returncode == 0
    with qtbot.waitSignal(screen.runner.done, timeout=120_000):  # stop → file closed → analysed on its own
        screen.toggle()

    [made] = rehearsing.attempts_for_card(col, card_id)
    assert made.audio_path is not None and made.audio_path.parent == db_path.parent / "recordings" / db_path.stem
    info = soundfile.info(str(made.audio_path))
    played = soundfile.info(str(spoken_wav)).duration
    assert info.duration >= played - 0.5  # the whole sentence is in the file
    assert max(levels) > 0.05  # the meter moved while flite spoke
    assert made.transcript is not None
    heard = set(made.transcript.split())
    assert len(heard & {"measured", "every", "request", "checkout", "forty", "slow", "database", "calls", "weeks"}) >= 4
    assert made.words is not None and made.words >= 8 and made.suggested_grade is not None
    assert made.coverage is not None and made.coverage > 0  # "great" talking points were touched

    # Played back from the details pane.
    player = screen.details.player
    assert player.isEnabled()
    player.play()
    qtbot.waitUntil(lambda: player.position_ms() > 200, timeout=10_000)
    player.stop()


def test_losing_the_microphone_mid_attempt_keeps_the_attempt_without_a_recording(
        qtbot: QtBot, col: Collection, virtual_mic: VirtualMic) -> None:
    col.add_notes([NoteDraft("pitch", {"label": "Thirty-second pitch", "text": "I build payment systems."})],
                  deck="Prep")
    card_id = col.search("is:spoken")[0]
    screen = RehearseScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.open_card(card_id)
    with qtbot.waitSignal(screen.recorder.started, timeout=10_000):
        screen.toggle()
    with virtual_mic.unplugged(), qtbot.waitSignal(screen.recorder.failed, timeout=10_000):
        pass
    assert "timer still works" in screen.mic_status.text()
    assert screen.big_timer.state == "running"  # the attempt goes on, timed
    screen.toggle()
    [made] = rehearsing.attempts_for_card(col, card_id)
    assert made.audio_path is None and made.duration_ms > 0
    assert "not recorded" in screen.details.heading.text() and "Saving" not in screen.mic_status.text()
    assert not list(rehearsing.recordings_dir(col).glob("*"))  # the partial file went with the failure


def test_the_answer_is_transcribed_while_it_is_spoken(
        qtbot: QtBot, col: Collection, virtual_mic: VirtualMic, tmp_path: Path) -> None:
    """Live transcription end to end: flite speaks a story into the virtual microphone while the Rehearse
    screen records it; closed windows are decoded during the answer, so after Space only the last one is.
    The time from Space to the analysis on screen is printed (bench/bench_analysis.py --feedback measures a
    3-minute answer; no timing is asserted here)."""
    answer = ANSWERS[1]
    col.add_notes([NoteDraft("story", {"title": "Billing migration", **answer.card})], deck="Stories")
    card_id = col.search("kind:story")[0]
    # Situation and Task, with a pause between them: about 25 s, two windows.
    wav = speak(answer.spoken[0] + "\n\n" + answer.spoken[1], tmp_path / "answer.wav", voice="slt")
    padded = tmp_path / "answer-pause.wav"
    data, rate = soundfile.read(str(wav), dtype="int16")
    soundfile.write(str(padded), np.concatenate([data, np.zeros(rate * 2, dtype=np.int16), data[: rate * 4]]), rate)
    screen = RehearseScreen(col, AppEvents())
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.open_card(card_id)
    with qtbot.waitSignal(screen.recorder.started, timeout=10_000):
        screen.toggle()
    [live] = screen.live_transcripts.values()
    speaker = virtual_mic.play(padded)
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=60_000)
    # The windows closed by the pause were decoded while the last words were still being spoken.
    qtbot.waitUntil(lambda: live.until_s > 10, timeout=30_000)
    assert live.failed is None and len(live.words) > 20
    heard_live = len(live.words)
    started = time.monotonic()
    with qtbot.waitSignal(screen.runner.done, timeout=60_000):
        screen.toggle()
    qtbot.waitUntil(lambda: "Covered" in screen.details.summary.text(), timeout=10_000)
    print(f"\nfeedback on screen {time.monotonic() - started:.2f} s after Space "
          f"({heard_live} words transcribed before it)")
    [made] = rehearsing.attempts_for_card(col, card_id)
    analysis = made.delivery()
    assert analysis is not None and analysis.engine == "whisper-ct2/tiny.en"
    assert analysis.words >= heard_live  # the live words are in the final transcript, the tail added
    covered = {p.label: p.covered for p in analysis.coverage or []}
    assert covered["Situation"] and covered["Task"] and not covered["Result"]
    assert "2 million requests" in analysis.numbers or "two million requests" in analysis.numbers
    qtbot.waitUntil(lambda: not screen.runner.busy, timeout=10_000)
    player = screen.details.player  # the attempt plays back, from the same file
    player.play()
    qtbot.waitUntil(lambda: player.position_ms() > 200, timeout=10_000)
    player.stop()
