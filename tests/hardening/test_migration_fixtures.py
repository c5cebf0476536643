"""Collections written by every released schema revision open with today's code, whole.

Each fixture in ``tests/data/migrations/`` was made by the FlashDeck code of the
commit that introduced its revision (see the README there), with a manifest of
every row the old code wrote. Today's code must upgrade it to ``HEAD`` and keep
every note, card, review, attempt and setting exactly; the only change allowed
is the one migration 0006 makes on purpose (a first card for a note the old
rules stored without any). PostgreSQL fixtures are ``pg_dump`` files of the same
collections, restored into a fresh database.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fixture_manifests import FIXTURES, assert_everything_kept, load_manifest
from helpers import run_cli
from pgserver import PgServer

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating
from flashdeck.storage import migrations
from flashdeck.storage.database import _PG_WRITER_LOCK

REVISIONS = sorted(p.stem for p in FIXTURES.glob("*.sqlite"))
# When the fixtures' last review was made (make_fixture.py: START, 9 days of study, then 30 more).
FIXTURE_END = datetime(2026, 10, 16, 9, 30, tzinfo=UTC)


def _assert_usable(col: Collection, clock: ManualClock, manifest: dict[str, Any]) -> None:
    """The settings read back as set, and the old cards can be studied on."""
    assert col.get_config("theme") == "dark"
    assert col.scheduler.settings.desired_retention == 0.88
    assert col.deck_limits("Prep") == (20, 150)
    clock.set(FIXTURE_END + timedelta(days=3))
    before = col.store.scalar("SELECT count(*) FROM revlog")
    answered = 0
    while (card := col.next_card()) is not None and answered < 50:
        col.answer(card.id, Rating.GOOD if answered % 4 else Rating.AGAIN)
        answered += 1
    assert answered >= 5
    assert col.store.scalar("SELECT count(*) FROM revlog") == before + answered
    assert len(manifest["tables"]["revlog"]["rows"]) == before
    assert col.check() == []


def test_every_released_revision_has_a_fixture() -> None:
    known = {p.stem for p in (Path(migrations.__file__).parent / "versions").glob("0*.py")}
    # HEAD is what today's code writes; once its commit exists, build.py makes its fixture too.
    assert set(REVISIONS) >= known - {migrations.HEAD}
    assert "0001_baseline" in REVISIONS


@pytest.mark.parametrize("revision", REVISIONS)
def test_sqlite_fixture_upgrades_with_everything_kept(revision: str, tmp_path: Path) -> None:
    manifest = load_manifest(revision)
    db = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / f"{revision}.sqlite", db)
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (manifest["revision"],)
    raw.close()
    clock = ManualClock(FIXTURE_END, UTC)
    with Collection.open(db, clock=clock, fuzz=False) as col:
        assert_everything_kept(col, manifest)
    check = run_cli("check", "--json", db=db)
    assert (check.returncode, json.loads(check.stdout)) == (0, {"ok": True, "problems": []}), check.stderr
    with Collection.open(db, clock=clock, fuzz=False) as col:
        _assert_usable(col, clock, manifest)


def test_the_old_rules_left_notes_without_cards_and_the_upgrade_gives_them_one(tmp_path: Path) -> None:
    manifest = load_manifest("0001_baseline")
    # The old code's own check already called this a problem: the fixture is what users have.
    assert manifest["check_then"] == ["2 note(s) without any card"]
    assert len(manifest["notes_without_cards"]) == 2
    db = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "0001_baseline.sqlite", db)
    with Collection.open(db, clock=ManualClock(FIXTURE_END, UTC), fuzz=False) as col:
        for note_id in manifest["notes_without_cards"]:
            assert col.store.fetchall("SELECT ord, phase, reps FROM cards WHERE note_id=?", (note_id,)) == [(0, 0, 0)]
        col.select_deck("Prep")
        col.set_deck_limits("Prep", new_per_day=100, reviews_per_day=0)
        shown = set()
        while (card := col.next_card()) is not None:
            shown.add(card.note_id)
            col.answer(card.id, Rating.EASY)
        assert set(manifest["notes_without_cards"]) <= shown  # they come up for study now


def _restore_pg_dump(postgres: PgServer, revision: str) -> str:
    url = postgres.create_database(migrated=False)
    done = subprocess.run(
        [str(postgres.bin / "psql"), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1",
         "--dbname", postgres.dsn(url.rsplit("/", 1)[1]), "--file", str(FIXTURES / f"{revision}.pg.sql")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    return url


@pytest.mark.parametrize("revision", REVISIONS)
def test_postgresql_dump_upgrades_with_everything_kept(revision: str, postgres: PgServer) -> None:
    manifest = load_manifest(revision)
    url = _restore_pg_dump(postgres, revision)
    try:
        clock = ManualClock(FIXTURE_END, UTC)
        with Collection.open(url, clock=clock, fuzz=False) as col:
            assert_everything_kept(col, manifest)
            if revision == "0001_baseline":
                # 0003 widened the times to 64 bits: a due date past 2038 now fits.
                year_2100 = 4102444800
                with col.store.transaction() as tx:
                    tx.execute("UPDATE cards SET due=? WHERE id=1", (year_2100,))
                assert col.store.scalar("SELECT due FROM cards WHERE id=1") == year_2100
                cards = manifest["tables"]["cards"]
                with col.store.transaction() as tx:
                    tx.execute("UPDATE cards SET due=? WHERE id=1", (cards["rows"][0][cards["columns"].index("due")],))
            _assert_usable(col, clock, manifest)
    finally:
        postgres.drop_database(url)


def test_two_starts_upgrading_one_postgresql_collection_at_once_both_succeed(postgres: PgServer) -> None:
    """The second waits for the first's migration, then finds the schema at HEAD: no error, nothing twice."""
    import psycopg

    manifest = load_manifest("0001_baseline")
    url = _restore_pg_dump(postgres, "0001_baseline")
    holder = psycopg.connect(postgres.dsn(url.rsplit("/", 1)[1]), autocommit=True)
    try:
        # Hold FlashDeck's writer lock so both starts reach their migration and queue behind it together.
        holder.execute(f"SELECT pg_advisory_lock({_PG_WRITER_LOCK})")
        children = [subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", url, "check"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        try:
            deadline = time.monotonic() + 60
            # Another process's progress: polled (pg_locks shows who waits for the lock).
            while holder.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                                 "AND objid = %s", (_PG_WRITER_LOCK,)).fetchone() != (2,):
                assert all(c.poll() is None for c in children), [c.communicate() for c in children]
                assert time.monotonic() < deadline, "the two starts never waited for the lock"
                time.sleep(0.02)
            holder.execute(f"SELECT pg_advisory_unlock({_PG_WRITER_LOCK})")
            results = [c.communicate(timeout=60) for c in children]
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.communicate()
        for child, (out, err) in zip(children, results, strict=True):
            assert child.returncode == 0, err
            assert out.strip() == "ok"
        with Collection.open(url, clock=ManualClock(FIXTURE_END, UTC), fuzz=False) as col:
            assert_everything_kept(col, manifest)  # 0006's cards added once, not twice
    finally:
        holder.close()
        postgres.drop_database(url)
