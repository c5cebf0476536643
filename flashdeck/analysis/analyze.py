"""One recording in, delivery feedback out: the pipeline behind the Rehearse screen and ``rehearse analyze``.

``analyze`` is meant to run off the GUI thread: it reports progress through a
callback and stops (raising ``AnalysisCancelled``) soon after ``cancelled()``
turns true. It touches no database and no Qt; the caller stores the result
(``flashdeck.rehearsing.save_analysis``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flashdeck.analysis.audio import load_recording
from flashdeck.analysis.recognizers import OLD_ENGINE, Recognizer, make_recognizer
from flashdeck.analysis.transcribe import Word
from flashdeck.analysis.voice import detect_voice
from flashdeck.core.delivery import (
    CoveragePoint,
    GradeSuggestion,
    count_fillers,
    coverage,
    coverage_fraction,
    find_numbers,
    i_we_counts,
    lexical_words,
    suggest_grade,
    tokenize,
    words_per_minute,
)
from flashdeck.core.rehearsal import zone_for

__all__ = ["APPROXIMATE_FILLERS", "LONG_PAUSE_S", "Analysis", "Progress", "analyze"]

Progress = Callable[[float, str], None]
LONG_PAUSE_S = 3.0
# Shares of the progress bar: reading and voice activity are quick, decoding is nearly all of it.
_LOADED, _VOICED = 0.03, 0.05
# Whisper writes most "um"s it hears but drops about half the "uh"s (docs/performance.md): these
# counts are floors, shown as "about". What it writes it heard: it invents none on fluent speech.
APPROXIMATE_FILLERS = ("um", "uh", "er")


def _r(value: float, places: int = 2) -> float:
    return round(float(value), places)


@dataclass
class Analysis:
    """What one attempt sounded like. ``to_dict`` gives the ``rehearse analyze --json`` object."""

    duration_s: float
    speech_s: float
    pauses: list[tuple[float, float]]
    words: int
    wpm: float
    fillers: dict[str, int]
    i_count: int
    we_count: int
    numbers: list[str]
    transcript: str
    target: tuple[int, int] | None = None
    coverage: list[CoveragePoint] | None = None
    suggestion: GradeSuggestion = field(default_factory=lambda: GradeSuggestion(1))
    engine: str = OLD_ENGINE  # which recogniser made the transcript (attempts stored before #15: pocketsphinx)

    @property
    def approximate(self) -> tuple[str, ...]:
        """Filler kinds whose counts are floors (the recogniser misses some of them)."""
        return APPROXIMATE_FILLERS if self.engine != OLD_ENGINE else ()

    @property
    def old_engine(self) -> bool:
        return self.engine == OLD_ENGINE

    @property
    def in_target(self) -> bool | None:
        return None if self.target is None else zone_for(self.duration_s, self.target) == "in"

    @property
    def filler_count(self) -> int:
        return sum(self.fillers.values())

    @property
    def longest_pause_s(self) -> float:
        return max((end - start for start, end in self.pauses), default=0.0)

    @property
    def coverage_fraction(self) -> float | None:
        return None if self.coverage is None else coverage_fraction(self.coverage)

    def to_dict(self, *, extra: bool = False) -> dict[str, Any]:
        """The CLI's JSON keys; ``extra`` adds the target and the suggested grade (as stored per attempt)."""
        out: dict[str, Any] = {
            "duration_s": _r(self.duration_s),
            "speech_s": _r(self.speech_s),
            "pauses": {
                "count": len(self.pauses),
                "total_s": _r(sum(e - s for s, e in self.pauses)),
                "longest_s": _r(self.longest_pause_s),
                "over_3s": sum(e - s > LONG_PAUSE_S for s, e in self.pauses),
                "spans": [[_r(s), _r(e)] for s, e in self.pauses],
            },
            "words": self.words,
            "wpm": _r(self.wpm, 1),
            "fillers": {"total": self.filler_count, "counts": dict(self.fillers),
                        "approximate": [k for k in self.approximate if k in self.fillers]},
            "i_count": self.i_count,
            "we_count": self.we_count,
            "numbers": list(self.numbers),
            "transcript": self.transcript,
            "in_target": self.in_target,
            "engine": self.engine,
        }
        if self.coverage is not None:
            fraction = self.coverage_fraction
            out["coverage"] = {"fraction": None if fraction is None else _r(fraction, 3),
                               "points": [p.to_dict() for p in self.coverage]}
        if extra:
            out["target"] = None if self.target is None else list(self.target)
            out["suggested_grade"] = self.suggestion.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Analysis:
        """Back from ``to_dict(extra=True)`` (as stored with an attempt)."""
        points = None
        if "coverage" in data:
            points = [CoveragePoint(p["point"], (*p["matched"], *p["missing"]), tuple(p["matched"]), p["covered"],
                                    p.get("score"))
                      for p in data["coverage"]["points"]]
        target = data.get("target")
        grade = data.get("suggested_grade") or {"grade": 1, "reasons": []}
        return cls(
            duration_s=data["duration_s"], speech_s=data["speech_s"],
            pauses=[(s, e) for s, e in data["pauses"]["spans"]], words=data["words"], wpm=data["wpm"],
            fillers=dict(data["fillers"]["counts"]), i_count=data["i_count"], we_count=data["we_count"],
            numbers=list(data["numbers"]), transcript=data["transcript"],
            target=None if target is None else (int(target[0]), int(target[1])), coverage=points,
            suggestion=GradeSuggestion(int(grade["grade"]), tuple(grade["reasons"])),
            engine=str(data.get("engine", OLD_ENGINE)),
        )


def analyze(path: str | os.PathLike[str], *, target: tuple[int, int] | None = None,
            points: Sequence[tuple[str, str]] | None = None, ordered: bool = False,
            progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
            recognizer: Recognizer | None = None, engine: str | None = None,
            heard: Sequence[Word] = (), heard_until_s: float = 0.0, quick: bool = False) -> Analysis:
    """Analyse one recording (WAV or FLAC, any rate).

    Args:
        path: the audio file.
        target: the card's window in seconds, for ``in_target`` and the suggested grade.
        points: ``(label, text)`` beats or talking points to check coverage against
            (``flashdeck.core.delivery.talking_points``); ``None`` for no coverage.
        ordered: the points are beats, said in this order (a story's S, T, A, R).
        progress: called with (0.0–1.0, what is happening) as the work advances.
        cancelled: polled between pieces of audio; when it returns true the
            analysis stops with ``AnalysisCancelled``.
        recognizer: a loaded recogniser to reuse across recordings (made here otherwise).
        engine: which recogniser to make when none is given ("whisper", the default, or "pocketsphinx").
        heard, heard_until_s: words already transcribed while the recording grew
            (``flashdeck.analysis.live``): only the speech after ``heard_until_s`` is decoded.
        quick: Whisper's encoder sees each window with a few seconds of padding, not 30 s: about half the
            time for a little less accuracy (``flashdeck.analysis.whisper.QUICK_MIN_S``). For the tail of a
            mock-interview answer, analysed while the next question is asked.

    Raises:
        AudioError: the file cannot be read as audio.
        AnalysisCancelled: ``cancelled()`` returned true.
        ModelError: the speech model is missing or damaged.
    """
    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    report(0.0, "Reading the recording")
    recording = load_recording(path)
    report(_LOADED, "Finding speech")
    voice = detect_voice(recording.samples)
    report(_VOICED, "Transcribing")
    recognizer = recognizer or make_recognizer(engine)
    spans = [(max(s, heard_until_s), e) for s, e in voice.spans if e > heard_until_s]
    def step(done: float) -> None:
        report(_VOICED + (1 - _VOICED) * done, "Transcribing")

    if recognizer.engine == OLD_ENGINE:
        spoken = recognizer.transcribe(recording.samples, voice.utterances(), progress=step, cancelled=cancelled)
    else:
        spoken = list(heard) + recognizer.transcribe(recording.samples, spans, progress=step, cancelled=cancelled,
                                                     from_s=heard_until_s, context=heard, quick=quick)
    text = " ".join(w.text for w in spoken)
    tokens = tokenize(text)
    words = lexical_words(tokens)
    i_count, we_count = i_we_counts(tokens)
    fillers = dict(count_fillers(tokens))
    checklist = None if points is None else coverage(" ".join(words), points, ordered=ordered)
    analysis = Analysis(
        duration_s=recording.duration_s, speech_s=voice.speech_s, pauses=voice.pauses(), words=len(words),
        wpm=words_per_minute(len(words), recording.duration_s), fillers=fillers, i_count=i_count,
        we_count=we_count, numbers=find_numbers(tokens),
        transcript=text if recognizer.engine != OLD_ENGINE else " ".join(tokens), target=target,
        coverage=checklist, engine=recognizer.version,
    )
    analysis.suggestion = suggest_grade(
        analysis.duration_s, analysis.words, target=target, coverage=analysis.coverage_fraction,
        fillers=analysis.filler_count, longest_pause_s=analysis.longest_pause_s,
        missed=[p.label for p in checklist or () if p.keywords and not p.covered],
    )
    report(1.0, "Done")
    return analysis
