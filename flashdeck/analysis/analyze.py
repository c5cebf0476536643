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
from flashdeck.analysis.transcribe import Transcriber
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

__all__ = ["LONG_PAUSE_S", "Analysis", "Progress", "analyze"]

Progress = Callable[[float, str], None]
LONG_PAUSE_S = 3.0
# Shares of the progress bar: reading and voice activity are quick, decoding is nearly all of it.
_LOADED, _VOICED = 0.03, 0.05


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
            "fillers": {"total": self.filler_count, "counts": dict(self.fillers)},
            "i_count": self.i_count,
            "we_count": self.we_count,
            "numbers": list(self.numbers),
            "transcript": self.transcript,
            "in_target": self.in_target,
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
            points = [CoveragePoint(p["point"], (*p["matched"], *p["missing"]), tuple(p["matched"]), p["covered"])
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
        )


def analyze(path: str | os.PathLike[str], *, target: tuple[int, int] | None = None,
            points: Sequence[tuple[str, str]] | None = None, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None, transcriber: Transcriber | None = None) -> Analysis:
    """Analyse one recording (WAV or FLAC, any rate).

    Args:
        path: the audio file.
        target: the card's window in seconds, for ``in_target`` and the suggested grade.
        points: ``(label, text)`` beats or talking points to check coverage against
            (``flashdeck.core.delivery.talking_points``); ``None`` for no coverage.
        progress: called with (0.0–1.0, what is happening) as the work advances.
        cancelled: polled about once a second of audio; when it returns true the
            analysis stops with ``AnalysisCancelled``.
        transcriber: a decoder to reuse across recordings (built here otherwise).

    Raises:
        AudioError: the file cannot be read as audio.
        AnalysisCancelled: ``cancelled()`` returned true.
    """
    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    report(0.0, "Reading the recording")
    recording = load_recording(path)
    report(_LOADED, "Finding speech")
    voice = detect_voice(recording.samples)
    report(_VOICED, "Transcribing")
    transcriber = transcriber or Transcriber()
    spoken = transcriber.transcribe(
        recording.samples, voice.utterances(),
        progress=lambda done: report(_VOICED + (1 - _VOICED) * done, "Transcribing"), cancelled=cancelled,
    )
    tokens = tokenize(" ".join(w.text for w in spoken))
    words = lexical_words(tokens)
    i_count, we_count = i_we_counts(tokens)
    fillers = dict(count_fillers(tokens))
    checklist = None if points is None else coverage(words, points)
    analysis = Analysis(
        duration_s=recording.duration_s, speech_s=voice.speech_s, pauses=voice.pauses(), words=len(words),
        wpm=words_per_minute(len(words), recording.duration_s), fillers=fillers, i_count=i_count,
        we_count=we_count, numbers=find_numbers(tokens), transcript=" ".join(tokens), target=target,
        coverage=checklist,
    )
    analysis.suggestion = suggest_grade(
        analysis.duration_s, analysis.words, target=target, coverage=analysis.coverage_fraction,
        fillers=analysis.filler_count, longest_pause_s=analysis.longest_pause_s,
    )
    report(1.0, "Done")
    return analysis
