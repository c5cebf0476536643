"""Recordings and media belong to one collection; a stored path never reaches outside its folder.

Found by trying: two collections in one folder (or a PostgreSQL collection beside
the default one) shared ``recordings/``, and deleting a note in one deleted the
other's recordings. An attempt whose stored path was absolute or climbed out
with ``..`` deleted that file when the attempt was deleted.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import basic_notes

from flashdeck.collection import Collection, rehearsing
from flashdeck.collection.media import media_dir


def _record(col: Collection, card_id: int, payload: bytes = b"RIFF....WAVE") -> Path:
    path = rehearsing.new_recording_path(col, card_id)
    path.write_bytes(payload)
    rehearsing.record_attempt(col, card_id, duration_ms=1000, audio_path=path)
    return path


def test_two_collections_in_one_folder_keep_their_own_recordings(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "work.db") as work, Collection.open(tmp_path / "home.db") as home:
        work.add_notes(basic_notes(2, "W"), deck="D")
        home.add_notes(basic_notes(2, "H"), deck="D")
        work_files = [_record(work, cid) for cid in work.search("deck:D")]
        home_files = [_record(home, cid) for cid in home.search("deck:D")]
        # Card ids are the same in both collections: the folders keep the files apart.
        assert rehearsing.recordings_dir(work) == tmp_path / "recordings" / "work"
        assert rehearsing.recordings_dir(home) == tmp_path / "recordings" / "home"
        assert media_dir(work) == tmp_path / "media" / "work" != media_dir(home)
        work.delete_notes([work.card(cid).note_id for cid in work.search("deck:D")])
        assert not any(p.exists() for p in work_files)
        assert all(p.exists() for p in home_files)
        assert [a.audio_path for cid in home.search("deck:D") for a in rehearsing.attempts_for_card(home, cid)] \
            == home_files
        # Pruning leftovers (a day later) looks in the collection's own folder only.
        later = os.stat(home_files[0]).st_mtime + rehearsing.LEFTOVER_AFTER_S + 60
        assert rehearsing.prune_recordings(work, now=later) == []
        assert all(p.exists() for p in home_files)


def test_a_postgresql_collection_has_a_folder_of_its_own(pg_url: str, postgres: object, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = tmp_path / "data" / "flashdeck" / "collection.db"
    with Collection.open(default) as local, Collection.open(pg_url) as shared:
        local.add_notes(basic_notes(1, "L"), deck="D")
        shared.add_notes(basic_notes(1, "S"), deck="D")
        local_file = _record(local, local.search("deck:D")[0])
        shared_file = _record(shared, shared.search("deck:D")[0])
        folder = rehearsing.recordings_dir(shared)
        assert folder.parent.parent == tmp_path / "data" / "flashdeck" / "servers"
        assert folder.parent.name.startswith(pg_url.rsplit("/", 1)[1] + "-")
        assert media_dir(shared) == folder.parent / "media"
        assert local_file.parent == default.parent / "recordings" / "collection"
        shared.delete_notes([shared.card(shared.search("deck:D")[0]).note_id])
        assert not shared_file.exists() and local_file.exists()
    # The identity is the database's own: the next start finds the same folder.
    with Collection.open(pg_url) as again:
        assert rehearsing.recordings_dir(again) == folder


def test_recordings_of_the_shared_folder_of_earlier_versions_move_to_their_collection(tmp_path: Path) -> None:
    legacy = tmp_path / "recordings"
    legacy.mkdir()
    with Collection.open(tmp_path / "a.db") as a, Collection.open(tmp_path / "b.db") as b:
        a.add_notes(basic_notes(1, "A"), deck="D")
        b.add_notes(basic_notes(1, "B"), deck="D")
        # As an earlier version stored them: flat in recordings/, by plain name.
        for col, name in ((a, "card1-a.wav"), (b, "card1-b.wav")):
            (legacy / name).write_bytes(b"RIFF" + name.encode())
            with col.store.transaction() as tx:
                tx.execute("INSERT INTO attempts (card_id, started_ms, duration_ms, laps, audio_path) "
                           "VALUES (1, 0, 1000, '[]', ?)", (name,))
        (legacy / "nobody.wav").write_bytes(b"RIFF")
        [attempt] = rehearsing.attempts_for_card(a, 1)
        assert attempt.audio_path == tmp_path / "recordings" / "a" / "card1-a.wav"
        assert attempt.audio_path.read_bytes() == b"RIFFcard1-a.wav"
        assert (legacy / "card1-b.wav").exists()  # b's own file waits for b
        [b_attempt] = rehearsing.attempts_for_card(b, 1)
        assert b_attempt.audio_path is not None and b_attempt.audio_path.parent == legacy / "b"
        assert (legacy / "nobody.wav").exists()  # whose it was nobody can tell: it stays


def test_media_of_earlier_versions_stay_visible_to_each_collection(tmp_path: Path) -> None:
    legacy = tmp_path / "media"
    legacy.mkdir()
    (legacy / "diagram.png").write_bytes(b"\x89PNG")
    with Collection.open(tmp_path / "a.db") as a, Collection.open(tmp_path / "b.db") as b:
        assert (media_dir(a) / "diagram.png").read_bytes() == b"\x89PNG"
        assert (media_dir(b) / "diagram.png").read_bytes() == b"\x89PNG"
    assert (legacy / "diagram.png").exists()


@pytest.mark.parametrize("stored", ["ABSOLUTE", "../bait.wav", "../../bait.wav", "sub/../../bait.wav",
                                    "LINK", "~/bait.wav", ""])
def test_an_attempt_path_leading_outside_is_never_read_or_deleted(col: Collection, db_path: Path,
                                                                   stored: str) -> None:
    col.add_notes(basic_notes(1), deck="D")
    card_id = col.search("deck:D")[0]
    bait = db_path.parent / "bait.wav"
    bait.write_bytes(b"precious")
    folder = rehearsing.recordings_dir(col)
    (folder / "sub").mkdir(parents=True)
    if stored == "ABSOLUTE":
        stored = str(bait)
    elif stored == "LINK":
        (folder / "link.wav").symlink_to(bait)
        stored = "link.wav"
    with col.store.transaction() as tx:  # as a crafted backup or a hand-edited database holds it
        attempt_id = tx.insert_returning_id(
            "INSERT INTO attempts (card_id, started_ms, duration_ms, laps, audio_path) VALUES (?, 0, 1000, '[]', ?)",
            (card_id, stored))
    assert rehearsing.attempt(col, attempt_id).audio_path is None  # treated as no recording
    with pytest.raises(LookupError, match="no recording"):
        rehearsing.prepare_analysis(col, attempt_id)
    if stored and stored != "link.wav":  # the path itself is bad: check says so (a link is the folder's doing)
        assert any(f"attempt {attempt_id}: recording path outside" in p for p in col.check())
    rehearsing.delete_attempt(col, attempt_id)
    assert bait.read_bytes() == b"precious"
    note_id = col.card(card_id).note_id
    col.delete_notes([note_id])
    assert bait.read_bytes() == b"precious"


def test_a_recording_outside_the_folder_is_refused_when_stored(col: Collection, tmp_path: Path) -> None:
    col.add_notes(basic_notes(1), deck="D")
    outside = tmp_path / "elsewhere.wav"
    outside.write_bytes(b"RIFF")
    with pytest.raises(ValueError, match="recordings folder"):
        rehearsing.record_attempt(col, col.search("deck:D")[0], duration_ms=1000, audio_path=outside)
    assert col.store.scalar("SELECT count(*) FROM attempts") == 0
