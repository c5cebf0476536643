"""CSV/TSV rows: sniffed delimiters, headers, quoted newlines and Anki's comment lines."""

from __future__ import annotations

import codecs

import pytest
from helpers import DATA as TEST_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.importers import delimited, parse_bytes
from flashdeck.core.notes import ImportFormatError, ParseResult

DATA = TEST_DATA / "csv"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _parse(name: str) -> ParseResult:
    return delimited.parse(_text(name), source=name)


def _pairs(result: ParseResult) -> list[tuple[str, str]]:
    return [(n.fields["front"], n.fields.get("back", "")) for n in result.notes]


def test_comma_file_with_header_quotes_and_tags() -> None:
    result = _parse("with_header.csv")
    assert result.format == "csv"
    assert _pairs(result) == [
        ("What does FSRS stand for?", "Free Spaced Repetition Scheduler"),
        ("Name two parts of STAR", "Situation, Task\n(and Action, Result)"),
        ("Why ask questions at the end?", "It shows you prepared"),
    ]
    assert [n.tags for n in result.notes] == [("srs", "basics"), ("star", "behavioural"), ()]
    # Physical lines: the third row starts after a two-line quoted field.
    assert [n.line for n in result.notes] == [2, 3, 5]
    assert all(n.kind == "basic" for n in result.notes)


def test_tab_file_with_question_answer_header() -> None:
    result = _parse("question_answer.tsv")
    assert _pairs(result)[1] == ("How long should a STAR answer be?", "About two to three minutes")
    assert len(result.notes) == 2


def test_semicolon_file_with_commas_in_the_text() -> None:
    result = _parse("semicolon.csv")
    assert _pairs(result)[1] == ("SLO", "A target level for a service, e.g. 99.9% availability")


def test_anki_header_lines_are_understood() -> None:
    result = _parse("anki_export.txt")
    assert result.deck.name == "Interview basics"
    assert _pairs(result) == [
        ("Tell me about yourself", "Present\nPast\nFuture"),
        ("Why this company?", "Mission\nProduct"),
    ]
    assert result.notes[1].tags == ("pitch", "motivation")
    assert result.notes[0].line == 5


def test_anki_columns_line_maps_columns() -> None:
    text = "#separator:comma\n#columns:Tags,Back,Front\nt1,the back,the front\n"
    note = delimited.parse(text).notes[0]
    assert note.fields == {"front": "the front", "back": "the back"}
    assert note.tags == ("t1",)


def test_one_column_row_names_its_physical_line() -> None:
    with pytest.raises(ImportFormatError) as info:
        _parse("bad_one_column.csv")
    assert info.value.line == 5
    assert str(info.value).startswith("bad_one_column.csv:5: only one column")


def test_empty_front_is_an_error() -> None:
    with pytest.raises(ImportFormatError) as info:
        delimited.parse("a,b\nc,d\n ,e\n")
    assert info.value.line == 3


def test_unclosed_quote_is_an_error_at_its_row() -> None:
    with pytest.raises(ImportFormatError) as info:
        delimited.parse('a,b\nc,"d\ne,f\ng,h\n')
    assert info.value.line == 2
    assert "never closed" in info.value.message


def test_extra_columns_and_empty_backs_are_reported() -> None:
    result = delimited.parse("a\tb\tt\textra\nc\t\t\n")
    assert _pairs(result) == [("a", "b"), ("c", "")]
    assert any("column 4 is not imported" in w for w in result.warnings)
    assert any(":2: empty back" in w for w in result.warnings)


def test_text_with_no_delimiter_is_an_error() -> None:
    with pytest.raises(ImportFormatError):
        delimited.parse("just one\ncolumn each\n")


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le"])
def test_bom_and_utf16_files_through_parse_bytes(codec: str) -> None:
    text = "front\tback\nCafé ☕\tNaïve résumé\r\nsecond\tline\r\n"
    data = text.encode(codec)
    if codec == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    result = parse_bytes(data, source="deck.tsv", fmt="csv")
    assert _pairs(result) == [("Café ☕", "Naïve résumé"), ("second", "line")]


def test_detect_scores() -> None:
    assert delimited.detect(_text("with_header.csv"), "with_header.csv") >= 15
    assert delimited.detect(_text("question_answer.tsv")) >= 15
    assert delimited.detect(_text("semicolon.csv")) >= 15
    assert delimited.detect(_text("anki_export.txt")) >= 15
    assert delimited.detect(_text("bad_one_column.csv"), "bad_one_column.csv") >= 15
    prose = (
        "I started my career in support, which taught me patience.\n"
        "Later I moved to engineering and, after two years, to a lead role.\n"
        "Now I want a team where I can grow.\n"
    )
    assert delimited.detect(prose) == 0
    assert delimited.detect("# Notes\n\na,b\nc,d\n") == 0
    assert delimited.detect("- one, two\n- three, four\n") == 0
    assert delimited.detect("a,b,c,d,e\nf,g,h,i,j\n") == 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "a,b",
                    "a\tb\tc",
                    '"x,\ny",z',
                    '"open',
                    "#separator:tab",
                    "#html:true",
                    "#columns:Front;Back",
                    "q;a",
                    "",
                    ",",
                    "#tags column:0",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=30,
    )
)
def test_fuzz_parse_returns_result_or_format_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        result = delimited.parse(text)
    except ImportFormatError:
        return
    assert all(note.fields["front"] for note in result.notes)
    assert delimited.detect(text) >= 0


def test_markdown_stories_and_outlines_are_not_taken_for_csv() -> None:
    documents = sorted((DATA.parent / "star").iterdir()) + sorted((DATA.parent / "outline").iterdir())
    assert documents
    for path in documents:
        assert delimited.detect(path.read_text(encoding="utf-8"), path.name) == 0, path.name
