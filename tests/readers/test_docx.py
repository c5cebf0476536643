"""The Word reader: heading styles, bold labels, nested lists, tables, line breaks; encrypted files and zip bombs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docgen import write_docx

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers import read_bytes, read_path
from flashdeck.readers.docx import MAX_DOCX_UNPACKED, OLE_SIGNATURE

BLOCKS = [
    Block.heading("Why this company", 1),
    Block.heading("Talking points", 2),
    Block.paragraph("They ship **weekly** and publish their post-mortems."),
    Block.paragraph("**Situation**"),
    Block.paragraph("**What to avoid:**"),
    Block.item("Research the team", ordered=True, number=1),
    Block.item("Read the engineering blog", 1),
    Block.item("Note two launches", 2, ordered=True, number=1),
    Block.item("Note a third", 2, ordered=True, number=2),
    Block.item("Prepare questions", ordered=True, number=2),
    Block.item("Book the room", checked=True),
    Block.item("Print the CV", checked=False),
    Block.row(["Question", "Story"]),
    Block.row(["Tell me about a conflict", "**Ledger** migration"]),
    Block.paragraph("Сильные стороны: 责任心 🎯"),
]
EXPECTED = [
    (BlockKind.HEADING, 1, "Why this company", ""),
    (BlockKind.HEADING, 2, "Talking points", ""),
    (BlockKind.PARAGRAPH, 0, "They ship **weekly** and publish their post-mortems.", ""),
    (BlockKind.HEADING, 3, "Situation", ""),
    (BlockKind.LABEL, 0, "", "What to avoid"),
    (BlockKind.ITEM, 0, "Research the team", ""),
    (BlockKind.ITEM, 1, "Read the engineering blog", ""),
    (BlockKind.ITEM, 2, "Note two launches", ""),
    (BlockKind.ITEM, 2, "Note a third", ""),
    (BlockKind.ITEM, 0, "Prepare questions", ""),
    (BlockKind.ITEM, 0, "Book the room", ""),
    (BlockKind.ITEM, 0, "Print the CV", ""),
    (BlockKind.ROW, 0, "Question\tStory", ""),
    (BlockKind.ROW, 0, "Tell me about a conflict\t**Ledger** migration", ""),
    (BlockKind.LABEL, 0, "责任心 🎯", "Сильные стороны"),  # "Label: value", as the text reader reads it
]


@pytest.mark.parametrize("lists", ["numpr", "styles"])
def test_styles_bold_lists_tables_and_scripts(lists: str, tmp_path: Path) -> None:
    doc = read_path(str(write_docx(BLOCKS, tmp_path / "prep.docx", lists=lists, title="Acme prep")))
    assert doc.origin == "docx" and doc.title == "Acme prep"
    assert [(b.kind, b.level, b.text, b.label) for b in doc.blocks] == EXPECTED
    items = [b for b in doc.blocks if b.kind is BlockKind.ITEM]
    assert [(b.ordered, b.number, b.checked) for b in items] == [
        (True, 1, None), (False, None, None), (True, 1, None), (True, 2, None), (True, 2, None),
        (False, None, True), (False, None, False)]


def test_line_breaks_split_a_paragraph_and_deleted_text_is_left_out(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("Situation: the build took an hour.")
    paragraph.add_run().add_break()
    paragraph.add_run("Task: make it ten minutes.")
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="me"><w:r><w:delText>old words'
                                  '</w:delText></w:r></w:del>'))
    path = tmp_path / "story.docx"
    document.save(str(path))
    assert read_path(str(path)).lines() == ["Situation: the build took an hour.", "", "Task: make it ten minutes."]


def test_an_encrypted_word_file_is_refused_in_one_line() -> None:
    # What Word writes for a password-protected file: an OLE container holding the encrypted package.
    data = OLE_SIGNATURE + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100 + \
        "EncryptedPackage".encode("utf-16-le") + bytes(4000)
    with pytest.raises(ImportFormatError) as caught:
        read_bytes(data, source="locked.docx")
    assert str(caught.value) == ("locked.docx: this Word file is protected by a password (encrypted); FlashDeck "
                                 "cannot open it (save a copy without the password)")


def test_an_old_doc_file_says_what_to_do() -> None:
    data = OLE_SIGNATURE + b"\0" * 500 + "WordDocument".encode("utf-16-le") + bytes(4000)
    with pytest.raises(ImportFormatError, match=r"old Word document \(\.doc\); .* save it as \.docx"):
        read_bytes(data, source="old.doc")


def _zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path) -> None:
    good = write_docx(BLOCKS, tmp_path / "ok.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/media/padding.bin"] = bytes(MAX_DOCX_UNPACKED + 1)  # ~100 MB of zeros: ~100 KB packed
    bomb = _zip_with(members)
    assert len(bomb) < 1_000_000
    with pytest.raises(ImportFormatError, match=r"^bomb\.docx: this Word file unpacks to 96 MB; the limit is 96 MB"):
        read_bytes(bomb, source="bomb.docx")


def test_a_zip_that_lies_about_its_sizes_is_refused_as_damaged(tmp_path: Path) -> None:
    """A member whose header claims a small size but inflates to more: zipfile stops at the claim."""
    good = write_docx(BLOCKS, tmp_path / "ok.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = members["word/document.xml"]
    members["word/document.xml"] = document.replace(b"</w:body>", b"<!--" + b" " * 5_000_000 + b"--></w:body>")
    data = bytearray(_zip_with(members))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # Patch the declared size in the local header and the central directory to a small lie.
    real = info.file_size.to_bytes(4, "little")
    assert data.count(real) >= 2
    data = data.replace(real, (len(document)).to_bytes(4, "little"))
    with pytest.raises(ImportFormatError, match=r"^liar\.docx: this Word file is damaged"):
        read_bytes(bytes(data), source="liar.docx")


def test_other_zips_say_what_they_are() -> None:
    with pytest.raises(ImportFormatError, match="this is an Excel workbook, not a Word document"):
        read_bytes(_zip_with({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), source="sheet.docx")
