"""The mock interview, as pure rules: which questions, in what order, how long each answer may run, what comes next.

No Qt, no database. The façade (``flashdeck.collection.mocking``) reads the candidates from
the collection and persists the session as it goes; the CLI and the GUI drive
:class:`MockSession` with an injected monotonic clock, so every rule here is
tested without real time.

Choosing (``choose_questions``): the spoken cards due today first (the least
retrievable first), then the weakest of the others — low FSRS retrievability
and poor recent attempts — with a curveball now and then, never two cards of
one note, until the length (a number of questions, or minutes counted as each
question's upper bound plus the grace) is filled.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from flashdeck.core.rehearsal import Lap, RehearsalTimer, Window

__all__ = [
    "CURVEBALL_EVERY",
    "DEFAULT_GRACE_S",
    "FOLLOW_UP_WINDOW",
    "NO_WINDOW_LIMIT_S",
    "Candidate",
    "Cue",
    "MockSession",
    "Phase",
    "PlannedQuestion",
    "answer_limit_s",
    "choose_questions",
    "follow_up_questions",
    "plan_session",
    "weakness",
]

DEFAULT_GRACE_S = 15
# A spoken card with no window (a coding question worked at a whiteboard) still gets an end: three minutes.
NO_WINDOW_LIMIT_S = 180
# A follow-up is "a short answer": half a minute to a minute and a half, as a probe card's window.
FOLLOW_UP_WINDOW: Window = (30, 90)
# One curveball in about every four questions: enough to be surprised, not a session of them.
CURVEBALL_EVERY = 4
# Recent attempts weighed for weakness: the last few, not the whole history.
RECENT_ATTEMPTS = 3


def answer_limit_s(window: Window | None, grace_s: float) -> float:
    """When the clock stops an answer: the window's upper bound plus the user's grace."""
    upper = NO_WINDOW_LIMIT_S if window is None else window[1]
    return float(upper) + max(0.0, float(grace_s))


@dataclass(frozen=True)
class Candidate:
    """A spoken card that could be asked, with what the choice weighs."""

    card_id: int
    note_id: int
    kind: str
    prompt: str
    window: Window | None
    due_today: bool
    retrievability: float | None  # FSRS R now; None for a card never reviewed
    recent_grades: tuple[int, ...] = ()  # the last attempts' grades (own, else suggested), newest first
    follow_ups: tuple[str, ...] = ()
    beats: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"card_id": self.card_id, "note_id": self.note_id, "kind": self.kind, "prompt": self.prompt,
                "window": None if self.window is None else list(self.window)}


def weakness(candidate: Candidate) -> float:
    """0 (solid) … 2 (weak): forgetting (1 − R; 0.5 when never reviewed) plus how the last attempts went."""
    forgetting = 0.5 if candidate.retrievability is None else 1.0 - candidate.retrievability
    grades = candidate.recent_grades[:RECENT_ATTEMPTS]
    delivery = 0.5 if not grades else sum((4 - g) / 3 for g in grades) / len(grades)
    return forgetting + delivery


def choose_questions(candidates: Iterable[Candidate], *, count: int | None = None, minutes: float | None = None,
                     grace_s: float = DEFAULT_GRACE_S, rng: random.Random | None = None) -> list[Candidate]:
    """The questions of one session, in the order they are asked.

    Args:
        candidates: the spoken cards of the chosen decks.
        count: at most this many questions.
        minutes: at most this much answering time (each question counts its limit, ``answer_limit_s``).
            With neither, five questions.
        grace_s: the grace counted with each question's upper bound.
        rng: for the curveball's place (seed it for tests); a fresh one otherwise.
    """
    if count is None and minutes is None:
        count = 5
    rng = rng or random.Random()
    pool = list(candidates)
    due = sorted((c for c in pool if c.due_today),
                 key=lambda c: (c.retrievability if c.retrievability is not None else 0.0, c.card_id))
    rest = sorted((c for c in pool if not c.due_today), key=lambda c: (-weakness(c), c.card_id))
    ordered: list[Candidate] = []
    notes: set[int] = set()
    for cand in due + rest:
        if cand.note_id not in notes:  # never two cards of one note
            notes.add(cand.note_id)
            ordered.append(cand)
    chosen = _fit(ordered, count, minutes, grace_s)
    return _with_curveballs(chosen, ordered, count, minutes, grace_s, rng)


def _fit(ordered: Sequence[Candidate], count: int | None, minutes: float | None, grace_s: float) -> list[Candidate]:
    out: list[Candidate] = []
    budget = None if minutes is None else minutes * 60.0
    spent = 0.0
    for cand in ordered:
        if count is not None and len(out) >= count:
            break
        cost = answer_limit_s(cand.window, grace_s)
        if budget is not None and out and spent + cost > budget:
            continue  # a shorter question may still fit
        out.append(cand)
        spent += cost
    return out


def _with_curveballs(chosen: list[Candidate], ordered: Sequence[Candidate], count: int | None,
                     minutes: float | None, grace_s: float, rng: random.Random) -> list[Candidate]:
    """Swap curveballs in until there is one in about every ``CURVEBALL_EVERY`` questions, each at a random place
    after the first question (an interview opens with a plain one). Cards due today are never swapped out."""
    if len(chosen) < 3:
        return chosen
    wanted = max(1, len(chosen) // CURVEBALL_EVERY)
    have = sum(c.kind == "curveball" for c in chosen)
    spare = [c for c in ordered if c.kind == "curveball" and c not in chosen]
    out = list(chosen)
    while have < wanted and spare:
        removable = [i for i, c in enumerate(out) if c.kind != "curveball" and not c.due_today]
        if not removable:
            break
        out.pop(removable[-1])  # the least weak of the rest makes room
        out.insert(rng.randint(1, len(out)), spare.pop(0))
        have += 1
    return out


def plan_session(chosen: Sequence[Candidate], *, follow_ups: bool = True,
                 rng: random.Random | None = None) -> list[PlannedQuestion]:
    """The chosen questions as a session plans them, each with one of its follow-ups picked (if any)."""
    rng = rng or random.Random()
    return [PlannedQuestion(c.card_id, c.prompt, c.window, c.kind,
                            rng.choice(c.follow_ups) if follow_ups and c.follow_ups else None, c.beats)
            for c in chosen]


def follow_up_questions(text: str) -> tuple[str, ...]:
    """A story's follow-up questions, one per line (bullets and numbers removed; guidance after "—" dropped)."""
    from flashdeck.core.rehearsal import beat_lines

    out = []
    for line in beat_lines(text):
        question = line.split(" — ")[0].split(" -- ")[0].strip()
        if question:
            out.append(question)
    return tuple(out)


# -- the session ------------------------------------------------------------------------------------

Phase = Literal["asking", "answering", "follow_up_asking", "follow_up_answering", "report", "done"]
Cue = Literal["window_start", "window_end", "time_up"]


@dataclass(frozen=True)
class PlannedQuestion:
    """One question of a session as planned (and persisted) at its start."""

    card_id: int
    prompt: str
    window: Window | None
    kind: str = "question"
    follow_up: str | None = None  # the interviewer's follow-up, asked after the answer (None: none)
    beats: tuple[str, ...] = ()  # what Tab moves through (a story's S, T, A, R)

    def to_dict(self) -> dict[str, Any]:
        return {"card_id": self.card_id, "prompt": self.prompt, "kind": self.kind,
                "window": None if self.window is None else list(self.window), "follow_up": self.follow_up,
                "beats": list(self.beats)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlannedQuestion:
        window = data.get("window")
        return cls(int(data["card_id"]), str(data["prompt"]),
                   None if window is None else (int(window[0]), int(window[1])), str(data.get("kind", "question")),
                   data.get("follow_up"), tuple(str(b) for b in data.get("beats", ())))


@dataclass
class _Answer:
    duration_s: float
    laps: list[Lap]
    reason: str


@dataclass
class MockSession:
    """The state machine of one session: asking → answering → (follow-up asking → answering) → next … → report.

    The front end tells it what happened (``question_asked`` when the voice has finished, ``end_answer`` on
    Space, ``beat`` on Tab) and calls ``tick`` often; ``tick`` returns the cues to sound and ends an answer
    whose time is up. ``answered`` holds the finished answers by (position, is follow-up).
    """

    questions: list[PlannedQuestion]
    grace_s: float = DEFAULT_GRACE_S
    follow_ups: bool = True
    monotonic: Callable[[], float] | None = None
    start_at: int = 0  # resuming: the first position not yet answered
    phase: Phase = "asking"
    position: int = 0
    answered: dict[tuple[int, bool], _Answer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = self.start_at
        self.timer = RehearsalTimer(None, (), self.monotonic)
        self._cued: set[Cue] = set()
        if self.position >= len(self.questions):
            self.phase = "report"

    @property
    def current(self) -> PlannedQuestion | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def in_follow_up(self) -> bool:
        return self.phase in ("follow_up_asking", "follow_up_answering")

    def asked_text(self) -> str:
        """What is being asked now: the question, or its follow-up."""
        question = self.current
        if question is None:
            return ""
        return (question.follow_up or "") if self.in_follow_up else question.prompt

    def window(self) -> Window | None:
        question = self.current
        if question is None:
            return None
        return FOLLOW_UP_WINDOW if self.in_follow_up else question.window

    def limit_s(self) -> float:
        return answer_limit_s(self.window(), self.grace_s)

    def question_asked(self) -> None:
        """The voice finished (or the question was shown): the clock starts now."""
        if self.phase not in ("asking", "follow_up_asking"):
            return
        question = self.current
        assert question is not None
        beats = () if self.in_follow_up else question.beats
        self.timer = RehearsalTimer(self.window(), beats, self.monotonic)
        self.timer.start()
        self._cued = set()
        self.phase = "follow_up_answering" if self.phase == "follow_up_asking" else "answering"

    def beat(self) -> Lap | None:
        """Tab: the next beat (only while answering)."""
        return self.timer.lap() if self.phase in ("answering", "follow_up_answering") else None

    def tick(self) -> list[Cue]:
        """The cues due now (each once per answer); ends the answer when its time is up."""
        if self.phase not in ("answering", "follow_up_answering"):
            return []
        elapsed = self.timer.elapsed()
        window = self.window()
        cues: list[Cue] = []
        if window is not None:
            for cue, at in (("window_start", window[0]), ("window_end", window[1])):
                if elapsed >= at and cue not in self._cued:
                    self._cued.add(cue)  # type: ignore[arg-type]
                    cues.append(cue)  # type: ignore[arg-type]
        if elapsed >= self.limit_s():
            cues.append("time_up")
            self.end_answer("time")
        return cues

    def end_answer(self, reason: str = "space") -> tuple[int, bool, float, list[Lap]] | None:
        """Space (or the time running out): the answer ends; returns (position, follow-up?, seconds, laps)."""
        if self.phase not in ("answering", "follow_up_answering"):
            return None
        self.timer.stop()
        follow = self.phase == "follow_up_answering"
        done = (self.position, follow, self.timer.elapsed(), self.timer.laps())
        self.answered[(self.position, follow)] = _Answer(done[2], done[3], reason)
        question = self.current
        assert question is not None
        if not follow and self.follow_ups and question.follow_up:
            self.phase = "follow_up_asking"
        else:
            self._next()
        return done

    def skip_follow_up(self) -> None:
        """No follow-up after all (the user turned them off mid-session)."""
        if self.phase == "follow_up_asking":
            self._next()

    def _next(self) -> None:
        self.position += 1
        self.phase = "asking" if self.position < len(self.questions) else "report"

    def finish(self) -> None:
        """The grades are in: the session is over."""
        self.phase = "done"
