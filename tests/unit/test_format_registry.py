"""One registry of import formats: the command line's help and the import dialog list exactly it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from flashdeck.cli import main
from flashdeck.collection import Collection
from flashdeck.collection.apkg_write import export_apkg
from flashdeck.collection.formats import FORMATS, format_names, steps_for, whole_file_format
from flashdeck.core.errors import ImportFormatError
from flashdeck.core.importers import FORMAT_MODULES
from flashdeck.core.notes import NoteDraft


def _import_help() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["import", "--help"])
    return " ".join(out.getvalue().split())


def test_the_registry_holds_every_document_format_and_anki_packages() -> None:
    assert format_names() == [*FORMAT_MODULES, "apkg"]
    assert FORMATS["apkg"].suffixes == (".apkg", ".colpkg") and FORMATS["apkg"].read_file is not None
    assert all(FORMATS[name].detector == module for name, module in FORMAT_MODULES.items())
    assert steps_for("deck").header_sets_deck and not steps_for("csv").header_sets_deck
    assert type(steps_for("api")) is type(steps_for("csv"))  # notes typed in the app: no extra step


def test_the_cli_help_lists_exactly_the_registry() -> None:
    listed = re.search(r"force a format \(([^)]*)\)", _import_help())
    assert listed is not None
    assert listed.group(1).split(", ") == format_names()


def test_a_package_is_chosen_by_its_suffix_or_forced_and_an_unknown_name_lists_the_registry() -> None:
    assert whole_file_format("Prep.COLPKG", None) is FORMATS["apkg"]
    assert whole_file_format("prep.md", None) is None  # a document: its format is detected from its content
    assert whole_file_format("prep.bin", "apkg") is FORMATS["apkg"]
    assert whole_file_format("prep.apkg", "csv") is None  # forced as a document format
    with pytest.raises(ImportFormatError, match=r"unknown format 'anki' \(known: deck, .*, apkg\)"):
        whole_file_format("prep.apkg", "anki")


def test_a_forced_package_without_its_suffix_imports_with_its_history(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "a.db") as col:
        col.add_notes([NoteDraft("basic", {"front": f"q{i}", "back": "a"}) for i in range(3)], deck="Prep")
        export_apkg(col, "Prep", tmp_path / "prep.apkg")
    renamed = tmp_path / "prep.bin"
    (tmp_path / "prep.apkg").rename(renamed)
    with Collection.open(tmp_path / "b.db") as col:
        report = col.import_file(renamed, fmt="apkg")
        assert (report.format, report.added) == ("apkg", 3)
        assert col.deck_names() == ["Prep"]


def test_the_file_chooser_offers_every_suffix_the_registry_knows() -> None:
    from flashdeck.collection.formats import FORMATS, chooser_filters
    from flashdeck.readers import DOCUMENT_SUFFIXES

    documents, packages, everything = chooser_filters().split(";;")
    offered = documents.removeprefix("Documents (").removesuffix(")").split()
    claimed = {f"*{suffix}" for entry in FORMATS.values() for suffix in entry.suffixes}
    assert claimed | {f"*{suffix}" for suffix in DOCUMENT_SUFFIXES} == set(offered)
    assert packages == "Anki packages (*.apkg *.colpkg)" and everything == "All files (*)"
