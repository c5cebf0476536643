"""Text longer than a column allows is a clear error on SQLite and PostgreSQL alike, and writes nothing.

PostgreSQL enforces ``varchar(n)``; SQLite does not. Both now refuse the same
values before writing, naming the file (and the line, for a note).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import basic_notes, run_cli

from flashdeck.collection import Collection
from flashdeck.core.notes import ImportFormatError
from flashdeck.storage import limits


def _deck_file(path: Path, deck: str, note_id: str) -> Path:
    path.write_text(
        f"---\ndeck: {deck}\nkind: basic\n---\n\n"
        "## A first note\n\n### Back\n\nFine.\n\n"
        f"## A second note\n<!-- id: {note_id} -->\n\n### Back\n\nAlso fine.\n",
        encoding="utf-8",
    )
    return path


def _nothing_written(col: Collection) -> None:
    assert col.store.scalar("SELECT count(*) FROM notes") == 0
    assert col.deck_names() == []


def test_values_at_the_limits_are_stored_whole(any_col: Collection, tmp_path: Path) -> None:
    deck, note_id = "D" * limits.DECK_NAME, "n" * limits.NOTE_ID
    report = any_col.import_file(_deck_file(tmp_path / "ok.md", deck, note_id))
    assert report.added == 2
    assert any_col.deck_names() == [deck]
    assert any_col.store.scalar("SELECT count(*) FROM notes WHERE guid=?", (note_id,)) == 1
    assert any_col.check() == []


def test_a_deck_name_too_long_names_the_file(any_col: Collection, tmp_path: Path) -> None:
    source = _deck_file(tmp_path / "long-deck.md", "D" * (limits.DECK_NAME + 1), "fine")
    with pytest.raises(ImportFormatError) as caught:
        any_col.import_file(source)
    assert str(caught.value) == (f"{source}: the deck name is 201 characters long; the limit is 200 "
                                 f"('{'D' * 40}…')")
    _nothing_written(any_col)


def test_a_note_id_too_long_names_the_file_and_line(any_col: Collection, tmp_path: Path) -> None:
    source = _deck_file(tmp_path / "long-id.md", "Deck", "x" * 150)
    with pytest.raises(ImportFormatError, match=r"the note id is 150 characters long; the limit is 120") as caught:
        any_col.import_file(source)
    assert str(caught.value).startswith(f"{source}:12: ")  # the second note's heading
    _nothing_written(any_col)  # not even the first, valid note


def test_a_deck_column_too_long_in_a_csv_names_the_line(any_col: Collection, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("id,kind,deck,tags,front,back\n"
                      "a1,basic,Short,,One,Uno\n"
                      f"a2,basic,{'L' * 300},,Two,Dos\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="the note's deck name is 300 characters long") as caught:
        any_col.import_file(source)
    assert str(caught.value).startswith(f"{source}:3: ")
    _nothing_written(any_col)


def test_the_api_refuses_too_long_names_before_writing(any_col: Collection) -> None:
    with pytest.raises(ImportFormatError, match="the deck name is 250 characters long"):
        any_col.add_notes(basic_notes(3), deck="A" * 250)
    with pytest.raises(ValueError, match="the deck name is 201 characters long"):
        any_col.ensure_deck("B" * 201)
    with pytest.raises(ValueError, match="the setting name is 65 characters long"):
        any_col.set_config("k" * 65, 1)
    _nothing_written(any_col)
    assert any_col.store.scalar("SELECT count(*) FROM config WHERE key LIKE 'kkk%'") == 0


def test_the_command_line_prints_one_line_and_exits_1(any_db: str, tmp_path: Path) -> None:
    source = _deck_file(tmp_path / "long-id.md", "Deck", "y" * 121)
    done = run_cli("import", str(source), env={"FLASHDECK_DB": any_db})
    assert done.returncode == 1
    assert done.stderr.startswith(f"flashdeck: {source}:12: the note id is 121 characters long; the limit is 120")
    assert len(done.stderr.splitlines()) == 1
    with Collection.open(any_db) as col:
        _nothing_written(col)
