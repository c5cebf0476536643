"""Shared fixtures: a manual clock, a fresh collection on tmp_path, and PostgreSQL.

``col`` is a SQLite collection. ``any_db`` / ``any_col`` run a test once on
SQLite and once on a PostgreSQL database of its own, on a server the session
starts (``postgres``) the first time a test asks for one. ``xvfb_display`` is a private X
server for the real app in a real window. ``virtual_mic`` (tests/vmic.py)
is a private PulseAudio with a virtual microphone for Qt Multimedia.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's per-machine preferences (window geometry, last import folder: QSettings) go to a folder of
# this run, never the user's ~/.config; child processes (the real app in e2e tests) inherit it.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="flashdeck-test-config-")

from helpers import START
from pgserver import PgServer

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock

# A private PulseAudio for Qt Multimedia, set up before any test can touch it (fixture: virtual_mic).
pytest_plugins = ["vmic"]

_SEED_DOCS_UNSET = "FLASHDECK_SEED_DOCS is not set"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the private seed documents are not collected unless FLASHDECK_SEED_DOCS names their folder.

    A clone with nothing beside it must pass on its own, and a test that cannot run here is not
    collected rather than skipped: the summary says how many there were.
    """
    if os.environ.get("FLASHDECK_SEED_DOCS"):
        return
    seeded = [item for item in items if item.get_closest_marker("seed_docs")]
    if seeded:
        config.hook.pytest_deselected(items=seeded)
        items[:] = [item for item in items if not item.get_closest_marker("seed_docs")]
        config.stash[_seed_count] = len(seeded)
        if hasattr(config, "workeroutput"):  # a pytest-xdist worker: the controller prints the summary
            config.workeroutput["seed_docs_not_collected"] = len(seeded)


_seed_count = pytest.StashKey[int]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """pytest-xdist's controller: every worker collects the same tests, so any one's count is the count."""
    output = getattr(node, "workeroutput", {})
    if count := output.get("seed_docs_not_collected", 0):
        config: pytest.Config = node.config  # type: ignore[attr-defined]
        config.stash[_seed_count] = count


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if count := config.stash.get(_seed_count, 0):
        terminalreporter.write_line(
            f"{count} tests of the private seed documents were not collected ({_SEED_DOCS_UNSET}; "
            "CI sets it to the seeds folder beside the repository)", yellow=True)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START, UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "collection.db"


@pytest.fixture
def col(db_path: Path, clock: ManualClock) -> Iterator[Collection]:
    collection = Collection.open(db_path, clock=clock, fuzz=False)
    yield collection
    collection.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    """A PostgreSQL server on 127.0.0.1 for the whole session, stopped and deleted at the end."""
    server = PgServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres: PgServer) -> Iterator[str]:
    """A fresh PostgreSQL database with the current schema, dropped after the test."""
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The test's database as ``--db`` takes it: a SQLite file, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def any_col(any_db: str, clock: ManualClock) -> Iterator[Collection]:
    collection = Collection.open(any_db, clock=clock, fuzz=False)
    yield collection
    collection.close()


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private X server for tests that run the real app in a real window (e2e, packaging).

    Xvfb picks a free display; -displayfd tells us which, once it is ready.
    """
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert proc.stdout is not None
    number = proc.stdout.readline().strip()
    assert number.isdigit(), "Xvfb did not report a display"
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
