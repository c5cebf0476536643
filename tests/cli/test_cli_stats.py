"""`flashdeck stats --json`, `optimize` and `plan`: their JSON and their errors."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers import basic_notes, run_cli
from stats_history import SimulatedUser

from flashdeck.cli import main
from flashdeck.collection import Collection
from flashdeck.collection.optimize import MIN_REVIEWS
from flashdeck.core.clock import ManualClock


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    err = io.StringIO()
    code = main(list(args), stderr=err)
    return code, capsys.readouterr().out, err.getvalue()


@pytest.fixture
def studied(db_path: Path) -> Path:
    """Three weeks of seeded reviews ending now (the CLI runs on the real clock), closed for the CLI."""
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0) - timedelta(days=22), UTC)
    with Collection.open(db_path, clock=clock, fuzz=False) as col:
        col.add_notes(basic_notes(40), deck="Prep")
        SimulatedUser(col, clock, seed=4).study_days(21)
    return db_path


def test_stats_json_keeps_the_summary_and_adds_the_figures(capsys: pytest.CaptureFixture[str],
                                                           studied: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(studied), "stats", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("notes", "cards", "decks", "reviews", "reviews_today", "ratings_today", "time_today_ms", "due",
                "states", "study_day", "heatmap", "forecast", "retention", "rehearsal", "time"):
        assert key in data
    with Collection.open(studied) as col:
        assert data["heatmap"]["total_reviews"] == col.stats().reviews == data["reviews"] > 100
    assert set(data["retention"]) == {"7d", "30d", "365d"}
    assert len(data["forecast"]["days"]) == 90
    assert data["states"]["new"] + data["states"]["review"] + data["states"]["learning"] == 40
    assert data["rehearsal"]["attempts"] == 0
    code, out, _ = cli(capsys, "--db", str(studied), "stats")
    assert code == 0 and "true retention: 7d" in out


def test_stats_for_an_unknown_deck_fails(capsys: pytest.CaptureFixture[str], studied: Path) -> None:
    code, _, err = cli(capsys, "--db", str(studied), "stats", "--deck", "Nope", "--json")
    assert code == 1 and "no deck named 'Nope'" in err


def test_optimize_with_too_little_history(capsys: pytest.CaptureFixture[str], studied: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(studied), "optimize", "--json", "--tradeoff")
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "not_enough_reviews" and not data["kept"]
    assert 0 < data["needed"] < MIN_REVIEWS and data["needed"] + data["reviews"] == MIN_REVIEWS
    assert [row["retention"] for row in data["tradeoff"]] == [0.8, 0.85, 0.9, 0.95]


def test_plan_sets_the_date_and_prints_each_day(capsys: pytest.CaptureFixture[str], studied: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(studied), "plan", "--json")
    assert code == 0 and json.loads(out)["interview_date"] is None
    interview = date.today() + timedelta(days=14)
    code, out, _ = cli(capsys, "--db", str(studied), "plan", "--interview-date", interview.isoformat(), "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["interview_date"] == interview.isoformat()
    assert plan["final_window"]["to"] == (interview - timedelta(days=1)).isoformat()
    assert len(plan["days"]) in (14, 15) and plan["days"][-1]["final_window"]  # 15 before the day rolls over
    assert sum(d["reviews"] for d in plan["days"]) > 0
    code, out, _ = cli(capsys, "--db", str(studied), "plan")
    assert code == 0 and f"interview on {interview.isoformat()}" in out and "(final review)" in out
    assert "every card comes back" in out.splitlines()[-1]
    code, _, err = cli(capsys, "--db", str(studied), "plan", "--interview-date", "20 May")
    assert code == 1 and "not a date: '20 May'" in err
    code, out, _ = cli(capsys, "--db", str(studied), "plan", "--clear", "--json")
    assert code == 0 and json.loads(out)["days"] == []


def test_optimize_in_a_real_process(studied: Path) -> None:
    result = run_cli("optimize", db=studied)
    assert result.returncode == 0 and "more reviews needed" in result.stdout


def test_stats_text_prints_the_screens_sections_in_its_order(studied: Path) -> None:
    from flashdeck.core.stats_text import SECTIONS, heatmap_caption, tiles

    result = run_cli("stats", db=studied)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line for line in lines if line in SECTIONS] == list(SECTIONS)
    with Collection.open(studied) as col:
        full = col.stats_full()
    assert any(line.endswith(heatmap_caption(full.heatmap)) for line in lines)
    for value, caption in tiles(full):
        assert f"  {value} {caption}" in lines
    assert "  No spoken rehearsal in the last 30 days yet." in lines
    assert not any(" 1 days" in line or " 1 reviews" in line or " 1 attempts" in line for line in lines)
