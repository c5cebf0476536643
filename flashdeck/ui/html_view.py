"""A text view for card HTML that never loads anything.

The HTML is already sanitised (flashdeck.core.render); this is the second
wall: the widget refuses every resource (images, style sheets, remote or local
files) and opens no link, so a hostile deck cannot reach the network or disk.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

__all__ = ["SafeHtmlView"]

CARD_CSS = """
body { line-height: 1.45; }
h4 { margin: 14px 0 4px 0; font-size: small; text-transform: uppercase; letter-spacing: 1px; opacity: 0.7; }
span.fill-in { background-color: #fff3b0; color: #5c4400; border-radius: 3px; padding: 0 2px; font-weight: 600; }
hr { margin: 16px 0; }
code, pre { font-family: monospace; }
"""


class SafeHtmlView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDefaultStyleSheet(CARD_CSS)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Nothing is ever loaded: images, CSS and files stay out."""
        return None

    def set_card_html(self, html: str) -> None:
        """Show already-sanitised HTML."""
        self.setHtml(html)

    def plain_text(self) -> str:
        return self.document().toPlainText()
