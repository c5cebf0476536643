"""Word (.docx) → the document model, read with python-docx.

python-docx opens the package (its relationships, styles and numbering); the
body is then walked in document order as lxml elements, which keeps a
300-page file well under a second:

- a paragraph's style gives its heading level ("Heading 2", "Title", or the
  outline level a localised style carries);
- its numbering (``numPr`` on the paragraph or its style) makes it a list item:
  the level from ``ilvl`` (or a "List Bullet 2" style), bullet or number from the
  numbering definition, the number counted as Word counts it;
- runs bold by direct formatting or by style become ``**bold**``; a paragraph bold
  throughout is a heading or a label, by the rule every reader shares
  (:func:`flashdeck.readers.inline.paragraph_block`); a line break inside a
  paragraph (Shift+Enter) splits it;
- each table row becomes a row block; deleted tracked changes are left out.

Headers and footers live in parts of their own and are never read: a Word file
has no page furniture in its body. Refused with one line: a file that is not a
zip (a damaged one), an encrypted file (an OLE container, not a zip), an old
.doc, and a zip that would unpack past :data:`MAX_DOCX_UNPACKED` (a zip bomb).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from flashdeck.core.document import Block, BlockKind, Document, Where
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers.inline import Run, checkbox_prefix, markdown, paragraph_block, plain
from flashdeck.readers.sniff import OLE_SIGNATURE

__all__ = ["MAX_DOCX_PARTS", "MAX_DOCX_UNPACKED", "OLE_SIGNATURE", "ole_error", "read_docx"]

# python-docx unpacks every part into memory: bounded here by what the zip declares (zipfile
# never inflates a member past its declared size, so a lying header ends in a CRC error, not a bomb).
MAX_DOCX_UNPACKED = 96 * 1024 * 1024
MAX_DOCX_DOCUMENT_XML = 1024 * 1024  # the body's XML: a hundred pages or more of text
MAX_DOCX_PARTS = 5000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list (?:bullet|number|continue|paragraph)\s*(\d)?$", re.IGNORECASE)
_FALSE = {"0", "false", "off", "none"}


def ole_error(data: bytes) -> str:
    """What an OLE compound file (not a zip) is, said for a user."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return ("this Word file is protected by a password (encrypted); FlashDeck cannot open it "
                "(save a copy without the password)")
    if "WordDocument".encode("utf-16-le") in data:
        return "this is an old Word document (.doc); open it in Word or LibreOffice and save it as .docx"
    return "this is an old Office document (.doc/.xls/.ppt), not one FlashDeck reads; save it as .docx"


def _check_zip(data: bytes, source: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFormatError("this Word file is damaged (not a complete zip archive)", source=source) from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            what = ("an Excel workbook" if "xl/workbook.xml" in names else
                    "a PowerPoint presentation" if "ppt/presentation.xml" in names else
                    "an OpenDocument file (save it as .docx)" if "mimetype" in names else "a zip archive")
            raise ImportFormatError(f"this is {what}, not a Word document FlashDeck reads", source=source)
        if len(infos) > MAX_DOCX_PARTS:
            raise ImportFormatError(f"this Word file holds {len(infos):,} parts; the limit is {MAX_DOCX_PARTS:,}",
                                    source=source)
        unpacked = sum(info.file_size for info in infos)
        body = archive.getinfo("word/document.xml").file_size
        if unpacked > MAX_DOCX_UNPACKED or body > MAX_DOCX_DOCUMENT_XML:
            size = max(unpacked, body) // (1024 * 1024)
            raise ImportFormatError(
                f"this Word file unpacks to {size:,} MB; the limit is {MAX_DOCX_UNPACKED // (1024 * 1024)} MB "
                f"({MAX_DOCX_DOCUMENT_XML // (1024 * 1024)} MB of text) — a zip bomb, or far more than "
                "prep notes", source=source)


def read_docx(data: bytes, source: str) -> Document:
    """The blocks of a Word file's body (see the module docstring for what is refused)."""
    if data.startswith(OLE_SIGNATURE):
        raise ImportFormatError(ole_error(data), source=source)
    _check_zip(data, source)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise ImportFormatError(f"this Word file is damaged ({err})", source=source) from None
    except Exception as err:  # lxml.etree.XMLSyntaxError and python-docx's own errors
        raise ImportFormatError(f"this Word file is damaged ({type(err).__name__}: {err})", source=source) from None
    reader = _Body(document)
    blocks = reader.blocks()
    title = (document.core_properties.title or "").strip()
    return Document(source=source, blocks=blocks, title=title, origin="docx")


class _Body:
    """Walks ``w:body`` with what the styles and numbering parts say about each paragraph."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles = {s.get(f"{_W}styleId"): s for s in document.styles.element.iterchildren(f"{_W}style")}
        self.abstract_of: dict[str, Any] = {}
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.default_style = next((sid for sid, el in self.styles.items() if el.get(f"{_W}default") == "1"
                                   and el.get(f"{_W}type") == "paragraph"), None)
        self.memo: dict[tuple[str, str | None], Any] = {}  # per-style answers: a long file has few styles
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            abstracts = {a.get(f"{_W}abstractNumId"): a for a in numbering.iterchildren(f"{_W}abstractNum")}
            for num in numbering.iterchildren(f"{_W}num"):
                ref = num.find(f"{_W}abstractNumId")
                if ref is not None and ref.get(f"{_W}val") in abstracts:
                    self.abstract_of[num.get(f"{_W}numId")] = abstracts[ref.get(f"{_W}val")]

    # --- styles ---

    def _style_chain(self, style_id: str | None) -> Iterator[Any]:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None

    def _style_value(self, style_id: str | None, path: str) -> Any:
        key = (path, style_id)
        if key not in self.memo:
            self.memo[key] = next((found for style in self._style_chain(style_id)
                                   if (found := style.find(path)) is not None), None)
        return self.memo[key]

    def heading_level(self, style_id: str | None, ppr: Any) -> int | None:
        outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
        if outline is None:
            key = ("heading", style_id)
            if key not in self.memo:
                self.memo[key] = self._style_heading_level(style_id)
            return self.memo[key]
        value = outline.get(f"{_W}val", "")
        return int(value) + 1 if value.isdigit() and int(value) < 9 else None

    def _style_heading_level(self, style_id: str | None) -> int | None:
        for style in self._style_chain(style_id):
            name = style.find(f"{_W}name")
            label = (name.get(f"{_W}val") if name is not None else "") or ""
            if label.casefold() in ("title",):
                return 1
            if match := _HEADING_STYLE.match(label):
                return int(match.group(1))
        outline = self._style_value(style_id, f"{_W}pPr/{_W}outlineLvl")
        if outline is not None and (value := outline.get(f"{_W}val", "")).isdigit() and int(value) < 9:
            return int(value) + 1
        return None

    def _style_bold(self, style_id: str | None) -> bool:
        bold = self._style_value(style_id, f"{_W}rPr/{_W}b")  # memoised
        return bold is not None and bold.get(f"{_W}val", "true").lower() not in _FALSE

    # --- numbering ---

    def list_item(self, style_id: str | None, ppr: Any) -> tuple[int, bool, int | None] | None:
        """(level, ordered, number) of a numbered paragraph, or None."""
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            num_pr = self._style_value(style_id, f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return None
        num = num_pr.find(f"{_W}numId")
        num_id = num.get(f"{_W}val") if num is not None else None
        if not num_id or num_id == "0":
            return None
        ilvl_el = num_pr.find(f"{_W}ilvl")
        ilvl = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else 0
        depth = max(ilvl, self._list_style_depth(style_id))
        fmt, start = self._format(num_id, ilvl)
        ordered = fmt not in ("bullet", "none")
        counters = self.counters.setdefault(num_id, [0] * 9)
        level = min(ilvl, 8)
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        return min(depth, 8), ordered, counters[level] if ordered else None

    def _list_style_depth(self, style_id: str | None) -> int:
        """The nesting a "List Bullet 2" style's name gives (0 for other styles)."""
        key = ("list-depth", style_id)
        if key not in self.memo:
            depth = 0
            for style in self._style_chain(style_id):
                name = style.find(f"{_W}name")
                match = _LIST_STYLE.match(name.get(f"{_W}val", "") if name is not None else "")
                if match and match.group(1):
                    depth = int(match.group(1)) - 1
                    break
            self.memo[key] = depth
        return self.memo[key]

    def _format(self, num_id: str, ilvl: int) -> tuple[str, int]:
        key = (num_id, ilvl)
        if key not in self.formats:
            fmt, start = "bullet", 1
            abstract = self.abstract_of.get(num_id)
            if abstract is not None:
                for lvl in abstract.iterchildren(f"{_W}lvl"):
                    if lvl.get(f"{_W}ilvl") == str(ilvl):
                        num_fmt, start_el = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}start")
                        fmt = num_fmt.get(f"{_W}val", "bullet") if num_fmt is not None else "bullet"
                        value = start_el.get(f"{_W}val", "1") if start_el is not None else "1"
                        start = int(value) if value.isdigit() else 1
            self.formats[key] = (fmt, start)
        return self.formats[key]

    # --- the body ---

    def blocks(self) -> list[Block]:
        body = self.document.element.body
        out: list[Block] = []
        bold_headings: set[int] = set()
        for element in body.iterchildren():
            if element.tag == f"{_W}p":
                self._paragraph(element, out, bold_headings)
            elif element.tag == f"{_W}tbl":
                self._table(element, out)
            elif element.tag == f"{_W}sdt":  # a content control around paragraphs
                for child in element.iter(f"{_W}p"):
                    self._paragraph(child, out, bold_headings)
        real = [b.level for n, b in enumerate(out) if b.kind is BlockKind.HEADING and n not in bold_headings]
        level = min(6, max(real, default=0) + 1)
        return [Block.heading(b.text, level, b.where) if n in bold_headings else b for n, b in enumerate(out)]

    def _paragraph(self, p: Any, out: list[Block], bold_headings: set[int]) -> None:
        ppr = p.find(f"{_W}pPr")
        style_el = ppr.find(f"{_W}pStyle") if ppr is not None else None
        style_id = style_el.get(f"{_W}val") if style_el is not None else None
        if style_id is None:
            style_id = self.default_style
        lines = self._lines(p, self._style_bold(style_id))
        if not any(plain(line) for line in lines):
            return
        level = self.heading_level(style_id, ppr)
        item = self.list_item(style_id, ppr) if level is None else None
        for n, runs in enumerate(lines):
            if not plain(runs):
                continue
            if level is not None:
                out.append(Block.heading(plain(runs), level, Where()))
            elif item is not None:
                depth, ordered, number = item
                checked, text = checkbox_prefix(markdown(runs))
                out.append(Block.item(text, depth if n == 0 else depth + 1, ordered=ordered and n == 0,
                                      number=number if n == 0 else None, checked=checked))
            elif (block := paragraph_block(runs, Where(), bold_level=6)) is not None:
                if block.kind is BlockKind.HEADING:
                    bold_headings.add(len(out))
                out.append(block)

    def _lines(self, p: Any, style_bold: bool) -> list[list[Run]]:
        """The paragraph's runs, split at line breaks; deleted (tracked) text left out."""
        lines: list[list[Run]] = [[]]
        for run in p.iter(f"{_W}r"):
            if any(a.tag in (f"{_W}del", f"{_W}moveFrom") for a in run.iterancestors()):
                continue
            rpr = run.find(f"{_W}rPr")
            bold = style_bold
            if rpr is not None:
                char_style = rpr.find(f"{_W}rStyle")
                if char_style is not None and self._style_bold(char_style.get(f"{_W}val")):
                    bold = True
                b = rpr.find(f"{_W}b")
                if b is not None:
                    bold = b.get(f"{_W}val", "true").lower() not in _FALSE
            for child in run:
                tag = child.tag
                if tag == f"{_W}t":
                    lines[-1].append(Run(child.text or "", bold))
                elif tag == f"{_W}tab":
                    lines[-1].append(Run(" ", bold))
                elif tag in (f"{_W}br", f"{_W}cr"):
                    lines.append([])
                elif tag == f"{_W}noBreakHyphen":
                    lines[-1].append(Run("-", bold))
        return lines

    def _table(self, table: Any, out: list[Block]) -> None:
        for row in table.iter(f"{_W}tr"):
            cells = []
            for cell in row.iterchildren(f"{_W}tc"):
                texts = [markdown(run for line in self._lines(p, False) for run in line)
                         for p in cell.iter(f"{_W}p")]
                cells.append(" ".join(t for t in texts if t))
            if any(cells):
                out.append(Block.row(cells))
