"""Spoken rehearsal timing: the target-window zones, a lap timer for beats, and the coaching checks.

Pure Python. The timer reads an injected monotonic clock (``time.monotonic``
in the app, a counter in tests), so every rule here is tested without real
time and without Qt. The review screen's compact timer and the Rehearse
screen share the zone arithmetic below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ACTION_SHARE_MIN",
    "ACTION_SHARE_TARGET",
    "BAR_OVERRUN",
    "MIN_RESULT_S",
    "SETUP_LIMIT_S",
    "STAR_BEATS",
    "Lap",
    "LapFlag",
    "RehearsalTimer",
    "TimerState",
    "Window",
    "Zone",
    "bar_fraction",
    "bar_span",
    "beat_lines",
    "beats_for",
    "check_laps",
    "format_clock",
    "format_window",
    "judge_laps",
    "shares",
    "zone_for",
]

Zone = Literal["before", "in", "over"]
Window = tuple[int, int]
TimerState = Literal["idle", "running", "stopped"]

# The bar runs a little past the window's end, so "over" is visible as a part of the bar, not as its end.
BAR_OVERRUN = 1.25

STAR_BEATS: tuple[str, ...] = ("Situation", "Task", "Action", "Result")
# Coaching rules for a STAR story (DESIGN.md, "Spoken rehearsal"): set the scene quickly,
# spend most of the time on what you did, and land a result.
SETUP_LIMIT_S = 50.0  # Situation + Task together
ACTION_SHARE_TARGET = 0.70
ACTION_SHARE_MIN = 0.50  # below this the story is flagged as thin on action
MIN_RESULT_S = 5.0  # a "result" shorter than this is a trailing sentence, not a result


def zone_for(elapsed_s: float, window: Window) -> Zone:
    """Where ``elapsed_s`` falls against a target window: too short, on target, or over.

    Both ends of the window count as on target (2:00 and 3:00 are inside "2:00–3:00").
    """
    low, high = window
    if elapsed_s < low:
        return "before"
    if elapsed_s <= high:
        return "in"
    return "over"


def bar_span(window: Window) -> float:
    """The time, in seconds, that a full bar stands for."""
    return max(1.0, window[1] * BAR_OVERRUN)


def bar_fraction(elapsed_s: float, window: Window) -> float:
    """How much of the bar is filled, 0.0–1.0 (full a quarter past the window's end)."""
    return min(1.0, max(0.0, elapsed_s / bar_span(window)))


def format_clock(seconds: float) -> str:
    """``75.9`` → ``"1:15"``: whole seconds, counted up as a stopwatch does."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def format_window(window: Window) -> str:
    """``(120, 180)`` → ``"2:00–3:00"``."""
    return f"{format_clock(window[0])}–{format_clock(window[1])}"


# -- beats ------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*•·→>]+|\d+[.)]|[a-z][.)])\s+", re.IGNORECASE)


def beat_lines(text: str) -> tuple[str, ...]:
    """The beats of a Markdown list or arrow chain: one per line or per ``→``, bullets and numbers removed."""
    lines = [p for line in text.splitlines() for p in re.split(r"\s*(?:→|->)\s*", line)]
    out = []
    for line in lines:
        line = _BULLET.sub("", line).strip().strip("*_").strip()
        if line:
            out.append(line)
    return tuple(out)


def beats_for(kind: str, fields: Mapping[str, str]) -> tuple[str, ...]:
    """The beats a spoken answer to this note moves through, in order.

    A story always has Situation → Task → Action → Result; a beats note or a
    pitch with beats has its own lines; a curveball its framework steps.
    Anything else has none (its laps are numbered parts).
    """
    if kind == "story":
        return STAR_BEATS
    source = {"beats": "beats", "pitch": "beats", "curveball": "framework"}.get(kind)
    if source is None:
        return ()
    return beat_lines(fields.get(source, ""))


# -- laps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lap:
    """One beat of an attempt: its name and when it began and ended, in seconds from the start."""

    beat: str
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return max(0.0, self.end_s - self.start_s)

    def to_dict(self) -> dict[str, Any]:
        return {"beat": self.beat, "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lap:
        return cls(str(data["beat"]), float(data["start_s"]), float(data["end_s"]))


def shares(laps: Sequence[Lap]) -> list[float]:
    """Each lap's share of the laps' total time (0.0–1.0; all zero when nothing was timed)."""
    total = sum(lap.duration_s for lap in laps)
    return [lap.duration_s / total if total > 0 else 0.0 for lap in laps]


class RehearsalTimer:
    """A stopwatch against a target window that splits the attempt into beats.

    ``Space`` maps to :meth:`toggle` (idle → running → stopped → a new attempt),
    ``Tab`` to :meth:`lap` (close the current beat, move to the next). With no
    beats the laps are "Part 1", "Part 2", …; with beats, a lap on the last beat
    is ignored (there is nothing to move to).
    """

    def __init__(self, window: Window | None = None, beats: Sequence[str] = (),
                 monotonic: Callable[[], float] | None = None) -> None:
        if monotonic is None:
            import time

            monotonic = time.monotonic
        self.window = window
        self.beats = tuple(beats)
        self._monotonic = monotonic
        self.reset()

    # -- state ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to 0:00, no laps, not running."""
        self._started: float | None = None
        self._stopped: float | None = None
        self._closed: list[Lap] = []
        self._beat_start = 0.0

    @property
    def state(self) -> TimerState:
        if self._started is None:
            return "idle"
        return "running" if self._stopped is None else "stopped"

    @property
    def running(self) -> bool:
        return self.state == "running"

    def elapsed(self) -> float:
        """Seconds since :meth:`start`, frozen at :meth:`stop`."""
        if self._started is None:
            return 0.0
        end = self._stopped if self._stopped is not None else self._monotonic()
        return max(0.0, end - self._started)

    def zone(self) -> Zone | None:
        """The zone of the elapsed time, or ``None`` when the card has no target window."""
        return None if self.window is None else zone_for(self.elapsed(), self.window)

    def beat_name(self, index: int) -> str:
        if index < len(self.beats):
            return self.beats[index]
        return f"Part {index + 1}"

    @property
    def current_beat(self) -> str | None:
        """The beat being spoken now (``None`` unless running)."""
        return self.beat_name(len(self._closed)) if self.running else None

    @property
    def next_beat(self) -> str | None:
        """What a lap would move to, or ``None`` when on the last beat."""
        index = len(self._closed) + 1
        if self.beats and index >= len(self.beats):
            return None
        return self.beat_name(index)

    # -- actions -------------------------------------------------------------------------

    def start(self) -> None:
        """Start counting (from 0:00: a stopped attempt is finished, not paused)."""
        if self.state != "idle":
            self.reset()
        self._started = self._monotonic()

    def stop(self) -> None:
        """Stop the attempt; the beat being spoken becomes the last lap."""
        if not self.running:
            return
        elapsed = self.elapsed()
        self._stopped = self._monotonic()
        self._close(elapsed)

    def toggle(self) -> TimerState:
        """What ``Space`` does: start when idle or stopped, stop when running. Returns the new state."""
        if self.running:
            self.stop()
        else:
            self.start()
        return self.state

    def lap(self) -> Lap | None:
        """What ``Tab`` does: close the current beat and move to the next; the closed lap, if any."""
        if not self.running or self.next_beat is None:
            return None
        return self._close(self.elapsed())

    def _close(self, at: float) -> Lap:
        lap = Lap(self.beat_name(len(self._closed)), self._beat_start, at)
        self._closed.append(lap)
        self._beat_start = at
        return lap

    def laps(self) -> list[Lap]:
        """The laps so far; while running, the beat in progress is the last, open at now."""
        if self.running:
            return [*self._closed, Lap(self.beat_name(len(self._closed)), self._beat_start, self.elapsed())]
        return list(self._closed)


# -- coaching checks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LapFlag:
    """Something off about an attempt's split: ``code`` for tests and styling, ``message`` for people."""

    code: str
    beat: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "beat": self.beat, "message": self.message}


def check_laps(laps: Sequence[Lap], beats: Sequence[str] = STAR_BEATS) -> list[LapFlag]:
    """Compare an attempt's laps with the coaching rules; an empty list means nothing is off.

    For a STAR story (beats Situation/Task/Action/Result): Situation + Task
    within ``SETUP_LIMIT_S``; Action the largest beat and at least
    ``ACTION_SHARE_MIN`` of the time (the aim is about ``ACTION_SHARE_TARGET``);
    a Result of at least ``MIN_RESULT_S``. For other beats: every beat reached.
    """
    flags: list[LapFlag] = []
    by_beat: dict[str, float] = {}
    for lap in laps:
        by_beat[lap.beat] = by_beat.get(lap.beat, 0.0) + lap.duration_s
    missing = [b for b in beats if b not in by_beat]
    if tuple(beats) != STAR_BEATS:
        flags.extend(LapFlag("missing", b, f"{b}: not reached") for b in missing)
        return flags
    total = sum(by_beat.values())
    setup = by_beat.get("Situation", 0.0) + by_beat.get("Task", 0.0)
    if setup > SETUP_LIMIT_S:
        flags.append(LapFlag("long_setup", "Task",
                             f"Situation + Task took {format_clock(setup)}: get to the action within "
                             f"{int(SETUP_LIMIT_S)} s"))
    action = by_beat.get("Action")
    if action is None:
        flags.append(LapFlag("no_action", "Action", "No Action beat: say what you did"))
    elif total > 0:
        share = action / total
        largest = max(by_beat.values())
        if action < largest:
            flags.append(LapFlag("action_not_largest", "Action",
                                 f"Action is not the largest part ({share:.0%}): it should carry the story"))
        if share < ACTION_SHARE_MIN:
            flags.append(LapFlag("action_short", "Action",
                                 f"Action is {share:.0%} of the time; aim for about {ACTION_SHARE_TARGET:.0%}"))
    result = by_beat.get("Result")
    if result is None:
        flags.append(LapFlag("no_result", "Result", "No Result: end with the outcome and its number"))
    elif result < MIN_RESULT_S:
        flags.append(LapFlag("short_result", "Result",
                             f"Result took {result:.0f} s: give the outcome its own sentence or two"))
    return flags


def judge_laps(laps: Sequence[Lap], beats: Sequence[str]) -> list[LapFlag] | None:
    """The coaching checks on a finished attempt at a card with these ``beats``.

    ``None`` when the card has beats but fewer than two laps were marked (nothing to judge a split
    by); no flags for a card without beats; else ``check_laps`` (the STAR rules for a STAR story).
    """
    if not beats:
        return []
    if len(laps) < 2:
        return None
    return check_laps(laps, beats)
