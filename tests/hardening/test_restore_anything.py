"""``restore`` works whatever state the collection is in, rebuilds from the backup's rows (no foreign
DDL survives), upgrades in a copy and swaps only when that succeeded.

Found by trying: with the collection truncated or overwritten, ``restore`` died with "database disk
image is malformed" / "file is not a database"; a backup carrying a trigger that deletes every note
on the first answer was restored as it was (exit 0, ``check`` ok); an old backup whose upgrade fails
was swapped in and left a collection that no longer opened.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from damage import counts, flip_a_table_page, make_collection, overwrite_with_another_file, truncate
from fixture_manifests import assert_everything_kept, load_manifest
from helpers import DATA, run_cli

from flashdeck.collection import Collection
from flashdeck.storage.store import Store


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, Path]:
    """A collection and a backup of it; the collection then moves on (more notes and answers)."""
    db = tmp_path / "collection.db"
    make_collection(db)
    made = run_cli("backup", db=db)
    assert made.returncode == 0, made.stderr
    with Collection.open(db) as col:
        col.add_notes([], deck="Later")
    make_collection(db, notes=50, answers=3, prefix="later")
    return db, Path(made.stdout.strip())


def _schema(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = set(conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    conn.close()
    return rows


@pytest.mark.parametrize("harm", [truncate, overwrite_with_another_file, flip_a_table_page],
                         ids=["truncated", "overwritten", "byte-flipped"])
def test_restore_recovers_a_damaged_collection(saved: tuple[Path, Path], harm: Callable[[Path], None]) -> None:
    db, backup = saved
    harm(db)
    damaged = db.read_bytes()
    done = run_cli("restore", backup.name, db=db)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    [line] = done.stdout.splitlines()
    assert line.startswith(f"restored {db}; the collection it replaced was not sound (")
    kept = Path(line.rsplit(" is kept in ", 1)[1])
    assert kept.parent == db.parent / "backups" and "-damaged-" in kept.name
    assert kept.read_bytes() == damaged  # the damaged file is kept for the user, as it was
    assert counts(db) == counts(backup)
    assert run_cli("check", db=db).stdout.strip() == "ok"
    assert kept not in [Path(p) for p in run_cli("backup", "--list", db=db).stdout.split()]  # never offered


def test_restore_over_a_damaged_collection_with_its_wal(saved: tuple[Path, Path]) -> None:
    db, backup = saved
    with Collection.open(db) as col:  # left with a WAL beside it, as a crash leaves it
        col.store._raw.execute("PRAGMA wal_autocheckpoint=0")
        col.add_notes([], deck="More")
        wal = Path(f"{db}-wal").read_bytes()
        shutil.copyfile(db, db.with_name("copy"))
    Path(f"{db}-wal").write_bytes(wal)
    truncate(db)
    done = run_cli("restore", backup.name, db=db)
    assert done.returncode == 0, done.stderr
    kept = Path(done.stdout.strip().rsplit(" is kept in ", 1)[1])
    assert Path(f"{kept}-wal").read_bytes() == wal  # its WAL went with it
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert counts(db) == counts(backup)


def test_restore_onto_a_folder_is_one_line(saved: tuple[Path, Path], tmp_path: Path) -> None:
    _db, backup = saved
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    done = run_cli("restore", str(backup), db=folder)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and str(folder) in done.stderr


def test_a_crafted_backup_comes_back_as_rows_only(saved: tuple[Path, Path], tmp_path: Path) -> None:
    db, backup = saved
    fresh_schema = _schema(db)
    crafted = tmp_path / "crafted.db"
    shutil.copyfile(backup, crafted)
    bait = tmp_path / "bait.wav"
    bait.write_bytes(b"precious")
    with sqlite3.connect(crafted) as conn:
        conn.executescript("""
            CREATE TRIGGER wipe AFTER INSERT ON revlog BEGIN DELETE FROM notes; END;
            CREATE TRIGGER wipe_cards AFTER UPDATE ON cards BEGIN DELETE FROM decks; END;
            CREATE VIEW everything AS SELECT * FROM notes;
            CREATE TABLE smuggled (payload TEXT);
            INSERT INTO smuggled VALUES ('x');
        """)
    conn.close()
    assert run_cli("check", db=crafted).returncode == 0  # the old restore trusted this much
    with sqlite3.connect(crafted) as conn:
        conn.execute("INSERT INTO attempts (card_id, started_ms, duration_ms, laps, audio_path) "
                     "VALUES (1, 0, 1000, '[]', ?), (1, 0, 1000, '[]', '../bait.wav')", (str(bait),))
    conn.close()
    done = run_cli("restore", str(crafted), db=db)
    assert done.returncode == 0, done.stderr
    assert _schema(db) == fresh_schema  # no trigger, view or table of the backup's own
    notes = counts(db)[0]
    answered = run_cli("review", db=db, stdin="\n3\n\n3\n")
    assert answered.returncode == 0, answered.stderr
    assert counts(db)[0] == notes and counts(db)[2] == counts(crafted)[2] + 2
    with Collection.open(db) as col:
        assert col.store.fetchall("SELECT audio_path FROM attempts") == [(None,), (None,)]
        from flashdeck.collection import rehearsing

        for (attempt_id,) in col.store.fetchall("SELECT id FROM attempts"):
            rehearsing.delete_attempt(col, attempt_id)
    assert bait.read_bytes() == b"precious"


def test_a_backup_whose_tables_are_views_is_refused(saved: tuple[Path, Path], tmp_path: Path) -> None:
    db, backup = saved
    crafted = tmp_path / "views.db"
    shutil.copyfile(backup, crafted)
    with sqlite3.connect(crafted) as conn:
        conn.executescript("ALTER TABLE notes RENAME TO real_notes; CREATE VIEW notes AS SELECT * FROM real_notes;")
    conn.close()
    before = db.read_bytes()
    done = run_cli("restore", str(crafted), db=db)
    assert done.returncode == 1 and done.stderr == f"flashdeck: {crafted}: not a FlashDeck collection\n"
    assert db.read_bytes() == before


def _old_backup(tmp_path: Path, harm: str) -> Path:
    """The first released schema's fixture, spoilt so that it cannot become today's collection."""
    old = tmp_path / f"old-{harm}.db"
    shutil.copyfile(DATA / "migrations" / "0001_baseline.sqlite", old)
    with sqlite3.connect(old) as conn:
        if harm == "table missing":
            conn.execute("DROP TABLE revlog")
        else:  # its upgrade fails: 0006 gives card-less notes a card, in a deck that does not exist
            conn.execute("UPDATE notes SET deck_id = 999 WHERE id IN (20, 21)")
    conn.close()
    return old


@pytest.mark.parametrize("harm", ["table missing", "upgrade fails"])
def test_a_backup_that_cannot_be_upgraded_leaves_the_collection_as_it_was(saved: tuple[Path, Path], tmp_path: Path,
                                                                          harm: str) -> None:
    db, _backup = saved
    before, listed = db.read_bytes(), run_cli("backup", "--list", db=db).stdout
    old = _old_backup(tmp_path, harm)
    done = run_cli("restore", str(old), db=db)
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"flashdeck: {old}: ")
    assert line.endswith("the collection was left as it was") or "not a FlashDeck collection" in line
    assert db.read_bytes() == before
    assert run_cli("backup", "--list", db=db).stdout == listed  # nothing set aside, nothing left over
    assert [p.name for p in (db.parent / "backups").iterdir() if ".partial" in p.name] == []
    assert run_cli("check", db=db).stdout.strip() == "ok"


def test_an_old_backup_is_restored_with_everything_kept(saved: tuple[Path, Path], tmp_path: Path) -> None:
    db, _backup = saved
    old = tmp_path / "old.db"
    shutil.copyfile(DATA / "migrations" / "0004_attempts.sqlite", old)
    done = run_cli("restore", str(old), db=db)
    assert done.returncode == 0, done.stderr
    with Collection.open(db) as col:
        assert_everything_kept(col, load_manifest("0004_attempts"))
    Store(str(db)).close()


def test_a_restore_through_a_link_replaces_the_file_not_the_link(saved: tuple[Path, Path], tmp_path: Path) -> None:
    db, backup = saved
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(db)
    done = run_cli("restore", str(backup), db=link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == db
    assert counts(db) == counts(backup)
    assert f"the state before is in {db.parent / 'backups'}" in done.stdout
