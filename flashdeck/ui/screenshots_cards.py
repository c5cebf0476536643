"""Screenshots of the card screens of issue #14, at 1280x800 and 1024x640, light and dark.

The first-start guide on Home, a card whose fields have lists, numbering and
emoji, a competency signal headed "Why it matters", the browser's card column
and info tab, the editor with a blank selected by F3, and the delete-deck
question. Run under a display (``make screenshots`` runs it under Xvfb):

  xvfb-run -a -s "-screen 0 1280x800x24" python -m flashdeck.ui.screenshots_cards docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from flashdeck.collection import Collection, deck_removal, rehearsing
from flashdeck.collection.bundled import seed_if_empty
from flashdeck.core.clock import ManualClock, SystemClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.ui.main_window import MainWindow
from flashdeck.ui.theme import apply_theme
from flashdeck.ui.widgets.emoji_font import ensure_emoji_font

__all__ = ["SIZES", "main"]

SIZES = ((1280, 800), (1024, 640))

INCIDENT = NoteDraft("question", {
    "prompt": "Walk me through how you handle a production incident at 2 a.m.",
    "category": "behavioural",
    "asking": "Whether you stay calm and follow a process:\n- ✅ you contain first, then diagnose\n"
              "- ❌ you start looking for someone to blame\n- 🚀 you leave the system better than before",
    "great": "A clear order of work:\n1. Page the service owner\n2. Contain the damage\n"
             "   - roll back or turn the flag off\n   - tell support what to say\n3. Find the cause\n\n"
             "Once it is over:\n\n4. Write the review\n"
             "5. Fix the whole class of bug, not just this one",
    "red_flags": "⚠️ Heroics with no process · 🔥 \"I just fixed it myself\"",
}, ("incident",))

SIGNAL = NoteDraft("concept", {
    "term": "Candidate names the trade-off they accepted",
    "definition": "Shows judgement: every fast decision gives something up, and saying what is honest.",
    "details": "**Listen for:**\n- \"we accepted a week of manual checks\"\n- \"the cost was …\"\n\n"
               "**Common miss:** presenting the decision as free",
}, ("competency", "signal"))

STORY = NoteDraft("story", {
    "title": "Cutting the nightly batch from six hours to forty minutes",
    "use_for": "Tell me about a time you improved performance",
    "anchor": "6 h → 40 min",
    "situation": "The nightly settlement batch ran for [how many?] hours and often missed the 6 a.m. cut-off.",
    "task": "I owned the batch after a re-org.",
    "action": "Profiled it, moved the joins into the database and split the job by merchant.",
    "result": "Forty minutes, no missed cut-off since [month].",
}, ("performance",))


def _settle(app: QApplication, ms: int = 200) -> None:
    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        app.processEvents()


def _save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def _screen_save(window: QWidget, path: Path) -> None:
    """The screen under the window (dialogs over it included), cropped to the window."""
    screen = QGuiApplication.primaryScreen()
    geometry = window.frameGeometry()
    screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(), geometry.height()).save(str(path))
    print(path)


def _collection(folder: Path, name: str) -> Collection:
    col = Collection.open(folder / f"{name}.db", clock=ManualClock(SystemClock().now() - timedelta(days=5),
                                                                 SystemClock().local_tz))
    seed_if_empty(col)
    return col


def _studied(folder: Path) -> Collection:
    col = _collection(folder, "studied")
    col.add_notes([INCIDENT], deck="Behavioural fundamentals")
    col.add_notes([SIGNAL], deck="Bias for action")
    col.add_notes([STORY], deck="My stories")
    clock = col.clock
    assert isinstance(clock, ManualClock)
    story = col.search("kind:story is:spoken deck:\"My stories\"")[0]
    for rating, seconds in ((Rating.GOOD, 140), (Rating.HARD, 185), (Rating.GOOD, 150)):
        col.answer(story, rating, duration_ms=seconds * 1000)
        made = rehearsing.record_attempt(col, story, duration_ms=(seconds + 12) * 1000)
        rehearsing.set_self_grade(col, made.id, int(rating))
        clock.advance(days=2)
    col.clock = SystemClock()
    return col


def _show(app: QApplication, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.move(0, 0)
    window.show()
    _settle(app)




def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    ensure_emoji_font()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = _collection(Path(tmp), "fresh")
        studied = _studied(Path(tmp))
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for width, height in SIZES:
                tag = f"{width}x{height}-{theme}"
                window = MainWindow(fresh, show_dialogs=False)
                _show(app, window, (width, height))
                _save(window, out / f"guide-{tag}.png")
                deleter = window.home.deleter
                name = window.home.selected_deck() or fresh.deck_names()[0]
                box = deleter.question_box(name, deck_removal.deck_contents(fresh, name), True)
                box.show()
                _settle(app)
                _screen_save(window, out / f"delete-deck-{tag}.png")
                box.close()
                window.close()

                window = MainWindow(studied, show_dialogs=False)
                _show(app, window, (width, height))
                for query, shot in (('kind:question deck:"Behavioural fundamentals" incident', "card-lists-emoji"),
                                    ("kind:concept tag:signal", "card-why-it-matters")):
                    window.show_browser()
                    browser = window.browser_screen()
                    browser.search_box.setText(query)
                    browser.apply_search()
                    browser.side.setCurrentWidget(browser.preview)
                    _settle(app)
                    _save(window, out / f"{shot}-{tag}.png")
                browser = window.browser_screen()
                browser.search_box.setText('deck:"My stories"')
                browser.apply_search()
                browser.sort_by("card")
                browser.select_cards([studied.search("kind:story is:spoken")[0]])
                browser.side.setCurrentWidget(browser.info)
                _settle(app)
                _save(window, out / f"browser-info-{tag}.png")
                note_id = browser.model.row_data(0).note_id
                from flashdeck.ui.browse.editor import NoteEditor

                editor = NoteEditor(studied, window.events, note_id=note_id, parent=window)
                editor.resize(min(1000, width - 24), min(680, height - 24))
                editor.show()
                _settle(app)
                editor.field_input("title").setFocus()
                editor.next_blank()
                editor.next_blank()
                _settle(app)
                _save(editor, out / f"editor-blank-{tag}.png")
                editor.done(0)
                window.close()
        fresh.close()
        studied.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
