"""Rules that live under the façade, not in a screen: deleting notes takes their recordings with
them, a note's id is found by its stable identity, the lap rules are the rehearsal model's."""

from __future__ import annotations

from pathlib import Path

from helpers import basic_notes

from flashdeck.collection import Collection, rehearsing
from flashdeck.core.notes import derive_guid
from flashdeck.core.rehearsal import STAR_BEATS, Lap, check_laps, judge_laps


def _record(col: Collection, card_id: int) -> Path:
    path = rehearsing.new_recording_path(col, card_id)
    path.write_bytes(b"RIFF....WAVE")
    rehearsing.record_attempt(col, card_id, duration_ms=1000, audio_path=path)
    return path


def test_deleting_notes_deletes_their_recordings_and_only_theirs(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "c.db") as col:
        col.add_notes(basic_notes(3, "Q"), deck="D")
        cards = col.search("deck:D")
        files = {cid: _record(col, cid) for cid in cards}
        doomed = col.card(cards[0]).note_id
        col.delete_notes([doomed])
        assert not files[cards[0]].exists()
        assert all(files[cid].exists() for cid in cards[1:])
        assert [a.audio_path for cid in cards[1:] for a in rehearsing.attempts_for_card(col, cid)] \
            == [files[cid] for cid in cards[1:]]


def test_a_note_is_found_by_its_stable_identity(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "c.db") as col:
        col.add_notes(basic_notes(2, "Q"), deck="D")
        note_ids = sorted({col.card(cid).note_id for cid in col.search("deck:D")})
        found = [col.note_id_by_guid(str(col.note(nid).guid)) for nid in note_ids]
        assert found == note_ids
        assert col.note_id_by_guid(derive_guid("D", "basic", "nothing of the kind")) is None


def test_the_lap_rules_judge_a_split_only_once_beats_were_marked() -> None:
    star = [Lap("Situation", 0.0, 30.0), Lap("Task", 30.0, 40.0), Lap("Action", 40.0, 60.0), Lap("Result", 60.0, 62.0)]
    assert judge_laps(star, STAR_BEATS) == check_laps(star) != []
    assert judge_laps(star[:1], STAR_BEATS) is None  # one lap: nothing to judge a split by
    assert judge_laps(star[:1], ()) == []  # a card without beats has no rules to break
    pitch = ("Hook", "Proof", "Ask")
    laps = [Lap("Hook", 0.0, 5.0), Lap("Proof", 5.0, 15.0)]
    assert judge_laps(laps, pitch) == check_laps(laps, pitch) != []


def test_a_card_view_carries_its_deck_and_whether_it_is_suspended_or_buried(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "c.db") as col:
        col.add_notes(basic_notes(2, "Q"), deck="Prep::Stories")
        first, second = col.search("deck:Prep")
        today = col.today().date.toordinal()
        assert col.card(first).deck == "Prep::Stories" and col.card(first).studied_on(today)
        col.suspend([first])
        col.bury([second])
        assert col.card(first).suspended and not col.card(first).studied_on(today)
        assert not col.card(second).studied_on(today) and col.card(second).studied_on(today + 1)
        rows = {row.card_id: row for row in col.browse_rows([first, second])}
        for cid in (first, second):  # what the browser's rows say, the card view says too
            view = col.card(cid)
            assert (view.deck, view.suspended, view.buried_until) == \
                (rows[cid].deck, rows[cid].suspended, rows[cid].buried_until)
