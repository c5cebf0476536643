"""Recording a rehearsal from the microphone into a WAV (or FLAC) file, with a live level for a meter.

``QMediaCaptureSession`` + ``QAudioInput`` + ``QMediaRecorder`` write the file
(16 kHz mono 16-bit: what the analysis wants; 3 minutes under 6 MB); a
``QAudioSource`` on the same device, in parallel, gives the peak level ~20 times
a second. Each recording is a ``_Take`` with its own Qt objects, so a take still
closing its file never gets in the way of the next one.

``failed`` tells the user when there is no input device or the file cannot be
written (``start`` returns False), when the microphone sends nothing or stops
sending (unplugged: PulseAudio tells Qt nothing, so a watchdog notices the data
stop), or when Qt's recorder reports an error (its message). A failed take
leaves no file and is never followed by ``finished``. On quitting,
``wait_until_closed`` finishes the file of a recording still running.
"""

from __future__ import annotations

import os
import time
from array import array
from pathlib import Path

from PySide6.QtCore import QEventLoop, QIODevice, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioInput,
    QAudioSource,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaFormat,
    QMediaRecorder,
    QtAudio,
)

__all__ = ["Recorder"]

RATE = 16000
CHANNELS = 1
FORMATS = {".wav": QMediaFormat.FileFormat.Wave, ".flac": QMediaFormat.FileFormat.FLAC}
LEVEL_INTERVAL_MS = 50  # levelChanged about 20 times a second
WATCH_INTERVAL_MS = 250
# A device that has produced nothing this long after start, or stops for this long, is gone. Generous on
# purpose: some inputs (Bluetooth headsets switching profile, a sound server just started) take a second or two.
START_TIMEOUT_S = 6.0
STALL_TIMEOUT_S = 2.5
CLOSE_TIMEOUT_S = 10.0
# A stop asked for before the first sound reached the file waits (at most this long) for Qt's capture to be
# running: stopping Qt's FFmpeg capture while its threads still handle the start crashed the process, rarely,
# inside the event loop (seen in the test suite under load, where the clock ends an answer at once).
SETTLE_TIMEOUT_S = 2.0

NO_MICROPHONE = "No microphone found."
UNAVAILABLE = "No microphone found — the timer still works."
MIC_SILENT = "The microphone sends no sound — is it connected?"
MIC_LOST = "The microphone stopped (unplugged?) — that recording was discarded."
NOTHING_RECORDED = "Nothing was recorded — the microphone had not started yet."


def _device_id(device: QAudioDevice) -> str:
    return bytes(device.id().data()).decode("utf-8", "replace")


def _peak_of(data: bytes, fmt: QAudioFormat) -> float:
    """The largest absolute sample in ``data`` as a fraction of full scale (0..1)."""
    kind = fmt.sampleFormat()
    codes = {QAudioFormat.SampleFormat.Int16: ("h", 32768.0), QAudioFormat.SampleFormat.Int32: ("i", 2147483648.0),
             QAudioFormat.SampleFormat.Float: ("f", 1.0)}
    if kind == QAudioFormat.SampleFormat.UInt8:
        return max((abs(b - 128) for b in data), default=0) / 128.0
    if kind not in codes:
        return 0.0
    code, full = codes[kind]
    samples = array(code)
    usable = len(data) - len(data) % samples.itemsize
    samples.frombytes(data[:usable])
    if not samples:
        return 0.0
    return min(1.0, max(max(samples), -min(samples)) / full)


class _Take(QObject):
    """One recording to one file. Reports ``live`` once, then exactly one of ``done(path)`` / ``lost(message)``."""

    live = Signal()
    level = Signal(float)
    done = Signal(str)
    lost = Signal(str)

    def __init__(self, device: QAudioDevice, path: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.device, self.path = device, path
        # Written through a (dangling) symbolic link: on failure the file made behind it goes, the link stays.
        self._made = path.resolve() if path.is_symlink() else path
        self.recording = False  # between start() and stop() or a failure
        self._has_audio = False
        self._failure: str | None = None
        self._closed = False
        self._started_at = self._last_progress = self._stop_asked_at = 0.0
        self._last_duration = 0
        self._peak = -1.0
        self._settling = False  # stop asked for before any sound: done once Qt's capture runs (see above)

        self._input = QAudioInput(device, self)
        self._session = QMediaCaptureSession(self)
        self._session.setAudioInput(self._input)
        self._recorder = QMediaRecorder(self)
        self._session.setRecorder(self._recorder)
        self._recorder.setMediaFormat(QMediaFormat(FORMATS[path.suffix.lower()]))
        self._recorder.setAudioSampleRate(RATE)
        self._recorder.setAudioChannelCount(CHANNELS)
        self._recorder.setQuality(QMediaRecorder.Quality.HighQuality)
        self._recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
        self._recorder.recorderStateChanged.connect(self._recorder_state)
        self._recorder.errorOccurred.connect(self._recorder_error)
        self._recorder.durationChanged.connect(self._progress)

        self._source: QAudioSource | None = None
        self._stream: QIODevice | None = None
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self._check)
        self._tick = QTimer(self)
        self._tick.setInterval(LEVEL_INTERVAL_MS)
        self._tick.timeout.connect(self._emit_level)

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> None:
        self.recording = True
        self._started_at = self._last_progress = time.monotonic()
        self._start_levels()
        self._watch.start()
        self._recorder.record()

    def stop(self) -> None:
        """Finish the file; ``done`` (or ``lost``, if nothing was recorded) follows once it is closed."""
        if self.recording:
            if not self._has_audio:
                self._failure = NOTHING_RECORDED
            self._halt()

    def fail(self, message: str) -> None:
        """Give up on this take: stop, delete the file once Qt has closed it, then report ``lost``."""
        if self._closed:
            return
        if self._failure is None or self._failure == NOTHING_RECORDED:
            self._failure = message
        self._halt()

    def _halt(self) -> None:
        if self.recording:
            self.recording = False
            self._stop_asked_at = time.monotonic()
            if self._has_audio or self._failure not in (None, NOTHING_RECORDED):
                self._stop_capture()
            else:
                self._settling = True
        elif self._settling and self._failure not in (None, NOTHING_RECORDED):
            self._stop_capture()
        if self._recorder.recorderState() == QMediaRecorder.RecorderState.StoppedState:
            self._close()

    def _stop_capture(self) -> None:
        self._settling = False
        self._stop_levels()
        self._recorder.stop()

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.recording = False
        self._watch.stop()
        self._stop_levels()
        if self._failure is None:
            self.done.emit(str(self.path))
        else:
            # A failed recording leaves nothing behind (start() made sure nothing was there before).
            self._made.unlink(missing_ok=True)
            self.lost.emit(self._failure)

    # -- Qt's recorder -------------------------------------------------------------------------

    @Slot(QMediaRecorder.RecorderState)
    def _recorder_state(self, state: QMediaRecorder.RecorderState) -> None:
        # The FFmpeg backend reports StoppedState once the file is written and closed.
        if state == QMediaRecorder.RecorderState.StoppedState and (not self.recording or self._failure):
            self._close()
        elif state == QMediaRecorder.RecorderState.StoppedState:
            self.fail(MIC_LOST)  # stopped by itself

    @Slot(QMediaRecorder.Error, str)
    def _recorder_error(self, _error: QMediaRecorder.Error, message: str) -> None:
        self.fail(f"Recording failed: {message}" if message else "Recording failed.")

    @Slot("qlonglong")
    def _progress(self, duration_ms: int) -> None:
        if duration_ms > self._last_duration:
            self._last_duration = duration_ms
            self._last_progress = time.monotonic()
            if not self._has_audio and self.recording:
                self._has_audio = True
                self.live.emit()
            elif self._settling:
                self._stop_capture()

    @Slot()
    def _check(self) -> None:
        now = time.monotonic()
        if self._settling and now - self._stop_asked_at > SETTLE_TIMEOUT_S:
            self._stop_capture()
        elif self.recording and not self._has_audio and now - self._started_at > START_TIMEOUT_S:
            self.fail(MIC_SILENT)
        elif self.recording and self._has_audio and now - self._last_progress > STALL_TIMEOUT_S:
            self.fail(MIC_LOST)
        elif not self.recording and not self._closed and now - self._stop_asked_at > CLOSE_TIMEOUT_S:
            self._failure = self._failure or "The recording could not be finished."
            self._close()

    # -- the level -----------------------------------------------------------------------------

    def _start_levels(self) -> None:
        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(CHANNELS)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not self.device.isFormatSupported(fmt):
            fmt = self.device.preferredFormat()
        self._source = QAudioSource(self.device, fmt, self)
        self._source.setBufferSize(fmt.bytesForDuration(LEVEL_INTERVAL_MS * 1000))
        self._source.stateChanged.connect(self._source_state)
        self._stream = self._source.start()
        if self._stream is not None:
            self._stream.readyRead.connect(self._read_level)
        self._tick.start()

    def _stop_levels(self) -> None:
        self._tick.stop()
        if self._source is not None:
            source, self._source, self._stream = self._source, None, None
            source.stateChanged.disconnect(self._source_state)
            source.stop()
            source.deleteLater()

    @Slot()
    def _read_level(self) -> None:
        if self._stream is None or self._source is None:
            return
        data = self._stream.readAll().data()
        if data:
            self._peak = max(self._peak, _peak_of(bytes(data), self._source.format()))

    @Slot()
    def _emit_level(self) -> None:
        if self._peak >= 0:
            self.level.emit(self._peak)
            self._peak = -1.0

    @Slot(QtAudio.State)
    def _source_state(self, state: QtAudio.State) -> None:
        # A real slot, not a lambda: lambdas on this signal misbehaved in this PySide6 version.
        if self._source is None or state != QtAudio.State.StoppedState:
            return
        if self._source.error() not in (QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
            self.fail(MIC_LOST)


class Recorder(QObject):
    """Records the microphone to a file; see the module docstring for what is reported when.

    Signals:
        levelChanged(float): peak level 0..1 (linear), about 20 times a second while recording.
        started(): sound is arriving and going into the file.
        finished(str): the path given to ``start``, once the file is complete and closed.
        failed(str): a one-line message for the user; no file is left and no ``finished`` follows.
    """

    levelChanged = Signal(float)
    started = Signal()
    finished = Signal(str)
    failed = Signal(str)
    _all_closed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices = QMediaDevices(self)
        self._devices.audioInputsChanged.connect(self._inputs_changed)
        self._device_id: str | None = None
        self._take: _Take | None = None  # the one recording now
        self._open: set[_Take] = set()  # every take whose file is not closed yet (the current one included)

    @staticmethod
    def input_devices() -> list[tuple[str, str]]:
        """(device id, description) of every input, the system default first."""
        devices = QMediaDevices.audioInputs()
        devices.sort(key=lambda d: not d.isDefault())
        return [(_device_id(d), d.description()) for d in devices]

    def available(self) -> bool:
        """Whether there is any input device at all.

        On PulseAudio, Qt 6.11 notices a new device at once but a removed one only
        when the list next changes; a recording from a removed device fails anyway.
        """
        return bool(QMediaDevices.audioInputs())

    def unavailable_reason(self) -> str:
        return "" if self.available() else UNAVAILABLE

    def set_device(self, device_id: str | None) -> None:
        """The input for the next recording; None (or a device no longer there) means the system default."""
        self._device_id = device_id

    def device(self) -> QAudioDevice:
        """The input the next recording will use (a null device when there is none)."""
        inputs = QMediaDevices.audioInputs()
        chosen = next((d for d in inputs if _device_id(d) == self._device_id), None)
        if chosen is None:
            chosen = QMediaDevices.defaultAudioInput()
        if chosen.isNull() and inputs:
            chosen = inputs[0]
        return chosen

    def is_recording(self) -> bool:
        return self._take is not None and self._take.recording

    def start(self, path: Path | str) -> bool:
        """Record into ``path`` (``.wav`` or ``.flac``; must not exist yet).

        Returns False and emits ``failed`` when it cannot record. While a recording
        runs, another ``start`` returns False and changes nothing (no ``failed``).
        """
        if self.is_recording():
            return False
        target = Path(path)
        problem = self._cannot_write(target)
        device = self.device()
        if problem is None and device.isNull():
            problem = NO_MICROPHONE
        if problem is not None:
            self.failed.emit(problem)
            return False
        take = _Take(device, target, self)
        take.live.connect(self._take_live)
        take.level.connect(self._take_level)
        take.done.connect(self._take_done)
        take.lost.connect(self._take_lost)
        self._take = take
        self._open.add(take)
        take.start()
        return take.recording

    def stop(self) -> None:
        """Finish the recording; ``finished(path)`` follows once the file is closed. Does nothing when idle."""
        take, self._take = self._take, None
        if take is not None:
            take.stop()

    def wait_until_closed(self, timeout_ms: int = 5000) -> bool:
        """For quitting: stop, then run the event loop until every file is closed (True) or the time is up."""
        self.stop()
        if self._open:
            loop, timer = QEventLoop(), QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            self._all_closed.connect(loop.quit)
            timer.start(timeout_ms)
            loop.exec()
            timer.stop()
            self._all_closed.disconnect(loop.quit)
        return not self._open

    @staticmethod
    def _cannot_write(path: Path) -> str | None:
        if path.suffix.lower() not in FORMATS:
            return f"Cannot record to {path}: only .wav and .flac files are written."
        try:
            if path.exists():
                return f"Cannot record to {path}: the file already exists."
            folder = path.parent
            if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
                return f"Cannot record to {path}: the folder {folder} is missing or not writable."
        except OSError as err:  # a name too long, a loop of links…
            return f"Cannot record to {path}: {err.strerror or err}."
        return None

    # -- from the takes ------------------------------------------------------------------------

    @Slot()
    def _inputs_changed(self) -> None:
        # Backends that report unplugging (not PulseAudio: the watchdog covers that) end up here.
        take = self._take
        if take is not None and take.recording:
            ids = {_device_id(d) for d in QMediaDevices.audioInputs()}
            if _device_id(take.device) not in ids:
                take.fail(MIC_LOST)

    @Slot()
    def _take_live(self) -> None:
        if self.sender() is self._take:
            self.started.emit()

    @Slot(float)
    def _take_level(self, level: float) -> None:
        if self.sender() is self._take:
            self.levelChanged.emit(level)

    @Slot(str)
    def _take_done(self, path: str) -> None:
        self._forget(self.sender())
        self.finished.emit(path)

    @Slot(str)
    def _take_lost(self, message: str) -> None:
        self._forget(self.sender())
        self.failed.emit(message)

    def _forget(self, take: QObject | None) -> None:
        if take is self._take:
            self._take = None
        if isinstance(take, _Take):
            self._open.discard(take)
            take.deleteLater()
        if not self._open:
            self._all_closed.emit()
