"""PDF → the document model: the text layer, read with PDFium (pypdfium2).

PDFium gives the characters of each page in reading order, with the line
breaks it inferred (``\\r\\n`` it generated), each character's font weight and
size, and its box on the page. This module turns a page into
:class:`~flashdeck.readers.layout.Line` objects (runs of bold and plain text,
the line's position, its font size); :mod:`flashdeck.readers.layout` then takes
away the running headers and footers and joins the lines into headings,
paragraphs and list items. PDFium is asked once per character for the font
weight (bold runs inside a line become ``**bold**``) and only a few times per
line for anything else, which keeps a 50-page playbook well under a second.

Refused, with one line naming the file (and page): a PDF that is damaged, one
that needs a password, one with more pages than :data:`MAX_PDF_PAGES`, one with
no text at all (a scan: FlashDeck does not read images). Pages without text
among pages with text are reported as warnings.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from flashdeck.core.document import Document
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers.inline import Run
from flashdeck.readers.layout import Line, blocks_from_pages, remove_furniture

__all__ = ["MAX_PDF_PAGES", "read_pdf"]

# A 50-page playbook is the usual; a book of questions runs to a few hundred pages. Past this a
# "document" is an archive or a hostile file, and reading it would take the import past its time.
MAX_PDF_PAGES = 1000
# The characters of a whole PDF, bounded like a text file's (a PDF's text can be far larger than the file).
MAX_PDF_CHARS = 8_000_000
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.IGNORECASE)
_BOLD_WEIGHT = 600
_SOFT_HYPHENS = ("\u00ad",)


def read_pdf(data: bytes, source: str) -> Document:
    """The document of a PDF's text layer (see the module docstring for what is refused)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise ImportFormatError(_load_error(err), source=source) from None
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise ImportFormatError(
                f"this PDF has {count:,} pages; the limit is {MAX_PDF_PAGES:,} (split it, or import the pages "
                "you need)", source=source)
        title = str(pdf.get_metadata_dict(skip_empty=True).get("Title", "")).strip()
        pages, empty = _read_pages(pdf, source)
    finally:
        pdf.close()
    if all(not page for page in pages):
        raise ImportFormatError(
            "this PDF has no text; it is a scan — FlashDeck cannot read images (export it with its text, "
            "or run it through OCR first)", source=source)
    pages, furniture = remove_furniture(pages, geometric=True)
    blocks = blocks_from_pages(pages)
    warnings = []
    if empty:
        warnings.append(f"{source}: {_pages_phrase(empty)} no text (scanned?); nothing from them was imported")
    doc = Document(source=source, blocks=blocks, title=title, origin="pdf", warnings=warnings)
    doc.furniture = furniture  # type: ignore[attr-defined]  # for the tests and the curious
    return doc


def _load_error(err: Exception) -> str:
    import pypdfium2.raw as raw

    code = getattr(err, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "this PDF is protected by a password; FlashDeck cannot open it (save a copy without the password)"
    if code == raw.FPDF_ERR_SECURITY:
        return "this PDF is encrypted in a way FlashDeck cannot read (save a copy without the protection)"
    return "this PDF is damaged or is not a PDF (it could not be opened)"


def _pages_phrase(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]} has"
    shown = ", ".join(str(p) for p in pages[:10]) + (", …" if len(pages) > 10 else "")
    return f"pages {shown} have"


def _read_pages(pdf: Any, source: str) -> tuple[list[list[Line]], list[int]]:
    pages: list[list[Line]] = []
    empty: list[int] = []
    total = 0
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                lines = _page_lines(textpage, index + 1, page.get_height())
            finally:
                textpage.close()
        except ImportFormatError:
            raise
        except Exception as err:  # PDFium refuses a broken page: name it
            raise ImportFormatError(f"page {index + 1}: this page is damaged ({err})", source=source) from None
        finally:
            page.close()
        total += sum(len(line.text) for line in lines)
        if total > MAX_PDF_CHARS:
            raise ImportFormatError(
                f"page {index + 1}: this PDF holds more than {MAX_PDF_CHARS:,} characters of text; "
                "split it", source=source)
        if not lines:
            empty.append(index + 1)
        pages.append(lines)
    if len(empty) == len(pages):
        empty = []
    return pages, empty


class _Fonts:
    """Per-character font facts from PDFium, asked as rarely as a line needs them."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.textpage = textpage
        self.name = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.box = raw.FS_RECTF()
        self.bold_by_weight: dict[int, bool] = {}

    def bold(self, index: int, weight: int) -> bool:
        known = self.bold_by_weight.get(weight)
        if known is None or weight <= 0:
            # The weight alone is not enough for fonts without a descriptor: their name says "Bold".
            self.raw.FPDFText_GetFontInfo(self.textpage, index, self.name, 256, self.flags)
            by_name = bool(_BOLD_NAME.search(self.name.value.decode("latin-1", "replace")))
            known = weight >= _BOLD_WEIGHT or by_name
            if weight > 0 and not by_name:
                self.bold_by_weight[weight] = known
        return known

    def box_of(self, index: int) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of the character's loose box (font ascent to descent)."""
        self.raw.FPDFText_GetLooseCharBox(self.textpage, index, self.box)
        return self.box.left, self.box.right, self.box.bottom, self.box.top

    def size(self, index: int) -> float:
        return float(self.raw.FPDFText_GetFontSize(self.textpage, index))


def _page_lines(textpage: Any, page: int, height: float) -> list[Line]:
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer)
    if written - 1 == count:
        units = list(buffer[:count])
    else:  # PDFium left characters out or put some in: ask for each one (slower, exact)
        units = [raw.FPDFText_GetUnicode(textpage, i) & 0xFFFF for i in range(count)]
    weights = [raw.FPDFText_GetFontWeight(textpage, i) for i in range(count)]
    fonts = _Fonts(textpage)
    lines: list[Line] = []
    start = 0
    for index in range(count + 1):
        if index == count or units[index] in (0x0A, 0x0D):
            if index > start:
                line = _line(units, weights, fonts, start, index, page, height)
                if line is not None:
                    lines.append(line)
            start = index + 1
    return lines


_CONTROLS = {c: None for c in range(0x20) if c not in (0x02, 0x09)}


def _decode(units: list[int]) -> str:
    """UTF-16 code units as text; controls (PDFium's 0 for a character it cannot map) dropped."""
    text = bytes(b for u in units for b in (u & 0xFF, u >> 8)).decode("utf-16-le", "replace")
    # PDFium joins a word hyphenated across lines itself, marking the hyphen U+FFFE (2 in older
    # builds): whether the word keeps it is the layout's call (flashdeck.readers.layout.HYPHEN).
    return text.translate(_CONTROLS).replace("\t", " ").replace("\x02", "\ufffe")


def _line(units: list[int], weights: list[int], fonts: _Fonts, start: int, end: int, page: int,
          height: float) -> Line | None:
    visible = [i for i in range(start, end) if units[i] > 0x20 and not 0xDC00 <= units[i] <= 0xDFFF]
    if not visible:
        return None
    runs: list[Run] = []
    run_start, run_bold = start, fonts.bold(visible[0], weights[visible[0]])
    previous_weight, word_start = weights[visible[0]], False
    for i in range(visible[0] + 1, end):
        unit = units[i]
        if unit <= 0x20:
            word_start = True
            continue  # a space takes the style of the text before it
        weight = weights[i]
        # Fonts without a weight (-1) are told apart by name: asked again at each word.
        if weight != previous_weight or (weight <= 0 and word_start):
            previous_weight = weight
            bold = fonts.bold(i, weight)
            if bold != run_bold:
                runs.append(Run(_decode(units[run_start:i]), run_bold))
                run_start, run_bold = i, bold
        word_start = False
    runs.append(Run(_decode(units[run_start:end]), run_bold))
    first, last = visible[0], visible[-1]
    left, _, bottom, top = fonts.box_of(first)
    _, right, bottom2, top2 = fonts.box_of(last)
    sizes = sorted(fonts.size(i) for i in {first, visible[len(visible) // 2], last})
    size = sizes[len(sizes) // 2]
    text_length = max(1, sum(len(r.text) for r in runs))
    tail = runs[-1].text.rstrip()
    soft = bool(tail) and tail[-1] in _SOFT_HYPHENS
    if soft:
        runs[-1].text = tail[:-1] + "-"
    line_top = height - max(top, top2)
    line_height = max(max(top, top2) - min(bottom, bottom2), size, 1.0)
    return Line(runs, page, left, right, line_top, line_height, size=size,
                char_width=max((right - left) / text_length, 0.1), hyphen_end=soft, page_height=height)
