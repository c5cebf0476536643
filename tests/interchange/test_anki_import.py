"""Importing packages that Anki itself wrote: notes, fields, tags, history, FSRS states, media."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import run_cli
from interchange.anki_builders import PNG, AnkiSource

from flashdeck.collection import Collection
from flashdeck.core.scheduling import CardState, Phase, Rating, Scheduler, SchedulerSettings

PACKAGES = ["modern.apkg", "legacy.apkg", "modern.colpkg", "legacy.colpkg"]


def _notes(col: Collection) -> dict[str, tuple[str, dict[str, str], list[str], str]]:
    rows = col.store.fetchall("SELECT n.guid, n.kind, n.fields, n.tags, d.name FROM notes n "
                              "JOIN decks d ON d.id = n.deck_id")
    return {guid: (kind, json.loads(fields), tags.split(), deck) for guid, kind, fields, tags, deck in rows}


def _replay(ratings: list[tuple[int, int, int, int]]) -> CardState:
    """The same answers straight through our scheduler, without the importer's code."""
    scheduler = Scheduler(SchedulerSettings(enable_fuzzing=False))
    state = CardState()
    for time_ms, ease, _kind, _ms in ratings:
        state = scheduler.review(state, Rating(ease), datetime.fromtimestamp(time_ms / 1000, UTC))
    return state


@pytest.mark.parametrize("package", PACKAGES)
def test_anki_package_imports_notes_history_and_media(anki_source: AnkiSource, package: str,
                                                      col: Collection, db_path: Path) -> None:
    path = anki_source.packages[package]
    report = col.import_file(path)
    assert report.format == "apkg"
    assert report.added == len(anki_source.notes) == 5
    notes = _notes(col)
    assert set(notes) == {"anki:" + guid for guid in anki_source.notes}
    for guid, fields in anki_source.notes.items():
        kind, ours, tags, deck = notes["anki:" + guid]
        assert kind == "basic"
        assert tags == anki_source.tags[guid]
        assert deck == anki_source.deck
        if "Text" in fields:  # the cloze note: a blank on the front, the answer on the back
            assert ours["front"] == "FSRS stands for [expand it]"
            assert ours["back"] == ("FSRS stands for **Free Spaced Repetition Scheduler**\n\n"
                                    "**Back Extra:** Used since Anki 23.10")
        else:
            assert ours["front"] == fields["Front"]
            assert ours["back"] == fields["Back"].replace("<br>", "\n")
    # History: every answer of each note's first card, replayed through our scheduler.
    first_card_reviews = {guid: [r for r in rows if r[1] >= 1] for guid, rows in anki_source.reviews.items()}
    expected_reviews = sum(len(rows) for rows in first_card_reviews.values())
    assert expected_reviews == 9
    assert report.package is not None and report.package["reviews_imported"] == expected_reviews
    assert col.stats().reviews == expected_reviews
    for guid, rows in first_card_reviews.items():
        card = col.store.fetchall(
            "SELECT c.phase, c.stability, c.difficulty, c.due, c.reps, c.suspended FROM cards c "
            "JOIN notes n ON n.id = c.note_id WHERE n.guid = ?", ("anki:" + guid,))[0]
        if not rows:
            assert card[0] == Phase.NEW and card[4] == 0
            continue
        expected = _replay(rows)
        assert (Phase(card[0]), card[1], card[2], card[3], card[4]) == (
            expected.phase, expected.stability, expected.difficulty, expected.due, len(rows))
        assert 0 < card[1] < 100 and 1 <= card[2] <= 10  # plausible FSRS memory
        assert card[3] > rows[-1][0] // 1000  # due after the last answer
    # The reversed note's first card was suspended in Anki.
    suspended = col.store.fetchall("SELECT n.fields FROM cards c JOIN notes n ON n.id = c.note_id "
                                   "WHERE c.suspended")
    assert [json.loads(f)["front"] for (f,) in suspended] == ["Kaizen"]
    media = db_path.parent / "media" / db_path.stem
    assert (media / "diagram.png").read_bytes() == PNG
    assert (media / "hint.mp3").read_bytes().startswith(b"ID3")
    # Again: nothing new, no duplicate reviews.
    again = col.import_file(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    assert again.package is not None and again.package["reviews_imported"] == 0
    assert col.stats().reviews == expected_reviews


def test_modern_and_legacy_give_the_same_collection(anki_source: AnkiSource, tmp_path: Path) -> None:
    seen = []
    for package in PACKAGES:
        with Collection.open(tmp_path / package / "c.db", fuzz=False) as col:
            col.import_file(anki_source.packages[package])
            seen.append((_notes(col), col.store.fetchall(
                "SELECT n.guid, c.ord, c.phase, c.stability, c.difficulty, c.due FROM cards c "
                "JOIN notes n ON n.id = c.note_id ORDER BY n.guid, c.ord")))
    assert all(s == seen[0] for s in seen[1:])


def test_reviews_here_that_the_package_lacks_are_kept(anki_source: AnkiSource, col: Collection) -> None:
    col.import_file(anki_source.packages["modern.apkg"])
    card_id = col.store.scalar("SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.reps > 0")
    state = col.answer(card_id, Rating.GOOD).state
    report = col.import_file(anki_source.packages["legacy.apkg"])
    assert report.package is not None and report.package["reviews_imported"] == 0
    assert any("reviews here that the package lacks" in w for w in report.warnings)
    assert col.store.scalar("SELECT due FROM cards WHERE id=?", (card_id,)) == state.due


def test_cli_imports_a_package_with_a_dry_run_first(anki_source: AnkiSource, db_path: Path) -> None:
    path = str(anki_source.packages["modern.colpkg"])
    dry = run_cli("import", path, "--dry-run", "--json", db=db_path)
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    assert (preview["format"], preview["added"], preview["dry_run"]) == ("apkg", 5, True)
    assert preview["package"] == {"reviews": 9, "media_files": 2}
    assert len(preview["notes"]) == 5
    assert not (db_path.parent / "media").exists()
    real = run_cli("import", path, db=db_path)
    assert real.returncode == 0, real.stderr
    assert "5 added" in real.stdout and "reviews: 9 imported; media files: 2" in real.stdout
    assert "1 review(s) of Anki cards beyond a note's first card" in real.stdout
    with Collection.open(db_path) as col:
        assert col.stats().reviews == 9
