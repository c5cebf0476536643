"""`flashdeck backup` / `flashdeck restore` in real processes, and the app's backup on close."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from helpers import basic_notes, run_cli

from flashdeck.collection import Collection


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    with Collection.open(path) as col:
        col.add_notes(basic_notes(2), deck="Prep")
    return path


def _reviews(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        count = int(conn.execute("SELECT count(*) FROM revlog").fetchone()[0])
    conn.close()
    return count


def test_backup_review_restore_and_undo_the_restore(db: Path) -> None:
    made = run_cli("backup", db=db)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == db.parent / "backups" and backup.name.startswith("c-") and backup.exists()
    assert run_cli("review", db=db, stdin="\n3\n").returncode == 0
    assert _reviews(db) == 1

    listed = run_cli("backup", "--list", db=db)
    assert listed.returncode == 0 and listed.stdout.splitlines() == [str(backup)]

    restored = run_cli("restore", backup.name, db=db)
    assert restored.returncode == 0, restored.stderr
    assert restored.stderr == ""
    assert _reviews(db) == 0
    previous = Path(restored.stdout.split("the state before is in ", 1)[1].split(" (", 1)[0])
    assert f"flashdeck restore {previous.name} undoes this" in restored.stdout
    assert _reviews(previous) == 1

    undone = run_cli("restore", str(previous), db=db)
    assert undone.returncode == 0, undone.stderr
    assert _reviews(db) == 1
    assert run_cli("check", db=db).stdout.strip() == "ok"


def test_restore_while_the_collection_is_open_is_refused(db: Path) -> None:
    backup = Path(run_cli("backup", db=db).stdout.strip())
    with Collection.open(db) as col:  # as the running app would hold it
        col.add_notes(basic_notes(1, "late"), deck="Prep")
        done = run_cli("restore", str(backup), db=db)
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "is open" in done.stderr and "close it first" in done.stderr
    with Collection.open(db) as col:
        assert col.stats().notes == 3


def test_errors_are_one_line_with_exit_code_1(db: Path, tmp_path: Path) -> None:
    text = tmp_path / "cards.tsv"
    text.write_text("What is STAR?\tSituation, Task, Action, Result\n", encoding="utf-8")
    for args in (("restore", str(tmp_path / "missing.db")), ("restore", str(text))):
        done = run_cli(*args, db=db)
        assert done.returncode == 1 and done.stdout == ""
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("flashdeck: ")
    nothing = run_cli("backup", db=tmp_path / "none.db")
    assert nothing.returncode == 1 and nothing.stderr.strip() == f"flashdeck: no collection at {tmp_path / 'none.db'}"
    assert not (tmp_path / "none.db").exists()
    assert run_cli("restore", db=db).returncode == 2  # BACKUP is required


def test_a_collection_on_postgresql_is_left_to_the_server(pg_url: str) -> None:
    for args in (("backup",), ("backup", "--list"), ("restore", "backup.db")):
        done = run_cli(*args, env={"FLASHDECK_DB": pg_url})
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.splitlines() == [
            "flashdeck: the collection is on a postgresql server: back it up with the server's own tools "
            "(e.g. pg_dump); FlashDeck backs up SQLite collections"
        ]


def test_the_app_backs_up_when_it_closes_at_most_every_30_minutes(db: Path, tmp_path: Path) -> None:
    """The real app, offscreen: it quits after its first paint, and the close makes the backup."""
    env = {"QT_QPA_PLATFORM": "offscreen", "FLASHDECK_FIRST_PAINT_FILE": str(tmp_path / "painted")}
    for _ in range(2):
        done = run_cli(db=db, env=env)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    backups = sorted((db.parent / "backups").iterdir())
    assert [p.name[:2] for p in backups] == ["c-"]  # the second close came within 30 minutes
    assert os.path.getsize(backups[0]) > 0
    with Collection.open(backups[0]) as copy:
        assert copy.stats().notes == 2 and copy.check() == []
