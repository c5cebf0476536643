"""Analysing a recording off the GUI thread, with progress and cancellation.

``rehearsing.prepare_analysis`` reads what the job needs on the GUI thread;
the job itself (audio, voice activity, the recogniser) touches no database, so it
runs on a ``QThread``; the result is saved back on the GUI thread
(``rehearsing.save_analysis``) by whoever receives ``done``.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal

from flashdeck.analysis.recognizers import RecognizerCache
from flashdeck.collection.rehearsing import AnalysisJob

__all__ = ["AnalysisRunner"]


class _JobThread(QThread):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    errored = Signal(str)

    def __init__(self, job: AnalysisJob, recognizers: RecognizerCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.recognizers = recognizers
        self.cancel_event = threading.Event()
        self.over = False  # set before the last signal: receivers see the job as ended

    def run(self) -> None:
        try:
            self._progress(0.0, "Loading the speech model")
            recognizer = self.recognizers.get(self.job.model)  # loaded once, then shared by every analysis
            result = self.job.run(progress=self._progress, cancelled=self.cancel_event.is_set, recognizer=recognizer)
        except Exception as exc:  # every failure, whatever its kind, becomes a message for the user
            self.over = True
            if not self.cancel_event.is_set():
                self.errored.emit(str(exc) or type(exc).__name__)
            return
        self.over = True
        if not self.cancel_event.is_set():
            self.succeeded.emit(result)

    def _progress(self, fraction: float, message: str) -> None:
        self.progressed.emit(fraction, message)


class AnalysisRunner(QObject):
    """Analyses one at a time, the rest queued. Signals carry the attempt id, so a late result
    cannot land on the wrong attempt.

    ``progress(attempt_id, fraction, message)``, ``done(attempt_id, analysis)``,
    ``failed(attempt_id, message)``, ``cancelled(attempt_id)``; exactly one of the
    last three ends each run.
    """

    progress = Signal(int, float, str)
    done = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)

    def __init__(self, parent: QObject | None = None, recognizers: RecognizerCache | None = None) -> None:
        super().__init__(parent)
        self.recognizers = recognizers if recognizers is not None else RecognizerCache()
        self._thread: _JobThread | None = None
        self._pending: list[AnalysisJob] = []

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def queued(self, attempt_id: int) -> bool:
        """Whether this attempt is being analysed or waits its turn."""
        running = self._thread is not None and not self._thread.over and self._thread.job.attempt_id == attempt_id
        return running or any(j.attempt_id == attempt_id for j in self._pending)

    @property
    def attempt_id(self) -> int | None:
        return None if self._thread is None else self._thread.job.attempt_id

    def warm(self, model: str | None = None) -> None:
        """Load the speech model in the background now (a mock interview's first question is being asked)."""
        def run() -> None:
            try:
                self.recognizers.warm(model)
            except Exception:  # a missing model is reported by the analysis that needs it
                return

        threading.Thread(target=run, name="warm-recognizer", daemon=True).start()

    def start(self, job: AnalysisJob) -> None:
        """Analyse in the background, after the analyses already asked for."""
        if self.queued(job.attempt_id):
            return
        if self._thread is not None:
            self._pending.append(job)
            return
        thread = _JobThread(job, self.recognizers, self)
        attempt_id = job.attempt_id
        thread.progressed.connect(lambda f, m: self.progress.emit(attempt_id, f, m))
        thread.succeeded.connect(lambda result: self.done.emit(attempt_id, result))
        thread.errored.connect(lambda message: self.failed.emit(attempt_id, message))
        thread.finished.connect(self._finished)
        self._thread = thread
        thread.start()

    def cancel(self, attempt_id: int | None = None) -> None:
        """Stop the running analysis at its next step (or drop a queued one); ``cancelled`` follows."""
        waiting = [j for j in self._pending if j.attempt_id == attempt_id]
        for job in waiting:
            if job.live is not None:
                job.live.stop()
        if waiting:
            self._pending = [j for j in self._pending if j.attempt_id != attempt_id]
            self.cancelled.emit(attempt_id)
        elif self._thread is not None and attempt_id in (None, self._thread.job.attempt_id):
            self._thread.cancel_event.set()

    def shutdown(self, ms: int = 10_000) -> None:
        """Cancel everything and wait for the thread (closing the app)."""
        self._pending.clear()
        if self._thread is not None:
            self._thread.cancel_event.set()
            self._thread.wait(ms)

    def _finished(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        if thread.cancel_event.is_set():
            self.cancelled.emit(thread.job.attempt_id)
        thread.deleteLater()
        if self._pending:
            self.start(self._pending.pop(0))
