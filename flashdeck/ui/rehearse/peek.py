"""A peek while rehearsing: the card's prompt and the beats or points prepared for it, shown on a key.

Hidden by default — the point of rehearsing is to answer without reading — and toggled with ``P``
beside the running clock, so a lost thread is picked up without leaving the timer.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from flashdeck.ui.widgets import named
from flashdeck.ui.widgets.html_view import SafeHtmlView

__all__ = ["PeekPanel", "prepared_points_html"]


def prepared_points_html(points: Sequence[tuple[str, str]]) -> str:
    """The prepared beats or talking points as short paragraphs (all text escaped)."""
    if not points:
        return "<p><i>Nothing prepared on this card yet.</i></p>"
    out = []
    for label, text in points:
        body = escape(text).replace("\n", "<br>")
        out.append(f"<p><b>{escape(label)}</b><br>{body}</p>" if label != text else f"<p>• {body}</p>")
    return "".join(out)


class PeekPanel(QWidget):
    """The prompt (the card's front, already sanitised) over the prepared points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rehearsePeek")
        self.heading = named(QLabel("<b>Peek</b> · P hides it", self), "peekHeading")
        self.view = SafeHtmlView(self)
        self.view.setObjectName("peekView")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space and Tab stay with the timer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.hide()

    def set_card(self, prompt_html: str, points: Sequence[tuple[str, str]]) -> None:
        self.view.set_card_html(f"{prompt_html}<hr>{prepared_points_html(points)}")

    def text(self) -> str:
        """What the peek shows, as plain text (for tests)."""
        return self.view.toPlainText()
