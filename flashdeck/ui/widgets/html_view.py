"""A text view for card HTML that loads nothing but images from the media folder.

The HTML is already sanitised (flashdeck.core.render); this is the second
wall: the widget refuses every resource (style sheets, remote or local files)
and opens no link, so a hostile deck cannot reach the network or disk. The one
exception is an image named by a plain file name (no scheme, no folder, no
``..``) that exists in the collection's ``media/`` folder (from Anki packages).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

__all__ = ["SafeHtmlView"]

CARD_CSS = """
body { line-height: 1.45; }
h4 { margin: 14px 0 4px 0; font-size: small; text-transform: uppercase; letter-spacing: 1px; opacity: 0.7; }
span.fill-in { background-color: #fff3b0; color: #5c4400; border-radius: 3px; padding: 0 2px; font-weight: 600; }
hr { margin: 16px 0; }
code, pre { font-family: monospace; }
"""


class _SealedDocument(QTextDocument):
    """A document that takes every resource from its view's ``loadResource`` and fetches none itself.

    Given ``None``, Qt's own ``QTextDocument::loadResource`` reads the resource
    anyway (a path, a ``file:`` or ``data:`` URL, or a plain name from the working
    directory), and its image handler then tries ``QImage::load`` on the name; a
    refusal is answered here with an empty style sheet or a 1×1 transparent image.
    """

    def __init__(self, view: SafeHtmlView) -> None:
        super().__init__(view)
        self._view = view

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        answer = self._view.loadResource(kind, name)
        if answer is None:
            image = getattr(kind, "value", kind) == QTextDocument.ResourceType.ImageResource.value
            answer = _refused_image() if image else ""
        self.addResource(kind, name, answer)  # asked once per name while this text is shown, as Qt caches
        return answer


def _refused_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)  # transparent
    return image


class SafeHtmlView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(_SealedDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDefaultStyleSheet(CARD_CSS)

    media_dir: Path | None = None  # set to override the folder found from the collection shown

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Only an image in the media folder, by plain file name; CSS, files and URLs stay out."""
        if getattr(kind, "value", kind) != QTextDocument.ResourceType.ImageResource.value:
            return None
        path = self._media_file(name.toString() if isinstance(name, QUrl) else str(name))
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    def _media_file(self, name: str) -> Path | None:
        from flashdeck.collection.files import inside
        from flashdeck.interchange.apkg_read import check_media_name

        if check_media_name(name) is not None or "%" in name:
            return None
        folder = self.media_dir or self._collection_media_dir()
        if folder is None:
            return None
        path = folder / name
        # A link in the media folder that leads out of it is not followed.
        return path if path.parent == folder and path.is_file() and inside(folder, path) else None

    def _collection_media_dir(self) -> Path | None:
        # The screen that shows this view owns the collection (review, browser, editor).
        from flashdeck.collection import Collection
        from flashdeck.collection.media import media_dir

        widget = self.parentWidget()
        while widget is not None:
            col = getattr(widget, "col", None)
            if isinstance(col, Collection):
                return media_dir(col)
            widget = widget.parentWidget()
        return None

    def set_card_html(self, html: str) -> None:
        """Show already-sanitised HTML."""
        self.document().clear()  # drops the resources the last card was answered (setHtml keeps them)
        self.setHtml(html)

    def plain_text(self) -> str:
        return self.document().toPlainText()
