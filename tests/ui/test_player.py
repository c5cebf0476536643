"""Playing a recording back: controls, position, seeking in WAV and FLAC, keys, and sound that really comes out.

Playback goes to the virtual speaker of tests/vmic.py, whose monitor is the
virtual microphone: what the player plays, the Recorder can record.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from vmic import VirtualMic

from flashdeck.ui.rehearse.player import PAUSE_GLYPH, PLAY_GLYPH, Player, time_text
from flashdeck.ui.rehearse.recorder import Recorder

pytestmark = pytest.mark.gui


@pytest.fixture
def player(qtbot: QtBot, virtual_mic: VirtualMic) -> Player:
    widget = Player()
    qtbot.addWidget(widget)
    return widget


def loaded(qtbot: QtBot, player: Player, path: Path) -> int:
    """Load ``path`` and wait until its duration is known; the file's own duration in ms."""
    player.load(path)
    qtbot.waitUntil(lambda: player.duration_ms() > 0, timeout=5000)
    info = soundfile.info(str(path))
    return round(1000 * info.frames / info.samplerate)


def test_an_empty_player_is_disabled(qtbot: QtBot, player: Player, spoken_wav: Path) -> None:
    assert not player.button.isEnabled() and not player.slider.isEnabled()
    loaded(qtbot, player, spoken_wav)
    assert player.button.isEnabled() and player.slider.isEnabled()
    player.load(None)
    assert not player.button.isEnabled() and not player.slider.isEnabled()
    assert player.duration_ms() == 0 and player.time_label.text() == "0:00 / 0:00"
    player.play()
    assert not player.is_playing()


@pytest.mark.parametrize("fixture", ["spoken_wav", "spoken_flac"])
def test_plays_seeks_and_pauses(qtbot: QtBot, player: Player, request: pytest.FixtureRequest, fixture: str) -> None:
    path: Path = request.getfixturevalue(fixture)
    length = loaded(qtbot, player, path)
    assert abs(player.duration_ms() - length) <= 50
    assert player.slider.maximum() == player.duration_ms()
    assert player.time_label.text() == time_text(0, player.duration_ms())

    with qtbot.waitSignal(player.positionChanged, check_params_cb=lambda ms: ms > 200, timeout=5000):
        player.play()
    assert player.is_playing() and player.button.text() == PAUSE_GLYPH

    middle = player.duration_ms() // 2
    player.seek(middle)
    qtbot.waitUntil(lambda: middle <= player.position_ms() <= middle + 800, timeout=5000)  # landed there
    qtbot.waitUntil(lambda: player.position_ms() >= middle + 300, timeout=5000)  # and plays on from there

    player.pause()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=5000)
    paused_at = player.position_ms()
    with qtbot.assertNotEmitted(player.positionChanged, wait=300):
        pass
    assert player.position_ms() == paused_at and player.button.text() == PLAY_GLYPH
    assert player.time_label.text() == time_text(paused_at, player.duration_ms())
    assert abs(player.slider.value() - paused_at) <= 50

    player.seek(250)  # seeking while paused
    qtbot.waitUntil(lambda: abs(player.position_ms() - 250) <= 50, timeout=5000)
    assert not player.is_playing()


def test_keys_and_slider_drive_playback(qtbot: QtBot, player: Player, spoken_wav: Path) -> None:
    loaded(qtbot, player, spoken_wav)
    qtbot.keyClick(player, Qt.Key.Key_K)
    qtbot.waitUntil(player.is_playing, timeout=5000)
    qtbot.keyClick(player, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=5000)
    start = player.position_ms()
    qtbot.keyClick(player, Qt.Key.Key_L)  # five seconds on
    qtbot.waitUntil(lambda: abs(player.position_ms() - (start + 5000)) <= 50, timeout=5000)
    qtbot.keyClick(player, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: abs(player.position_ms() - start) <= 50, timeout=5000)
    qtbot.keyClick(player.slider, Qt.Key.Key_End)  # the slider's own keys seek too
    qtbot.waitUntil(lambda: player.position_ms() >= player.duration_ms() - 50, timeout=5000)
    qtbot.keyClick(player.slider, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: player.position_ms() <= 50, timeout=5000)
    qtbot.mouseClick(player.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(player.is_playing, timeout=5000)


def test_a_missing_file_is_reported(qtbot: QtBot, player: Player, tmp_path: Path) -> None:
    gone = tmp_path / "gone.wav"
    with qtbot.waitSignal(player.failed, timeout=1000) as blocker:
        player.load(gone)
    assert str(gone) in blocker.args[0]
    assert not player.button.isEnabled() and player.time_label.text() == "Recording missing"


def test_playback_is_heard_and_ends(qtbot: QtBot, player: Player, virtual_mic: VirtualMic, spoken_flac: Path,
                                    tmp_path: Path) -> None:
    recorder = Recorder()
    out = tmp_path / "heard.wav"
    with qtbot.waitSignal(recorder.started, timeout=10_000):
        assert recorder.start(out)
    loaded(qtbot, player, spoken_flac)
    player.play()
    qtbot.waitUntil(player.is_playing, timeout=5000)
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=15_000)  # to the end, by itself
    assert player.button.text() == PLAY_GLYPH
    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        recorder.stop()
    data, _rate = soundfile.read(str(out), dtype="float32")
    assert float(np.sqrt(np.mean(np.square(data)))) > 0.02  # the speaker's silence is exactly 0.0


# A child process plays a file through the app's Player, as the app does: Qt Multimedia quieted first
# ("loud" leaves Qt's defaults, to show the test can fail), then it reports how playback ended.
_CHILD = """
import sys
from flashdeck.ui.app import quiet_multimedia_logging
if sys.argv[2] == "quiet":
    quiet_multimedia_logging()
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication
from flashdeck.ui.rehearse.player import Player
app = QApplication([])
player = Player()
def status(value):
    if value in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
        print(value.name, flush=True)
        app.quit()
player._player.mediaStatusChanged.connect(status)
player.load(sys.argv[1])
player.play()
app.exec()
"""


def test_playback_prints_nothing_on_the_terminal(virtual_mic: VirtualMic, tmp_path: Path) -> None:
    """The issue: playing a recording printed FFmpeg's "Input #0 …" dump and PipeWire lines."""
    import os
    import subprocess
    import sys

    tone = tmp_path / "tone.wav"  # a third of a second: the test is about the terminal, not the sound
    soundfile.write(str(tone), 0.2 * np.sin(np.arange(5333) * 2 * np.pi * 440 / 16000), 16000)

    def play(mode: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **virtual_mic.client_env, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("QT_LOGGING_RULES", None)
        return subprocess.run([sys.executable, "-c", _CHILD, str(tone), mode], capture_output=True, text=True,
                              env=env, timeout=60, check=False)

    loud = play("loud")
    assert loud.returncode == 0 and loud.stdout == "EndOfMedia\n", loud.stderr
    assert "Input #0" in loud.stderr  # what the user saw
    quiet = play("quiet")
    assert quiet.returncode == 0 and quiet.stdout == "EndOfMedia\n", quiet.stderr
    assert quiet.stderr == ""
