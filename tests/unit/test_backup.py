"""Backups: on demand and on close (interval, pruning), consistent while writing; restore and its guard."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import basic_notes

from flashdeck.collection import Collection
from flashdeck.collection.backup import (
    BackupError,
    backup_folder,
    backup_now,
    backup_on_close,
    list_backups,
)
from flashdeck.collection.restoring import restore
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating


def _reviews(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        count = int(conn.execute("SELECT count(*) FROM revlog").fetchone()[0])
    conn.close()
    return count


def _answer(col: Collection, count: int) -> None:
    for _ in range(count):
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.EASY)


def test_backup_now_is_a_whole_database_beside_the_collection(col: Collection, db_path: Path) -> None:
    col.add_notes(basic_notes(3), deck="D")
    _answer(col, 2)
    made = backup_now(col)
    assert made == db_path.parent / "backups" / "collection-20261121-100000.db"
    assert backup_folder(db_path) == made.parent
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no .partial
    with sqlite3.connect(f"file:{made}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
    conn.close()
    assert _reviews(made) == 2


def test_keeps_the_newest_backups_configurable(col: Collection, clock: ManualClock, db_path: Path) -> None:
    col.add_notes(basic_notes(1), deck="D")
    made = []
    for _ in range(23):
        made.append(backup_now(col))
        clock.advance(minutes=1)
    assert list_backups(db_path) == made[::-1][:20]  # the default keeps 20, newest first
    col.set_config("backups_keep", 3)
    newest = backup_now(col)
    assert list_backups(db_path) == [newest, made[-1], made[-2]]


def test_two_backups_in_one_second_get_ordered_names(col: Collection, db_path: Path) -> None:
    first, second, third = backup_now(col), backup_now(col), backup_now(col)
    assert len({first, second, third}) == 3
    assert list_backups(db_path) == [third, second, first]


def test_backup_on_close_at_most_once_per_interval(col: Collection, clock: ManualClock, db_path: Path) -> None:
    first = backup_on_close(col)
    assert first is not None
    clock.advance(minutes=29)
    assert backup_on_close(col) is None
    clock.advance(minutes=1)
    second = backup_on_close(col)
    assert second is not None and second != first
    col.set_config("backup_interval_min", 5)
    clock.advance(minutes=4)
    assert backup_on_close(col) is None
    clock.advance(minutes=1)
    assert backup_on_close(col) is not None
    # A newest backup dated in the future (the clock was wrong then) does not stop new ones.
    clock.advance(days=-1)
    assert backup_on_close(col) is not None
    assert len(list_backups(db_path)) == 4


def test_backup_leaves_out_an_unfinished_transaction(col: Collection, db_path: Path) -> None:
    col.add_notes(basic_notes(2), deck="D")
    with Collection.open(db_path) as other, other.store.transaction() as tx:
        tx.execute("DELETE FROM notes")
        made = backup_now(col)  # another connection is mid-write
    with sqlite3.connect(f"file:{made}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    conn.close()
    assert col.stats().notes == 0  # the write did commit afterwards


def test_backups_are_consistent_while_another_connection_answers(col: Collection, db_path: Path,
                                                                 clock: ManualClock) -> None:
    col.add_notes(basic_notes(5), deck="D")
    card_ids = col.search("deck:D")
    answering, stop, errors = threading.Event(), threading.Event(), []

    def keep_answering() -> None:
        try:
            with Collection.open(db_path, clock=ManualClock(clock.now(), clock.local_tz), fuzz=False) as writer:
                while not stop.is_set():
                    for card_id in card_ids:
                        writer.answer(card_id, Rating.AGAIN)
                    answering.set()
        except Exception as err:  # reported below: an assertion in a thread would be lost
            errors.append(err)
            answering.set()

    thread = threading.Thread(target=keep_answering)
    thread.start()
    try:
        assert answering.wait(timeout=30)
        made = []
        for _ in range(5):
            made.append(backup_now(col))
    finally:
        stop.set()
        thread.join(timeout=60)
    assert errors == []
    counts = [_reviews(path) for path in made]
    assert counts[0] >= len(card_ids) and counts == sorted(counts)
    for path in made:  # every copy is a sound collection: reps agree with the review log, card by card
        with Collection.open(path) as copy:
            assert copy.check() == []


def test_restore_backs_up_the_current_state_first(db_path: Path, clock: ManualClock) -> None:
    with Collection.open(db_path, clock=clock, fuzz=False) as col:
        col.add_notes(basic_notes(4), deck="D")
        _answer(col, 1)
        saved = backup_now(col)
        clock.advance(minutes=5)
        _answer(col, 2)
    result = restore(db_path, saved, clock=clock)
    assert result.collection == db_path and result.problems == []
    assert result.previous is not None and result.previous.parent == saved.parent
    assert _reviews(result.previous) == 3
    with Collection.open(db_path, clock=clock) as col:
        assert col.stats().reviews == 1
        assert col.check() == []
    # The restore can be undone, by name from the backups folder.
    clock.advance(minutes=1)
    undo = restore(db_path, result.previous.name, clock=clock)
    assert undo.previous is not None and _reviews(undo.previous) == 1
    with Collection.open(db_path) as col:
        assert col.stats().reviews == 3


def test_restore_refuses_while_the_collection_is_open(col: Collection, db_path: Path) -> None:
    col.add_notes(basic_notes(2), deck="D")
    saved = backup_now(col)
    col.add_notes(basic_notes(3, "more"), deck="D")
    with pytest.raises(BackupError, match="is open"):
        restore(db_path, saved)
    assert list_backups(db_path) == [saved]  # nothing was done, not even the safety backup
    assert col.stats().notes == 5
    col.add_notes(basic_notes(1, "still writable"), deck="D")
    assert col.stats().notes == 6


def test_restore_rejects_what_is_not_a_sound_backup(col: Collection, db_path: Path, tmp_path: Path) -> None:
    saved = backup_now(col)
    col.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    with pytest.raises(BackupError, match="not a FlashDeck backup"):
        restore(db_path, text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="not a FlashDeck collection"):
        restore(db_path, other)
    future = tmp_path / "future.db"
    future.write_bytes(saved.read_bytes())
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    with pytest.raises(BackupError, match="newer FlashDeck"):
        restore(db_path, future)
    with pytest.raises(BackupError, match="no such backup"):
        restore(db_path, tmp_path / "missing.db")
    with pytest.raises(BackupError, match="the collection itself"):
        restore(db_path, db_path)
    assert list_backups(db_path) == [saved]


def test_a_collection_on_a_server_is_the_servers_to_back_up(pg_url: str, clock: ManualClock) -> None:
    with Collection.open(pg_url, clock=clock) as col:
        assert backup_on_close(col) is None
        with pytest.raises(BackupError, match="postgresql server"):
            backup_now(col)
    with pytest.raises(BackupError, match="pg_dump"):
        restore(pg_url, "anything.db")


def test_backups_are_ordered_by_the_time_in_their_names(col: Collection, clock: ManualClock, db_path: Path) -> None:
    later = backup_now(col)
    clock.advance(timedelta(hours=-2))
    earlier = backup_now(col)
    assert list_backups(db_path) == [later, earlier]  # ordered by the time in the name


def test_restore_onto_a_new_machine_needs_no_collection_there(col: Collection, tmp_path: Path) -> None:
    col.add_notes(basic_notes(2), deck="D")
    saved = backup_now(col)
    fresh = tmp_path / "elsewhere" / "collection.db"
    result = restore(fresh, saved)
    assert result.previous is None and result.problems == []
    with Collection.open(fresh) as copy:
        assert copy.stats().notes == 2
