"""The user's real documents through the Collection: detection, counts, identity, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import DATA, SEEDS, run_cli

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating

PLAYBOOK = SEEDS / "002_02a86573ada4a25d.txt"
GUIDE = SEEDS / "003_2c0bcdf519b42f55.txt"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (PLAYBOOK, "playbook"),
        (GUIDE, "competency"),
        (DATA / "playbooks" / "northwind_data_engineer.txt", "playbook"),
        (DATA / "competency" / "customer_obsession_stripe.txt", "competency"),
        (DATA / "star" / "en_dash_labels.txt", "star"),
        (DATA / "outline" / "stray_and_deep.md", "outline"),
        (DATA / "outline" / "prep_notes.md", "pitch"),  # "Why do you want to work here?" over its points
        (DATA / "questions" / "notion_export.md", "questions"),
        (DATA / "playbooks" / "kestrel_reworded.txt", "playbook"),
        (DATA / "star" / "mixed_prep.md", "star"),
        (DATA / "pitch" / "tell_me_about_yourself.txt", "pitch"),
        (DATA / "csv" / "question_answer.tsv", "csv"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
@pytest.mark.seed_docs
def test_import_twice_changes_nothing_the_second_time(col: Collection, path: Path, fmt: str) -> None:
    first = col.import_file(path)
    assert first.format == fmt
    assert first.added > 0 and first.updated == 0
    assert col.check() == []
    second = col.import_file(path)
    assert (second.added, second.updated, second.unchanged) == (0, 0, first.added)


@pytest.mark.seed_docs
def test_playbook_report_counts_blanks_per_story(col: Collection) -> None:
    report = col.import_file(PLAYBOOK)
    stories = {n["title"] for n in col.import_file(PLAYBOOK, dry_run=True).notes if n["kind"] == "story"}
    assert len(stories) == 6
    assert stories <= set(report.blanks)  # every generated story still has blanks to fill in
    assert all(report.blanks[title] > 0 for title in stories)


@pytest.mark.seed_docs
def test_edited_playbook_updates_in_place_and_keeps_history(
    col: Collection, clock: ManualClock, tmp_path: Path
) -> None:
    text = PLAYBOOK.read_text(encoding="utf-8")
    col.import_file(PLAYBOOK)
    answered = []
    while (card := col.next_card()) is not None and len(answered) < 15:
        col.answer(card.id, Rating.GOOD)
        answered.append(card.id)
    before = col.store.fetchall("SELECT id, phase, stability, reps FROM cards ORDER BY id")
    reviews = col.store.scalar("SELECT count(*) FROM revlog")
    # The user fills in a blank in one story and re-imports.
    edited = tmp_path / PLAYBOOK.name
    blank_start = text.index("[", text.index("SITUATION"))
    blank_end = text.index("]", blank_start)
    edited.write_text(text[:blank_start] + "2021" + text[blank_end + 1 :], encoding="utf-8")
    report = col.import_file(edited)
    assert (report.added, report.updated) == (0, 1)
    assert report.missing == []
    assert col.store.fetchall("SELECT id, phase, stability, reps FROM cards ORDER BY id") == before
    assert col.store.scalar("SELECT count(*) FROM revlog") == reviews


@pytest.mark.seed_docs
def test_cli_dry_run_json_of_the_guide(tmp_path: Path) -> None:
    done = run_cli("import", str(GUIDE), "--dry-run", "--json", db=tmp_path / "c.db")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["format"] == "competency"
    kinds = [n["kind"] for n in report["notes"]]
    assert kinds.count("probe") == 4 and kinds.count("beats") == 1 and kinds.count("question") == 8
    beats = next(n for n in report["notes"] if n["kind"] == "beats")
    assert len([ln for ln in beats["fields"]["beats"].splitlines() if ln.strip()]) == 4
    assert not (tmp_path / "c.db").exists() or json.loads(
        run_cli("stats", "--json", db=tmp_path / "c.db").stdout)["notes"] == 0


def test_forced_format_overrides_detection(col: Collection) -> None:
    report = col.import_file(DATA / "star" / "headings.md", fmt="outline", dry_run=True)
    assert report.format == "outline"
    assert {n["kind"] for n in report.notes} == {"basic"}


def test_bundled_decks_load_into_a_fresh_collection(db_path: Path, clock: ManualClock) -> None:
    from flashdeck.collection.bundled import seed_if_empty

    with Collection.open(db_path, clock=clock) as fresh:
        assert seed_if_empty(fresh) >= 60
        assert len(fresh.deck_names()) >= 3
        assert fresh.due_counts().new > 0
