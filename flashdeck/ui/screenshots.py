"""Regenerate the README's screenshots from the real app (``make screenshots``).

Builds a demo collection (the bundled decks, a few days of reviews), opens the
real main window and grabs each screen: home, review front, review back,
browser, statistics, import preview — in the light and dark themes.

  xvfb-run -a -s "-screen 0 1280x800x24" python -m flashdeck.ui.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer
from PySide6.QtWidgets import QApplication, QWidget

from flashdeck.bundled import seed_if_empty
from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock, SystemClock
from flashdeck.core.scheduling import Rating
from flashdeck.ui.main_window import MainWindow
from flashdeck.ui.theme import apply_theme

__all__ = ["main"]

DEMO_DOCUMENT = """Question: Tell me about a time you turned around a failing project.

Title: Rescuing the billing migration

S – Situation: Our billing migration was [how many?] weeks late and two teams blamed each other.
T – Task: As the newest tech lead I had to get it shipped before the annual renewal run.
A – Action: I split the work into weekly slices, paired the two teams on the riskiest part and
published a burn-down every Friday.
R – Result: We shipped [how many?] days before renewals with zero billing incidents.
"""


def _settle(app: QApplication) -> None:
    deadline = QDeadlineTimer(150)
    while not deadline.hasExpired():
        app.processEvents()


def _demo_collection(folder: Path) -> Collection:
    clock = ManualClock(SystemClock().now() - timedelta(days=6), SystemClock().local_tz)
    col = Collection.open(folder / "demo.db", clock=clock)
    seed_if_empty(col)
    col.set_config("interview_date", (SystemClock().now() + timedelta(days=12)).date().isoformat())
    for _day in range(6):  # a few days of honest use, so the numbers mean something
        for _ in range(12):
            card = col.next_card()
            if card is None:
                break
            col.answer(card.id, Rating.GOOD if card.id % 5 else Rating.AGAIN, duration_ms=9000)
        clock.advance(days=1)
    col.clock = SystemClock()
    col.select_deck(None)
    return col


def _grab(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        col = _demo_collection(Path(tmp))
        document = Path(tmp) / "billing-story.txt"
        document.write_text(DEMO_DOCUMENT, encoding="utf-8")
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            window = MainWindow(col)
            window.resize(1280, 800)
            window.show()
            _settle(app)
            _grab(window, out / f"home-{theme}.png")
            window.start_review(window.home.selected_deck())
            _settle(app)
            _grab(window, out / f"review-front-{theme}.png")
            window.review_screen().reveal()
            _settle(app)
            _grab(window, out / f"review-back-{theme}.png")
            window.show_browser()
            _settle(app)
            _grab(window, out / f"browser-{theme}.png")
            window.show_stats()
            _settle(app)
            _grab(window, out / f"stats-{theme}.png")
            from flashdeck.ui.import_dialog import ImportDialog

            dialog = ImportDialog(col, window.events, [str(document)], parent=window)
            dialog.resize(900, 560)
            dialog.show()
            _settle(app)
            _settle(app)
            _grab(dialog, out / f"import-preview-{theme}.png")
            dialog.close()
            window.close()
        col.close()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
