"""``flashdeck mock`` answered out loud in the terminal: the microphone, Enter, and the clock.

Each question is printed (and said with flite where it is installed, unless ``--voice print``);
the clock starts when it has been asked, and the answer is recorded from the default microphone
until Enter — or until the clock runs out at the window's upper bound plus the grace, as in the
app (``flashdeck.core.mock.MockSession`` keeps the rules). Each answer is kept the moment it
ends (attempt + recording, one transaction), transcribed while it is spoken and analysed while
the next question is asked, with the recogniser loaded while the first one is asked.

Standard input is read by a thread of its own into a queue: the session waits for a line *or*
the clock, and the grades that follow are read from the same queue (``Lines``).
"""

from __future__ import annotations

import dataclasses
import queue
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TextIO

from flashdeck.cli.microphone import Recording, say

if TYPE_CHECKING:
    from flashdeck.analysis import Analysis
    from flashdeck.analysis.recognizers import RecognizerCache
    from flashdeck.collection import Collection
    from flashdeck.collection.mocking import MockRecord
    from flashdeck.collection.rehearsing import AnalysisJob

__all__ = ["Lines", "take_answers"]

TICK_S = 0.1
CUE_TEXT = {"window_start": "  (the window opens: on target from here)",
            "window_end": "  (the window closes: wrap up)"}


class Lines:
    """Standard input line by line, read by a thread: ``get(timeout)`` waits for the next line or the time.

    Also what ``cli.mock._grade`` reads the grades from (``isatty``, ``readline``, ``read``).
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.ended = False
        threading.Thread(target=self._pump, name="stdin-lines", daemon=True).start()

    def _pump(self) -> None:
        for line in iter(self._stream.readline, ""):
            self._queue.put(line)
        self._queue.put(None)  # end of input

    def get(self, timeout: float | None = None) -> str | None:
        """The next line; ``None`` at the end of input. ``queue.Empty`` when ``timeout`` passes first."""
        if self.ended:
            return None
        line = self._queue.get(timeout=timeout)
        if line is None:
            self.ended = True
        return line

    def isatty(self) -> bool:
        return self._stream.isatty()

    def readline(self) -> str:
        line = self.get()
        return "" if line is None else line

    def read(self) -> str:
        return "".join(iter(self.readline, ""))


def _note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def take_answers(col: Collection, record: MockRecord, lines: Lines, *, speak: bool) -> None:
    """Ask the questions not answered yet and record each answer from the microphone until Enter or time up."""
    from flashdeck.analysis.live import LiveTranscript
    from flashdeck.analysis.recognizers import RecognizerCache
    from flashdeck.collection import mocking, rehearsing
    from flashdeck.core.mock import MockSession
    from flashdeck.core.rehearsal import format_clock

    model = rehearsing.speech_model(col)
    recognizers = RecognizerCache()
    # Loaded (and run once) while the first question is asked: the first answer's analysis does not wait for it.
    threading.Thread(target=_warm, args=(recognizers, model), name="warm-recognizer", daemon=True).start()
    session = MockSession(list(record.questions), grace_s=record.grace_s, follow_ups=False,
                          start_at=mocking.resume_position(col, record))
    pending: list[tuple[int, Future[Analysis]]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mock-analysis") as worker:
        while session.phase == "asking" and not lines.ended:
            question = session.current
            assert question is not None
            position = session.position
            _note(f"Question {position + 1}/{len(record.questions)}: {question.prompt}")
            if speak:
                say(question.prompt)
            path = rehearsing.new_recording_path(col, question.card_id)
            recording = Recording(path)
            recording.start()
            live = LiveTranscript(path, lambda: recognizers.get(model))
            live.start()
            session.question_asked()
            _note(f"  answer now; Enter ends it (the clock stops it at {format_clock(session.limit_s())})")
            done = None
            while done is None:
                try:
                    line = lines.get(timeout=TICK_S)
                except queue.Empty:
                    cues = session.tick()
                    for cue in cues:
                        _note(CUE_TEXT.get(cue, "  time is up"))
                    if "time_up" in cues:
                        done = session.answered[(position, False)]
                    continue
                if line is None:  # the input ended: this answer ends, no more questions are asked
                    _note("  standard input ended: the answers so far are kept")
                ended = session.end_answer("enter")
                done = session.answered[(position, False)] if ended is not None else None
            recording.stop()
            made = mocking.record_answer(col, record, position, duration_ms=round(done.duration_s * 1000),
                                         laps=done.laps, audio_path=path)
            _note(f"  kept: {format_clock(done.duration_s)}"
                  + (f" (the microphone stopped: {recording.error})" if recording.error else ""))
            job = dataclasses.replace(rehearsing.prepare_analysis(col, made.id), live=live, quick=True)
            pending.append((made.id, worker.submit(_analyse, job, recognizers)))
        for attempt_id, future in pending:
            rehearsing.save_analysis(col, attempt_id, future.result())


def _warm(recognizers: RecognizerCache, model: str | None) -> None:
    try:
        recognizers.warm(model)
    except Exception:  # a missing model is reported by the analysis that needs it
        return


def _analyse(job: AnalysisJob, recognizers: RecognizerCache) -> Analysis:
    return job.run(recognizer=recognizers.get(job.model))
