"""Hostile files for the text importers: each is refused with one clear line, cheaply, writing nothing.

Every file below goes through the real ``flashdeck import`` in a child process
(exit 1, one line on stderr naming the file and, where there is one, the
line; the child's peak memory measured from outside) and through
``Collection.import_file`` (an ``ImportFormatError``, a ``ValueError``). The
database is compared before and after: counts of notes, cards and review log
and a dump of the notes and decks tables. The big files are made here, in
tmp_path, never committed.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from helpers import START, basic_notes

from flashdeck.collection import Collection
from flashdeck.collection.importing import MAX_IMPORT_BYTES, MAX_IMPORT_LINES, MAX_IMPORT_NOTES, MAX_LINE_CHARS
from flashdeck.core.clock import ManualClock
from flashdeck.core.importers import MAX_NOTES_LINES
from flashdeck.core.notes import ImportFormatError
from flashdeck.core.render import render_markdown
from flashdeck.core.scheduling import Rating

MB = 1024 * 1024
MEMORY_BOUND_KB = 500 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

# Runs one command and reports its peak memory: this small parent has no other child,
# so RUSAGE_CHILDREN is that command's alone (a test process's would include every earlier child).
_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "out": done.stdout, "err": done.stderr, "peak_kb": peak}))
"""


def write_repeated(path: Path, unit: bytes, size: int, head: bytes = b"", tail: bytes = b"") -> None:
    """A file of ``size`` bytes of ``unit`` repeated (written in chunks, never held whole)."""
    chunk = unit * max(1, (1 << 20) // len(unit))
    with open(path, "wb") as fh:
        fh.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            fh.write(chunk[:left])
            left -= len(chunk)
        fh.write(tail)


def zip_renamed(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.md", "## A note\n\nIts text.\n" * 50)


def random_bytes(path: Path) -> None:
    # 0xFF can never start UTF-8: the first byte is the bad one, on line 1.
    path.write_bytes(b"\xff" + random.Random(8).randbytes(200_000))


def elf(path: Path) -> None:
    path.write_bytes(Path(os.path.realpath(sys.executable)).read_bytes()[:300_000])


# (id, file name, how to make it, what the one-line message must say, the line it must name or None)
Hostile = tuple[str, str, Callable[[Path], None], str, "int | None"]

CASES: list[Hostile] = [
    ("100MB", "huge.md", lambda p: write_repeated(p, b"## A heading\n\nSome text under it.\n\n", 100 * MB),
     f"file is 100 MB; the limit is {MAX_IMPORT_BYTES // MB} MB", None),
    ("50MB-single-line", "one_line.md", lambda p: write_repeated(p, b"word ", 50 * MB),
     f"file is 50 MB; the limit is {MAX_IMPORT_BYTES // MB} MB", None),
    ("20MB-single-line", "one_line.txt", lambda p: write_repeated(p, b"word ", 20 * MB),
     f"a line of {20 * MB:,} characters; the limit is {MAX_LINE_CHARS:,}", 1),
    ("long-line-at-line-4", "notes.md",
     lambda p: write_repeated(p, b"x", 3 * MB, head=b"# Notes\n\n## One\n", tail=b"\n\n## Two\n\nfine\n"),
     "characters; the limit is", 4),
    ("random-bytes", "random.md", random_bytes, "binary data, not a text document", 1),
    ("elf", "program.md", elf, "this is a program (ELF), not a text document", 1),
    ("png", "picture.md", lambda p: p.write_bytes(PNG_SIGNATURE + bytes(range(256)) * 40),
     "this is a PNG image, not a text document", 1),
    ("zip-renamed", "archive.md", zip_renamed, "this is a zip archive", 1),
    ("mixed-encodings", "mixed.md",
     lambda p: p.write_bytes("## One\n\nnaïve\n\n".encode() + "## Two\n\nnaïve\n".encode("cp1252")),
     "not valid UTF-8 text", 7),
    ("cut-mid-character", "cut.md", lambda p: p.write_bytes("## Café\n\nends in é".encode()[:-1]),
     "it ends in the middle of a character", 3),
    ("cut-mid-quoted-csv-field", "cut.csv", lambda p: p.write_bytes(b'front,back\nq1,a1\nq2,"a2 and\nmore'),
     "a quoted field starting on this row is never closed", 3),
    ("cut-mid-deck-header", "cut_header.md", lambda p: p.write_bytes(b"---\ndeck: Prep\nkind: sto"),
     "the header opened with '---' is never closed", 1),
    ("cut-mid-heading", "cut_heading.md",
     lambda p: p.write_bytes(b"---\ndeck: Prep\n---\n\n## First\n\nText.\n\n##"),
     "a note heading with no title", 9),
    ("nul-in-markdown", "nul.md", lambda p: p.write_bytes(b"## Title\n\nbody\x00more\n"),
     "binary data, not a text document", 3),
    ("nul-in-csv", "nul.csv", lambda p: p.write_bytes(b"front,back\nq1,a1\nq2,a\x002\n"),
     "binary data, not a text document", 3),
    ("too-many-lines", "lines.md", lambda p: write_repeated(p, b"## h\n", 5 * (MAX_IMPORT_LINES + 10)),
     f"{MAX_IMPORT_LINES + 11:,} lines; the limit is {MAX_IMPORT_LINES:,}", None),
    ("too-many-headings", "headings.md",  # a deck file: notes read from the text keep the readers' line limit
     lambda p: p.write_text("---\ndeck: Big\n---\n" + "".join(f"## Heading {i}\n" for i in range(MAX_IMPORT_NOTES + 5)),
                            encoding="utf-8"),
     f"{MAX_IMPORT_NOTES + 5:,} notes in one file; the limit is {MAX_IMPORT_NOTES:,}", None),
    ("too-many-lines-of-notes", "notes.md",  # hand-written notes: read up to MAX_NOTES_LINES lines
     lambda p: p.write_text("".join(f"## Heading {i}\n\nText.\n\n" for i in range(MAX_NOTES_LINES // 4 + 1)),
                            encoding="utf-8"),
     f"{MAX_NOTES_LINES + 4:,} lines; notes are read up to {MAX_NOTES_LINES:,} lines in one file (split it)", None),
    ("too-many-csv-rows", "rows.csv",
     lambda p: p.write_text("".join(f"q{i},a{i}\n" for i in range(MAX_IMPORT_NOTES + 1)), encoding="utf-8"),
     f"{MAX_IMPORT_NOTES + 1:,} notes in one file", None),
    ("directory", "folder.md", lambda p: p.mkdir(), "is a folder, not a file", None),
    ("named-pipe", "pipe.md", lambda p: os.mkfifo(p), "not a regular file", None),
    ("link-to-dev-zero", "zero.md", lambda p: p.symlink_to("/dev/zero"), "not a regular file", None),
    ("missing", "gone.md", lambda p: None, "No such file or directory", None),
]


def seeded(db: Path) -> None:
    """A collection with something to lose: notes, cards, a review."""
    with Collection.open(db, clock=ManualClock(START, UTC), fuzz=False) as col:
        col.add_notes(basic_notes(5, prefix="kept"), deck="Kept")
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.GOOD)


def snapshot(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as con:
        state: dict[str, Any] = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("notes", "cards", "revlog", "decks")
        }
        state["notes_dump"] = con.execute("SELECT * FROM notes ORDER BY id").fetchall()
        state["decks_dump"] = con.execute("SELECT * FROM decks ORDER BY id").fetchall()
    con.close()
    return state


def import_in_child(path: Path, db: Path) -> dict[str, Any]:
    argv = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "flashdeck", "--db", str(db), "import", str(path)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
def made(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str, int | None]:
    _id, name, make, message, line = request.param
    path = tmp_path / name
    make(path)
    return path, message, line


def where(path: Path, line: int | None) -> str:
    return f"{path}:{line}: " if line is not None else f"{path}: "


@pytest.mark.parametrize("made", CASES, ids=[c[0] for c in CASES], indirect=True)
def test_flashdeck_import_refuses_in_one_line_within_memory_writing_nothing(
        made: tuple[Path, str, int | None], db_path: Path) -> None:
    path, message, line = made
    seeded(db_path)
    before = snapshot(db_path)
    child = import_in_child(path, db_path)
    assert child["rc"] == 1
    assert child["out"] == ""
    err = child["err"]
    assert err.count("\n") == 1 and err.startswith(f"flashdeck: {where(path, line)}"), err[:300]
    assert message in err
    assert child["peak_kb"] < MEMORY_BOUND_KB, f"peak {child['peak_kb'] // 1024} MB"
    assert snapshot(db_path) == before


@pytest.mark.parametrize("made", CASES, ids=[c[0] for c in CASES], indirect=True)
def test_collection_import_file_raises_naming_file_and_line(
        made: tuple[Path, str, int | None], col: Collection, db_path: Path) -> None:
    path, message, line = made
    col.add_notes(basic_notes(3, prefix="kept"), deck="Kept")
    before = snapshot(db_path)
    with pytest.raises(ImportFormatError) as caught:
        col.import_file(path)
    err = caught.value
    assert isinstance(err, ValueError)
    assert (err.source, err.line) == (str(path), line)
    assert message in str(err) and "\n" not in str(err)
    assert str(err).startswith(where(path, line))
    # A dry run says the same and writes nothing either.
    with pytest.raises(ImportFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        col.import_file(path, dry_run=True)
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("## Question one\n\nAnswer one\n".encode("utf-16-le"), id="utf-16-le-without-bom"),
        pytest.param("## Question one\n\nAnswer one\n".encode("utf-16-be"), id="utf-16-be-without-bom"),
        pytest.param("## Question one\n\nAnswer one\n".encode("utf-16"), id="utf-16-with-bom"),
        pytest.param(b"\xef\xbb\xbf## Question one\r\n\r\nAnswer one\r\n", id="utf-8-bom-crlf"),
        pytest.param(b"## Question one\r\rAnswer one\r", id="old-mac-cr"),
    ],
)
def test_text_in_other_unicode_forms_imports_whole(data: bytes, col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "prep.md"
    path.write_bytes(data)
    report = col.import_file(path)
    assert (report.format, report.added) == ("outline", 1)
    note = col.note(col.card(col.search("")[0]).note_id)
    assert note.fields == {"front": "Question one", "back": "Answer one"}


@pytest.mark.parametrize(
    ("data", "encoding", "title"),
    [
        pytest.param("## Café culture\n\nrésumé\n".encode("latin-1"), "Windows-1252", "Café culture", id="latin-1"),
        pytest.param("## “Quoted” — €5\n\ndone\n".encode("cp1252"), "Windows-1252", "“Quoted” — €5", id="cp1252"),
        # Bytes that are never UTF-8 (an overlong slash, a lone continuation byte) in otherwise plain text:
        # an old editor's single-byte encoding, read as such and said so — not refused, not guessed silently.
        pytest.param(b"## Title \xc0\xaf\n\nbody\n", "Windows-1252", "Title À¯", id="overlong-utf8"),
        pytest.param(b"## Price \x80\n\nbody\n", "Windows-1252", "Price €", id="lone-continuation"),
    ],
)
def test_text_in_a_legacy_encoding_imports_and_says_how_it_was_read(
        data: bytes, encoding: str, title: str, col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "prep.md"
    path.write_bytes(data)
    report = col.import_file(path)
    assert report.added == 1
    assert f"not UTF-8: read as {encoding}" in " ".join(report.warnings)
    note = col.note(col.card(col.search("")[0]).note_id)
    assert note.fields["front"] == title


def test_deeply_nested_outline_imports_in_bounds_and_renders(tmp_path: Path, db_path: Path) -> None:
    """Deep nesting is text, not an error: it imports, and its card renders (as plain text) without recursing."""
    path = tmp_path / "nested.md"
    # An outline 950 levels deep stays under the notes limit (indentation grows with the square of the depth);
    # one line of 5,000 quote markers nests deeper than Python's recursion limit in a few kilobytes.
    depth = 950
    outline = "".join("  " * i + f"- level {i}\n" for i in range(depth))
    path.write_text("## Deep\n\n" + outline + "\n" + ">" * 5000 + " quoted\n", encoding="utf-8")
    child = import_in_child(path, db_path)
    assert (child["rc"], child["err"]) == (0, "")
    assert child["peak_kb"] < MEMORY_BOUND_KB
    with Collection.open(db_path) as col:
        card = col.card(col.search("")[0])
        _front, back = card.render()
    # Too deep to format: shown as plain text (no list markup), every level and the deep quote kept.
    assert "- level 0" in back and "- level 949" in back and "quoted" in back
    assert "<li>" not in back and "<blockquote>" not in back
    assert render_markdown(card.fields["back"]) in back


def test_a_file_at_the_note_limit_still_imports_within_memory(tmp_path: Path, db_path: Path) -> None:
    """The limits refuse the hostile, not the large: 100,000 rows import, under the same memory bound."""
    path = tmp_path / "large.csv"
    rows = (f"question number {i},answer number {i} with some words\n" for i in range(MAX_IMPORT_NOTES))
    path.write_text("".join(rows), encoding="utf-8")
    child = import_in_child(path, db_path)
    assert (child["rc"], child["err"]) == (0, "")
    assert f"{MAX_IMPORT_NOTES} added" in child["out"]
    assert child["peak_kb"] < MEMORY_BOUND_KB, f"peak {child['peak_kb'] // 1024} MB"
    assert snapshot(db_path)["notes"] == MAX_IMPORT_NOTES
