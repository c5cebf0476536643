"""The PDF reader: page furniture, wrapped lines, headings, bold, items, hyphens, scripts, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from docgen import write_pdf

from flashdeck.core.document import Block, BlockKind, Document
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers import MAX_PDF_PAGES, read_bytes, read_path

LONG = ("We moved the nightly invoice run to an event queue so that each customer's bill was ready "
        "within minutes of the meter reading, and the support team stopped answering the same three "
        "questions every morning; the change took four sprints and one careful rollback.")


def blocks_of(tmp_path: Path, blocks: list[Block], **kwargs: object) -> Document:
    path = write_pdf(blocks, tmp_path / "doc.pdf", **kwargs)  # type: ignore[arg-type]
    doc = read_path(str(path))
    assert doc.origin == "pdf" and doc.text is None
    return doc


def test_running_header_footer_and_page_numbers_are_removed(tmp_path: Path) -> None:
    blocks = [Block.heading("Prep for the onsite", 1)] + [Block.paragraph(f"Point {n}: {LONG}") for n in range(40)]
    doc = blocks_of(tmp_path, blocks, header="Acme Robotics · Interview playbook", footer="Sam Lee · Confidential")
    text = "\n".join(doc.lines())
    assert "Confidential" not in text and "Interview playbook" not in text
    assert doc.furniture[0] == "Acme Robotics · Interview playbook"
    # "Point 7: …" is a label and its value, as the text reader has it.
    paragraphs = [b.plain() for b in doc.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.LABEL)]
    # Every paragraph whole — including those that ran on over a page break — and nothing else.
    assert paragraphs == [f"Point {n}: {LONG}" for n in range(40)]
    assert len({b.where.page for b in doc.blocks}) > 3


def test_bare_page_numbers_go_but_numbers_in_the_text_stay(tmp_path: Path) -> None:
    blocks = [Block.paragraph("7")] + [Block.paragraph(f"Point {n}: {LONG}") for n in range(30)]
    doc = blocks_of(tmp_path, blocks)  # a centred page number on every page, no header
    lines = doc.lines()
    assert lines[0] == "7"  # a number that is content
    assert not any(line.strip().isdigit() for line in lines[1:])


def test_headings_by_size_bold_runs_and_bold_only_lines(tmp_path: Path) -> None:
    blocks = [
        Block.heading("Interview notes", 1),
        Block.heading("Behavioural", 2),
        Block.paragraph("I led the **database migration** that cut **costs by 30 %** last year."),
        Block.paragraph("**Situation**"),
        Block.paragraph("Our ledger ran on one ageing server."),
        Block.paragraph("**What to avoid:**"),
        Block.item("Blaming the previous owner"),
        Block.heading("System design", 2),
        Block.paragraph("Plain text."),
    ]
    doc = blocks_of(tmp_path, blocks)
    assert [(b.kind, b.level, b.text, b.label) for b in doc.blocks] == [
        (BlockKind.HEADING, 1, "Interview notes", ""),
        (BlockKind.HEADING, 2, "Behavioural", ""),
        (BlockKind.PARAGRAPH, 0, "I led the **database migration** that cut **costs by 30 %** last year.", ""),
        (BlockKind.HEADING, 3, "Situation", ""),
        (BlockKind.PARAGRAPH, 0, "Our ledger ran on one ageing server.", ""),
        (BlockKind.LABEL, 0, "", "What to avoid"),
        (BlockKind.ITEM, 0, "Blaming the previous owner", ""),
        (BlockKind.HEADING, 2, "System design", ""),
        (BlockKind.PARAGRAPH, 0, "Plain text.", ""),
    ]


def test_lists_keep_nesting_numbers_ticks_and_wrapped_items(tmp_path: Path) -> None:
    blocks = [
        Block.item("Research the team", ordered=True, number=1),
        Block.item(f"Read the engineering blog — {LONG}", 1),
        Block.item("Note two recent launches", 2),
        Block.item("Prepare questions", ordered=True, number=2),
        Block.item("Book the room", checked=True),
        Block.item("Print the résumé", checked=False),
    ]
    doc = blocks_of(tmp_path, blocks)
    got = [(b.kind, b.level, b.ordered, b.number, b.checked, b.text) for b in doc.blocks]
    assert got == [(b.kind, b.level, b.ordered, b.number, b.checked, b.text) for b in blocks]


def test_hyphenated_line_ends_are_joined(tmp_path: Path) -> None:
    # The words are broken where the text says (a soft hyphen): the PDF shows "para-" / "graph".
    words = ("Interna\u00adtionalization responsi\u00adbility account\u00adability maintain\u00adability "
             "follow-up ") * 12
    doc = blocks_of(tmp_path, [Block.paragraph(words.strip()), Block.paragraph("maintainability responsibility")])
    text = doc.blocks[0].text
    assert "\u00ad" not in text
    assert text == words.replace("\u00ad", "").strip()


def test_cyrillic_chinese_and_emoji_survive(tmp_path: Path) -> None:
    blocks = [Block.heading("Подготовка к интервью 🎯", 1), Block.paragraph("请介绍一次你解决冲突的经历。" * 8),
              Block.item("Конфликт в команде ✅")]
    doc = blocks_of(tmp_path, blocks)
    assert [b.text for b in doc.blocks] == [b.text for b in blocks]


def test_a_scan_without_text_is_refused_in_one_line(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    for _ in range(3):
        page.rect(72, 72, 400, 600, fill=1)  # an image of a page, as far as text goes
        page.showPage()
    page.save()
    with pytest.raises(ImportFormatError) as caught:
        read_path(str(path))
    assert str(caught.value) == (f"{path}: this PDF has no text; it is a scan — FlashDeck cannot read images "
                                 "(export it with its text, or run it through OCR first)")


def test_pages_without_text_among_text_are_reported(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "mixed.pdf"
    page = canvas.Canvas(str(path))
    for n in range(4):
        if n != 2:
            page.drawString(72, 700, f"Question {n}: why this company?")
        page.showPage()
    page.save()
    doc = read_path(str(path))
    assert doc.warnings == [f"{path}: page 3 has no text (scanned?); nothing on them was imported"]


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt=StandardEncryption("user-secret", "owner-secret"))
    page.drawString(72, 700, "Secret prep")
    page.save()
    with pytest.raises(ImportFormatError, match="this PDF is protected by a password; FlashDeck cannot open it"):
        read_path(str(path))


def test_a_pdf_with_only_an_owner_password_still_reads(tmp_path: Path) -> None:
    """Restrictions on copying, not a password to open: the user's own document reads."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "restricted.pdf"
    page = canvas.Canvas(str(path), encrypt=StandardEncryption("", "owner-secret", canCopy=0))
    page.drawString(72, 700, "Tell me about yourself")
    page.save()
    assert read_path(str(path)).lines() == ["Tell me about yourself"]


def test_a_damaged_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    good = write_pdf([Block.paragraph(LONG)], tmp_path / "good.pdf").read_bytes()
    with pytest.raises(ImportFormatError, match=r"^damaged\.pdf: this PDF is damaged or is not a PDF"):
        read_bytes(good[:300], source="damaged.pdf")


def test_a_pdf_over_the_page_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "huge.pdf"
    page = canvas.Canvas(str(path))
    for n in range(2000):
        page.drawString(72, 700, f"Page {n}")
        page.showPage()
    page.save()
    with pytest.raises(ImportFormatError) as caught:
        read_path(str(path))
    assert str(caught.value) == (f"{path}: this PDF has 2,000 pages; the limit is {MAX_PDF_PAGES:,} (split it, or "
                                 "import the pages you need)")


def test_a_table_set_with_tabs_is_read_as_rows_even_where_a_row_wraps(tmp_path: Path) -> None:
    # A generator that sets a table as lines of cells at tab stops (PDF tools copy it with tabs): a
    # long row wraps inside its first cell, at a cell boundary and inside its last cell.
    rows = [
        ["Requirement", "Evidence", "Status"],
        ["Kotlin services", "Two years on the billing API", "Covered"],
        ["Event-driven design across several teams that each own a part of the ingestion pipeline",
         LONG, "Partly covered, with a story about the invoice queue that still needs its numbers"],
        ["On-call", "Led the rota redesign", "Covered"],
    ]
    blocks = [Block.heading("Gap analysis", 1), *(Block.row(r) for r in rows), Block.paragraph("After the table.")]
    doc = blocks_of(tmp_path, blocks)
    assert [(b.kind, b.cells) for b in doc.blocks] == [
        (BlockKind.HEADING, ()), *((BlockKind.ROW, tuple(r)) for r in rows), (BlockKind.PARAGRAPH, ())]
    assert doc.lines()[2:6] == ["\t".join(r) for r in rows]  # one line per row, as a text file holds them
