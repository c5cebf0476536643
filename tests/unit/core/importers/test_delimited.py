"""CSV/TSV rows: sniffed delimiters, headers, quoted newlines and Anki's comment lines."""

from __future__ import annotations

import codecs
import csv
import io
import re

import pytest
from helpers import DATA as TEST_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.collection.importing import clean_fields
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


def _by_role_dict(cells: list[str], roles: dict[int, str]) -> tuple[dict[str, str], int | None]:
    """How rows were read before the column layout: each cell put under its role, in order."""
    values: dict[str, str] = {}
    ignored = None
    for index, cell in enumerate(cells):
        role = roles.get(index)
        if role is not None:
            values[role] = cell
        elif cell and ignored is None:
            ignored = index
    return values, ignored


_ROLE_WORDS = ["Front", "Back", "Tags", "Deck", "GUID", "Notes", "Question", "Answer", "Extra"]


@settings(max_examples=150, deadline=None)
@given(
    columns=st.lists(st.sampled_from(_ROLE_WORDS), min_size=0, max_size=5),
    rows=st.lists(st.lists(st.sampled_from(["", "a", "b c", "<b>x</b>", "y<br>z", "t1 t2", "Deck::Sub", "<DIV>q</div>",
                                            "É<Br />é", "dıv<b>"]),
                           min_size=1, max_size=6), min_size=1, max_size=8),
    html=st.booleans(),
)
def test_rows_are_read_as_cells_put_under_their_roles(columns: list[str], rows: list[list[str]], html: bool) -> None:
    """Any ``#columns:`` line (roles repeated, missing, beside columns of no role) and rows of any length."""
    header = "#separator:tab\n" + ("#html:true\n" if html else "") + (f"#columns:{chr(9).join(columns)}\n"
                                                                     if columns else "")
    text = header + "".join("\t".join(row) + "\n" for row in rows)
    roles = {i: r for i, c in enumerate(columns) if (r := delimited._role_of(c)) is not None}
    roles = delimited._complete_roles(roles) if roles else {0: "front", 1: "back", 2: "tags"}
    expected: list[tuple[object, ...]] = []
    expected_ignored = None
    error = "no rows" if not any(any(cells) for cells in rows) else None
    for line, cells in enumerate(rows, start=header.count("\n") + 1):
        if error is not None:
            break
        if not any(cells):
            continue
        if len(cells) < 2:
            error = "only one column"
            break
        values, ignored = _by_role_dict(cells, roles)
        if expected_ignored is None and ignored is not None:
            expected_ignored = f"x.tsv:{line}: column {ignored + 1} is not imported (only front, back and tags are)"
        front, back = values.get("front", ""), values.get("back", "")
        if html:
            front, back = delimited._html_to_markdown(front).strip(), delimited._html_to_markdown(back).strip()
        if not front:
            error = "empty front"
            break
        expected.append((front, back, delimited._split_tags(values.get("tags", "")),
                         values.get("guid") or None, values.get("deck") or None, line))
    if error is not None:
        with pytest.raises(ImportFormatError, match=error):
            delimited.parse(text, "x.tsv")
        return
    result = delimited.parse(text, "x.tsv")
    got = [(n.fields["front"], n.fields.get("back", ""), n.tags, n.guid, n.deck, n.line) for n in result.notes]
    assert got == expected
    _assert_clean_as_made(result)
    assert [w for w in result.warnings if "is not imported" in w] == ([expected_ignored] if expected_ignored else [])


def _assert_clean_as_made(result: ParseResult) -> None:
    """A result that says its drafts are clean (the planner then takes them as they are) has them so."""
    assert result.clean
    for note in result.notes:
        cleaned = clean_fields(note, "x")
        assert list(cleaned.items()) == list(note.fields.items())
        assert isinstance(note.tags, tuple) and len(set(note.tags)) == len(note.tags)
        assert note.target is None


def test_rows_of_every_test_file_are_clean_as_made() -> None:
    files = sorted(DATA.iterdir())
    assert files
    for path in files:
        try:
            result = delimited.parse(path.read_text(encoding="utf-8"), path.name)
        except (ImportFormatError, UnicodeDecodeError):
            continue
        if not result.clean:  # our own export's rows of any kind: checked by the planner, not here
            assert any(note.kind != "basic" for note in result.notes) or not result.notes
            continue
        _assert_clean_as_made(result)


def test_rows_of_our_own_export_are_left_to_the_planner_to_check() -> None:
    result = delimited.parse("id,kind,deck,tags,Prompt,Front\nq1,question,D,,  Why us?  ,\n", "export.csv")
    assert not result.clean
    assert [n.kind for n in result.notes] == ["question"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ brBRdivDIVİıé\n")), max_size=30))
def test_html_breaks_are_found_as_by_the_expression_alone(value: str) -> None:
    """The quick look for a break (no "<br" nor "div" in an ASCII cell) leaves what the substitution would."""
    breaks = re.compile(delimited._HTML_BREAK)
    assert delimited._html_to_markdown(value) == breaks.sub("\n", value)
    assert delimited._html_to_markdown(value.upper()) == breaks.sub("\n", value.upper())


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.sampled_from(list("ab \t,;\né\x00|")), max_size=60),
       delimiter=st.sampled_from(["\t", ",", ";", "|"]))
def test_a_plain_body_split_by_lines_reads_as_the_csv_reader_does(body: str, delimiter: str) -> None:
    """Without quotes or carriage returns, a row a line cut at the delimiter: the rows (cells stripped, blank
    rows left out, as the parser reads them) and their line numbers are the csv reader's."""
    lines = delimited._plain_lines(body, delimiter)
    assert lines is not None
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True)
    by_reader = [(reader.line_num, cells) for row in reader if any(cells := [c.strip() for c in row])]
    by_lines = [(number, cells) for number, line in enumerate(lines, start=1)
                if any(cells := [c.strip() for c in line.split(delimiter)])]
    assert by_lines == by_reader
    assert delimited._plain_lines(body + '"', delimiter) is None and delimited._plain_lines(body, " ") is None


_KEY_CHARS = st.sampled_from(["a", "Z", " ", ":", "#", "İ", "ı", "ſ", "K", "é", "1", "\t", "\r", "_"])


@settings(max_examples=400, deadline=None)
@given(st.text(_KEY_CHARS, max_size=8), st.text(st.sampled_from(["x", ":", " ", "\n"]), max_size=3))
def test_settings_lines_are_read_as_the_case_insensitive_pattern_reads_them(key: str, value: str) -> None:
    """The ASCII settings pattern, with the case-insensitive one for the rest, reads every "#key:value"
    line as the case-insensitive pattern alone did (it also takes İ ı ſ and the Kelvin sign for letters)."""
    line = f"#{key}{value}"
    old = re.compile(r"^#([a-z][a-z ]*):(.*)$", re.IGNORECASE).match(line)
    new = delimited._settings_line(line)
    assert (new and new.groups()) == (old and old.groups())
