"""End to end through the virtual microphone: the Rehearse screen records an attempt while flite speaks
into the microphone, keeps the file beside the database, analyses it, and plays it back."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile
from pytestqt.qtbot import QtBot
from vmic import VirtualMic

from flashdeck import rehearsing
from flashdeck.collection import Collection
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.events import AppEvents
from flashdeck.ui.rehearse import RehearseScreen

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
