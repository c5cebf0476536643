"""Every importer under Hypothesis: a valid result, or ImportFormatError naming a line in the document.

The property, for each format (forced) and for format detection: parsing a
document either returns a ParseResult whose notes are valid (a known kind, a
title, only the kind's fields, a line inside the document) and identical on
a second parse (same guids: explicit or derived from deck, kind and title),
or raises ImportFormatError naming the source and a line inside the document.
Any other exception fails, and so does an example that runs past a generous
deadline (a hang: every document here is small). A valid result imported
twice through the Collection adds nothing the second time.

Examples are derandomised so CI sees the same ones every run; the strategies
live in ``fuzz_documents``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fuzz_documents import ANY_DOCUMENT, STRUCTURED, raw_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashdeck.collection import Collection
from flashdeck.core.importers import FORMAT_MODULES, detect_format, format_module, parse_bytes, parse_text
from flashdeck.core.kinds import KINDS, kind_by_name
from flashdeck.core.notes import ImportFormatError, ParseResult, derive_guid

SOURCE = "fuzzed.md"
# Generous: every document is at most a few hundred characters, parsed in milliseconds; only a hang
# (a quadratic or worse path) gets near this.
FUZZ = settings(deadline=timedelta(seconds=5), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_deck_numbers = itertools.count()


@pytest.fixture(scope="module")
def fuzz_col(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    """One collection for all examples (each imports into a deck of its own)."""
    col = Collection.open(tmp_path_factory.mktemp("fuzz") / "collection.db", fuzz=False)
    yield col
    col.close()


def line_count(text: str) -> int:
    return len(re.split(r"\r\n|\r|\n", text))


def identity(result: ParseResult) -> list[tuple[object, ...]]:
    deck = result.deck.name or ""
    return [(n.kind, n.guid or derive_guid(n.deck or deck, n.kind, n.title), n.fields, n.tags, n.target, n.line)
            for n in result.notes] + [(result.deck, tuple(result.warnings))]


def assert_valid(result: ParseResult, lines: int) -> None:
    for note in result.notes:
        assert note.kind in KINDS, note
        kind = kind_by_name(note.kind)
        assert set(note.fields) <= set(kind.field_names), note
        assert note.title.strip(), note
        assert note.line is None or 1 <= note.line <= lines, note


def assert_error_in_document(err: ImportFormatError, lines: int) -> None:
    assert err.source == SOURCE, err
    assert err.line is not None and 1 <= err.line <= lines, f"line {err.line} of {lines}: {err}"
    assert "\n" not in str(err)


def check_parse(text: str, fmt: str | None) -> ParseResult | None:
    """The property for one document; the result when it is valid, else None."""
    lines = line_count(text)
    try:
        first = parse_text(text, source=SOURCE, fmt=fmt)
    except ImportFormatError as err:
        assert_error_in_document(err, lines)
        return None
    assert_valid(first, lines)
    assert identity(parse_text(text, source=SOURCE, fmt=fmt)) == identity(first)
    return first


def check_import_twice(col: Collection, result: ParseResult, lines: int) -> None:
    deck = f"fuzz {next(_deck_numbers)}"
    try:
        first = col.import_result(result, source=SOURCE, deck=deck)
    except ImportFormatError as err:  # two notes with one title, or a note id another example took as another kind
        assert_error_in_document(err, lines)
        return
    again = col.import_result(result, source=SOURCE, deck=deck)
    assert (again.added, again.updated) == (0, 0)
    assert again.unchanged == first.added + first.updated + first.unchanged


@pytest.mark.parametrize("fmt", list(FORMAT_MODULES))
def test_structured_documents(fmt: str, fuzz_col: Collection) -> None:
    @settings(FUZZ, max_examples=500)
    @given(text=STRUCTURED[fmt])
    def run(text: str) -> None:
        result = check_parse(text, fmt)
        if result is not None and result.notes:
            check_import_twice(fuzz_col, result, line_count(text))

    run()


@pytest.mark.parametrize("fmt", list(FORMAT_MODULES))
def test_raw_text(fmt: str) -> None:
    @settings(FUZZ, max_examples=400)
    @given(text=raw_text)
    def run(text: str) -> None:
        check_parse(text, fmt)

    run()


@settings(FUZZ, max_examples=800)
@given(text=ANY_DOCUMENT, suffix=st.sampled_from([".md", ".txt", ".csv", ".tsv", ""]))
def test_detection_then_parse(text: str, suffix: str) -> None:
    name = detect_format(text, "notes" + suffix)
    assert name in FORMAT_MODULES
    assert all(format_module(f).detect(text, "notes" + suffix) >= 0 for f in FORMAT_MODULES)
    check_parse(text, None)


@settings(FUZZ, max_examples=500)
@given(data=st.one_of(st.binary(max_size=300), ANY_DOCUMENT.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      ANY_DOCUMENT.map(lambda t: t.encode("utf-16-le", "surrogatepass"))))
def test_bytes_decode_then_parse(data: bytes) -> None:
    try:
        result = parse_bytes(data, source=SOURCE)
    except ImportFormatError as err:
        assert err.source == SOURCE and err.line is not None
        assert 1 <= err.line <= data.count(b"\n") + data.count(b"\r") + 1, err
        return
    assert_valid(result, data.count(b"\n") + data.count(b"\r") + 1)


def test_a_valid_file_imported_twice_through_the_file_path_adds_nothing(tmp_path: Path, col: Collection) -> None:
    """The same property end to end, for one near-valid document per format (files, detection, the Collection)."""
    examples = {
        "deck.md": "---\ndeck: Prep\nkind: question\n---\n\n## Why us?\n\n### Red flags\n\n- vague\n",
        "story.txt": "Question: Tell me about a failure?\nSituation: a\nTask: b\nAction: c\nResult: d\nTips:\n- e\n",
        "rows.csv": "front,back\nq1,a1\nq2,a2\n",
        "notes.md": "# Notes\n\n## One\n\ntext\n\n## Two\n\n- more\n",
    }
    for name, text in examples.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        first = col.import_file(path)
        assert first.added > 0, name
        again = col.import_file(path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, first.added), name


# -- what fuzzing and the pathological-shape probe found, kept as plain examples -------------------


def test_empty_title_section_keeps_the_heading_title() -> None:
    """Found by fuzzing: ``### Front`` with nothing under it erased the title (an invalid note)."""
    result = check_parse("## Tell me about a failure\n### Front", "deck")
    assert result is not None and [n.title for n in result.notes] == ["Tell me about a failure"]


@pytest.mark.parametrize("text", ["#html:true", "#html:true\n", "#deck:x\n#separator:tab"])
def test_csv_of_settings_lines_only_names_a_line_it_has(text: str) -> None:
    """Found by fuzzing: the error named line 2 of a one-line file."""
    with pytest.raises(ImportFormatError) as caught:
        parse_text(text, source=SOURCE, fmt="csv")
    assert caught.value.line == len(text.rstrip("\n").split("\n"))
    assert "no rows after the '#' settings lines" in str(caught.value)


# These shapes took minutes to hours before (quadratic regular expressions, or a copy of the rest of
# the document per line); a regression hangs the run rather than failing an assertion on time.
@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        pytest.param("competency", "\n" * 200_000, id="competency-blank-lines"),
        pytest.param("competency", "Core Signal" + " " * 200_000 + "x", id="competency-spaces-after-marker"),
        pytest.param("competency", "a - " * 50_000 + "Meta Core Values", id="competency-title-of-dashes"),
        pytest.param("star", "x:\n" * 100_000, id="star-label-lines"),
    ],
)
def test_pathological_shapes_finish(fmt: str, text: str) -> None:
    # The parser itself, not only the size limits in front of it (parse_document): it returns at all,
    # refusing the shape with a line inside the document.
    with pytest.raises(ImportFormatError) as caught:
        format_module(fmt).parse(text, SOURCE)
    assert_error_in_document(caught.value, line_count(text))
    for name in FORMAT_MODULES:
        assert format_module(name).detect(text, "x.md") >= 0
    try:  # through the front door: the same, or the format's size limit, in one line naming the file
        parse_text(text, source=SOURCE, fmt=fmt)
    except ImportFormatError as err:
        assert err.source == SOURCE and "\n" not in str(err)
        assert err.line is not None or "(split it)" in err.message
    else:
        raise AssertionError("a pathological shape was accepted")
