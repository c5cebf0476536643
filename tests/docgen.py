"""Test documents made here, from our own text, in the formats users have.

Every generator takes the same source, a list of :class:`~flashdeck.core.document.Block`
(usually from :func:`blocks_from_text`: one block per line of a text file, with
``**bold**`` kept inline), and writes it as a user's tool would. The lines are split
here, not by FlashDeck's own text reader: a generator must not see a document
through the code under test (a "Label: value" line the text reader calls a label
is a plain paragraph to a typesetter — bold only where the text says ``**…**``).

- :func:`write_pdf` — a PDF with a running header and a "… · Confidential · N"
  footer on every page, paragraphs wrapped at the page width, headings in two or
  three sizes, bold runs, bullets and numbers, optional soft hyphens, table rows
  set as lines of cells at tab stops (their tabs in the text layer, so PDF tools
  copy them with tabs, as the generated playbooks' tables come out); its fonts
  are built here (:mod:`fontTools`) so that any script — Cyrillic, Chinese,
  emoji — has glyphs and a text layer, with nothing needed from the system;
- :func:`write_docx` — Word with heading styles, bold runs, bold-only labels,
  bulleted and numbered lists nested by ``numPr``/``ilvl`` (as Word writes them)
  or by the "List Bullet 2" styles, and tables;
- :func:`html_page` / :func:`html_fragment` — a saved page with navigation,
  a sidebar, a footer, a form, scripts and styles around the content (semantic
  tags, or the ``<div class="nav">`` soup of older sites), or what a browser puts
  on the clipboard;
- :func:`extracted_text` — what a PDF tool pulls out of :func:`write_pdf`'s file:
  hard-wrapped lines, the header and footer on every page, form feeds or not.

Nothing here is a user's document: the text is ours (tests/data and the tests).
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from flashdeck.core.document import Block, BlockKind, Where

__all__ = [
    "blocks_from_text",
    "extracted_text",
    "html_fragment",
    "html_page",
    "write_docx",
    "write_pdf",
]

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CAPS_HEADING = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")

_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+•])|(?P<number>\d{1,3})[.)])[ \t]+(?P<text>\S.*)$")
_CHECK = re.compile(r"^\[(?P<mark>[ xX])\][ \t]+")


def _line_blocks(text: str) -> list[Block]:
    """One block per non-blank line: ``#`` headings, ``-``/``1.`` items (nested by indent, with boxes),
    tab-separated cells as a table row, anything else a paragraph."""
    blocks: list[Block] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        where = Where(line=number)
        if "\t" in line.strip():  # cells separated by tabs (as PDF tools copy a table): a row
            blocks.append(Block.row([cell.strip() for cell in line.strip().split("\t")], where))
        elif heading := _ATX.match(line):
            blocks.append(Block.heading(heading.group(2).strip(), len(heading.group(1)), where))
        elif item := _ITEM.match(line):
            body = item.group("text")
            checked = None
            if box := _CHECK.match(body):
                checked = box.group("mark") != " "
                body = body[box.end():]
            number_text = item.group("number")
            blocks.append(Block.item(body.strip(), len(item.group("indent").replace("\t", "    ")) // 2,
                                     ordered=number_text is not None,
                                     number=int(number_text) if number_text else None, checked=checked, where=where))
        else:
            blocks.append(Block.paragraph(line.strip(), where))
    return blocks


def blocks_from_text(text: str, *, caps_headings: bool = True, title: bool = True,
                     join_wrapped: bool = False) -> list[Block]:
    """One block per line of ``text`` (Markdown headings and list items kept), styled as a generator would.

    Short ALL-CAPS lines become level-2 headings and, with ``title``, the first line a level-1 heading:
    their text is unchanged, so the document's plain lines are the text file's lines. With
    ``join_wrapped`` (hand-written Markdown), a line that carries a sentence on from the line above
    (mid-sentence, in lower case) joins it: the author wrapped it, a Word or HTML paragraph would not.
    """
    source = _line_blocks(text)
    if join_wrapped:
        joined: list[Block] = []
        for block in source:
            last = joined[-1] if joined else None
            if last is not None and block.kind is last.kind is BlockKind.PARAGRAPH \
                    and block.where.line == (last.where.line or 0) + 1 + last.text.count("\n") \
                    and (last.text[-1:].isalpha() or last.text.endswith(",")) and block.text[:1].islower():
                joined[-1] = Block.paragraph(f"{last.text}\n{block.text}", last.where)
            else:
                joined.append(block)
        source = [Block.paragraph(b.text.replace("\n", " "), b.where) if b.kind is BlockKind.PARAGRAPH else b
                  for b in joined]
    blocks = []
    for n, block in enumerate(source):
        if block.kind is BlockKind.PARAGRAPH and not _BOLD.search(block.text):
            if title and n == 0:
                block = Block.heading(block.text, 1)
            elif caps_headings and _CAPS_HEADING.match(block.text) and 2 <= len(block.text) <= 70 \
                    and sum(c.isalpha() for c in block.text) >= 3:
                block = Block.heading(block.text, 2)
        blocks.append(block)
    return blocks


def runs(text: str) -> list[tuple[str, bool]]:
    """``"a **b** c"`` → ``[("a ", False), ("b", True), (" c", False)]``."""
    out, last = [], 0
    for match in _BOLD.finditer(text):
        if match.start() > last:
            out.append((text[last:match.start()], False))
        out.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


# --- fonts ------------------------------------------------------------------------------------------

_FONT_SERIAL = 0
_FONT_DIR = Path(tempfile.gettempdir()) / "flashdeck-test-fonts"
_BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "•◦·–—‘’“”…→✓☐☑€£é"
# A table row's cells are set apart by a tab: a blank glyph as wide as a tab stop, which the
# font's ToUnicode map reads back as U+0009 (reportlab would collapse a real tab into a space).
_TAB = "\ue009"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF" or ord(ch) >= 0x1F000


def _advance(ch: str, bold: bool) -> int:
    if ch == _TAB:
        width = 1400
    elif ch == " ":
        width = 280
    elif _wide(ch):
        width = 1000
    elif ch in "il.,;:'|!`ıjf" or ch == "\u00ad":
        width = 260
    elif ch.isupper() or ch in "mwMW@%":
        width = 700
    elif ch.isdigit():
        width = 560
    else:
        width = 520
    return int(width * 1.06) if bold else width


def _font_file(chars: str, bold: bool) -> Path:
    """A TrueType font with a box glyph for each of ``chars`` (cached by its character set)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cps = sorted({ord(c) for c in chars + _BASE_CHARS + _TAB if c.isprintable() or c in ("\u00ad", _TAB)})
    digest = hashlib.sha1(repr((cps, bold)).encode()).hexdigest()[:16]
    style = "Bold" if bold else "Regular"
    path = _FONT_DIR / f"FDTestSans-{style}-{digest}.ttf"
    if path.exists():
        return path
    _FONT_DIR.mkdir(exist_ok=True)
    names = [".notdef"] + [f"uni{cp:04X}" if cp < 0x10000 else f"u{cp:05X}" for cp in cps]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({cp: name for cp, name in zip(cps, names[1:], strict=True)})
    glyphs, metrics = {}, {}
    for name, cp in [(".notdef", 0x25A1), *zip(names[1:], cps, strict=True)]:
        ch = chr(cp)
        advance = _advance(ch, bold)
        pen = TTGlyphPen(None)
        if not ch.isspace() and ch not in ("\u00ad", _TAB):
            pen.moveTo((40, 0))
            pen.lineTo((40, 700))
            pen.lineTo((advance - 40, 700))
            pen.lineTo((advance - 40, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
        metrics[name] = (advance, 40)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=900, descent=-250)
    ps_name = f"FDTestSans{digest[:6]}-{style}"
    builder.setupNameTable({"familyName": "FDTestSans", "styleName": style, "psName": ps_name,
                            "uniqueFontIdentifier": ps_name, "fullName": f"FDTestSans {style}"})
    builder.setupOS2(usWeightClass=700 if bold else 400, sTypoAscender=900, sTypoDescender=-250,
                     usWinAscent=900, usWinDescent=250, fsSelection=0x20 if bold else 0x40)
    builder.setupPost()
    builder.font["head"].macStyle = 1 if bold else 0
    tmp = path.with_suffix(f".{id(builder)}.tmp")
    builder.save(str(tmp))
    tmp.replace(path)  # atomic: parallel test processes may build the same font
    return path


def _utf16_hex(cp: int) -> str:
    return chr(9 if cp == ord(_TAB) else cp).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode map with characters outside the BMP written as UTF-16 (it writes ``<1F3AF>``)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def _register_fonts(chars: str) -> tuple[str, str]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = _font_file(chars, False), _font_file(chars, True)
    # Fresh names for every document: reportlab keeps per-font state that must not carry over.
    global _FONT_SERIAL
    _FONT_SERIAL += 1
    names = (f"FDTestSans-{_FONT_SERIAL}", f"FDTestSans-Bold-{_FONT_SERIAL}")
    pdfmetrics.registerFont(TTFont(names[0], str(regular)))
    pdfmetrics.registerFont(TTFont(names[1], str(bold)))
    for italic in (0, 1):
        addMapping(names[0], 0, italic, names[0])
        addMapping(names[0], 1, italic, names[1])
    return names


# --- PDF --------------------------------------------------------------------------------------------


def _pdf_markup(text: str) -> str:
    return "".join(f"<b>{html.escape(t, quote=False)}</b>" if bold else html.escape(t, quote=False)
                   for t, bold in runs(text))


def write_pdf(blocks: Sequence[Block], path: Path, *, header: str = "", footer: str = "",
              page_numbers: bool = True, page_break_before_h1: bool = False, font_size: float = 10.5,
              pagesize: tuple[float, float] = (595.0, 842.0), title: str = "") -> Path:
    """The blocks as a PDF a generator would make (see the module docstring)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer

    chars = "".join(b.text + "".join(b.cells) for b in blocks) + header + footer + title
    regular, bold = _register_fonts(chars)
    cjk = any(_wide(c) and ord(c) < 0x1F000 for c in chars)
    body = ParagraphStyle("body", fontName=regular, fontSize=font_size, leading=font_size * 1.35,
                          spaceAfter=font_size * 0.7, embeddedHyphenation=1, uriWasteReduce=0.3,
                          wordWrap="CJK" if cjk else None)
    headings = {
        1: ParagraphStyle("h1", parent=body, fontName=bold, fontSize=font_size * 2, leading=font_size * 2.4,
                          spaceBefore=font_size, spaceAfter=font_size),
        2: ParagraphStyle("h2", parent=body, fontName=bold, fontSize=font_size * 1.45, leading=font_size * 1.8,
                          spaceBefore=font_size * 0.8, spaceAfter=font_size * 0.5),
        3: ParagraphStyle("h3", parent=body, fontName=bold, fontSize=font_size * 1.25, leading=font_size * 1.55,
                          spaceBefore=font_size * 0.6, spaceAfter=font_size * 0.4),
        4: ParagraphStyle("h4", parent=body, fontName=bold, fontSize=font_size * 1.13, leading=font_size * 1.45,
                          spaceBefore=font_size * 0.5, spaceAfter=font_size * 0.3),
    }
    story: list[object] = []
    counters: dict[int, int] = {}
    for n, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            if page_break_before_h1 and block.level == 1 and n > 0:
                story.append(PageBreak())
            story.append(Paragraph(_pdf_markup(block.text), headings[min(block.level, 4)]))
        elif block.kind is BlockKind.ITEM:
            indent = 18 * (block.level + 1)
            style = ParagraphStyle(f"item{block.level}", parent=body, leftIndent=indent, bulletIndent=indent - 12,
                                   bulletFontName=regular,
                                   spaceAfter=font_size * 0.25)
            if block.ordered:
                counters[block.level] = block.number or counters.get(block.level, 0) + 1
                bullet = f"{counters[block.level]}."
            else:
                bullet = "•" if block.level % 2 == 0 else "◦"
            text = block.text
            if block.checked is not None:
                text = ("☑ " if block.checked else "☐ ") + text
            story.append(Paragraph(_pdf_markup(text), style, bulletText=bullet))
        elif block.kind is BlockKind.ROW:  # a line of cells at tab stops, wrapped like a paragraph
            story.append(Paragraph(_TAB.join(_pdf_markup(c) for c in block.cells), body))
        elif block.kind is BlockKind.LABEL:
            story.append(Paragraph(f"<b>{html.escape(block.label)}:</b> {_pdf_markup(block.text)}", body))
        elif "\u00ad" in block.text:
            story.append(Paragraph(_hyphenated(block.text, regular, font_size, pagesize[0] - 144), body))
        else:
            story.append(Paragraph(_pdf_markup(block.text), body))
        if block.kind is not BlockKind.ITEM:
            counters.clear()
    if not story:
        story.append(Spacer(1, 1))

    def running_header(canvas: Any, doc: Any) -> None:
        if header:
            canvas.saveState()
            canvas.setFont(regular, 8)
            canvas.drawString(72, pagesize[1] - 40, header)
            canvas.restoreState()

    def running_footer(canvas: Any, doc: Any) -> None:  # drawn last: PDF tools read it last, as pdftotext does
        canvas.saveState()
        canvas.setFont(regular, 8)
        number = canvas.getPageNumber()
        if footer:
            canvas.drawRightString(pagesize[0] - 72, 36, f"{footer} · {number}" if page_numbers else footer)
        elif page_numbers:
            canvas.drawCentredString(pagesize[0] / 2, 36, str(number))
        canvas.restoreState()

    doc = BaseDocTemplate(str(path), pagesize=pagesize, leftMargin=72, rightMargin=72, topMargin=72,
                          bottomMargin=72, title=title, author="FlashDeck tests")
    frame = Frame(72, 72, pagesize[0] - 144, pagesize[1] - 144, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=running_header,
                                       onPageEnd=running_footer)])
    doc.build(story)
    return path


def _hyphenated(text: str, font: str, size: float, width: float) -> str:
    """Plain text wrapped here, breaking words at their soft hyphens as a typesetter does (``para-`` / ``graph``)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(s: str) -> float:
        return float(stringWidth(s.replace("\u00ad", ""), font, size))

    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if measure(trial) <= width:
            line = trial
            continue
        pieces = word.split("\u00ad")
        head = ""
        for n in range(len(pieces) - 1, 0, -1):  # the longest start of the word that still fits, with its hyphen
            candidate = "".join(pieces[:n])
            if measure(f"{line} {candidate}-" if line else f"{candidate}-") <= width:
                head = candidate
                word = "\u00ad".join(pieces[n:])
                break
        lines.append((f"{line} {head}-" if line else f"{head}-") if head else line)
        line = word
    lines.append(line)
    return "<br/>".join(html.escape(ln.replace("\u00ad", ""), quote=False) for ln in lines if ln)


def extracted_text(pdf: Path, *, form_feeds: bool = True, tool: str = "pdfium") -> str:
    """The text a PDF tool pulls out of ``pdf``: hard-wrapped lines, furniture and all.

    ``pdfium`` gives each page's lines (as pdftotext does, a form feed between pages
    unless ``form_feeds`` is false); ``pdfminer`` adds blank lines between text boxes.
    """
    if tool == "pdfminer":
        from pdfminer.high_level import extract_text

        text = extract_text(str(pdf))
    else:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(pdf))
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n") + "\n")
            textpage.close()
            page.close()
        document.close()
        text = "\f".join(pages)
    return text if form_feeds else text.replace("\f", "\n")


# --- DOCX -------------------------------------------------------------------------------------------


def write_docx(blocks: Sequence[Block], path: Path, *, lists: str = "numpr", title: str = "",
               bold_labels: bool = True) -> Path:
    """The blocks as a Word file: heading styles, bold runs, nested lists (``numpr`` or ``styles``), tables."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    document = docx.Document()
    if title:
        document.core_properties.title = title
    bullet_num, ordered_num = _docx_numbering(document)
    table = None
    for block in blocks:
        if block.kind is not BlockKind.ROW:
            table = None
        if block.kind is BlockKind.HEADING:
            paragraph = document.add_heading("", level=min(block.level, 9))
            _docx_runs(paragraph, block.text)
        elif block.kind is BlockKind.ITEM:
            level = min(block.level, 8)
            text = block.text
            if block.checked is not None:
                text = ("☑ " if block.checked else "☐ ") + text
            if lists == "styles":
                base = "List Number" if block.ordered else "List Bullet"
                paragraph = document.add_paragraph(style=base if level == 0 else f"{base} {min(level + 1, 3)}")
            else:
                paragraph = document.add_paragraph(style="List Paragraph")
                num_pr = OxmlElement("w:numPr")
                ilvl = OxmlElement("w:ilvl")
                ilvl.set(qn("w:val"), str(level))
                num_id = OxmlElement("w:numId")
                num_id.set(qn("w:val"), str(ordered_num if block.ordered else bullet_num))
                num_pr.append(ilvl)
                num_pr.append(num_id)
                paragraph._p.get_or_add_pPr().append(num_pr)
            _docx_runs(paragraph, text)
        elif block.kind is BlockKind.ROW:
            if table is None:
                table = document.add_table(rows=0, cols=len(block.cells))
                table.style = "Table Grid"
            row = table.add_row()
            for cell, text in zip(row.cells, block.cells, strict=False):
                _docx_runs(cell.paragraphs[0], text)
        elif block.kind is BlockKind.LABEL:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{block.label}:").bold = bold_labels
            _docx_runs(paragraph, " " + block.text)
        else:
            paragraph = document.add_paragraph()
            _docx_runs(paragraph, block.text)
    document.save(str(path))
    return path


def _docx_runs(paragraph: object, text: str) -> None:
    for part, bold in runs(text):
        run = paragraph.add_run(part)  # type: ignore[attr-defined]
        if bold:
            run.bold = True


def _docx_numbering(document: object) -> tuple[int, int]:
    """Add a bullet and a decimal multi-level list to the numbering part; their numIds."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    ids = []
    for abstract_id, fmt in ((90, "bullet"), (91, "decimal")):
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{"•" if fmt == "bullet" else f"%{i + 1}."}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for i in range(9))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
        numbering.insert(0, abstract)
        num_id = abstract_id - 80
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
        ids.append(num_id)
    return ids[0], ids[1]


# --- HTML -------------------------------------------------------------------------------------------


def _html_inline(text: str) -> str:
    return "".join(f"<strong>{html.escape(t)}</strong>" if bold else html.escape(t) for t, bold in runs(text))


def html_body(blocks: Sequence[Block]) -> str:
    """The blocks as HTML: headings, paragraphs, nested ``<ul>``/``<ol>``, tables, ``<b>`` labels."""
    out: list[str] = []
    open_lists: list[str] = []  # the list tags open, one per nesting level (each with an open <li>)
    in_table = False
    for block in blocks:
        if block.kind is not BlockKind.ROW and in_table:
            out.append("</table>")
            in_table = False
        if block.kind is BlockKind.ITEM:
            tag = "ol" if block.ordered else "ul"
            depth = block.level + 1
            while len(open_lists) > depth:
                out.append(f"</li></{open_lists.pop()}>")
            if len(open_lists) == depth and open_lists[-1] != tag:
                out.append(f"</li></{open_lists.pop()}>")
            if len(open_lists) == depth:
                out.append("</li>")
            while len(open_lists) < depth:
                open_lists.append(tag if len(open_lists) == depth - 1 else "ul")
                out.append(f"<{open_lists[-1]}>")
                if len(open_lists) < depth:
                    out.append("<li>")
            box = ""
            if block.checked is not None:
                box = f'<input type="checkbox" disabled{" checked" if block.checked else ""}> '
            out.append("<li>" + box + _html_inline(block.text))
            continue
        while open_lists:
            out.append(f"</li></{open_lists.pop()}>")
        if block.kind is BlockKind.HEADING:
            out.append(f"<h{block.level}>{_html_inline(block.text)}</h{block.level}>")
        elif block.kind is BlockKind.ROW:
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in block.cells) + "</tr>")
        elif block.kind is BlockKind.LABEL:
            out.append(f"<p><b>{html.escape(block.label)}:</b> {_html_inline(block.text)}</p>")
        else:
            out.append(f"<p>{_html_inline(block.text)}</p>")
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    if in_table:
        out.append("</table>")
    return "\n".join(out)


_NAV = ["Home", "Guides", "Pricing", "Sign in"]


def html_page(blocks: Sequence[Block], *, title: str = "Prep guide", semantic: bool = True,
              charset: str = "utf-8") -> str:
    """A whole saved page: the content among navigation, a sidebar, a cookie form, a footer, scripts, styles."""
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in _NAV)
    related = "".join(f'<li><a href="/g/{i}">Related guide number {i} about interviews</a></li>' for i in range(6))
    content = html_body(blocks)
    script = "<script>window.dataLayer=[];function track(){return 'Sign up for our newsletter today';}</script>"
    style = "<style>body{font-family:sans-serif} .nav li{display:inline}</style>"
    cookie = ('<form class="cookie" action="/consent"><p>We use cookies to improve your experience.</p>'
              '<button>Accept all</button><label>Email <input name="email"></label></form>')
    if semantic:
        body = (f'<header><a class="logo" href="/">PrepSite</a><nav><ul>{nav}</ul></nav></header>'
                f'<div class="layout"><aside><h3>Related guides</h3><ul>{related}</ul></aside>'
                f'<main><article>{content}</article></main></div>{cookie}'
                f'<footer><p>© 2027 PrepSite Ltd. All rights reserved.</p><p><a href="/terms">Terms</a> · '
                f'<a href="/privacy">Privacy</a></p></footer>')
    else:
        body = (f'<div id="header"><div class="logo">PrepSite</div><div class="nav menu"><ul>{nav}</ul></div></div>'
                f'<div id="wrapper"><div class="sidebar widget-area"><div class="widget-title">Related guides</div>'
                f'<ul>{related}</ul></div><div id="content" class="post-content entry-content">{content}</div></div>'
                f'<div class="cookie-banner">{cookie}</div>'
                f'<div id="footer" class="footer"><p>© 2027 PrepSite Ltd. All rights reserved.</p>'
                f'<p><a href="/terms">Terms</a> · <a href="/privacy">Privacy</a></p></div>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="{charset}"><title>{html.escape(title)}</title>'
            f'{style}{script}</head><body>{body}{script}</body></html>\n')


def html_fragment(blocks: Sequence[Block]) -> str:
    """What a browser puts on the clipboard when the user copies the content (Chrome's markers included)."""
    return ("<html><body>\n<!--StartFragment-->" + html_body(blocks) + "<!--EndFragment-->\n</body></html>")


def lines_of(blocks: Iterable[Block]) -> list[str]:
    """The blocks as the text file they came from: one line each (for comparisons)."""
    return [b.plain() for b in blocks]
