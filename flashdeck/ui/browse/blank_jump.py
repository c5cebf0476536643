"""F3 in the note editor: select the next ``[blank]`` to fill in, across the fields, wrapping round.

Blanks are what the card shows as "fill in" marks (``flashdeck.core.blanks.BLANK``).
Positions are counted in Python characters and handed to Qt in UTF-16 units, so an
emoji or a CJK extension character before a blank does not shift the selection.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from flashdeck.core.blanks import BLANK

__all__ = ["find_blank", "select_blank"]

Where = tuple[int, int, int]  # (field index, start, end) in Python characters


def find_blank(texts: Sequence[str], field: int, at: int, *, backwards: bool = False) -> Where | None:
    """The blank after (or before) position ``at`` of field ``field``, wrapping round all fields."""
    spans = [(i, m.start(), m.end()) for i, text in enumerate(texts) for m in BLANK.finditer(text)]
    if not spans:
        return None
    if backwards:
        before = [s for s in spans if s[0] < field or (s[0] == field and s[2] <= at)]
        return before[-1] if before else spans[-1]
    after = [s for s in spans if (s[0], s[1]) >= (field, at)]
    return after[0] if after else spans[0]


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _python_index(text: str, utf16: int) -> int:
    units = 0
    for i, ch in enumerate(text):
        if units >= utf16:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _cursor(widget: QLineEdit | QPlainTextEdit, *, start: bool) -> int:
    """The cursor (or selection edge) of ``widget`` in Python characters."""
    if isinstance(widget, QLineEdit):
        if widget.hasSelectedText():
            utf16 = widget.selectionStart() if start else widget.selectionEnd()
        else:
            utf16 = widget.cursorPosition()
    else:
        cursor = widget.textCursor()
        utf16 = cursor.selectionStart() if start else cursor.selectionEnd()
    return _python_index(_text(widget), utf16)


def _deselect(widget: QLineEdit | QPlainTextEdit) -> None:
    if isinstance(widget, QLineEdit):
        widget.deselect()
    else:
        cursor = widget.textCursor()
        cursor.clearSelection()
        widget.setTextCursor(cursor)


def select_blank(fields: Sequence[QLineEdit | QPlainTextEdit], focused: QWidget | None, *,
                 backwards: bool = False) -> QLineEdit | QPlainTextEdit | None:
    """Select the next (previous) blank after the cursor in ``fields`` and focus it; the field, or None."""
    texts = [_text(w) for w in fields]
    index = next((i for i, w in enumerate(fields) if w is focused), None)
    if index is None:
        field, at = (len(fields), 0) if backwards else (0, 0)
    else:
        field, at = index, _cursor(fields[index], start=backwards)
    found = find_blank(texts, field, at, backwards=backwards)
    if found is None:
        return None
    number, start, end = found
    widget, text = fields[number], texts[number]
    if index is not None and fields[index] is not widget:
        _deselect(fields[index])  # one selection on screen: the blank to fill
    first, last = _utf16(text, start), _utf16(text, end)
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.setSelection(first, last - first)
    else:
        cursor = widget.textCursor()
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)
        widget.ensureCursorVisible()
    return widget
