"""The card view shows images from the media folder, by plain file name, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from interchange.anki_builders import PNG
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QWidget

from flashdeck.collection import Collection
from flashdeck.core.render import render_markdown
from flashdeck.ui.widgets.html_view import SafeHtmlView

pytestmark = pytest.mark.gui
IMAGE = QTextDocument.ResourceType.ImageResource.value


class _Screen(QWidget):
    """A screen that owns a collection, as the review screen, browser and editor do."""

    def __init__(self, col: Collection) -> None:
        super().__init__()
        self.col = col


@pytest.fixture
def view(qtbot: object, col: Collection, db_path: Path) -> Iterator[SafeHtmlView]:
    media = db_path.parent / "media" / db_path.stem  # the collection's own media folder
    media.mkdir(parents=True)
    (media / "pic.png").write_bytes(PNG)
    (db_path.parent / "outside.png").write_bytes(PNG)
    screen = _Screen(col)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    yield SafeHtmlView(screen)
    del screen  # held until the test is done: the view dies with its parent


def test_an_image_in_the_media_folder_is_shown(view: SafeHtmlView) -> None:
    image = view.loadResource(IMAGE, QUrl("pic.png"))
    assert isinstance(image, QImage) and (image.width(), image.height()) == (1, 1)
    view.set_card_html(render_markdown('Look: <img src="pic.png">'))
    assert view.document().resource(IMAGE, QUrl("pic.png")) is not None


@pytest.mark.parametrize("name", ["../outside.png", "outside.png", "/etc/passwd", "file:pic.png",
                                  "file:///tmp/pic.png", "http://example.org/pic.png", "media/pic.png",
                                  "..%2Foutside.png", "missing.png", "pic.png/", ""])
def test_anything_else_is_refused(view: SafeHtmlView, name: str) -> None:
    assert view.loadResource(IMAGE, QUrl(name)) is None


def test_style_sheets_are_refused_even_from_the_media_folder(view: SafeHtmlView, db_path: Path) -> None:
    (db_path.parent / "media" / db_path.stem / "x.css").write_text("body { color: red }")
    assert view.loadResource(QTextDocument.ResourceType.StyleSheetResource.value, QUrl("x.css")) is None


def test_without_a_collection_nothing_loads(qtbot: object) -> None:
    lonely = SafeHtmlView()
    qtbot.addWidget(lonely)  # type: ignore[attr-defined]
    assert lonely.loadResource(IMAGE, QUrl("pic.png")) is None


def test_a_link_in_the_media_folder_leading_out_is_not_followed(view: SafeHtmlView, db_path: Path) -> None:
    media = db_path.parent / "media" / db_path.stem
    (media / "inside.png").symlink_to(db_path.parent / "outside.png")
    assert view.loadResource(IMAGE, QUrl("inside.png")) is None
    (media / "alias.png").symlink_to(media / "pic.png")  # a link within the folder is fine
    assert isinstance(view.loadResource(IMAGE, QUrl("alias.png")), QImage)
