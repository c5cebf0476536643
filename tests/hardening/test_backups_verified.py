"""A backup is verified before it counts; a damaged collection never pushes good backups out; the
rotation keeps the backup just made whatever the clock says.

Found by trying: a collection with a damaged page was backed up like any other (the backup API
copies pages as they are), the good backups were rotated away, and ``restore`` then refused every
copy that was left ("the file is damaged"). A clock set behind the newest backup named the new
one "oldest", and it was pruned at once (``backup_on_close`` returned a path that did not exist).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from damage import counts, flip_a_table_page, make_collection
from helpers import START, run_cli

from flashdeck.collection import Collection
from flashdeck.collection.backup import (
    DamagedCollectionError,
    backup_if_due,
    backup_now,
    list_backups,
    newest_good_backup,
)
from flashdeck.core.clock import ManualClock


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_damaged_collection_is_never_backed_up_over_good_backups(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db)
    clock = ManualClock(START)
    with Collection.open(db, clock=clock) as col:
        col.set_config("backups_keep", 3)
        good = []
        for _ in range(3):
            good.append(backup_now(col))
            clock.advance(hours=1)
    folder = db.parent / "backups"
    before = _snapshot(folder)
    flip_a_table_page(db)
    for _ in range(2):  # again and again: still nothing pushed out
        done = run_cli("backup", db=db)
        assert done.returncode == 1 and done.stdout == ""
        [line] = done.stderr.splitlines()
        assert line.startswith(f"flashdeck: {db} is damaged (")
        assert f"no backup was made and the backups kept are untouched; the newest good backup is {good[-1]} " \
               f"(flashdeck restore {good[-1].name})" in line
        assert _snapshot(folder) == before  # nothing added (not even a .partial), nothing pruned
    assert newest_good_backup(db) == good[-1]
    with Collection.open(db, clock=clock) as col:
        try:
            backup_if_due(col)  # the app's timer and its close go the same way
        except DamagedCollectionError as err:
            assert err.newest_good == good[-1]
        else:
            raise AssertionError("a damaged collection was backed up")
    # The way out the message names works.
    restored = run_cli("restore", good[-1].name, db=db)
    assert restored.returncode == 0, restored.stderr
    assert counts(db) == counts(good[-1])
    assert run_cli("check", db=db).stdout.strip() == "ok"


def test_a_damaged_backup_is_not_offered(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db)
    clock = ManualClock(START)
    with Collection.open(db, clock=clock) as col:
        older = backup_now(col)
        clock.advance(hours=1)
        newer = backup_now(col)
    flip_a_table_page(newer)  # damaged on disk after it was made
    assert newest_good_backup(db) == older


def test_a_clock_set_back_never_prunes_the_backup_just_made(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=0)
    clock = ManualClock(START)
    with Collection.open(db, clock=clock) as col:
        col.set_config("backups_keep", 3)
        for _ in range(3):
            backup_now(col)
            clock.advance(minutes=40)
        clock.set(START - timedelta(days=400))  # the clock goes back over a year
        made = backup_now(col)
        assert made.exists() and made in list_backups(db)
        assert len(list_backups(db)) == 3
        clock.advance(minutes=40)
        closing = backup_if_due(col)  # the newest by name is "in the future": not trusted, one is made
        assert closing is not None and closing.exists() and closing in list_backups(db)
        assert len(list_backups(db)) == 3
