"""CSV export: a header row, RFC 4180 quoting, UTF-8, and a round trip through the CSV importer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run_cli
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.collection.csv_export import export_csv
from flashdeck.core.notes import NoteDraft
from flashdeck.ui.events import AppEvents
from flashdeck.ui.importing.dialog import COLUMNS, ImportDialog

NOTES = [
    NoteDraft("story", {"title": "Outage, at night", "situation": 'Two lines\nwith "quotes"', "anchor": "40%"},
              ("star", "team::infra")),
    NoteDraft("question", {"prompt": "Why us?", "asking": "motivation", "notes": "Café — naïve résumé"}),
    NoteDraft("basic", {"front": "STAR?", "back": "Situation; Task, Action\tResult"}, ("basics",)),
]


def _stored(col: Collection) -> list[tuple[str, str, dict[str, str], str, str]]:
    rows = col.store.fetchall("SELECT n.guid, n.kind, n.fields, n.tags, d.name FROM notes n "
                              "JOIN decks d ON d.id = n.deck_id ORDER BY n.guid")
    return [(g, k, json.loads(f), t, d) for g, k, f, t, d in rows]


def test_csv_layout_and_quoting(col: Collection) -> None:
    col.add_notes(NOTES, deck="Prep")
    text = export_csv(col, "Prep", None)
    assert text.startswith("id,kind,deck,tags,title,anchor,values,use_for,situation,")
    assert text.count("\r\n") == 4  # header + 3 rows end in CRLF; the newline inside the story stays LF
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 4 and all(len(r) == len(rows[0]) for r in rows)
    header = rows[0]
    story = dict(zip(header, rows[1], strict=True))
    assert story["situation"] == 'Two lines\nwith "quotes"'
    assert '"Two lines\nwith ""quotes"""' in text  # quotes doubled inside a quoted field
    assert story["tags"] == "star team::infra" and story["deck"] == "Prep" and story["kind"] == "story"
    assert dict(zip(header, rows[3], strict=True))["back"] == "Situation; Task, Action\tResult"


def test_csv_round_trip_without_duplicates(col: Collection, db_path: Path, tmp_path: Path) -> None:
    col.add_notes(NOTES[:2], deck="Prep")
    col.add_notes(NOTES[2:], deck="Prep::Basics")
    before = _stored(col)
    out = tmp_path / "prep.csv"
    result = run_cli("export", "--deck", "Prep", "--format", "csv", "-o", str(out), db=db_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().decode("utf-8").count("Café — naïve résumé") == 1
    again = col.import_file(out)
    assert (again.format, again.added, again.updated, again.unchanged) == ("csv", 0, 0, 3)
    with Collection.open(tmp_path / "fresh.db") as fresh:
        report = fresh.import_file(out)
        assert report.added == 3
        assert _stored(fresh) == before


def test_csv_to_stdout_and_unknown_kind(col: Collection, db_path: Path, tmp_path: Path) -> None:
    col.add_notes(NOTES[2:], deck="Prep")
    shown = run_cli("export", "--deck", "Prep", "--format", "csv", "-o", "-", db=db_path)
    assert shown.returncode == 0 and shown.stdout.splitlines()[0] == "id,kind,deck,tags,front,back"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,deck,tags,front,back\nx1,flashcard,Prep,,a,b\n", encoding="utf-8")
    result = run_cli("import", str(bad), db=db_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"flashdeck: {bad}:2: unknown kind 'flashcard' (known: basic, story, question, " \
        "curveball, pitch, bridge, concept, probe, ask, beats)"


@pytest.mark.gui
def test_the_deck_column_survives_export_and_import_everywhere(qtbot: QtBot, col: Collection, db_path: Path,
                                                              tmp_path: Path) -> None:
    """The deck column is kept (sub-decks, non-Latin names) and the import says where the notes went."""
    col.add_notes(NOTES[:2], deck="Подготовка")
    col.add_notes(NOTES[2:], deck="Подготовка::面试")
    out = tmp_path / "prep.csv"
    assert run_cli("export", "--deck", "Подготовка", "--format", "csv", "-o", str(out), db=db_path).returncode == 0
    where = {guid: deck for guid, deck in col.store.fetchall(
        "SELECT n.guid, d.name FROM notes n JOIN decks d ON d.id = n.deck_id")}
    # The command line, into a fresh collection: each note in its deck, and the line says so.
    fresh_db = tmp_path / "fresh.db"
    done = run_cli("import", str(out), db=fresh_db)
    assert done.returncode == 0, done.stderr
    assert f"{out}: imported as csv into 'Подготовка', 'Подготовка::面试': 3 added" in done.stdout
    shown = json.loads(run_cli("import", str(out), "--json", "--dry-run", db=fresh_db).stdout)
    assert (shown["deck"], shown["decks"], shown["unchanged"]) == ("Подготовка", ["Подготовка", "Подготовка::面试"], 3)
    with Collection.open(fresh_db) as fresh:
        assert sorted(fresh.deck_names()) == ["Подготовка", "Подготовка::面试"]
        assert {guid: deck for guid, deck in fresh.store.fetchall(
            "SELECT n.guid, d.name FROM notes n JOIN decks d ON d.id = n.deck_id")} == where
    # The app's import dialog, into another fresh collection: the same decks, said the same way.
    with Collection.open(tmp_path / "app.db") as app_col:
        dialog = ImportDialog(app_col, AppEvents(), [str(out)])
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: all(e.status not in ("Reading…", "Importing…") for e in dialog.entries))
        assert dialog.table.item(0, COLUMNS.index("Deck")).text() == "Подготовка"
        dialog.table.selectRow(0)
        assert "decks Подготовка, Подготовка::面试: 3 would be added" in dialog.details.toPlainText()
        with qtbot.waitSignal(dialog.import_finished, timeout=20_000):
            dialog.start_import()
        assert {guid: deck for guid, deck in app_col.store.fetchall(
            "SELECT n.guid, d.name FROM notes n JOIN decks d ON d.id = n.deck_id")} == where
