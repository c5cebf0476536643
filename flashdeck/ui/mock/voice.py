"""Asking a question aloud, offline: Qt's text-to-speech where the platform has an engine, else flite, else on screen.

Qt's ``QTextToSpeech`` speaks through speech-dispatcher on Linux (its ``speechd``
plug-in; the PyPI wheel ships no flite plug-in, and its ``mock`` engine is Qt's own
test double, never used here). Where speech-dispatcher is missing, the ``flite``
program (BSD-style licence, called, not linked) writes the question to a WAV file
that ``QMediaPlayer`` plays. With neither — or when the user chose "show on screen"
in Settings — the question is shown large and given the time a reader needs.

``finished`` fires once per ``say``: when the voice has stopped (the clock of the
answer starts then), when speaking failed, or at the latest after a watchdog.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from flashdeck.ui.mock.cues import scratch_dir

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

__all__ = ["SCREEN", "SPEAK", "QuestionVoice", "qt_engine", "reading_ms"]

SPEAK, SCREEN = "speak", "screen"  # the setting ``mock_voice``
WORDS_PER_S = 3.0  # reading (and flite's speaking) pace, about 180 words a minute
MIN_READ_MS = 1500


def reading_ms(text: str) -> int:
    """How long a question shown on screen is given before the clock starts."""
    return max(MIN_READ_MS, int(len(text.split()) / WORDS_PER_S * 1000))


def qt_engine() -> str | None:
    """A Qt text-to-speech engine that really speaks here (``speechd`` when speech-dispatcher is installed)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # Qt built without the module
        return None
    import ctypes.util

    for name in QTextToSpeech.availableEngines():
        if name == "mock":
            continue
        # Qt reports a plug-in that cannot load as a critical message: look for speech-dispatcher's library first.
        if name == "speechd" and ctypes.util.find_library("speechd") is None:
            continue
        probe = QTextToSpeech(name)
        ready = probe.state() == QTextToSpeech.State.Ready
        probe.deleteLater()
        if ready:
            return name
    return None


class QuestionVoice(QObject):
    """Says (or shows) one question at a time; ``finished`` when it is over."""

    finished = Signal()

    def __init__(self, mode: str = SPEAK, parent: QObject | None = None, *, engine: str | None = None,
                 flite: str | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.backend = SCREEN
        self._speech: QTextToSpeech | None = None
        self._flite = flite if flite is not None else shutil.which("flite")
        self._process: QProcess | None = None
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._wav = scratch_dir() / f"question-{id(self)}.wav"
        self._busy = False
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._done)
        self._shown = QTimer(self)
        self._shown.setSingleShot(True)
        self._shown.timeout.connect(self._done)
        if mode == SPEAK:
            chosen = engine if engine is not None else qt_engine()
            if chosen:
                from PySide6.QtTextToSpeech import QTextToSpeech

                speech = QTextToSpeech(chosen, self)
                speech.stateChanged.connect(self._speech_state)
                self._speech, self.backend = speech, f"qt:{chosen}"
            elif self._flite:
                self.backend = "flite"

    def describe(self) -> str:
        """For Settings and the screen: who is asking."""
        if self.backend.startswith("qt:"):
            return f"spoken by {self.backend[3:]} (Qt text to speech)"
        return {"flite": "spoken by flite", SCREEN: "shown on screen"}[self.backend]

    @property
    def busy(self) -> bool:
        return self._busy

    def say(self, text: str) -> None:
        self.stop()
        self._busy = True
        # However it goes, the session goes on: a voice that never reports its end is cut off.
        self._watchdog.start(reading_ms(text) * 3 + 5000)
        if self.backend.startswith("qt:"):
            assert self._speech is not None
            self._speech.say(text)
        elif self.backend == "flite":
            self._speak_with_flite(text)
        else:
            self._shown.start(reading_ms(text))

    def stop(self) -> None:
        """Stop speaking without ``finished`` (the session was left)."""
        self._busy = False
        self._watchdog.stop()
        self._shown.stop()
        if self._speech is not None:
            self._speech.stop()
        if self._process is not None:
            self._process.kill()
            self._process = None
        if self._player is not None:
            self._player.stop()

    # -- flite -----------------------------------------------------------------------------------

    def _speak_with_flite(self, text: str) -> None:
        assert self._flite is not None
        wav = self._wav
        wav.unlink(missing_ok=True)
        process = QProcess(self)
        process.finished.connect(self._flite_done)
        process.errorOccurred.connect(self._flite_failed)
        self._process = process
        process.start(self._flite, ["-t", text, "-o", str(wav)])

    @Slot(int, QProcess.ExitStatus)
    def _flite_done(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self.sender() is not self._process:
            return
        self._process = None
        wav = self._wav
        if code != 0 or not wav.is_file():
            self._done()
            return
        if self._player is None:
            self._output = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._media_status)
            self._player.errorOccurred.connect(self._media_error)
        self._player.setSource(QUrl())
        self._player.setSource(QUrl.fromLocalFile(str(wav)))
        self._player.play()

    @Slot(QProcess.ProcessError)
    def _flite_failed(self, _error: QProcess.ProcessError) -> None:
        if self.sender() is self._process:
            self._process = None
            self._done()

    @Slot(QMediaPlayer.MediaStatus)
    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._done()

    @Slot(QMediaPlayer.Error, str)
    def _media_error(self, error: QMediaPlayer.Error, _message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._done()

    # -- Qt's speech -----------------------------------------------------------------------------

    @Slot(object)
    def _speech_state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error) and self._busy:
            self._done()

    def _done(self) -> None:
        if not self._busy:
            return
        self._busy = False
        self._watchdog.stop()
        self._shown.stop()
        self.finished.emit()
