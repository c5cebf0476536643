"""`flashdeck backup` and `flashdeck restore` killed with SIGKILL: never a half backup, never a half collection.

A backup is copied under a temporary ``.partial`` name and renamed when whole.
The tests kill the real command at points they watch from outside (the half
copy appearing and growing, the finished file getting its name; for a restore,
the collection's rollback journal filling) and then check: ``backup --list``
shows only whole backups, ``restore`` refuses a half copy, ``check`` passes, and
the collection holds either its old content or the backup's, never a mix.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from hardening_kit import Child, file_size
from helpers import START, run_cli

from flashdeck.collection import Collection
from flashdeck.collection.backup import ABANDONED_PARTIAL_S, BackupError, list_backups
from flashdeck.collection.restoring import restore
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating

NOTES = 8_000


def _notes(count: int, prefix: str) -> list[NoteDraft]:
    # Answers of a few hundred characters: a database of a few MB, so a copy takes a while to watch.
    return [NoteDraft("basic", {"front": f"{prefix} question {i}", "back": f"{prefix} answer {i} " + "words " * 60})
            for i in range(count)]


def _collection(path: Path, notes: int, prefix: str = "Q") -> None:
    with Collection.open(path, clock=ManualClock(START, UTC), fuzz=False) as col:
        col.add_notes(_notes(notes, prefix), deck="Deck")
        for _ in range(30):
            card = col.next_card()
            assert card is not None
            col.answer(card.id, Rating.GOOD)


def _content(db: Path) -> tuple[int, int, int]:
    """Notes, cards and reviews, as a fresh reader sees them."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as raw:
        row = raw.execute("SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM cards), "
                          "(SELECT count(*) FROM revlog)").fetchone()
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    return row


def _partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.partial")) if folder.is_dir() else []


def _named_backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.db")) if folder.is_dir() else []


def _largest_partial(folder: Path) -> int:
    return max((file_size(p) or 0 for p in _partials(folder)), default=-1)


def _check_ok(db: Path) -> None:
    """Open the collection again, as the next start of the app does, and check it."""
    with Collection.open(db) as col:
        assert col.check() == []


def _cli_check_ok(db: Path) -> None:
    check = run_cli("check", "--json", db=db)
    assert (check.returncode, json.loads(check.stdout)) == (0, {"ok": True, "problems": []}), check.stderr


def _backup_points(size: int) -> list[tuple[str, Callable[[Path], bool]]]:
    return [
        ("as it starts", lambda folder: True),
        ("once the half copy exists", lambda folder: _largest_partial(folder) >= 0),
        *[(f"with the copy at {share:.0%}", lambda folder, share=share: _largest_partial(folder) >= share * size)
          for share in (0.25, 0.5, 0.75, 1.0)],
        ("once the backup has its name", lambda folder: bool(_named_backups(folder))),
    ]


def test_sigkill_during_backup_never_leaves_a_half_backup(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    _collection(base, NOTES)
    before = _content(base)
    outcomes: dict[str, str] = {}
    last_partial: Path | None = None
    for index, (label, point) in enumerate(_backup_points(base.stat().st_size)):
        work = tmp_path / f"run{index}"
        work.mkdir()
        db = work / "collection.db"
        shutil.copyfile(base, db)
        folder = work / "backups"
        with Child(["--db", str(db), "backup"]) as child:
            killed = child.kill_when(functools.partial(point, folder))
            assert killed or child.proc.returncode == 0, child.err
        listed = list_backups(db)
        assert listed == _named_backups(folder)[::-1], "every whole backup is listed, nothing else"
        for backup in listed:
            assert _content(backup) == before, f"a listed backup is not whole ({label})"
        assert _content(db) == before
        _check_ok(db)
        partials = _partials(folder)
        outcomes[label] = "backup" if listed else ("half copy left" if partials else "nothing")
        for partial in partials:  # a half copy is refused, and the collection is left as it was
            with pytest.raises(BackupError, match="unfinished copy"):
                restore(db, partial)
            assert _content(db) == before
            last_partial = partial
    assert last_partial is not None

    # The same through the command line, on the last run: the listing, the refusal, the next backup.
    db = last_partial.parent.parent / "collection.db"
    listing = run_cli("backup", "--list", db=db)
    assert listing.returncode == 0 and ".partial" not in listing.stdout
    refused = run_cli("restore", str(last_partial), db=db)
    assert refused.returncode == 1
    assert refused.stderr == f"flashdeck: {last_partial}: an unfinished copy (its writing was interrupted); " \
                             "not a backup\n"
    made = run_cli("backup", db=db)
    assert made.returncode == 0, made.stderr
    assert _content(Path(made.stdout.strip())) == before
    assert run_cli("backup", "--list", db=db).stdout.splitlines()[0] == made.stdout.strip()
    _cli_check_ok(db)

    assert "half copy left" in outcomes.values(), outcomes  # kills landed mid-copy ...
    assert "backup" in outcomes.values(), outcomes  # ... and after the rename
    # A later backup deletes half copies once they are clearly abandoned (an hour untouched).
    hour_ago = time.time() - ABANDONED_PARTIAL_S - 60
    for leftover in last_partial.parent.iterdir():
        if ".partial" in leftover.name:
            os.utime(leftover, (hour_ago, hour_ago))
    assert run_cli("backup", db=db).returncode == 0
    assert [p.name for p in last_partial.parent.iterdir() if ".partial" in p.name] == []


def test_restore_refuses_a_truncated_backup(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    _collection(db, 500)
    made = run_cli("backup", db=db)
    assert made.returncode == 0, made.stderr
    whole = Path(made.stdout.strip())
    # Under a backup's own name, as a copy by some other tool that stopped half-way would be.
    torn = whole.with_name(whole.name.replace(".db", "-1.db"))
    torn.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    refused = run_cli("restore", str(torn), db=db)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"flashdeck: {torn}: the file is damaged")
    assert _content(db) == (500, 500, 30)
    _cli_check_ok(db)


def _restore_points(db: Path, size: int) -> list[tuple[str, Callable[[], bool]]]:
    """Where a restore can be killed: while it rebuilds the backup's rows in a new file beside the
    backups, once the current collection is named in backups/, and just after the swap."""
    folder = db.parent / "backups"
    inode = db.stat().st_ino

    def rebuilding(share: float) -> bool:
        return any("-restoring" in p.name and (file_size(p) or 0) >= max(1, share * size) for p in _partials(folder))

    return [
        ("as it starts", lambda: True),
        *[(f"with the rebuilt file at {share:.0%}", lambda share=share: rebuilding(share)) for share in (0.0, 0.5)],
        ("once the current collection is named in backups/", lambda: len(_named_backups(folder)) > 1),
        ("once the restored file is in place", lambda: db.exists() and db.stat().st_ino != inode),
    ]


def test_sigkill_during_restore_leaves_the_old_or_the_restored_collection(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    _collection(base, NOTES // 2)
    made = run_cli("backup", db=base)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    restored_content = _content(backup)
    with Collection.open(base, clock=ManualClock(START, UTC), fuzz=False) as col:
        col.add_notes(_notes(NOTES // 4, "later"), deck="Later")
    current = _content(base)
    assert current != restored_content
    outcomes: dict[str, str] = {}
    for index, (label, _point) in enumerate(_restore_points(base, 1)):
        work = tmp_path / f"run{index}"
        (work / "backups").mkdir(parents=True)
        db = work / "collection.db"
        shutil.copyfile(base, db)
        shutil.copyfile(backup, work / "backups" / backup.name)
        point = dict(_restore_points(db, backup.stat().st_size))[label]
        with Child(["--db", str(db), "restore", backup.name]) as child:
            killed = child.kill_when(point)
            assert killed or child.proc.returncode == 0, child.err
        assert db.exists(), f"no collection after a kill {label}"
        _check_ok(db)
        now = _content(db)
        assert now in (current, restored_content), f"a mix of both after a kill {label}"
        outcomes[label] = ("restored" if now == restored_content else "as before") if killed else "finished"
        for listed in list_backups(db):
            assert _content(listed) in (current, restored_content), f"{listed} is not whole ({label})"
        # Killed or not, the restore can be done (again): the leftovers of a killed one do not stop it.
        again = run_cli("restore", backup.name, db=db)
        assert again.returncode == 0, again.stderr
        assert _content(db) == restored_content
    assert "finished" not in outcomes.values(), outcomes  # every kill landed at its point
    assert set(outcomes.values()) == {"restored", "as before"}, outcomes
    assert outcomes["with the rebuilt file at 50%"] == "as before", outcomes
