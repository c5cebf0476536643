"""HTML → the document model: a saved page's main content, or HTML from the clipboard.

lxml parses the page (as forgiving as a browser). What is never content goes
first: scripts, styles, forms, hidden elements, and the page's chrome — ``nav``,
``aside``, the page's ``header`` and ``footer``, ARIA navigation, banner,
contentinfo and complementary regions. The main content is then ``<main>`` (or
``role="main"``), else the page's ``<article>``; a page that marks neither
(``<div id="content">`` among ``<div class="sidebar">``) is handed to
readability-lxml, whose choice of the content's container is kept — its own
cleaned output is not, since it drops short lists and tables. HTML without page
chrome (a clipboard fragment) is content throughout.

The content becomes blocks: ``h1``–``h6`` headings, paragraphs, nested ``ul``/
``ol`` items (with ``<input type=checkbox>`` or Notion's ``checkbox-on`` ticks),
table rows, ``dt``/``dd`` labels, ``<br>`` as a line break; ``b``/``strong``
(and ``font-weight: bold``) runs become ``**bold**``, and a paragraph that is bold
throughout a heading or a label, by the same rule as a PDF's
(:func:`flashdeck.readers.inline.paragraph_block`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flashdeck.core.document import Block, BlockKind, Document, Where
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers.inline import Run, markdown, paragraph_block, plain
from flashdeck.readers.sniff import looks_like_html

__all__ = ["MAX_HTML_ELEMENTS", "looks_like_html", "read_html"]

# A long article is a few thousand elements; a 30 MB page of markup is a million. Past this the
# page is refused (one line) rather than making the import slow and large.
MAX_HTML_ELEMENTS = 30_000

_SKIP = {"script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed",
         "form", "button", "select", "textarea", "nav", "aside", "dialog", "head", "title", "meta", "link",
         "video", "audio", "map", "img", "picture"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
                 "menu", "menubar", "toolbar", "tablist"}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "figure",
           "figcaption", "address", "details", "summary", "center", "fieldset", "hgroup", "body", "html",
           "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
           "tfoot", "tr", "td", "th", "caption", "hr"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.IGNORECASE)
_NORMAL_STYLE = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def read_html(text: str, source: str) -> Document:
    """The blocks of an HTML page's main content (or of a whole fragment)."""
    import lxml.html
    from lxml import etree

    if not text.strip():
        return Document(source=source, origin="html")
    # Counted in the text first: a page of a million elements would take the tree past the memory limit.
    count = _element_count(text)
    if count > MAX_HTML_ELEMENTS:
        raise ImportFormatError(
            f"this page has {count:,} HTML elements; the limit is {MAX_HTML_ELEMENTS:,} (save or copy only the "
            "part you need)", source=source)
    # huge_tree: libxml2 otherwise drops what follows a text node over 10 MB (an inline script or
    # picture in a page saved "complete"); the input itself is already bounded (MAX_IMPORT_BYTES).
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise ImportFormatError(f"this HTML could not be read ({err})", source=source) from None
    title = " ".join((root.findtext(".//title") or "").split())
    _prune(root)
    content = _main_content(root)
    converter = _Converter()
    converter.walk(content)
    converter.flush()
    return Document(source=source, blocks=converter.finish(), title=title, origin="html")


_OPAQUE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_START_TAG = re.compile(r"<[A-Za-z]")


def _element_count(text: str) -> int:
    """How many elements the page opens (scripts' and comments' insides aside), without parsing it."""
    return len(_START_TAG.findall(_OPAQUE.sub("", text)))


def _classes(element: Any) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".casefold()


def _prune(root: Any) -> None:
    """Drop what is never content: code, forms, hidden parts and the page's navigation and chrome."""
    doomed = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:
            doomed.append(element)  # comments and processing instructions
            continue
        tag = tag.lower()
        if _never_content(tag, element):
            doomed.append(element)
        elif tag in ("header", "footer") and not any(
                (a.tag if isinstance(a.tag, str) else "").lower() in ("article", "main", "section")
                for a in element.iterancestors()):
            doomed.append(element)  # the page's own header and footer; an article's stay
    for element in doomed:
        _drop(element)


def _never_content(tag: str, element: Any) -> bool:
    if tag == "input":
        return element.get("type", "").lower() != "checkbox"  # a to-do item's box stays
    return (tag in _SKIP or element.get("role", "").lower() in _CHROME_ROLES or element.get("hidden") is not None
            or element.get("aria-hidden", "").lower() == "true" or bool(_HIDDEN_STYLE.search(element.get("style", ""))))


def _drop(element: Any) -> None:
    """Remove an element but keep the text that follows it (lxml stores it on the element, as its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _main_content(root: Any) -> Any:
    body = root.find("body")
    body = root if body is None else body
    mains = [e for e in body.iter() if isinstance(e.tag, str) and (e.tag.lower() == "main" or
                                                                    e.get("role", "").lower() == "main")]
    if mains:
        return max(mains, key=lambda e: len(e.text_content()))
    articles = [e for e in body.iter("article")]
    if len(articles) == 1:
        return articles[0]
    if articles:
        return _common_ancestor(articles)
    if not any(tag in _classes(e) for e in body.iter() if isinstance(e.tag, str)
               for tag in ("nav", "menu", "sidebar", "footer", "header", "widget", "banner", "cookie")):
        return body  # no page chrome to tell from the content: a fragment, or a plain page
    return _readability_choice(root, body)


def _common_ancestor(elements: list[Any]) -> Any:
    paths = [[*reversed(list(e.iterancestors())), e] for e in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _readability_choice(root: Any, body: Any) -> Any:
    """The element holding what readability-lxml judges the page's main text."""
    import lxml.html
    from readability import Document as Readable

    try:
        summary = Readable(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
    except Exception:  # readability gives up on some pages: then the whole (pruned) page is the content
        return body
    chosen = lxml.html.fragment_fromstring(summary, create_parent="div")
    wanted = {_normal(e.text_content()) for e in chosen.iter("p", "h1", "h2", "h3", "h4", "li", "td", "pre")}
    wanted.discard("")
    if not wanted:
        return body
    found = [e for e in body.iter("p", "h1", "h2", "h3", "h4", "li", "td", "pre")
             if _normal(e.text_content()) in wanted]
    return _common_ancestor(found) if found else body


@dataclass
class _Item:
    level: int
    ordered: bool
    number: int | None
    checked: bool | None = None


@dataclass
class _Converter:
    """Walks the content's elements, gathering inline runs and emitting a block at each block boundary."""

    blocks: list[Block] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    lists: list[list[Any]] = field(default_factory=list)  # [ordered, next number] per open list
    item: _Item | None = None  # the list item whose text is being gathered
    row: list[str] | None = None
    cell: list[Run] | None = None
    label: str | None = None
    bold: int = 0
    pre: int = 0
    open_items: int = 0  # <li> elements open around the current position
    loose_items: int = 0  # lists opened for <li> elements that came without one
    bold_headings: set[int] = field(default_factory=set)  # blocks that are headings for being bold

    def text(self, text: str | None) -> None:
        if not text:
            return
        if not self.pre:
            text = re.sub(r"\s+", " ", text)
        target = self.cell if self.cell is not None else self.runs
        target.append(Run(text, self.bold > 0))

    def flush(self) -> None:
        """The gathered runs become a block: the pending item's text, a label's value, or a paragraph."""
        runs, self.runs = self.runs, []
        if self.pre:
            for line in "".join(r.text for r in runs).split("\n"):
                if line.strip():
                    self.blocks.append(Block.paragraph(line.rstrip(), Where()))
            return
        if not plain(runs):
            return
        if self.item is not None:
            item, self.item = self.item, None
            self.blocks.append(Block.item(markdown(runs), item.level, ordered=item.ordered, number=item.number,
                                          checked=item.checked))
        elif self.open_items:
            # More content inside an item (a loose list's second paragraph, a Notion toggle's answer)
            # is indented beneath it.
            self.blocks.append(Block.item(markdown(runs), len(self.lists)))
        elif self.label is not None:
            self.blocks.append(Block.labelled(self.label, markdown(runs)))
            self.label = None
        else:
            block = paragraph_block(runs, Where(), bold_level=6)  # level settled in finish()
            if block is not None:
                if block.kind is BlockKind.HEADING:
                    self.bold_headings.add(len(self.blocks))
                self.blocks.append(block)

    def walk(self, element: Any) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        bold = tag in ("b", "strong") or bool(_BOLD_STYLE.search(element.get("style", "")))
        unbold = bool(_NORMAL_STYLE.search(element.get("style", ""))) and self.bold > 0
        if tag == "br":
            self.flush()
        elif tag == "input":
            self._checkbox(element.get("checked") is not None)
        elif tag in _BLOCKS:
            self._open(tag, element)
        if "checkbox-on" in _classes(element) or "checkbox-off" in _classes(element):
            self._checkbox("checkbox-on" in _classes(element))
        self.bold += 1 if bold else (-1 if unbold else 0)
        self.pre += 1 if tag == "pre" else 0
        self.text(element.text)
        for child in element:
            self.walk(child)
            self.text(child.tail)
        self.pre -= 1 if tag == "pre" else 0
        self.bold -= 1 if bold else (-1 if unbold else 0)
        if tag in _BLOCKS:
            self._close(tag)

    def _checkbox(self, checked: bool) -> None:
        if self.item is not None and self.item.checked is None:
            self.item.checked = checked

    def _open(self, tag: str, element: Any) -> None:
        if tag in ("td", "th"):
            self.cell = []
            return
        if tag in ("tr",):
            self.flush()
            self.row = []
            return
        self.flush()
        if tag in ("ul", "ol"):
            start = element.get("start", "1")
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        elif tag == "li":
            if not self.lists:  # list items copied without their list (a selection inside a page)
                self.lists.append([False, 1])
                self.loose_items += 1
            ordered, number = self.lists[-1]
            value = element.get("value", "")
            number = int(value) if value.isdigit() else number
            self.lists[-1][1] = number + 1
            self.item = _Item(len(self.lists) - 1, ordered, number if ordered else None)
            self.open_items += 1
        elif tag == "dd" and self.blocks and self.blocks[-1].kind is BlockKind.PARAGRAPH and self.label is None:
            self.label = self.blocks.pop().text.strip("*").rstrip(":")

    def _close(self, tag: str) -> None:
        if tag in ("td", "th"):
            if self.row is not None and self.cell is not None:
                self.row.append(markdown(self.cell))
            self.cell = None
            return
        if tag == "tr":
            if self.row and any(self.row):
                self.blocks.append(Block.row(self.row))
            self.row = None
            return
        if tag in _HEADINGS:
            runs, self.runs = self.runs, []
            text = plain(runs)
            if text:
                self.blocks.append(Block.heading(text, _HEADINGS[tag]))
            return
        self.flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "li" and self.open_items:
            self.item = None
            self.open_items -= 1
            if self.loose_items and not self.open_items:
                self.lists.pop()
                self.loose_items -= 1

    def finish(self) -> list[Block]:
        """Bold-only paragraphs are headings one level below the deepest real heading."""
        real = [b.level for n, b in enumerate(self.blocks)
                if b.kind is BlockKind.HEADING and n not in self.bold_headings]
        level = min(6, max(real, default=0) + 1)
        return [Block.heading(b.text, level, b.where) if n in self.bold_headings else b
                for n, b in enumerate(self.blocks)]
