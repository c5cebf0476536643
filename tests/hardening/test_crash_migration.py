"""A process killed with SIGKILL while it upgrades an old collection loses nothing.

The upgrade runs every migration in one SQLite transaction: killed inside it,
the collection is still the old version with its old rows, and the next start
upgrades it cleanly; killed after it, the collection is at ``HEAD`` with every
row kept. The child is the real `flashdeck check` on the 0001 fixture (see
tests/data/migrations). Kill points are observed, not announced: the child
holding SQLite's write lock (the migration transaction) for a growing share of
the time an undisturbed upgrade holds it, and the lock released after it.
"""

from __future__ import annotations

import functools
import json
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fixture_manifests import FIXTURES, assert_everything_kept, load_manifest
from hardening_kit import Child, write_lock_holder
from helpers import run_cli

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.storage import migrations

OLD = "0001_baseline"


class _LockWatch:
    """How long the child has held the write lock without a break, and the longest such hold."""

    def __init__(self, child: Child, db: Path) -> None:
        self.child, self.db = child, db
        self.since: float | None = None
        self.longest = 0.0

    def held_for(self) -> float:
        now = time.monotonic()
        if write_lock_holder(self.db) == self.child.pid:
            self.since = self.since if self.since is not None else now
            self.longest = max(self.longest, now - self.since)
            return now - self.since
        self.since = None
        return 0.0


def _held_for_at_least(seconds: float, watch: _LockWatch) -> bool:
    return watch.held_for() >= seconds


def _released_after_holding(seconds: float, watch: _LockWatch) -> bool:
    return watch.held_for() == 0.0 and watch.longest >= seconds


def _raw_state(db: Path, manifest: dict[str, Any]) -> tuple[str, dict[str, list[list[Any]]]]:
    """The schema revision and the manifest's tables as they are on disk, read without migrating."""
    with sqlite3.connect(db) as raw:
        version = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {table: [list(r) for r in raw.execute(
            f"SELECT {', '.join(content['columns'])} FROM {table} ORDER BY {content['columns'][0]}")]
            for table, content in manifest["tables"].items()}
    raw.close()
    return version, tables


def test_sigkill_during_the_upgrade_keeps_the_old_version_or_the_new_one_whole(tmp_path: Path) -> None:
    manifest = load_manifest(OLD)
    old_tables = {table: content["rows"] for table, content in manifest["tables"].items()}

    # An upgrade left alone, to learn how long it holds the write lock on this machine.
    calm = tmp_path / "calm.sqlite"
    shutil.copyfile(FIXTURES / f"{OLD}.sqlite", calm)
    with Child(["--db", str(calm), "check"]) as child:
        watch = _LockWatch(child, calm)
        assert not child.kill_when(lambda: _held_for_at_least(3600, watch))
        assert child.proc.returncode == 0, child.err
    hold = watch.longest
    assert hold > 0.005, "the upgrade should hold the write lock for a while"

    points: list[tuple[str, Callable[[_LockWatch], bool]]] = [
        ("as it starts", lambda w: True),
        *[(f"{share:.0%} into the upgrade's transaction", functools.partial(_held_for_at_least, share * hold))
          for share in (0.01, 0.2, 0.4, 0.6, 0.8)],
        ("once the upgrade has committed", functools.partial(_released_after_holding, 0.9 * hold)),
    ]
    outcomes: dict[str, str] = {}
    torn = 0
    for index, (label, point) in enumerate(points):
        db = tmp_path / f"kill{index}.sqlite"
        shutil.copyfile(FIXTURES / f"{OLD}.sqlite", db)
        with Child(["--db", str(db), "check"]) as child:
            watch = _LockWatch(child, db)
            killed = child.kill_when(functools.partial(point, watch), db=db)
            assert killed or child.proc.returncode == 0, child.err
        version, tables = _raw_state(db, manifest)
        assert version in (OLD, migrations.HEAD), label
        if version == OLD:
            assert tables == old_tables, f"the old version changed when killed {label}"
            outcomes[label] = "old"
            torn += killed and child.held_write_lock_when_killed
        else:
            outcomes[label] = "upgraded"
        # The next start upgrades (or has upgraded) with every row kept, and the collection is usable.
        with Collection.open(db, clock=ManualClock(datetime(2026, 10, 16, 9, 30, tzinfo=UTC), UTC)) as col:
            assert_everything_kept(col, manifest)
        check = run_cli("check", "--json", db=db) if index == 2 else None
        if check is not None:
            assert (check.returncode, json.loads(check.stdout)) == (0, {"ok": True, "problems": []}), check.stderr

    assert set(outcomes.values()) == {"old", "upgraded"}, outcomes
    assert torn >= 3, outcomes  # kills landed inside the migration transaction, not only around it
