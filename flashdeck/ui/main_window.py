"""The main window: home, review and browser screens, and the dialogs they open.

Screens other than Home are built the first time they are needed, so the
first paint costs only the home screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QToolBar, QWidget

from flashdeck.collection import Collection
from flashdeck.ui.events import AppEvents
from flashdeck.ui.help_overlay import HelpOverlay
from flashdeck.ui.home import HomeScreen

if TYPE_CHECKING:
    from flashdeck.ui.browser import BrowserScreen
    from flashdeck.ui.rehearse import RehearseScreen
    from flashdeck.ui.review import ReviewScreen
    from flashdeck.ui.stats_screen import StatsScreen

__all__ = ["MainWindow"]

GLOBAL_SHORTCUTS = [
    ("H", "Home"),
    ("B", "Browse cards"),
    ("T", "Statistics"),
    ("R", "Rehearse out loud (in review, on a spoken card: that card)"),
    ("A", "Add a note"),
    ("Ctrl+I", "Import documents"),
    ("Ctrl+,", "Settings"),
    ("?", "This help"),
    ("Ctrl+Q", "Quit"),
]


class MainWindow(QMainWindow):
    def __init__(self, col: Collection, events: AppEvents | None = None) -> None:
        super().__init__()
        self.col = col
        self.events = events or AppEvents(self)
        self.setWindowTitle("FlashDeck")
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.home = HomeScreen(col, self.events, self)
        self.home.study_requested.connect(self.start_review)
        self.stack.addWidget(self.home)
        self._review: ReviewScreen | None = None
        self._browser: BrowserScreen | None = None
        self._stats: StatsScreen | None = None
        self._rehearse: RehearseScreen | None = None
        self._help: HelpOverlay | None = None
        self._build_toolbar()
        self.home.tree.setFocus()  # Enter studies at once, before any click

    # -- navigation ------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.actions_by_name: dict[str, QAction] = {}
        for name, label, keys, slot in (
            ("home", "Home", ["H"], self.show_home),
            ("browse", "Browse", ["B"], self.show_browser),
            ("stats", "Stats", ["T"], self.show_stats),
            ("rehearse", "Rehearse", ["R"], self.rehearse),
            ("add", "Add", ["A"], self.add_note),
            ("import", "Import…", ["Ctrl+I"], self.open_import),
            ("settings", "Settings", ["Ctrl+,"], self.open_settings),
            ("help", "Shortcuts", ["?"], self.show_help),
            ("quit", "Quit", ["Ctrl+Q"], self.close),
        ):
            action = QAction(label, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            if name != "quit":
                bar.addAction(action)
            else:
                self.addAction(action)
            self.actions_by_name[name] = action

    def show_home(self) -> None:
        self.home.refresh()
        self.stack.setCurrentWidget(self.home)
        self.home.tree.setFocus()

    def review_screen(self) -> ReviewScreen:
        if self._review is None:
            from flashdeck.ui.review import ReviewScreen

            self._review = ReviewScreen(self.col, self.events, self)
            self._review.home_requested.connect(self.show_home)
            self._review.finished.connect(self.home.refresh)
            self._review.edit_note_requested.connect(self.edit_note)
            self.stack.addWidget(self._review)
        return self._review

    def start_review(self, deck: str | None = None) -> None:
        screen = self.review_screen()
        self.stack.setCurrentWidget(screen)
        screen.start(deck)
        screen.setFocus()

    def browser_screen(self) -> BrowserScreen:
        if self._browser is None:
            from flashdeck.ui.browser import BrowserScreen

            self._browser = BrowserScreen(self.col, self.events, self)
            self._browser.home_requested.connect(self.show_home)
            self._browser.edit_note_requested.connect(self.edit_note)
            self.stack.addWidget(self._browser)
        return self._browser

    def show_browser(self) -> None:
        screen = self.browser_screen()
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def stats_screen(self) -> StatsScreen:
        if self._stats is None:
            from flashdeck.ui.stats_screen import StatsScreen

            self._stats = StatsScreen(self.col, self.events, self)
            self._stats.home_requested.connect(self.show_home)
            self.stack.addWidget(self._stats)
        return self._stats

    def show_stats(self) -> None:
        screen = self.stats_screen()
        self.stack.setCurrentWidget(screen)  # showing it refreshes it
        screen.setFocus()

    def rehearse_screen(self) -> RehearseScreen:
        if self._rehearse is None:
            from flashdeck.ui.rehearse import RehearseScreen

            self._rehearse = RehearseScreen(self.col, self.events, self)
            self._rehearse.home_requested.connect(self.show_home)
            self._rehearse.back_to_review.connect(self._back_to_review)
            self._rehearse.attempt_saved.connect(self._attempt_saved)
            self.stack.addWidget(self._rehearse)
        return self._rehearse

    def rehearse(self) -> None:
        """R: in review on a spoken card, rehearse that card (and come back to grade it); else pick a card."""
        review = self._review
        if review is not None and self.stack.currentWidget() is review and review.card is not None \
                and review.card.spoken:
            self.rehearse_card(review.card.id, from_review=True)
            return
        screen = self.rehearse_screen()
        if self.stack.currentWidget() is not screen:
            screen.set_from_review(False)
            screen.refresh_cards()
            self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def rehearse_card(self, card_id: int, *, from_review: bool = False) -> None:
        screen = self.rehearse_screen()
        screen.refresh_cards()
        screen.open_card(card_id, from_review=from_review)
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def _back_to_review(self) -> None:
        screen = self.review_screen()
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def _attempt_saved(self, card_id: int, attempt_id: int) -> None:
        if self._review is not None and self._rehearse is not None and self._rehearse.from_review:
            self._review.rehearsed(card_id, attempt_id)

    # -- dialogs ---------------------------------------------------------------------

    def add_note(self) -> None:
        from flashdeck.ui.editor import NoteEditor

        self._open_dialog(NoteEditor(self.col, self.events, deck=self.home.selected_deck(), parent=self))

    def edit_note(self, note_id: int) -> None:
        from flashdeck.ui.editor import NoteEditor

        self._open_dialog(NoteEditor(self.col, self.events, note_id=note_id, parent=self))

    def open_import(self, paths: list[str] | None = None) -> None:
        from flashdeck.ui.import_dialog import ImportDialog

        self._open_dialog(ImportDialog(self.col, self.events, list(paths or []), parent=self))

    def open_settings(self) -> None:
        from flashdeck.ui.settings import SettingsDialog

        self._open_dialog(SettingsDialog(self.col, self.events, parent=self))

    @staticmethod
    def _open_dialog(dialog: QDialog) -> None:
        # Window-modal, and gone once closed: dialogs do not pile up behind the window.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        from flashdeck.ui.browser import BrowserScreen
        from flashdeck.ui.editor import NoteEditor
        from flashdeck.ui.import_dialog import ImportDialog
        from flashdeck.ui.rehearse import RehearseScreen
        from flashdeck.ui.review import ReviewScreen
        from flashdeck.ui.settings import SettingsDialog
        from flashdeck.ui.stats_screen import StatsScreen

        return [
            ("Everywhere", GLOBAL_SHORTCUTS),
            ("Home", HomeScreen.SHORTCUTS),
            ("Review", ReviewScreen.SHORTCUTS),
            ("Rehearse", RehearseScreen.SHORTCUTS),
            ("Browser", BrowserScreen.SHORTCUTS),
            ("Stats", StatsScreen.SHORTCUTS),
            ("Editor", NoteEditor.SHORTCUTS),
            ("Import", ImportDialog.SHORTCUTS),
            ("Settings", SettingsDialog.SHORTCUTS),
        ]

    def show_help(self) -> None:
        if self._help is None:
            self._help = HelpOverlay(self.help_sections(), self)
        self._help.open()

    def current_screen(self) -> QWidget:
        screen = self.stack.currentWidget()
        assert screen is not None  # home is always there
        return screen

    # -- drops -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_import(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._rehearse is not None:
            self._rehearse.shutdown()  # a running attempt is kept; the analysis thread is stopped
        event.accept()
