"""``flashdeck import`` and ``flashdeck decks --rename``: standard input, a dry run that writes nothing,
a preview numbered for corrections, and what the report lists. Real processes, real files."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, run_cli

from flashdeck.cli import main

QA = DATA / "questions" / "qa_prep_sheet.txt"
RUBRIC = DATA / "star" / "rubric_around_story.md"


class _Done:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The command line in this process (fast); ``run_cli`` runs it as a real process where that matters."""
    def run(*args: str, db: Path, stdin: str = "") -> _Done:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        err = io.StringIO()
        code = main(["--db", str(db), *args], stderr=err)
        return _Done(code, capsys.readouterr().out, err.getvalue())
    return run


def test_standard_input_is_imported_like_a_file(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    done = run_cli("import", "-", "--deck", "Pasted prep", db=db, stdin=QA.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<stdin>: imported as questions into 'Pasted prep': 5 added, 0 updated")
    again = run_cli("import", "-", "--deck", "Pasted prep", "--json", db=db, stdin=QA.read_text(encoding="utf-8"))
    assert (json.loads(again.stdout)["added"], json.loads(again.stdout)["unchanged"]) == (0, 5)
    # Without --deck the deck comes from the text (its first line), never from "<stdin>".
    named = run_cli("import", "-", "--dry-run", "--json", db=db, stdin=QA.read_text(encoding="utf-8"))
    assert json.loads(named.stdout)["deck"] == "Onsite prep - Harbourline Logistics (platform team)"


def test_empty_standard_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    done = run_cli("import", "-", db=tmp_path / "c.db", stdin="  \n")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "flashdeck: <stdin>: nothing to import: standard input was empty\n"
    assert not (tmp_path / "c.db").exists()


def _scan_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.rect(72, 72, 300, 400, fill=1)  # a picture of a page, no text layer
    page.showPage()
    page.save()


BAD_INPUT = [
    ("damaged.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer garbage\n"),
     "this PDF is damaged or is not a PDF"),
    ("scan.pdf", _scan_pdf, "this PDF has no text; it is a scan"),
    ("notes.md", lambda p: p.write_text("".join(f"## Topic {n}\n\nText {n}.\n\n" for n in range(2600)),
                                        encoding="utf-8"),
     "lines; notes are read up to 10,000 lines in one file (split it)"),
    # Refused while planning, not while parsing: checked against a throw-away collection first.
    ("deck.md", lambda p: p.write_text("---\ndeck: " + "Interview prep " * 20 + "\nkind: basic\n---\n\n## One\n\n"
                                       "### Back\n\nA.\n", encoding="utf-8"),
     "the deck name is 299 characters long; the limit is 200"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_into_a_new_collection_creates_no_collection_file(
        name: str, make: Any, message: str, tmp_path: Path) -> None:
    path = tmp_path / name
    make(path)
    db = tmp_path / "fresh" / "new.db"
    done = run_cli("import", str(path), db=db)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr.startswith(f"flashdeck: {path}") and done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr
    assert not db.parent.exists()  # no collection, no -wal/-shm, not even the folder


def test_bad_standard_input_into_a_new_collection_creates_no_collection_file(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    done = run_cli("import", "-", db=db, stdin="Q: why?\nA: because\x00\x01\x02\n")
    assert done.returncode == 1 and done.stderr.startswith("flashdeck: <stdin>:"), done.stderr
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_a_good_file_then_a_bad_one_keeps_the_good_one(tmp_path: Path) -> None:
    bad = tmp_path / "damaged.pdf"
    bad.write_bytes(b"%PDF-1.7\ngarbage\n")
    db = tmp_path / "new.db"
    done = run_cli("import", str(QA), str(bad), db=db)
    assert done.returncode == 1 and done.stderr.startswith(f"flashdeck: {bad}: "), done.stderr
    again = run_cli("import", str(QA), "--dry-run", db=db)  # the first file was complete and correct: kept
    assert again.stdout.startswith(f"{QA}: would import as questions into "), again.stdout
    assert "': 0 added, 0 updated, 5 unchanged" in again.stdout.splitlines()[0]


def test_a_dry_run_writes_nothing_not_even_a_collection_file(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "collection.db"
    done = run_cli("import", str(RUBRIC), "--dry-run", db=db)
    assert done.returncode == 0, done.stderr
    assert not db.parent.exists()  # no file, not even the folder
    lines = done.stdout.splitlines()
    assert lines[0] == f"{RUBRIC}: would import as star into 'rubric_around_story': 1 added, 0 updated, 0 unchanged"
    assert lines[1] == "    1. add       story     Owning a production mistake"


def test_the_dry_run_numbers_notes_and_the_import_follows_the_corrections(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "c.db"
    preview = cli("import", str(QA), "--dry-run", db=db)
    numbered = [line.split()[0] for line in preview.stdout.splitlines()[1:6]]
    assert numbered == ["1.", "2.", "3.", "4.", "5."]
    done = cli("import", str(QA), "--skip", "2,5", "--kind", "3=basic", "--deck", "Harbourline", "--json",
                   db=db)
    report = json.loads(done.stdout)
    assert (report["deck"], report["added"], report["skipped"]) == ("Harbourline", 3, 2)
    listed = cli("stats", "--json", db=db)
    assert json.loads(listed.stdout)["notes"] == 3
    bad = cli("import", str(QA), "--kind", "3=stroy", db=db)
    assert bad.returncode == 1 and "--kind takes N=KIND" in bad.stderr
    two = cli("import", str(QA), str(RUBRIC), "--skip", "1", db=db)
    assert two.returncode == 1 and "one file at a time" in two.stderr


def test_lines_with_no_field_and_edits_are_reported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "c.db"
    notion = DATA / "questions" / "notion_export.md"
    done = cli("import", str(notion), db=db)
    assert "  no field of its own: line 3: 'Exported from my Notion page. Ticked ones are rehearsed.' → kept in " \
           "note 'Behavioural bank'" in done.stdout.splitlines()
    from flashdeck.collection import Collection

    with Collection.open(db) as col:
        note_id = col.store.scalar("SELECT id FROM notes WHERE title = 'What motivates you at work?'")
        col.update_note(note_id, {**col.note(note_id).fields, "prep": "Seeing customers use what I built."})
    again = cli("import", str(notion), db=db)
    assert ("  edited in the app since the last import, your edit kept (Your prep; --replace-edits takes the "
            "file's): What motivates you at work?") in again.stdout.splitlines()
    replaced = cli("import", str(notion), "--replace-edits", db=db)
    assert "replaced by the file (Your prep): What motivates you at work?" in replaced.stdout


def test_decks_rename(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "c.db"
    cli("import", str(RUBRIC), db=db)
    done = cli("decks", "--rename", "rubric_around_story", "Stories", db=db)
    assert (done.returncode, done.stdout) == (0, "renamed 'rubric_around_story' to 'Stories'\n")
    listed = cli("decks", "--json", db=db)
    assert [d["name"] for d in json.loads(listed.stdout)] == ["Stories"]
    again = cli("import", str(RUBRIC), "--json", db=db)
    assert (json.loads(again.stdout)["deck"], json.loads(again.stdout)["added"]) == ("Stories", 0)
    missing = cli("decks", "--rename", "Nope", "X", db=db)
    assert missing.returncode == 1 and missing.stderr.startswith("flashdeck: no deck named 'Nope'")
