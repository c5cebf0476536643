"""Bad documents through the real `flashdeck import`: one line naming the file, exit 1, nothing written, memory bounded.

Each file is made here (a scan, a password-protected PDF, a damaged one, one of 2,000 pages, an encrypted
Word file, a Word zip bomb, a 30 MB web page) and imported into a collection that has something to lose;
the child's peak memory is measured from outside, as tests/hardening/test_hostile_files.py does.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docgen import write_docx, write_pdf
from hardening.test_hostile_files import MEMORY_BOUND_KB, import_in_child, seeded, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.document import Block
from flashdeck.readers.docx import MAX_DOCX_UNPACKED, OLE_SIGNATURE
from flashdeck.readers.pdf import MAX_PDF_PAGES


def scan(path: Path) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    for _ in range(5):
        page.rect(50, 50, 500, 700, fill=1)
        page.showPage()
    page.save()


def locked_pdf(path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt=StandardEncryption("open-sesame", "owner"))
    page.drawString(72, 700, "Tell me about yourself")
    page.save()


def damaged_pdf(path: Path) -> None:
    whole = write_pdf([Block.paragraph("A story " * 200)], path).read_bytes()
    path.write_bytes(whole[: len(whole) // 3])


def pages_2000(path: Path) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    for n in range(2000):
        page.drawString(72, 700, f"Question {n}: what would you do differently?")
        page.showPage()
    page.save()


def locked_docx(path: Path) -> None:
    path.write_bytes(OLE_SIGNATURE + bytes(500) + "EncryptionInfo".encode("utf-16-le") + bytes(100)
                     + "EncryptedPackage".encode("utf-16-le") + bytes(60_000))


def docx_bomb(path: Path) -> None:
    good = write_docx([Block.paragraph("Hello")], path.with_suffix(".ok.docx")).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":  # 4 GB of nothing, declared honestly: refused before inflating
                out.writestr(name, data)
                continue
            out.writestr(name, data)
        with out.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(MAX_DOCX_UNPACKED // len(chunk) * 4):
                member.write(chunk)
    path.write_bytes(buffer.getvalue())


def damaged_docx(path: Path) -> None:
    whole = write_docx([Block.paragraph("A story " * 200)], path.with_suffix(".ok.docx")).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def html_30mb(path: Path) -> None:
    row = "<div><span>cell</span></div>"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<!DOCTYPE html><html><body>")
        fh.write(row * (30 * 1024 * 1024 // len(row)))
        fh.write("</body></html>")


CASES: list[tuple[str, str, Callable[[Path], None], str]] = [
    ("scanned-pdf", "scan.pdf", scan, "this PDF has no text; it is a scan — FlashDeck cannot read images"),
    ("password-pdf", "locked.pdf", locked_pdf, "this PDF is protected by a password"),
    ("damaged-pdf", "cut.pdf", damaged_pdf, "this PDF is damaged or is not a PDF"),
    ("2000-page-pdf", "book.pdf", pages_2000, f"this PDF has 2,000 pages; the limit is {MAX_PDF_PAGES:,}"),
    ("encrypted-docx", "locked.docx", locked_docx, "this Word file is protected by a password (encrypted)"),
    ("docx-zip-bomb", "bomb.docx", docx_bomb, "this Word file unpacks to"),
    ("damaged-docx", "cut.docx", damaged_docx, "this Word file is damaged"),
    ("30MB-html", "page.html", html_30mb, "HTML elements; the limit is"),
]


@pytest.mark.parametrize(("name", "make", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_document_is_refused_in_one_line_within_memory_writing_nothing(
        name: str, make: Callable[[Path], None], message: str, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / name
    make(path)
    seeded(db_path)
    before = snapshot(db_path)
    child = import_in_child(path, db_path)
    assert (child["rc"], child["out"]) == (1, "")
    err = child["err"]
    assert err.count("\n") == 1 and err.startswith(f"flashdeck: {path}: "), err[:300]
    assert message in err
    assert child["peak_kb"] < MEMORY_BOUND_KB, f"peak {child['peak_kb'] // 1024} MB"
    assert snapshot(db_path) == before


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", "b", "\n"]), max_size=40), st.integers(min_value=0, max_value=8))
def test_a_line_over_the_limit_is_found_without_splitting(text: str, limit: int) -> None:
    from flashdeck.readers import _has_line_over

    assert _has_line_over(text, limit) == (max(map(len, text.split("\n"))) > limit)
