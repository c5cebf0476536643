"""Recording from a real (virtual) microphone: flite's speech is played into PulseAudio while Recorder records.

Everything runs for real: PulseAudio (tests/vmic.py), Qt Multimedia's FFmpeg
recorder, soundfile, pocketsphinx. The cases without any microphone run in a
child process (tests/audio/recorder_probe.py), because Qt Multimedia binds a
process to one sound server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot
from speech import word_error_rate, words
from vmic import VirtualMic

from flashdeck.analysis import analyze
from flashdeck.analysis.audio import load_recording
from flashdeck.ui.rehearse import recorder as recorder_module
from flashdeck.ui.rehearse.recorder import Recorder

pytestmark = pytest.mark.gui

PROBE = Path(__file__).resolve().parent.parent / "audio" / "recorder_probe.py"


def rms(path: Path) -> float:
    data, _rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    return float(np.sqrt(np.mean(np.square(data))))


def duration_s(path: Path) -> float:
    info = soundfile.info(str(path))
    return info.frames / info.samplerate


@pytest.fixture
def recorder(qtbot: QtBot) -> Recorder:
    return Recorder()


@dataclass
class Seen:
    """What the slots saw during one recording."""

    levels: list[float] = field(default_factory=list)
    info_when_finished: Any = None

    def closed(self, path: str) -> None:
        # Read inside the slot: the file must be complete the moment finished() arrives.
        self.info_when_finished = soundfile.info(path)


def record_while_playing(qtbot: QtBot, recorder: Recorder, mic: VirtualMic, speech: Path, out: Path) -> Seen:
    """Start recording, play ``speech`` into the microphone, stop when it has been played."""
    seen = Seen()
    recorder.levelChanged.connect(seen.levels.append)
    recorder.finished.connect(seen.closed)
    with qtbot.waitSignal(recorder.started, timeout=10_000):
        assert recorder.start(out)
    assert recorder.is_recording()
    playing = mic.play(speech)
    qtbot.waitUntil(lambda: playing.poll() is not None, timeout=30_000)
    assert playing.returncode == 0
    with qtbot.assertNotEmitted(recorder.failed), qtbot.waitSignal(recorder.finished, timeout=10_000) as blocker:
        recorder.stop()
    assert blocker.args == [str(out)]
    assert not recorder.is_recording()
    return seen


def test_lists_the_virtual_microphone(virtual_mic: VirtualMic, recorder: Recorder) -> None:
    assert recorder.input_devices()[0] == ("vmic", "VirtualMic")
    assert recorder.available() and recorder.unavailable_reason() == ""
    recorder.set_device("no-such-device")  # unplugged since it was chosen: the default is used
    assert recorder.device().description() == "VirtualMic"
    recorder.set_device("vmic")
    assert recorder.device().description() == "VirtualMic"


def test_records_speech_played_into_the_microphone(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder,
                                                   spoken_wav: Path, spoken_text: str, tmp_path: Path) -> None:
    out = tmp_path / "take.wav"
    seen = record_while_playing(qtbot, recorder, virtual_mic, spoken_wav, out)

    info = seen.info_when_finished
    assert (info.format, info.samplerate, info.channels) == ("WAV", recorder_module.RATE, 1)
    assert info.frames == soundfile.info(str(out)).frames
    played, recorded = duration_s(spoken_wav), duration_s(out)
    assert played - 0.25 <= recorded <= played + 5.0  # all of it, plus start and end latency
    silence = rms(spoken_wav) * 0.1
    assert rms(out) > max(0.02, silence)  # the null sink's silence is exactly 0.0
    # The same loudness as the file played, diluted by the silent margins.
    assert rms(out) == pytest.approx(rms(spoken_wav) * (played / recorded) ** 0.5, rel=0.3)

    levels = seen.levels
    assert len(levels) >= 5 * played  # ~20 a second
    assert max(levels) > 0.1 and min(levels) < 0.01  # speech, and the silence around it

    # What pocketsphinx hears in it (measured: every word, plus one "uh" it imagines).
    heard = [w for w in words(analyze(out).transcript) if w not in {"um", "uh", "er"}]
    assert word_error_rate(words(spoken_text), heard) <= 0.2, heard


def test_records_flac_that_the_analysis_reads(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder,
                                              spoken_flac: Path, tmp_path: Path) -> None:
    out = tmp_path / "take.flac"
    record_while_playing(qtbot, recorder, virtual_mic, spoken_flac, out)
    assert soundfile.info(str(out)).format == "FLAC"
    recording = load_recording(out)
    assert recording.duration_s >= duration_s(spoken_flac) - 0.25
    assert np.abs(recording.samples).max() > 3000  # speech peaks, in 16-bit


def test_stop_when_idle_does_nothing(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder) -> None:
    with qtbot.assertNotEmitted(recorder.finished, wait=200), qtbot.assertNotEmitted(recorder.failed):
        recorder.stop()
    assert not recorder.is_recording()


def test_a_second_start_is_refused_and_the_first_recording_goes_on(qtbot: QtBot, virtual_mic: VirtualMic,
                                                                  recorder: Recorder, tmp_path: Path) -> None:
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    with qtbot.waitSignal(recorder.started, timeout=10_000):
        assert recorder.start(first)
    with qtbot.assertNotEmitted(recorder.failed):
        assert not recorder.start(second)
    assert recorder.is_recording() and not second.exists()
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as blocker:
        recorder.stop()
    assert blocker.args == [str(first)] and duration_s(first) > 0


def test_stop_before_any_sound_leaves_no_file(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder,
                                              tmp_path: Path) -> None:
    out = tmp_path / "nothing.wav"
    with qtbot.assertNotEmitted(recorder.finished), qtbot.waitSignal(recorder.failed, timeout=10_000) as blocker:
        assert recorder.start(out)
        recorder.stop()  # no event has been processed: no sound can have arrived yet
    assert blocker.args == [recorder_module.NOTHING_RECORDED]
    assert not out.exists() and not recorder.is_recording()


@pytest.mark.parametrize("name", ["missing-folder/take.wav", "take.mp3", "exists.wav"])
def test_cannot_write_is_refused_at_once(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder, tmp_path: Path,
                                         name: str) -> None:
    (tmp_path / "exists.wav").write_bytes(b"keep me")
    target = tmp_path / name
    with qtbot.waitSignal(recorder.failed, timeout=1000) as blocker:
        assert not recorder.start(target)
    message = blocker.args[0]
    assert message.startswith(f"Cannot record to {target}:") and "\n" not in message
    assert (tmp_path / "exists.wav").read_bytes() == b"keep me"
    assert not (tmp_path / "missing-folder").exists() and not (tmp_path / "take.mp3").exists()
    assert not recorder.is_recording()


def test_an_error_from_qt_is_reported_with_its_message(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder,
                                                      tmp_path: Path) -> None:
    # A dangling link passes the checks (nothing exists at the path); FFmpeg cannot open what it points to.
    link = tmp_path / "link.wav"
    link.symlink_to(tmp_path / "no-such-folder" / "take.wav")
    with qtbot.waitSignal(recorder.failed, timeout=5000) as blocker:
        assert not recorder.start(link)
    assert blocker.args == ["Recording failed: Cannot open the output location for writing"]
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["link.wav"]
    assert not recorder.is_recording()


def test_quitting_waits_for_the_file_to_be_closed(qtbot: QtBot, virtual_mic: VirtualMic, recorder: Recorder,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "quit.wav"
    with qtbot.waitSignal(recorder.started, timeout=10_000):
        assert recorder.start(out)
    done: list[str] = []
    recorder.finished.connect(done.append)
    assert recorder.wait_until_closed()
    assert done == [str(out)]  # finished(path) came before it returned
    assert soundfile.info(str(out)).frames > 0
    assert recorder.wait_until_closed()  # and again, with nothing open


def test_unplugging_the_microphone_fails_the_recording_and_deletes_it(qtbot: QtBot, virtual_mic: VirtualMic,
                                                                      recorder: Recorder, tmp_path: Path) -> None:
    out = tmp_path / "unplugged.wav"
    with qtbot.waitSignal(recorder.started, timeout=10_000):
        assert recorder.start(out)
    with virtual_mic.unplugged(), qtbot.assertNotEmitted(recorder.finished):
        with qtbot.waitSignal(recorder.failed, timeout=10_000) as blocker:
            pass
        assert blocker.args == [recorder_module.MIC_LOST]
        assert not recorder.is_recording() and not out.exists()

    # Plugged back in: the next recording works.
    again = tmp_path / "again.wav"
    with qtbot.waitSignal(recorder.started, timeout=10_000):
        assert recorder.start(again)
    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        recorder.stop()
    assert duration_s(again) > 0


def probe(tmp_path: Path, env: dict[str, str]) -> dict[str, object]:
    out = tmp_path / "probe.wav"
    done = subprocess.run([sys.executable, str(PROBE), str(out)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_without_a_sound_server_recording_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "client.conf").write_text("autospawn = no\n")  # nor may libpulse try to start one in $HOME
    report = probe(tmp_path, {"PULSE_SERVER": f"unix:{tmp_path}/no-server", "PULSE_COOKIE": str(tmp_path / "cookie"),
                              "PULSE_CLIENTCONFIG": str(tmp_path / "client.conf")})
    assert report == {"available": False, "reason": "No microphone found — the timer still works.", "devices": [],
                      "start": False, "recording": False, "failed": ["No microphone found."], "file_exists": False}


def test_a_sound_server_without_microphones_makes_recording_unavailable(tmp_path: Path) -> None:
    # A short path of its own: the server's socket path must fit in 108 bytes.
    server = VirtualMic(Path(tempfile.mkdtemp(prefix="fd-nomic-")))
    server.start()
    try:
        server.unplug()  # no sink and no source at all: not even a monitor
        report = probe(tmp_path, server.client_env)
    finally:
        server.stop()
        shutil.rmtree(server.runtime_dir)
    assert report["available"] is False and report["devices"] == [] and report["start"] is False
    assert report["reason"] == "No microphone found — the timer still works."
    assert report["failed"] == ["No microphone found."]
    assert report["file_exists"] is False
