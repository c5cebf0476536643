"""The JSON of `flashdeck stats --json`, `plan --json` and `optimize --json --tradeoff`, pinned byte for byte.

Stats, plans and optimizer results became dataclasses with ``to_dict()`` (issue #16); scripts read the
JSON, so it must not move by a byte. The files in tests/data/cli_json/ were written by main at 577af66,
before that change, from the collection ``_build`` makes here (fixed clock, seeded reviews, two decks,
a suspended card, rehearsal attempts, non-Latin text), each through what that commit's command printed
(``json.dumps(…, indent=2, ensure_ascii=False)`` plus the newline of ``print``). The commands print
``json_text`` of the payloads built below (``flashdeck.cli.stats``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import basic_notes
from stats_history import SimulatedUser

from flashdeck.cli.common import json_text
from flashdeck.cli.stats import optimize_payload, stats_payload
from flashdeck.collection import Collection, rehearsing
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft

PINNED = Path(__file__).resolve().parents[1] / "data" / "cli_json"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _build(db: Path) -> Collection:
    clock = ManualClock(START, UTC)
    col = Collection.open(db, clock=clock, fuzz=False)
    col.add_notes(basic_notes(300), deck="Prep")
    col.add_notes([NoteDraft("question", {"prompt": f"Tell me about time {i} — é ü 中", "great": f"Answer {i}"})
                   for i in range(6)], deck="Prep::Stories")
    SimulatedUser(col, clock, seed=7).study_days(12)
    for i, card_id in enumerate(col.search("is:spoken")[:3]):
        rehearsing.record_attempt(col, card_id, duration_ms=40_000 + 9_000 * i)
    col.suspend(col.search("deck:Prep")[:2])
    return col


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    col = _build(tmp_path_factory.mktemp("pinned") / "collection.db")
    yield col
    col.close()


def _printed(data: object) -> str:
    return json_text(data) + "\n"  # what print() writes


def _pinned(name: str) -> str:
    return (PINNED / name).read_text(encoding="utf-8")


def test_stats_json_is_unchanged(studied: Collection) -> None:
    assert _printed(stats_payload(studied.stats(), studied.stats_full())) == _pinned("stats.json")
    deck = stats_payload(studied.stats(), studied.stats_full("Prep::Stories", year=2026))
    assert _printed(deck) == _pinned("stats-deck.json")


def test_plan_json_is_unchanged(tmp_path: Path) -> None:
    # A collection of its own: setting the date moves reviews into the final window.
    with _build(tmp_path / "collection.db") as col:
        assert _printed(col.study_plan().to_dict()) == _pinned("plan-none.json")
        col.set_interview_date((START + timedelta(days=30)).date())
        assert _printed(col.study_plan().to_dict()) == _pinned("plan.json")


def test_optimize_json_is_unchanged(studied: Collection) -> None:
    payload = optimize_payload(studied.optimize(apply=False), studied.retention_tradeoff())
    assert _printed(payload) == _pinned("optimize.json")
