"""Text in the encodings editors save: Unicode recognised, legacy encodings detected (chardet), binary refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from helpers import loaded_after

from flashdeck.core.importers.decoding import decode_text
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers import read_bytes

TEXT = "## Почему мы?\n\nСитуация: команда опаздывала. 面试准备 🎯 — “quotes”\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(TEXT.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(TEXT.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(TEXT.encode("utf-32"), id="utf-32-bom"),
    ],
)
def test_unicode_in_any_form_is_read_exactly(data: bytes) -> None:
    assert decode_text(data, source="notes.md") == (TEXT, None)


@pytest.mark.parametrize(
    ("text", "encoding", "name"),
    [
        ("## Café culture\n\nMy résumé — “the naïve plan” cost €500.\n", "cp1252", "Windows-1252"),
        ("## Préparation\n\nParlez-moi d'un échec. Réponse : j'ai appris à déléguer.\n", "latin-1", "Windows-1252"),
        ("## Größte Schwäche\n\nUngeduld, aber ich übe täglich.\n", "cp1252", "Windows-1252"),
        ("## Расскажите о конфликте\n\nСитуация: команда не успевала к сроку.\n", "cp1251", "Windows-1251"),
        ("## 面试准备\n\n请介绍一次你解决冲突的经历。情况：团队延期。\n", "gb18030", "GB18030"),
    ],
)
def test_legacy_encodings_are_detected_and_named(text: str, encoding: str, name: str) -> None:
    decoded, used = decode_text(text.encode(encoding), source="old.txt")
    assert decoded == text
    assert used == name
    doc = read_bytes(text.encode(encoding), source="old.txt")
    assert doc.warnings == [f"old.txt: not UTF-8: read as {name} (check the accented letters)"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "this is a PNG image, not a text document"),
        (b"notes\x00\x01\x02 more", "binary data, not a text document"),
        (bytes(range(256)) * 40, "binary data, not a text document"),
        ("## naïve\n".encode() + "## naïve\n".encode("cp1252"), "the file mixes encodings"),
        ("## Café\n\nends in é".encode()[:-1], "it ends in the middle of a character"),
    ],
    ids=["png", "nul", "all-bytes", "mixed", "cut"],
)
def test_binary_and_broken_text_are_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_bytes(data, source="bad.md")
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith("bad.md:")


def test_reading_text_loads_no_pdf_word_or_html_reader(tmp_path: Path) -> None:
    """A CSV or notes file is read without the PDF, Word and HTML readers (and the PDF layout): they load
    when a document of theirs comes (~15 ms of the first import in a process); their limits still read."""
    from flashdeck.readers import MAX_DOCX_UNPACKED, MAX_HTML_ELEMENTS

    path = tmp_path / "cards.tsv"
    path.write_text("Front\tBack\nWhy us?\tThe mission\n", encoding="utf-8")
    code = ("from flashdeck.collection import Collection\n"
            f"c = Collection.open({str(tmp_path / 'c.db')!r}); c.import_file({str(path)!r}); c.close()")
    readers = [f"flashdeck.readers.{name}" for name in ("pdf", "docx", "html", "layout", "furniture", "extracted")]
    assert loaded_after(code, readers) == []
    assert MAX_HTML_ELEMENTS > 0 and MAX_DOCX_UNPACKED > 0
