"""Every failure of the command line is one line naming the problem and the file, exit 1; nothing is lost.

Found by trying: a full disk (review, import, backup, even ``decks``), a read-only folder (every
command, even ``export``), a newer schema (an Alembic traceback), a damaged file under ``check``,
``database is locked``, ``export -o`` onto the collection itself (exit 0: the collection was now
Markdown), ``--db :memory:`` / ``sqlite://`` / ``q?x.db`` / ``100%41.db``, ``stats | head``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from damage import counts, flip_a_table_page, make_collection, truncate
from helpers import REPO, run_cli
from mounts import fill, read_only_view, small_disk

from flashdeck import __version__
from flashdeck.collection import Collection
from flashdeck.core.scheduling import Rating
from flashdeck.storage.errors import DiskFullError

DECKS = sorted((REPO / "decks").glob("*.md"))
READS = [("decks",), ("due",), ("stats",), ("check",), ("backup", "--list")]


def one_line(done: subprocess.CompletedProcess[str], *parts: str) -> str:
    """The failure as the contract has it: exit 1, nothing on stdout's last words, one line on stderr."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("flashdeck: ") and "Traceback" not in done.stderr, done.stderr
    for part in parts:
        assert part in lines[0], (part, lines[0])
    return lines[0]


def test_a_full_disk_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "8m") as disk:
        db = disk / "collection.db"
        assert run_cli("import", *map(str, DECKS), db=db).returncode == 0
        assert run_cli("review", db=db, stdin="\n3\n\n3\n").returncode == 0
        assert run_cli("backup", db=db).returncode == 0
        out = disk / "deck.md"
        assert run_cli("export", "--deck", "System design prompts", "-o", str(out), db=db).returncode == 0
        exported, before = out.read_bytes(), counts(db)
        backups = sorted(p.name for p in (disk / "backups").iterdir())
        with Collection.open(db, fuzz=False) as app:  # as the app holds it while the disk fills
            filler = fill(disk)
            card = app.next_card()
            assert card is not None
            with pytest.raises(DiskFullError, match=re.escape(f"the disk is full: {db}")):
                app.answer(card.id, Rating.GOOD)
            # Reading, exporting elsewhere, listing backups: all still work.
            for args in READS:
                done = run_cli(*args, db=db)
                assert done.returncode == 0 and done.stderr == "", (args, done.stderr)
            elsewhere = tmp_path / "deck.md"
            assert run_cli("export", "--deck", "System design prompts", "-o", str(elsewhere), db=db).returncode == 0
            assert elsewhere.read_bytes() == exported
            # Writing: one line each, nothing written.
            one_line(run_cli("review", db=db, stdin="\n3\n"), "the disk is full", str(db))
            one_line(run_cli("import", str(DECKS[0]), "--deck", "Copy", db=db), "the disk is full", str(db))
            one_line(run_cli("plan", "--interview-date", "2027-01-15", db=db), "the disk is full", str(db))
            one_line(run_cli("backup", db=db), "the disk is full: no backup was made in", str(disk / "backups"))
            one_line(run_cli("export", "--deck", "System design prompts", "-o", str(out), db=db),
                     "the disk is full", str(out))
            assert out.read_bytes() == exported  # the file it would have replaced is as it was
            assert counts(db) == before
            assert sorted(p.name for p in (disk / "backups").iterdir()) == backups  # no half copy left
            filler.unlink()
            app.answer(card.id, Rating.GOOD)  # space again: the same window carries on
        assert counts(db)[2] == before[2] + 1
        assert run_cli("check", db=db).stdout.strip() == "ok"


def test_a_read_only_collection_reads_and_exports_and_refuses_writes(tmp_path: Path) -> None:
    source = tmp_path / "source"
    make_collection(source / "collection.db")
    assert run_cli("backup", db=source / "collection.db").returncode == 0
    expected = {args: run_cli(*args, db=source / "collection.db").stdout for args in READS}
    with read_only_view(source, tmp_path / "view") as view:
        db = view / "collection.db"
        for args in READS:
            done = run_cli(*args, db=db)
            assert (done.returncode, done.stderr) == (0, ""), (args, done.stderr)
            assert done.stdout == expected[args].replace(str(source), str(view))
        out = tmp_path / "deck.md"
        exported = run_cli("export", "--deck", "Deck", "-o", str(out), db=db)
        assert exported.returncode == 0 and out.read_text(encoding="utf-8").count("\n## ") == 300
        assert run_cli("export", "--deck", "Deck", "--format", "csv", "-o", "-", db=db).returncode == 0
        for args in (("review",), ("import", str(DECKS[0])), ("plan", "--interview-date", "2027-01-15")):
            one_line(run_cli(*args, db=db, stdin="\n3\n"), "is read-only", str(db))
        one_line(run_cli("backup", db=db), "is read-only: no backup was made")
        backup = next((view / "backups").iterdir())
        one_line(run_cli("restore", backup.name, db=db), "read-only")
        one_line(run_cli("decks", db=view / "new.db"), "is read-only", str(view))
        assert not (view / "recordings").exists()
    assert counts(source / "collection.db") == (300, 300, 10)


@pytest.mark.parametrize("with_wal", [False, True], ids=["rollback journal", "WAL with changes"])
def test_a_newer_collection_is_named_and_left_byte_for_byte(tmp_path: Path, with_wal: bool) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=20, answers=2)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("UPDATE alembic_version SET version_num='0042_from_the_future'")
    conn.execute("UPDATE config SET value='\"FlashDeck 3.2.0\"' WHERE key='written_by'")
    if with_wal:  # the newer app was killed: its last changes are still in the WAL
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("INSERT INTO config VALUES ('newer_setting', '1')")
        files = {p: p.read_bytes() for p in (db, Path(f"{db}-wal"))}
        conn.close()
        for path, data in files.items():
            path.write_bytes(data)
        Path(f"{db}-shm").unlink(missing_ok=True)
    else:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    for args in (("decks",), ("review",), ("check",), ("backup",), ("export", "--deck", "Deck", "-o", "-")):
        one_line(run_cli(*args, db=db), f"{db} was written by FlashDeck 3.2.0 (schema 0042_from_the_future); "
                                        f"this is FlashDeck {__version__}", "update FlashDeck")
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and not p.name.endswith("-shm")}
    assert after == {k: v for k, v in before.items() if not k.endswith("-shm")}


def test_check_on_a_damaged_file_reports_it_without_crashing(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db)
    good = Path(run_cli("backup", db=db).stdout.strip())
    flip_a_table_page(db)
    done = run_cli("check", db=db)
    assert done.returncode == 1 and done.stderr == "" and "Traceback" not in done.stdout
    assert done.stdout.startswith("sqlite integrity: ")
    truncate(db)
    one_line(run_cli("check", db=db), f"{db} is damaged", f"the newest good backup is {good}: "
                                                           f"flashdeck restore {good.name}")
    one_line(run_cli("decks", db=db), f"{db} is damaged")


def test_text_that_is_not_utf8_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=0)
    with sqlite3.connect(db) as conn:
        conn.execute("""UPDATE notes SET fields = CAST(x'7b2266726f6e74223a2022ff227d' AS TEXT) WHERE id = 3""")
    conn.close()
    done = run_cli("check", db=db)
    assert done.returncode == 1 and done.stdout.splitlines() == ["notes 3: fields is not valid UTF-8 text"]
    one_line(run_cli("export", "--deck", "Deck", "-o", "-", db=db), f"{db} is damaged (text that is not UTF-8")


def test_a_lock_held_too_long_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=0)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE');"
        "print('held', flush=True); sys.stdin.read()"), str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert run_cli("decks", db=db).returncode == 0  # readers never wait
        one_line(run_cli("review", db=db, stdin="\n3\n"), f"{db} is locked by another program", "try again")
    finally:
        holder.communicate("")
    assert counts(db)[2] == 0


def test_export_never_writes_over_the_collection_or_its_backups(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=5, answers=1)
    backup = Path(run_cli("backup", db=db).stdout.strip())
    (tmp_path / "link.db").symlink_to(db)
    os.link(db, tmp_path / "hard.db")
    before = {p: p.read_bytes() for p in (db, backup)}
    attempts = [(target, "deck") for target in (tmp_path / "link.db", tmp_path / "hard.db", Path(f"{db}-wal"),
                                                 backup, backup.with_name("new.md"))]
    for target, fmt in [(db, "deck"), (db, "csv"), (db, "apkg"), *attempts]:
        one_line(run_cli("export", "--deck", "Deck", "--format", fmt, "-o", str(target), db=db),
                 f"flashdeck: {target} is ")
    assert {p: p.read_bytes() for p in (db, backup)} == before
    assert run_cli("check", db=db).stdout.strip() == "ok"


def test_an_unexpected_bug_is_one_line_with_the_log_of_its_traceback(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=2, answers=0)
    with sqlite3.connect(db) as conn:  # settings no version of FlashDeck wrote: the code does not expect them
        conn.execute("INSERT INTO config VALUES ('scheduler', '5')")
    conn.close()
    state = tmp_path / "state"
    line = one_line(run_cli("decks", db=db, env={"XDG_STATE_HOME": str(state)}),
                    "unexpected error (AttributeError", "this is a bug in FlashDeck: the details are in ")
    log = Path(line.rsplit("the details are in ", 1)[1])
    assert log == state / "flashdeck" / "log" / "errors.log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "AttributeError" in text and "'decks'" in text


def test_a_domain_error_is_its_own_line_and_a_stray_value_error_is_a_bug(tmp_path: Path) -> None:
    """Only the FlashDeckError family is a user error: a bare ValueError is a bug, whatever it says."""
    db = tmp_path / "collection.db"
    make_collection(db, notes=2, answers=0)
    renamed = run_cli("decks", "--rename", "Nowhere", "Elsewhere", db=db)
    assert one_line(renamed).startswith("flashdeck: no deck named 'Nowhere'")
    with sqlite3.connect(db) as conn:  # a day start no FlashDeck wrote: int() raises a bare ValueError
        conn.execute("INSERT INTO config VALUES ('day_start_hour', '\"dawn\"')")
    conn.close()
    state = tmp_path / "state"
    line = one_line(run_cli("decks", db=db, env={"XDG_STATE_HOME": str(state)}),
                    "unexpected error (ValueError: invalid literal", "this is a bug in FlashDeck: the details are in ")
    assert Path(line.rsplit("the details are in ", 1)[1]) == state / "flashdeck" / "log" / "errors.log"


def test_odd_database_names_name_exactly_that_file(tmp_path: Path) -> None:
    env = {"FLASHDECK_DB": ""}
    done = subprocess.run([sys.executable, "-m", "flashdeck", "--db", ":memory:", "decks"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, **env}, check=False)
    assert (done.returncode, done.stderr) == (0, "") and list(tmp_path.iterdir()) == []
    for url in ("sqlite://", "sqlite:///:memory:"):
        done = run_cli("--db", url, "import", str(DECKS[0]))
        assert done.returncode == 0 and "26 added" in done.stdout, done.stderr
    for name in ("q?x.db", "100%41.db", "a#b.db"):
        assert run_cli("import", str(DECKS[0]), db=tmp_path / name).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == ["100%41.db", "a#b.db", "q?x.db"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["100%41.db", "a#b.db", "q?x.db"]
    foreign = tmp_path / "places.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.close()
    before = foreign.read_bytes()
    one_line(run_cli("decks", db=foreign), f"{foreign} is not a FlashDeck collection")
    assert foreign.read_bytes() == before


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    make_collection(db, notes=3000, answers=0)
    script = f'set -o pipefail; "{sys.executable}" -m flashdeck --db "{db}" export --deck Deck -o - | head -n 1'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    stats = subprocess.run(["bash", "-c", f'set -o pipefail; "{sys.executable}" -m flashdeck --db "{db}" stats '
                                          "| head -n 1"], capture_output=True, text=True, check=False)
    assert (stats.returncode, stats.stderr) == (0, "")
