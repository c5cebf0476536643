"""Attempts on a Collection: stored with their laps and target, listed per card, deleted with their file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import START

from flashdeck.collection import Collection, rehearsing
from flashdeck.core.notes import NoteDraft
from flashdeck.core.rehearsal import STAR_BEATS, Lap

STORY = {"title": "Checkout latency", "situation": "Checkout was slow; customers left.",
         "task": "Fix it within a quarter.", "action": "I traced requests and built a cache.",
         "result": "Latency fell to 300 ms and conversion rose."}


@pytest.fixture
def story_card(col: Collection) -> int:
    col.add_notes([NoteDraft("story", dict(STORY))], deck="Stories")
    return col.search("kind:story")[0]  # the first card: "Tell the story" (spoken)


def _laps() -> list[Lap]:
    return [Lap("Situation", 0, 20), Lap("Task", 20, 35), Lap("Action", 35, 135), Lap("Result", 135, 150)]


def test_spec_of_a_story(col: Collection, story_card: int) -> None:
    spec = rehearsing.rehearsal_spec(col, story_card)
    assert spec.target == (120, 180) and spec.beats == STAR_BEATS
    assert [label for label, _ in spec.points] == ["Situation", "Task", "Action", "Result"]


def test_record_and_list_attempts(col: Collection, story_card: int, db_path: Path) -> None:
    audio = rehearsing.new_recording_path(col, story_card)
    assert audio.parent == db_path.parent / "recordings" / "collection" and audio.parent.is_dir()
    audio.write_bytes(b"RIFF")
    first = rehearsing.record_attempt(col, story_card, duration_ms=150_000, laps=_laps(), audio_path=audio)
    second = rehearsing.record_attempt(col, story_card, duration_ms=95_000, started_ms=first.started_ms + 60_000,
                                       target=(90, 120))
    assert first.started_ms == int(START.timestamp() * 1000) - 150_000  # ended now
    assert first.target == (120, 180) and second.target == (90, 120)
    assert first.laps == tuple(_laps()) and first.lap_flags() == []
    assert first.audio_path == audio and second.audio_path is None
    history = rehearsing.attempts_for_card(col, story_card)
    assert [a.id for a in history] == [first.id, second.id]
    # The file is stored relative to the recordings folder, so the folder can move with the database.
    stored = col.store.scalar("SELECT audio_path FROM attempts WHERE id=?", (first.id,))
    assert stored == audio.name
    assert json.loads(col.store.scalar("SELECT laps FROM attempts WHERE id=?", (first.id,)))[2] == {
        "beat": "Action", "start_s": 35.0, "end_s": 135.0}
    assert first.to_dict()["laps"][0]["beat"] == "Situation" and first.delivery() is None


def test_the_columns_statistics_read(col: Collection, story_card: int) -> None:
    rehearsing.record_attempt(col, story_card, duration_ms=150_000, started_ms=1_700_000_000_000)
    row = col.store.fetchall("SELECT card_id, started_ms, duration_ms, target_low, target_high, wpm FROM attempts")
    assert row == [(story_card, 1_700_000_000_000, 150_000, 120, 180, None)]


def test_delete_attempt_deletes_its_recording(col: Collection, story_card: int) -> None:
    audio = rehearsing.new_recording_path(col, story_card)
    audio.write_bytes(b"RIFF")
    attempt = rehearsing.record_attempt(col, story_card, duration_ms=1000, audio_path=audio)
    other = rehearsing.record_attempt(col, story_card, duration_ms=1000)
    rehearsing.delete_attempt(col, attempt.id)
    assert not audio.exists()
    assert [a.id for a in rehearsing.attempts_for_card(col, story_card)] == [other.id]
    with pytest.raises(LookupError):
        rehearsing.delete_attempt(col, attempt.id)
    with pytest.raises(LookupError):
        rehearsing.attempt(col, attempt.id)


def test_attempts_go_with_their_note_and_leftovers_can_be_pruned(col: Collection, story_card: int) -> None:
    audio = rehearsing.new_recording_path(col, story_card)
    audio.write_bytes(b"RIFF")
    kept = rehearsing.new_recording_path(col, story_card, ".flac")
    rehearsing.record_attempt(col, story_card, duration_ms=1000, audio_path=audio)
    assert kept != audio
    in_progress = rehearsing.new_recording_path(col, story_card, ".ogg")
    in_progress.write_bytes(b"OggS")  # being recorded: no attempt names it yet
    note_id = col.card(story_card).note_id
    col.delete_notes([note_id])
    assert col.store.scalar("SELECT count(*) FROM attempts") == 0  # cascaded with the card
    assert not audio.exists()  # the façade deletes the recordings of the notes it deletes
    assert rehearsing.prune_recordings(col) == []  # young files may be recordings in progress
    a_day_later = time.time() + rehearsing.LEFTOVER_AFTER_S + 60
    assert rehearsing.prune_recordings(col, now=a_day_later) == [in_progress]  # no kept.flac written


def test_unknown_card_and_bad_duration(col: Collection, story_card: int) -> None:
    with pytest.raises(LookupError):
        rehearsing.record_attempt(col, 999, duration_ms=1000)
    with pytest.raises(ValueError):
        rehearsing.record_attempt(col, story_card, duration_ms=-1)
    attempt = rehearsing.record_attempt(col, story_card, duration_ms=1000)
    with pytest.raises(LookupError, match="no recording"):
        rehearsing.prepare_analysis(col, attempt.id)


def test_self_grade_kept_beside_the_suggestion(col: Collection, story_card: int) -> None:
    made = rehearsing.record_attempt(col, story_card, duration_ms=150_000)
    assert made.self_grade is None
    graded = rehearsing.set_self_grade(col, made.id, 3)
    assert graded.self_grade == 3 and rehearsing.attempts_for_card(col, story_card)[0].self_grade == 3
    assert rehearsing.set_self_grade(col, made.id, None).self_grade is None
    with pytest.raises(ValueError, match="1 to 4"):
        rehearsing.set_self_grade(col, made.id, 5)
    with pytest.raises(LookupError):
        rehearsing.set_self_grade(col, made.id + 99, 2)
