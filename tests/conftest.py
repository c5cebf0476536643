"""Shared fixtures: a manual clock and a fresh collection on tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers import START

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock


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

