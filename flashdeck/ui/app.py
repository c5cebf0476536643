"""Start the desktop app on a collection.

The window is shown as soon as the home screen exists; every other screen is
built on first use, so the first paint comes quickly after start.
"""

from __future__ import annotations

import sys

__all__ = ["run"]


def run(db: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from flashdeck.bundled import seed_if_empty
    from flashdeck.collection import Collection
    from flashdeck.ui.main_window import MainWindow
    from flashdeck.ui.theme import app_icon, apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("FlashDeck")
    app.setDesktopFileName("flashdeck")
    app.setWindowIcon(app_icon())
    col = Collection.open(db)
    seed_if_empty(col)
    apply_theme(app, str(col.get_config("theme", "system")))
    window = MainWindow(col)
    window.show()
    try:
        return app.exec()
    finally:
        col.close()
