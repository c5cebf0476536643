"""Spoken rehearsal on a Collection: attempts, their recordings, their analysis.

The Rehearse screen (and the review screen on spoken cards) uses these
functions with the app's ``Collection``:

1. ``rehearsal_spec(col, card_id)`` — the card's target window, beats and talking points;
   build a ``flashdeck.core.rehearsal.RehearsalTimer(spec.target, spec.beats)``.
2. ``new_recording_path(col, card_id)`` — where to record (``<db dir>/recordings/``).
3. ``record_attempt(col, card_id, duration_ms=…, laps=…, audio_path=…)`` — one transaction.
4. ``prepare_analysis(col, attempt_id)`` → a job whose ``run(progress, cancelled)`` is safe
   on a worker thread (no database inside); then ``save_analysis(col, attempt_id, result)``
   back on the GUI thread.
5. ``attempts_for_card`` for the history table and chart; ``delete_attempt`` deletes the
   recording too.

Recordings are stored relative to the collection's own recordings folder
(``flashdeck.collection.files``), so a collection moved together with it keeps
them. A stored path is only ever followed inside that folder: one that is
absolute, climbs out with ``..`` or leads out through a link (a crafted backup,
a hand-edited database) is treated as no recording: never read, never deleted.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashdeck.collection.files import RECORDINGS, files_dir, inside, safe_relative
from flashdeck.core.changes import Changes
from flashdeck.core.delivery import talking_points
from flashdeck.core.errors import InvalidInput, NotFound
from flashdeck.core.rehearsal import Lap, LapFlag, beats_for, check_laps
from flashdeck.storage import attempts as sql

if TYPE_CHECKING:
    from flashdeck.analysis import Analysis
    from flashdeck.analysis.live import LiveTranscript
    from flashdeck.analysis.recognizers import Recognizer
    from flashdeck.collection.protocol import CollectionLike
    from flashdeck.storage.rows import AttemptRecord
    from flashdeck.storage.store import Tx

__all__ = [
    "ATTEMPT_CHANGES",
    "AnalysisJob",
    "Attempt",
    "RehearsalSpec",
    "attempt",
    "attempts_for_card",
    "delete_attempt",
    "forget_recording",
    "new_recording_path",
    "old_engine_attempts",
    "prepare_analysis",
    "prune_recordings",
    "record_attempt",
    "recordings_dir",
    "recordings_of_notes",
    "rehearsal_spec",
    "remove_recordings",
    "safe_relative",
    "save_analysis",
    "set_self_grade",
    "speech_model",
]

# What every write here changes. The writes that return the attempt they wrote (record_attempt,
# set_self_grade, save_analysis) keep returning it; the app's operation helper is told this beside them.
ATTEMPT_CHANGES = Changes(attempts=True)

# A file in the recordings folder no attempt names is a leftover only once it is this old: a
# recording in progress has no attempt yet.
LEFTOVER_AFTER_S = 24 * 3600
SPEECH_MODEL = "speech_model"  # collection config: the Whisper model analyses use (default: the bundled tiny.en)


@dataclass(frozen=True)
class RehearsalSpec:
    """What rehearsing a card is measured against."""

    card_id: int
    kind: str
    target: tuple[int, int] | None
    beats: tuple[str, ...]
    points: tuple[tuple[str, str], ...]

    @property
    def ordered(self) -> bool:
        """Whether the points are beats said in order (a story's S, T, A, R; a pitch's beats)."""
        return bool(self.beats) and tuple(label for label, _ in self.points) == self.beats[:len(self.points)]


def rehearsal_spec(col: CollectionLike, card_id: int) -> RehearsalSpec:
    """The card's target window (as the review screen resolves it), beats and talking points."""
    card = col.card(card_id)
    return RehearsalSpec(card.id, card.kind, card.target, beats_for(card.kind, card.fields),
                         tuple(talking_points(card.kind, card.fields)))


# -- where recordings live ------------------------------------------------------------------------


def recordings_dir(col: CollectionLike) -> Path:
    """This collection's own recordings folder (see ``flashdeck.collection.files``)."""
    return files_dir(col, RECORDINGS)


def new_recording_path(col: CollectionLike, card_id: int, suffix: str = ".wav") -> Path:
    """A fresh file name for a new recording of ``card_id`` (the folder is created)."""
    folder = recordings_dir(col)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = col.clock.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"card{card_id}-{stamp}{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"card{card_id}-{stamp}-{n}{suffix}"
    return candidate


def _stored_path(col: CollectionLike, audio: str | os.PathLike[str] | None) -> str | None:
    if audio is None:
        return None
    folder = recordings_dir(col)
    path = Path(audio)
    if not inside(folder, path):
        raise InvalidInput(f"{path}: a recording must be in the collection's recordings folder ({folder})")
    return path.resolve().relative_to(folder.resolve()).as_posix()


def _resolved_path(col: CollectionLike, stored: str | None) -> Path | None:
    """The file a stored path names, only if it is (links followed) inside the recordings folder."""
    relative = None if stored is None else safe_relative(stored)
    if relative is None:
        return None
    folder = recordings_dir(col)
    path = folder / relative
    if path.is_symlink() or (path.exists() and not inside(folder, path)):
        return None
    return path


# -- attempts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One spoken attempt at a card, as stored."""

    id: int
    card_id: int
    started_ms: int
    duration_ms: int
    target: tuple[int, int] | None
    laps: tuple[Lap, ...]
    audio_path: Path | None
    transcript: str | None
    analysis: dict[str, Any] | None
    words: int | None
    wpm: float | None
    coverage: float | None
    suggested_grade: int | None
    self_grade: int | None = None

    @property
    def duration_s(self) -> float:
        return self.duration_ms / 1000

    def lap_flags(self, beats: Sequence[str] | None = None) -> list[LapFlag]:
        """The coaching checks on this attempt's laps (STAR unless ``beats`` says otherwise)."""
        if not self.laps:
            return []
        return check_laps(self.laps, beats) if beats is not None else check_laps(self.laps)

    def delivery(self) -> Analysis | None:
        """The stored analysis as an ``Analysis`` object (``None`` until analysed)."""
        if self.analysis is None:
            return None
        from flashdeck.analysis import Analysis

        return Analysis.from_dict(self.analysis)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "card_id": self.card_id, "started_ms": self.started_ms, "duration_ms": self.duration_ms,
            "target": None if self.target is None else list(self.target), "laps": [lap.to_dict() for lap in self.laps],
            "audio_path": None if self.audio_path is None else str(self.audio_path), "transcript": self.transcript,
            "words": self.words, "wpm": self.wpm, "coverage": self.coverage, "suggested_grade": self.suggested_grade,
            "self_grade": self.self_grade,
        }


def _attempt(col: CollectionLike, row: AttemptRecord) -> Attempt:
    low, high = row.target_low, row.target_high
    return Attempt(
        int(row.id), int(row.card_id), int(row.started_ms), int(row.duration_ms),
        None if low is None or high is None else (int(low), int(high)),
        tuple(Lap.from_dict(lap) for lap in json.loads(row.laps or "[]")), _resolved_path(col, row.audio_path),
        row.transcript, None if row.analysis is None else json.loads(row.analysis), row.words, row.wpm, row.coverage,
        row.suggested_grade, None if row.self_grade is None else int(row.self_grade),
    )


def record_attempt(col: CollectionLike, card_id: int, *, duration_ms: int, laps: Sequence[Lap] = (),
                   started_ms: int | None = None, target: tuple[int, int] | None = None,
                   audio_path: str | os.PathLike[str] | None = None,
                   also: Callable[[Tx, int], object] | None = None) -> Attempt:
    """Store a finished attempt (one transaction). ``target`` defaults to the card's window;
    ``started_ms`` to now minus the duration; ``also(tx, attempt_id)`` writes more in the same transaction
    (a mock interview's link to its answer)."""
    card = col.card(card_id)  # NotFound for an unknown card, before anything is written
    if duration_ms < 0:
        raise InvalidInput("an attempt cannot last less than nothing")
    window = target if target is not None else card.target
    if started_ms is None:
        started_ms = int(col.clock.now().timestamp() * 1000) - int(duration_ms)
    values = {
        "card_id": card_id, "started_ms": int(started_ms), "duration_ms": int(duration_ms),
        "target_low": None if window is None else window[0], "target_high": None if window is None else window[1],
        "laps": json.dumps([lap.to_dict() for lap in laps]), "audio_path": _stored_path(col, audio_path),
    }
    with col.store.transaction() as tx:
        attempt_id = sql.insert_attempt(tx, values)
        if also is not None:
            also(tx, attempt_id)
    return attempt(col, attempt_id)


def forget_recording(col: CollectionLike, attempt_id: int) -> Changes:
    """The attempt's recording failed (device lost, nothing heard): keep the attempt, without a file."""
    with col.store.transaction() as tx:
        sql.clear_audio(tx, attempt_id)
    return ATTEMPT_CHANGES


def set_self_grade(col: CollectionLike, attempt_id: int, grade: int | None) -> Attempt:
    """Keep the user's own grade (1 Again … 4 Easy) of an attempt, beside the suggested one."""
    if grade is not None and not 1 <= grade <= 4:
        raise InvalidInput(f"a grade is 1 to 4, not {grade}")
    with col.store.transaction() as tx:
        if not sql.set_self_grade(tx, attempt_id, grade):
            raise NotFound(f"no attempt with id {attempt_id}")
    return attempt(col, attempt_id)


def attempt(col: CollectionLike, attempt_id: int) -> Attempt:
    row = sql.attempt_row(col.store, attempt_id)
    if row is None:
        raise NotFound(f"no attempt with id {attempt_id}")
    return _attempt(col, row)


def attempts_for_card(col: CollectionLike, card_id: int) -> list[Attempt]:
    """The card's attempts, oldest first (the history table and the duration chart)."""
    return [_attempt(col, row) for row in sql.attempt_rows(col.store, card_id)]


def delete_attempt(col: CollectionLike, attempt_id: int) -> Changes:
    """Delete an attempt and its recording. The row goes first: a file left behind by a crash
    is harmless (``prune_recordings`` finds it); a row pointing at a deleted file is not."""
    if sql.attempt_row(col.store, attempt_id) is None:
        raise NotFound(f"no attempt with id {attempt_id}")
    with col.store.transaction() as tx:
        stored = sql.delete_attempt(tx, attempt_id)
    remove_recordings(col, [] if stored is None else [stored])
    return ATTEMPT_CHANGES


def recordings_of_notes(col: CollectionLike, note_ids: Sequence[int]) -> list[str]:
    """The stored recording paths of the notes' attempts: read before deleting the notes, whose
    attempts go with their cards, and handed to ``remove_recordings`` after."""
    return sql.audio_paths_of_notes(col.store, note_ids)


def remove_recordings(col: CollectionLike, stored: Sequence[str]) -> list[Path]:
    """Delete these recordings, those no remaining attempt still names; only ever inside the folder."""
    still_used = sql.audio_paths(col.store)
    removed = []
    for name in stored:
        path = _resolved_path(col, name)
        if path is not None and name not in still_used and path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def prune_recordings(col: CollectionLike, *, now: float | None = None) -> list[Path]:
    """Delete files in this collection's recordings folder that no attempt refers to and that are older
    than ``LEFTOVER_AFTER_S`` (a crash between a row's deletion and its file's). Returns what was deleted."""
    folder = recordings_dir(col)
    if not folder.is_dir():
        return []
    used = {p.resolve() for p in (_resolved_path(col, s) for s in sql.audio_paths(col.store)) if p is not None}
    oldest = (time.time() if now is None else now) - LEFTOVER_AFTER_S
    removed = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.is_symlink() and path.resolve() not in used \
                and path.stat().st_mtime < oldest:
            path.unlink()
            removed.append(path)
    return removed


# -- analysis -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisJob:
    """Everything an analysis needs, read from the database beforehand: safe to run on any thread."""

    attempt_id: int
    audio_path: Path
    target: tuple[int, int] | None
    points: tuple[tuple[str, str], ...]
    ordered: bool = False
    model: str | None = None
    live: LiveTranscript | None = None  # what was transcribed while the attempt was recorded
    quick: bool = False  # a shorter encoder input for what is left (a mock interview's answers: analyze(quick=))

    def run(self, progress: Callable[[float, str], None] | None = None,
            cancelled: Callable[[], bool] | None = None, recognizer: Recognizer | None = None) -> Analysis:
        from flashdeck.analysis import analyze

        heard, until = self.live.finish() if self.live is not None else ([], 0.0)
        return analyze(self.audio_path, target=self.target, points=list(self.points) or None, ordered=self.ordered,
                       progress=progress, cancelled=cancelled, recognizer=recognizer, heard=heard,
                       heard_until_s=until, quick=self.quick)


def prepare_analysis(col: CollectionLike, attempt_id: int) -> AnalysisJob:
    """The job analysing an attempt's recording against its card. ``NotFound`` when there is no such attempt or it has
    no recording."""
    item = attempt(col, attempt_id)
    if item.audio_path is None:
        raise NotFound(f"attempt {attempt_id} has no recording")
    spec = rehearsal_spec(col, item.card_id)
    return AnalysisJob(attempt_id, item.audio_path, item.target, spec.points, spec.ordered, speech_model(col))


def old_engine_attempts(col: CollectionLike) -> list[int]:
    """Attempts whose stored analysis came from the old recogniser (pocketsphinx) and whose recording is still there."""
    from flashdeck.analysis.recognizers import OLD_ENGINE

    out = []
    for row in sql.analysed_rows(col.store):
        engine = json.loads(row.analysis).get("engine", OLD_ENGINE)
        path = _resolved_path(col, row.audio_path)
        if engine == OLD_ENGINE and path is not None and path.is_file():
            out.append(int(row.id))
    return out


def speech_model(col: CollectionLike) -> str | None:
    """The Whisper model the user chose in Settings (None: the bundled one)."""
    chosen = col.get_config(SPEECH_MODEL)
    return str(chosen) if chosen else None


def save_analysis(col: CollectionLike, attempt_id: int, analysis: Analysis) -> Attempt:
    """Store an analysis with its attempt (one transaction) and return the updated attempt."""
    values = {
        "transcript": analysis.transcript,
        "analysis": json.dumps(analysis.to_dict(extra=True), ensure_ascii=False),
        "words": analysis.words,
        "wpm": round(analysis.wpm, 2),
        "coverage": analysis.coverage_fraction,
        "suggested_grade": analysis.suggestion.grade,
    }
    with col.store.transaction() as tx:
        if not sql.update_analysis(tx, attempt_id, values):
            raise NotFound(f"no attempt with id {attempt_id}")
    return attempt(col, attempt_id)
