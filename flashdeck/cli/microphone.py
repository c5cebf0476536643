"""The microphone and the voice in the terminal: ``flashdeck mock`` without ``--answers``.

The app records with Qt Multimedia, but Qt stays under ``flashdeck/ui`` (an import-linter
contract), so the terminal talks to the sound server itself, through PulseAudio's "simple"
API (``libpulse-simple.so.0``: part of ``libpulse0``, which Qt Multimedia needs anyway; PipeWire
serves the same API) with ``pasimple`` (MIT, pure Python over ctypes). Why not sounddevice:
on Linux it needs PortAudio from the system (``libportaudio2``, one more package) and Debian's
build reaches PulseAudio only through ALSA's pulse plug-in (docs/mock.md compares the two).

``Recording`` writes a 16 kHz mono 16-bit WAV as the sound arrives (a tenth of a second at
a time, the header brought up to date each time), so the live transcription can follow it
and a killed process leaves a readable file. ``say`` asks a question with flite (played
through the same sound server) when flite is there; the caller prints it either way.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from flashdeck.core.errors import InvalidInput

__all__ = ["CHUNK_BYTES", "MicrophoneError", "Recording", "check_microphone", "say"]

RATE = 16000  # what the analysis wants (flashdeck.analysis.audio.RATE)
CHUNK_BYTES = 3200  # 0.1 s of 16 kHz mono 16-bit: how often the file grows
APP_NAME = "FlashDeck"


class MicrophoneError(InvalidInput):
    """No sound server or no microphone: one line for the user."""


def _open(stream: str) -> Any:
    try:
        import pasimple
    except ImportError:  # pragma: no cover - a dependency of the package
        raise MicrophoneError("recording in the terminal needs the pasimple package (pip install pasimple)") from None
    try:
        # fragsize: sound delivered every 0.1 s (the default is about 2 s, too late for Enter)
        return pasimple.PaSimple(pasimple.PA_STREAM_RECORD, pasimple.PA_SAMPLE_S16LE, 1, RATE, APP_NAME, stream,
                                 fragsize=CHUNK_BYTES)
    except (OSError, pasimple.PaSimpleError) as err:  # no libpulse-simple, no server, no source
        raise MicrophoneError(f"no microphone: {_reason(err)} (is PulseAudio or PipeWire running?)") from None


def _reason(err: Exception) -> str:
    """PulseAudio's own words for pasimple's "Error while creating stream: 6"."""
    text = str(err).strip().rstrip(".") or type(err).__name__
    code = text.rsplit(":", 1)[-1].strip()
    if code.isdigit():
        import ctypes

        try:
            strerror = ctypes.CDLL("libpulse.so.0").pa_strerror
            strerror.restype = ctypes.c_char_p
            said = strerror(int(code))
        except (OSError, AttributeError):
            return text
        if said:
            return str(said.decode("utf-8", "replace")).lower()
    return text


def check_microphone() -> None:
    """Raise ``MicrophoneError`` unless the default microphone delivers sound."""
    stream = _open("check")
    try:
        stream.read(CHUNK_BYTES // 4)
    finally:
        stream.close()


class Recording:
    """One answer from the default microphone into ``path`` (a new WAV), until ``stop()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: str | None = None
        self.frames = 0
        self._stop = threading.Event()
        self._stream: Any = None
        self._thread = threading.Thread(target=self._run, name="mock-recording", daemon=True)

    def start(self) -> None:
        """Open the microphone and wait for its first sound: the answer is heard from the moment this returns."""
        import soundfile

        self._stream = _open("answer")
        first = self._stream.read(CHUNK_BYTES)
        self._file = soundfile.SoundFile(str(self.path), "x", samplerate=RATE, channels=1, subtype="PCM_16",
                                         format="WAV")
        self._write(first)
        self._thread.start()

    def _write(self, data: bytes) -> None:
        self._file.buffer_write(data, dtype="int16")
        self._file.flush()  # the header is rewritten: the file is whole after every chunk
        self.frames += len(data) // 2

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._write(self._stream.read(CHUNK_BYTES))
        except Exception as exc:  # the server went away: what was heard is kept
            self.error = str(exc) or type(exc).__name__

    def stop(self) -> float:
        """End the recording (the chunk being read is kept); the seconds recorded."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._stream is not None:
            self._stream.close()
            self._stream = None
            self._file.close()
        return self.frames / RATE


def say(text: str) -> bool:
    """Speak ``text`` with flite through the sound server and return once it is heard; False without flite."""
    flite = shutil.which("flite")
    if flite is None:
        return False
    import pasimple

    with tempfile.TemporaryDirectory(prefix="flashdeck-voice-") as folder:
        wav = Path(folder) / "question.wav"
        done = subprocess.run([flite, "-t", text, "-o", str(wav)], capture_output=True, check=False)
        if done.returncode != 0 or not wav.is_file():
            return False
        try:
            pasimple.play_wav(str(wav))
        except (OSError, pasimple.PaSimpleError):
            return False
    return True
