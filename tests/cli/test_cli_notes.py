"""`flashdeck notes QUERY [--json]` lists notes with both ids; `render` takes either (real processes)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

DATA = Path(__file__).resolve().parents[1] / "data"


def _imported(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "c.db"
    dry = run_cli("import", str(DATA / "star" / "three_stories_by_heading.md"), "--dry-run", "--json", db=db)
    assert dry.returncode == 0, dry.stderr
    printed_ids = [note["id"] for note in json.loads(dry.stdout)["notes"]]
    for name in ("star/three_stories_by_heading.md", "questions/cyrillic_and_chinese.md"):
        result = run_cli("import", str(DATA / name), db=db)
        assert result.returncode == 0, result.stderr
    return db, printed_ids[0]


def test_notes_lists_both_ids_and_render_takes_either(tmp_path: Path) -> None:
    db, printed_id = _imported(tmp_path)
    assert printed_id.startswith("d:")
    listed = run_cli("notes", "kind:story", "--json", db=db)
    assert listed.returncode == 0 and listed.stderr == ""
    notes = json.loads(listed.stdout)
    assert len(notes) == 3 and {n["kind"] for n in notes} == {"story"}
    first = next(n for n in notes if n["guid"] == printed_id)  # the id the import printed is listed
    assert isinstance(first["id"], int)
    assert [c["card"] for c in first["cards"]][:1] == [1] and first["cards"][0]["template"] == "Tell the story"
    by_number = run_cli("render", str(first["id"]), "--card", "1", "--back", db=db)
    by_stable = run_cli("render", printed_id, "--card", "1", "--back", db=db)
    assert by_number.returncode == by_stable.returncode == 0
    assert by_number.stdout == by_stable.stdout and "<" in by_number.stdout
    # The text listing: one line a note, both ids, its deck and title (non-Latin titles as written).
    text = run_cli("notes", db=db)
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert len(lines) == int(run_cli("notes", "--json", db=db).stdout.count('"guid"'))
    line = next(line for line in lines if printed_id in line)
    count = len(first["cards"])
    assert line.split()[0] == str(first["id"]) and first["title"] in line
    assert f" {count} card{'s' if count != 1 else ''} " in line
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in line) for line in lines)
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in lines)


def test_unknown_ids_and_bad_searches_are_one_line(tmp_path: Path) -> None:
    db, _ = _imported(tmp_path)
    for args, said in ((("render", "424242"), "no note with id 424242"),
                       (("render", "d:0000000000000000"), "no note with id d:0000000000000000"),
                       (("render", "99999999999999999999999"), "no note with id 99999999999999999999999"),
                       (("notes", '"unbalanced'), "bad search")):
        result = run_cli(*args, db=db)
        assert result.returncode == 1 and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and said in result.stderr, result.stderr
    empty = run_cli("notes", "deck:Nowhere", db=db)
    assert empty.returncode == 0 and empty.stdout == "no notes found\n"
