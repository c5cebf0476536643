"""Start the desktop app on a collection."""

from __future__ import annotations

import sys

__all__ = ["run"]


def run(db: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from flashdeck.bundled import seed_if_empty
    from flashdeck.collection import Collection
    from flashdeck.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("FlashDeck")
    col = Collection.open(db)
    seed_if_empty(col)
    window = MainWindow(col)
    window.show()
    try:
        return app.exec()
    finally:
        col.close()
