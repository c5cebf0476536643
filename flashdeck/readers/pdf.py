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
from array import array
from dataclasses import dataclass
from typing import Any

from flashdeck.core.document import Document
from flashdeck.core.import_limits import MAX_PDF_PAGES
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers.furniture import remove_furniture
from flashdeck.readers.inline import Run
from flashdeck.readers.layout import Line, blocks_from_pages

__all__ = ["MAX_PDF_PAGES", "read_pdf"]

# (MAX_PDF_PAGES, in flashdeck.core.import_limits: text a PDF tool extracted is held to it too.)
# The characters of a whole PDF, bounded like a text file's (a PDF's text can be far larger than the file).
MAX_PDF_CHARS = 2_000_000
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
        warnings.append(f"{source}: {_pages_phrase(empty)} no text (scanned?); nothing on them was imported")
    return Document(source=source, blocks=blocks, title=title, origin="pdf", warnings=warnings,
                    furniture=furniture)


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
                lines = _page_lines(page, textpage, index + 1, page.get_height())
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
    """Font facts from PDFium, asked as rarely as a page needs them."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.textpage = textpage
        self.name = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.box = raw.FS_RECTF()
        self.bold_by_weight: dict[int, bool] = {}

    def bold(self, index: int) -> bool:
        """Whether the character at ``index`` is set in a bold font (by weight, or by name when it has none)."""
        weight = self.raw.FPDFText_GetFontWeight(self.textpage, index)
        known = self.bold_by_weight.get(weight)
        if known is None:
            self.raw.FPDFText_GetFontInfo(self.textpage, index, self.name, 256, self.flags)
            by_name = bool(_BOLD_NAME.search(self.name.value.decode("latin-1", "replace")))
            known = weight >= _BOLD_WEIGHT or by_name
            if weight > 0 and not by_name:
                self.bold_by_weight[weight] = known  # a font without a weight (-1) is asked by name each time
        return known

    def box_of(self, index: int) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of the character's loose box (font ascent to descent)."""
        self.raw.FPDFText_GetLooseCharBox(self.textpage, index, self.box)
        return self.box.left, self.box.right, self.box.bottom, self.box.top

    def size(self, index: int) -> float:
        return float(self.raw.FPDFText_GetFontSize(self.textpage, index))


@dataclass(frozen=True)
class _Span:
    """A text object's vertical extent and whether its font is bold."""

    bottom: float
    top: float
    bold: bool


def _text_objects(page: Any) -> list[_Span] | None:
    """The page's text objects, or None when some sit in a form (their boxes are not the page's)."""
    import pypdfium2.raw as raw

    spans: list[_Span] = []
    fonts: dict[int | None, bool] = {}
    name = ctypes.create_string_buffer(256)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            return None
        if kind != raw.FPDF_PAGEOBJ_TEXT:
            continue
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value
        if key not in fonts:
            weight = raw.FPDFFont_GetWeight(font)
            raw.FPDFFont_GetBaseFontName(font, name, 256)
            fonts[key] = weight >= _BOLD_WEIGHT or bool(_BOLD_NAME.search(name.value.decode("latin-1", "replace")))
        raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        spans.append(_Span(bottom.value, top.value, fonts[key]))
    return spans


def _page_lines(page: Any, textpage: Any, number: int, height: float) -> list[Line]:
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer)
    if written - 1 == count:
        units = array("H", ctypes.string_at(buffer, count * 2))
    else:  # PDFium left characters out or put some in: ask for each one (slower, exact)
        units = array("H", (raw.FPDFText_GetUnicode(textpage, i) & 0xFFFF for i in range(count)))
    # One character per PDFium character index (a surrogate pair stays two), so slices line up with indices.
    text = "".join(map(chr, units))
    spans = _text_objects(page)
    uniform = None if spans is None or len({s.bold for s in spans}) != 1 else spans[0].bold
    fonts = _Fonts(textpage)
    lines: list[Line] = []
    start = 0
    while start <= count:
        end = text.find("\r\n", start)
        end = count if end < 0 else end
        if end > start and text[start:end].strip():
            line = _line(text, fonts, start, end, number, height, uniform, spans)
            if line is not None:
                lines.append(line)
        start = end + 2
    return lines


_CONTROLS = {c: None for c in range(0x20) if c not in (0x02, 0x09)}


def _decode(chars: str) -> str:
    """Characters as PDFium gave them (UTF-16 units) as text; controls (its 0 for a character it cannot map) dropped."""
    text = chars.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    # PDFium joins a word hyphenated across lines itself, marking the hyphen U+FFFE (2 in older
    # builds): whether the word keeps it is the layout's call (flashdeck.readers.layout.HYPHEN).
    # A tab is kept: between cells it marks a table row (flashdeck.readers.layout).
    return text.translate(_CONTROLS).replace("\x02", "\ufffe")


def _line_bold(spans: list[_Span] | None, bottom: float, top: float) -> bool | None:
    """Whether every text object across the line is bold (or none is); None when they differ or are unknown."""
    if spans is None:
        return None
    middle = (bottom + top) / 2
    found = {s.bold for s in spans if s.bottom <= middle <= s.top}
    return found.pop() if len(found) == 1 else None


def _line(text: str, fonts: _Fonts, start: int, end: int, page: int, height: float,
          uniform: bool | None, spans: list[_Span] | None) -> Line | None:
    chars = text[start:end]
    stripped = chars.strip()
    if not stripped:
        return None
    first = start + len(chars) - len(chars.lstrip())
    last = start + len(chars.rstrip()) - 1
    if "\udc00" <= text[last] <= "\udfff":  # the second half of a surrogate pair has no box of its own
        last -= 1
    left, _, bottom, top = fonts.box_of(first)
    _, right, bottom2, top2 = fonts.box_of(last)
    bold = uniform if uniform is not None else _line_bold(spans, min(bottom, bottom2), max(top, top2))
    if bold is not None:
        runs = [Run(_decode(chars), bold)]
    else:  # bold and plain text on one line: the font is asked at each word
        runs = []
        run_start, run_bold = start, fonts.bold(first)
        for i in range(first + 1, end):
            # Asked where a word starts and where letters meet punctuation ("**to**," bolds no comma).
            if text[i] > " " and (text[i - 1] <= " " or text[i].isalnum() != text[i - 1].isalnum()):
                word_bold = fonts.bold(i)
                if word_bold != run_bold:
                    runs.append(Run(_decode(text[run_start:i]), run_bold))
                    run_start, run_bold = i, word_bold
        runs.append(Run(_decode(text[run_start:end]), run_bold))
    size_first, size_last = fonts.size(first), fonts.size(last)
    # Two sizes agree, or the middle of the line breaks the tie (a large initial, a small badge).
    size = size_first if size_first == size_last else sorted(
        (size_first, size_last, fonts.size((first + last) // 2)))[1]
    text_length = max(1, sum(len(r.text) for r in runs))
    tail = runs[-1].text.rstrip()
    soft = bool(tail) and tail[-1] in _SOFT_HYPHENS
    if soft:
        runs[-1].text = tail[:-1] + "-"
    line_top = height - max(top, top2)
    line_height = max(max(top, top2) - min(bottom, bottom2), size, 1.0)
    return Line(runs, page, left, right, line_top, line_height, size=size,
                char_width=max((right - left) / text_length, 0.1), hyphen_end=soft, page_height=height)
